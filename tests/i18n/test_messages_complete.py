"""The Russian and Kazakh catalogues hold a real translation of every message the code and
templates mark, and hold every one of them.

makemessages runs on a copy of the project's sources (never on locale/ itself, which it
would rewrite), merging what it extracts into copies of the catalogues; what comes out is
read with polib. It needs GNU gettext (xgettext, msgmerge): without it the test is skipped,
except in CI (the CI variable set), where it fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LANGUAGES = {"ru": 3, "kk": 2}  # and how many plural forms each has
# What makemessages must not read: not the app's text, or not ours.
NOT_SOURCES = {".venv", "venv", "tests", "bench", "static", "var", "test-results",
               "node_modules", "htmlcov"}  # fmt: skip

# Kazakh the same as the English or the Russian is a name or a code when, once its
# placeholders, addresses and e-mails are set aside, it has no letter, or its words are all
# capitals or digits (HS, BIN, EAC, ISO 9001, FOB, PET).
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\w*\}|\S+@\S+|(?:https?://|www\.)\S+")
# Contexts whose messages are proper nouns, written alike in Russian and Kazakh.
NAME_CONTEXTS = {
    "place",  # Nigerian towns and ports a buyer names: Лагос, Апапа
    "Nigerian state",  # Nigeria's states: Кано, Лагос
    "unit symbol",  # symbols are codes, written alike in Russian and Kazakh: т, кг, мм, кВт
}
_LOANWORD = "an international unit, spelled as in Russian; Kazakh keeps it singular after a number"
# Messages whose Kazakh is rightly the same as their Russian (or English), each with why.
SAME_IN_KAZAKH: dict[tuple[str | None, str], str] = {
    (None, "Astana"): "a city's name",
    (None, "Almaty"): "a city's name",
    (None, "Shymkent"): "a city's name",
    (None, "Calabar"): "a Nigerian port's name",
    (None, "Onne (Rivers)"): "a Nigerian port's name and its state",
    (None, "Incoterm"): "the ICC's trade name, Инкотермс in both languages",
    (None, "WhatsApp"): "a brand",
    (None, "Nigeria (Lagos, Abuja)"): "a country's and its cities' names",
    (None, "%(amount)s container"): _LOANWORD,
    ("quantity", "%(amount)s tonne"): _LOANWORD,
    ("quantity", "%(amount)s kilogram"): _LOANWORD,
    ("quantity", "%(amount)s litre"): _LOANWORD,
    ("quantity", "%(amount)s barrel"): _LOANWORD,
    ("quantity", "%(amount)s container"): _LOANWORD,
}


def _gettext_missing() -> str | None:
    missing = [tool for tool in ("xgettext", "msgmerge", "msguniq") if not shutil.which(tool)]
    return ", ".join(missing) or None


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> dict[str, polib.POFile]:
    missing = _gettext_missing()
    if missing:
        message = f"GNU gettext is needed to extract messages; not found: {missing}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " (apt-get install gettext)")
    copy = tmp_path_factory.mktemp("sources")
    for entry in ROOT.iterdir():
        if entry.name.startswith(".") or entry.name in NOT_SOURCES:
            continue
        if entry.is_dir():
            shutil.copytree(entry, copy / entry.name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.mo", "*.pyc", "*.sqlite3*"))  # fmt: skip
        elif entry.suffix == ".py":
            shutil.copy2(entry, copy / entry.name)
    command = [sys.executable, "manage.py", "makemessages", "--no-location", "--no-obsolete"]
    command += [f"--locale={language}" for language in LANGUAGES]
    done = subprocess.run(command, cwd=copy, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return {
        language: polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        for language in LANGUAGES
    }


def _key(entry: polib.POEntry) -> str:
    return f"[{entry.msgctxt}] {entry.msgid!r}" if entry.msgctxt else repr(entry.msgid)


def _forms(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(extracted, language):
    po = extracted[language]
    assert len(po) > 100, "makemessages found almost nothing to translate"
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {_key(entry)}")
        elif entry.msgid_plural and len(entry.msgstr_plural) != LANGUAGES[language]:
            problems.append(f"{len(entry.msgstr_plural)} plural forms: {_key(entry)}")
        elif not all(_forms(entry)):
            problems.append(f"untranslated: {_key(entry)}")
    assert not problems, f"{len(problems)} in {language}:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_holds_every_message(extracted, language):
    committed = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    held = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    missing = [_key(e) for e in extracted[language] if (e.msgctxt, e.msgid) not in held]
    assert not missing, (
        f"locale/{language}/LC_MESSAGES/django.po lacks {len(missing)} messages:\n"
        + "\n".join(missing)
    )


def name_or_code(text: str) -> bool:
    words = re.findall(r"[^\W_]+", PLACEHOLDER.sub(" ", text))
    return all(word.isupper() or word.isdigit() for word in words)


def test_kazakh_is_not_english_or_russian_left_as_it_was(extracted):
    russian = {(e.msgctxt, e.msgid): _forms(e) for e in extracted["ru"]}
    problems = []
    for entry in extracted["kk"]:
        key = (entry.msgctxt, entry.msgid)
        if entry.obsolete or entry.msgctxt in NAME_CONTEXTS or key in SAME_IN_KAZAKH:
            continue
        english = [entry.msgid, entry.msgid_plural or entry.msgid]
        for n, form in enumerate(_forms(entry)):
            if not form or name_or_code(form):
                continue
            if form == english[min(n, 1)]:
                problems.append(f"as in English: {_key(entry)}")
            elif form in russian.get(key, []):
                problems.append(f"as in Russian: {_key(entry)} = {form!r}")
    assert not problems, f"{len(problems)} Kazakh messages:\n" + "\n".join(sorted(set(problems)))


def test_names_and_codes_are_told_from_words():
    assert name_or_code("HS %(code)s") and name_or_code("ISO 9001") and name_or_code("—")
    assert name_or_code("%(count)s × %(size)s") and name_or_code("FOB")
    assert not name_or_code("Exporter") and not name_or_code("Экспорттаушы %(name)s")
