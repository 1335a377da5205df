"""Production settings, security headers, error pages, logs."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from config.checks import site_url_is_public
from config.logs import JSONFormatter

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_checks_pass_with_debug_off():
    env = {  # only what a production server is given
        "PATH": os.environ["PATH"],
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "catalogue.example.org",
        "SITE_URL": "https://catalogue.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_checks_warn_while_e_mail_links_point_at_this_machine(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    (warning,) = site_url_is_public(None)
    assert warning.id == "config.W001"
    settings.SITE_URL = "https://catalogue.example.org"
    assert site_url_is_public(None) == []


@pytest.mark.django_db
def test_pages_carry_security_headers(client):
    response = client.get(reverse("catalogue:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-eval" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_policy_goes_on_documents_not_on_what_they_load(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # served as in production, collected
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()
    for path in ("/no/such/page/", "/static/favicon.svg"):
        response = client.get(path)
        assert "default-src 'self'" in response["Content-Security-Policy"], path
    assert client.get("/static/favicon.svg").status_code == 200
    for path in ("/static/css/site.css", "/static/js/site.js", "/api/categories/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not response.has_header("Content-Security-Policy"), path
        assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_custom_error_pages(client):
    page = client.get("/no/such/page/")
    assert page.status_code == 404 and "This page does not exist" in page.text
    api = client.get("/api/no/such/thing/")
    assert api.status_code == 404 and api.json() == {"error": "Not found."}


@pytest.mark.django_db
def test_every_page_has_an_icon(client):
    assert "/static/favicon.svg" in client.get(reverse("catalogue:home")).text
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url == "/static/favicon.svg"


def test_server_error_page_is_plain_and_safe(rf):
    from config.errors import server_error

    page = server_error(rf.get("/"))
    assert page.status_code == 500 and b"Something went wrong" in page.content
    api = server_error(rf.get("/api/categories/"))
    assert api.status_code == 500 and json.loads(api.content)["error"]


def test_logs_are_one_json_object_a_line():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None
    )
    record.status_code = 404
    line = JSONFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["level"], entry["logger"], entry["message"], entry["status"]) == (
        "WARNING", "django.request", "Not Found: /x", 404,
    )  # fmt: skip
