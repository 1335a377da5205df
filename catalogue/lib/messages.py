"""Messages kept to be shown later, in the language of whoever reads them. Pure.

An import's report, a match's reasons, a note on a request's history, the import rules a
buyer was shown: each is made once and read later, perhaps in another language. A Message
keeps what it is made of (an English template, the msgid, and its values) so that it is
translated where it is shown (catalogue/lib/shown_messages.py), never where it is made.
Modules that import nothing from Django mark their msgids with gettext_noop and
ngettext_noop below (config/management/commands/makemessages.py reads both).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from catalogue.lib.languages import translated
from catalogue.lib.normalise import clean_text


def gettext_noop(message: str) -> str:
    """Marks an English message for translation (makemessages extracts it by this name);
    a Message is translated where it is shown, in the language of whoever reads it."""
    return message


def ngettext_noop(singular: str, plural: str) -> tuple[str, str]:
    """Marks the two English forms of a message that counts (its value `count`)."""
    return singular, plural


@dataclass(frozen=True)
class Quantity:
    """An amount in a unit of catalogue.choices.Unit (none: a bare number), a value of a
    Message written as the reader's language writes it: «5 000 тонн»."""

    amount: Decimal
    unit: str = ""

    def as_data(self) -> dict:
        # Without trailing zeros: the same amount is the same data, however it was read.
        amount = self.amount.normalize()
        return {"quantity": f"{amount:f}", "unit": self.unit}


@dataclass(frozen=True)
class Name:
    """A product's name in the languages it has one (`name` in English, `name_ru`,
    `name_kk`), a value of a Message shown in the reader's language as every page shows
    names (catalogue.lib.languages.translated): «Қатты бидай» to a Kazakh reader."""

    name: str
    name_ru: str = ""
    name_kk: str = ""

    def as_data(self) -> dict:
        return {"names": [self.name, self.name_ru, self.name_kk]}


def _english_number(number: int) -> str:
    return f"{number:,}"


def _english_quantity(amount: Decimal, unit: str) -> str:
    """25000 t → '25,000 t'; 2.5 → '2.5'."""
    said = f"{amount:,.3f}".rstrip("0").rstrip(".")
    return f"{said} {unit}".rstrip()


def _english_date(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"  # as English DATE_FORMAT writes it: 2 Dec 2026


@dataclass(frozen=True)
class Language:
    """How one language says a Message: its translations, and how it writes numbers,
    quantities and dates. `text` shows a value that is text (for an HTML page: escaped,
    marked as the words of the language they are in); `escape` the translated template."""

    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]
    number: Callable[[int], str]
    quantity: Callable[[Decimal, str], str] = _english_quantity
    date: Callable[[dt.date], str] = _english_date
    text: Callable[[str], str] = str
    escape: Callable[[str], str] = str
    code: str = "en"  # the language's code: which of a Name's names it shows


class Message(str):
    """A kept message: the English text, which it is as a str, and what it is made of (an
    English template, the msgid, and its values) to show it in any language.

    The values are text shown as it is (a file's sheet, column and value; an HS code; a
    rule's own words), numbers, Quantities and dates, written as the reader's language
    writes them, or Messages; a list of them is shown joined by semicolons.
    """

    template: str
    plural: str
    params: dict

    def __new__(cls, template: str | tuple[str, str], /, **params) -> Message:
        singular, plural = (template, "") if isinstance(template, str) else template
        params = {k: _plain(v) for k, v in params.items()}
        self = super().__new__(cls, _render(singular, plural, params, ENGLISH))
        self.template, self.plural, self.params = singular, plural, params
        return self

    def __reduce__(self):  # pickled across the process that reads a file
        return _rebuild, (self.as_data(),)

    def cleaned(self) -> Message:
        """The message with the outside text in it cleaned as report.add cleans text."""
        return Message((self.template, self.plural), **_cleaned(self.params))

    def translate(
        self,
        gettext: Callable[[str], str],
        ngettext: Callable[[str, str, int], str],
        number: Callable[[int], str],
    ) -> str:
        return self.shown_in(Language(gettext, ngettext, number))

    def shown_in(self, language: Language) -> str:
        return _render(self.template, self.plural, self.params, language)

    def as_data(self) -> dict:
        """Plain data (JSON, marshal) from which from_data makes the message again."""
        data = {"text": self.template, "params": {k: _data(v) for k, v in self.params.items()}}
        if self.plural:
            data["plural"] = self.plural
        return data

    @classmethod
    def from_data(cls, data: Mapping) -> Message:
        params = {k: _from_data(v) for k, v in data.get("params", {}).items()}
        plural = data.get("plural", "")
        return cls((data["text"], plural) if plural else data["text"], **params)


def _rebuild(data: Mapping) -> Message:
    return Message.from_data(data)


def _plain(value: object) -> object:
    if isinstance(value, Message | int | list | Quantity | Name):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, tuple):
        return list(value)
    return str(value)


def _cleaned(value):
    if isinstance(value, Message):
        return value.cleaned()
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, Name):
        return Name(*map(clean_text, (value.name, value.name_ru, value.name_kk)))
    if isinstance(value, dict):
        return {k: _cleaned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_cleaned(v) for v in value]
    return value


def _data(value):
    if isinstance(value, Message | Quantity | Name):
        return value.as_data()
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, list):
        return [_data(v) for v in value]
    return value


def _from_data(value):
    if isinstance(value, dict):
        if "quantity" in value:
            return Quantity(Decimal(value["quantity"]), value.get("unit", ""))
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        if "names" in value:
            return Name(*value["names"])
        return Message.from_data(value)
    if isinstance(value, list):
        return [_from_data(v) for v in value]
    return value


ENGLISH = Language(
    lambda text: text,
    lambda singular, plural, count: singular if count == 1 else plural,
    _english_number,
)
# Values that are a row or line of the file, written as the spreadsheet numbers it; other
# numbers are quantities, grouped by thousands as the reader's language groups them.
_PLACES = frozenset(["row", "line"])


def _render(template: str, plural: str, params: Mapping, language: Language) -> str:
    def shown(name: str, value) -> str:
        if isinstance(value, Message):
            return _render(value.template, value.plural, value.params, language)
        if isinstance(value, list):
            return "; ".join(shown(name, v) for v in value)
        if isinstance(value, Quantity):
            return language.quantity(value.amount, value.unit)
        if isinstance(value, Name):
            return language.text(translated(value, "name", language.code)[0])
        if isinstance(value, dt.date):
            return language.date(value)
        if isinstance(value, int) and not isinstance(value, bool) and name not in _PLACES:
            return language.number(value)
        if isinstance(value, str):
            return language.text(value)
        return str(value)

    if plural:
        text = language.ngettext(template, plural, params["count"])
    else:
        text = language.gettext(template)
    if not params:
        return language.escape(text)
    values = {k: shown(k, v) for k, v in params.items()}
    try:
        return language.escape(text) % values
    except (KeyError, ValueError, TypeError):  # a translation that lost a placeholder
        return language.escape(template) % values
