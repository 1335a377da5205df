"""The text a reader sees on a page, in the page's own language: what the translation
tests read. Pure: html.parser only."""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements that hold no text of their own; they have no end tag to wait for.
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
NOT_READ = frozenset(["script", "style", "template"])
# Attributes a reader sees or hears: tooltips, alternatives, hints, screen-reader labels.
SHOWN_ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
# Each word ends at a letter or digit; a hyphen or apostrophe inside one keeps it whole.
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
EMAIL = re.compile(r"\S+@\S+\.\S+")
URL = re.compile(r"(?:https?://|www\.)\S+")
LATIN = re.compile(r"[A-Za-z]")


class _VisibleText(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.open: list[tuple[str, bool]] = []  # tag, whether its content is not read
        self.texts: list[str] = []
        self.html_lang: str | None = None

    @property
    def skipping(self) -> bool:
        return any(skipped for _, skipped in self.open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        lang = (attrs.get("lang") or "").split("-")[0].lower()
        # Text marked as being in another language (a Russian name on an English page, the
        # language switch's own names) is not the page's text.
        skipped = tag in NOT_READ or bool(lang and lang != self.language)
        if not (self.skipping or skipped):
            self.texts += [attrs[a] for a in SHOWN_ATTRIBUTES if attrs.get(a)]
            if tag == "meta" and attrs.get("name") == "description" and attrs.get("content"):
                self.texts.append(attrs["content"])
        if tag not in VOID:
            self.open.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        if data.strip() and not self.skipping:
            self.texts.append(data)


def visible_text(html: str, language: str) -> tuple[list[str], str | None]:
    """The page's own texts (text nodes and shown attributes), and its <html lang>."""
    parser = _VisibleText(language)
    parser.feed(html)
    parser.close()
    return parser.texts, parser.html_lang


def latin_words(text: str, *, names: list[str] = (), allowed: frozenset[str] = frozenset()):
    """The words in Latin letters a text holds, once the names in it (longest first), its
    e-mail addresses and addresses on the web, and the allowed words are set aside. A word
    with a digit is a code (B500, RC1234567, 2710.19), not a word."""
    for name in names:
        if name in text:
            text = text.replace(name, " ")
    text = URL.sub(" ", EMAIL.sub(" ", text))
    return [
        word
        for word in WORD.findall(text)
        if LATIN.search(word) and not any(c.isdigit() for c in word) and word not in allowed
    ]
