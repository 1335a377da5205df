"""Every text a template shows is inside {% translate %} or {% blocktranslate %}.

Each of the project's templates (templates/ and <app>/templates/) is read with Django's
template lexer: what its tags and variables output, its comments and what
{% blocktranslate %} holds are set aside, and the HTML left is read for text nodes and the
title, alt, placeholder and aria-label attributes; a plain-text e-mail template is text
throughout. Text with a letter in it, outside ALLOWED, fails.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

from tests.i18n.visible_text import NOT_READ, SHOWN_ATTRIBUTES

ROOT = Path(settings.BASE_DIR)
# Where a tag or variable was: it outputs something, but nothing written here.
HOLE = "\ue000"
# Text that is the same in every language.
ALLOWED = frozenset(
    [
        "KZ→NG",  # the site's mark
    ]
)
SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans",
                  "comment": "endcomment"}  # fmt: skip


def project_templates() -> list[Path]:
    folders = [ROOT / "templates", *ROOT.glob("*/templates")]
    return sorted(
        path
        for folder in folders
        if ".venv" not in folder.parts
        for path in folder.rglob("*")
        if path.suffix in (".html", ".txt")
    )


def untranslated_source(source: str) -> str:
    """The template with every tag, variable and comment, and everything a
    {% blocktranslate %} or {% comment %} holds, replaced by HOLE."""
    pieces = []
    closing = None  # the end tag of the block being skipped
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        name = token.contents.split()[0] if token.contents.split() else ""
        if token.token_type == TokenType.BLOCK and name in SKIPPED_BLOCKS:
            closing = SKIPPED_BLOCKS[name]
        pieces.append(HOLE)
    return "".join(pieces)


class _Texts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.not_read = 0
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in NOT_READ:
            self.not_read += 1
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.found.append(value)

    def handle_endtag(self, tag):
        if tag in NOT_READ:
            self.not_read = max(0, self.not_read - 1)

    def handle_data(self, data):
        if not self.not_read:
            self.found.append(data)


def untranslated_texts(path: Path) -> list[str]:
    left = untranslated_source(path.read_text(encoding="utf-8"))
    if path.suffix == ".txt":
        texts = left.split(HOLE)
    else:
        parser = _Texts()
        parser.feed(left)
        parser.close()
        texts = [piece for text in parser.found for piece in text.split(HOLE)]
    shown = (" ".join(text.split()) for text in texts)
    return [t for t in shown if any(c.isalpha() for c in t) and t not in ALLOWED]


def test_templates_are_found():
    names = {p.relative_to(ROOT).as_posix() for p in project_templates()}
    assert {"templates/base.html", "templates/matching/email/confirm.txt"} <= names


@pytest.mark.parametrize("path", project_templates(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_text_of_the_template_is_translated(path):
    left = untranslated_texts(path)
    assert not left, f"{path.relative_to(ROOT)} shows text outside {{% translate %}}: {left}"


def test_the_reading_finds_text_outside_translate_tags():
    source = (
        '{% load i18n %}<p title="Hint">Hello {{ name }}</p>'
        "{% blocktranslate %}Fine {{ x }}{% endblocktranslate %}{# note #}"
        '<img alt="{% translate "Map" %}"><script>let a = "word";</script>'
        "{% comment %}old words{% endcomment %}<b>{% translate 'Done' %}</b>"
    )
    left = untranslated_source(source)
    parser = _Texts()
    parser.feed(left)
    found = [" ".join(t.replace(HOLE, " ").split()) for t in parser.found]
    assert [t for t in found if t] == ["Hint", "Hello"]
