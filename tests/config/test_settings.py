import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.databases import database_settings
from config.env import env_bool, env_int, env_list, env_str, env_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), ("on", True), ("0", False), ("off", False)],
)
def test_env_bool_reads_common_words(raw, expected):
    assert env_bool("DEBUG", not expected, environ={"DEBUG": raw}) is expected


def test_env_bool_uses_default_when_unset_or_blank():
    assert env_bool("DEBUG", True, environ={}) is True
    assert env_bool("DEBUG", False, environ={"DEBUG": "  "}) is False


def test_env_bool_names_the_variable_on_a_bad_value():
    with pytest.raises(ImproperlyConfigured, match="DEBUG.*'maybe'"):
        env_bool("DEBUG", True, environ={"DEBUG": "maybe"})


def test_env_int_rejects_words_and_values_below_minimum():
    assert env_int("EMAIL_PORT", 587, environ={"EMAIL_PORT": "25"}) == 25
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env_int("EMAIL_PORT", 587, environ={"EMAIL_PORT": "smtp"})
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be at least 1"):
        env_int("EMAIL_PORT", 587, minimum=1, environ={"EMAIL_PORT": "0"})


def test_env_list_splits_on_commas_and_drops_blanks():
    environ = {"ALLOWED_HOSTS": "example.org, www.example.org,,"}
    assert env_list("ALLOWED_HOSTS", [], environ=environ) == ["example.org", "www.example.org"]
    assert env_str("MISSING", "fallback", environ=environ) == "fallback"


def test_env_url_refuses_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must be a URL starting with"):
        env_url(
            "DATABASE_URL",
            "",
            schemes=("sqlite", "postgres"),
            environ={"DATABASE_URL": "mysql://x"},
        )


def test_sqlite_is_set_up_for_concurrent_writers(tmp_path):
    config = database_settings("sqlite:///var/db.sqlite3", base_dir=tmp_path)
    assert config["NAME"] == str(tmp_path / "var" / "db.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] >= 5


def test_postgres_url_is_parsed():
    config = database_settings("postgres://kz:pw@db.internal:5433/catalogue", base_dir=ROOT)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 5433, "catalogue")


def _import_settings(**env):
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    }
    environ.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; print(s.DEBUG, s.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
    )


def test_settings_default_to_local_use():
    result = _import_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.core.cache.backends.locmem.LocMemCache"]


def test_settings_require_a_secret_key_when_debug_is_off():
    result = _import_settings(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_fail_at_start_on_a_bad_value():
    result = _import_settings(DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_redis_url_selects_the_redis_cache():
    result = _import_settings(REDIS_URL="redis://127.0.0.1:6379/1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "django.core.cache.backends.redis.RedisCache"


def test_production_without_redis_shares_its_cache_through_the_database():
    result = _import_settings(DEBUG="0", SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[1] == "config.cache.SharedDatabaseCache"
