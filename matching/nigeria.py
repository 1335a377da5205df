"""Nigerian states, ports, phone numbers and CAC registration numbers.

Pure: nothing here touches the database.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from catalogue.lib.collation import by_label
from catalogue.lib.normalise import ascii_digits, is_ascii_number


class State(models.TextChoices):
    """The 36 states and the FCT, by ISO 3166-2:NG code; their names in the page's
    language (transliterated in Russian and Kazakh)."""

    AB = "AB", pgettext_lazy("Nigerian state", "Abia")
    AD = "AD", pgettext_lazy("Nigerian state", "Adamawa")
    AK = "AK", pgettext_lazy("Nigerian state", "Akwa Ibom")
    AN = "AN", pgettext_lazy("Nigerian state", "Anambra")
    BA = "BA", pgettext_lazy("Nigerian state", "Bauchi")
    BY = "BY", pgettext_lazy("Nigerian state", "Bayelsa")
    BE = "BE", pgettext_lazy("Nigerian state", "Benue")
    BO = "BO", pgettext_lazy("Nigerian state", "Borno")
    CR = "CR", pgettext_lazy("Nigerian state", "Cross River")
    DE = "DE", pgettext_lazy("Nigerian state", "Delta")
    EB = "EB", pgettext_lazy("Nigerian state", "Ebonyi")
    ED = "ED", pgettext_lazy("Nigerian state", "Edo")
    EK = "EK", pgettext_lazy("Nigerian state", "Ekiti")
    EN = "EN", pgettext_lazy("Nigerian state", "Enugu")
    FC = "FC", _("Federal Capital Territory (Abuja)")
    GO = "GO", pgettext_lazy("Nigerian state", "Gombe")
    IM = "IM", pgettext_lazy("Nigerian state", "Imo")
    JI = "JI", pgettext_lazy("Nigerian state", "Jigawa")
    KD = "KD", pgettext_lazy("Nigerian state", "Kaduna")
    KN = "KN", pgettext_lazy("Nigerian state", "Kano")
    KT = "KT", pgettext_lazy("Nigerian state", "Katsina")
    KE = "KE", pgettext_lazy("Nigerian state", "Kebbi")
    KO = "KO", pgettext_lazy("Nigerian state", "Kogi")
    KW = "KW", pgettext_lazy("Nigerian state", "Kwara")
    LA = "LA", pgettext_lazy("Nigerian state", "Lagos")
    NA = "NA", pgettext_lazy("Nigerian state", "Nasarawa")
    NI = "NI", pgettext_lazy("Nigerian state", "Niger")
    OG = "OG", pgettext_lazy("Nigerian state", "Ogun")
    ON = "ON", pgettext_lazy("Nigerian state", "Ondo")
    OS = "OS", pgettext_lazy("Nigerian state", "Osun")
    OY = "OY", pgettext_lazy("Nigerian state", "Oyo")
    PL = "PL", pgettext_lazy("Nigerian state", "Plateau")
    RI = "RI", pgettext_lazy("Nigerian state", "Rivers")
    SO = "SO", pgettext_lazy("Nigerian state", "Sokoto")
    TA = "TA", pgettext_lazy("Nigerian state", "Taraba")
    YO = "YO", pgettext_lazy("Nigerian state", "Yobe")
    ZA = "ZA", pgettext_lazy("Nigerian state", "Zamfara")


def states_by_name() -> list[tuple[str, str]]:
    """The states, named and in alphabetical order, in the active language: a list is in
    the order of its reader's names, not of the English ones (Абиа, Абуджа, Адамава...)."""
    return by_label(((code, str(label)) for code, label in State.choices), get_language())


class Port(models.TextChoices):
    APAPA = "apapa", _("Lagos Port Complex (Apapa)")
    TIN_CAN = "tin-can", _("Tin Can Island (Lagos)")
    LEKKI = "lekki", _("Lekki Deep Sea Port (Lagos)")
    ONNE = "onne", _("Onne (Rivers)")
    PORT_HARCOURT = "port-harcourt", _("Rivers Port (Port Harcourt)")
    CALABAR = "calabar", _("Calabar")
    WARRI = "warri", _("Delta Port (Warri)")
    OTHER = "other", _("Other")


PHONE_PREFIX = "+234"
# Spaces, dashes, brackets, dots, and the invisible joiners that pasting leaves behind.
_PHONE_NOISE = re.compile(r"[\s\-().\u200b-\u200d\u2060\ufeff]")
# After the country code a Nigerian number has 10 digits; mobile numbers
# start with 7, 8 or 9, fixed lines with 1 to 9 (Lagos is 1).
_NATIONAL_NUMBER = re.compile(r"^[1-9][0-9]{9}$")
# As stored; the database checks the same patterns.
PHONE_PATTERN = r"^\+234[1-9][0-9]{9}$"
CAC_NUMBER_PATTERN = r"^(RC|BN|IT|LP|LLP)[0-9]+$"


def normalise_phone(text: str) -> str:
    """Return a Nigerian phone number as +234XXXXXXXXXX, or raise ValueError.

    Accepts 0803 123 4567, +234 803 123 4567, 234-803-123-4567,
    00234 803 123 4567 and +234 (0) 803 123 4567.
    """
    digits = _PHONE_NOISE.sub("", ascii_digits(text or ""))
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("00"):
        digits = digits[2:]
    if not is_ascii_number(digits):
        raise ValueError(_("Use digits only, for example 0803 123 4567 or +234 803 123 4567."))
    if digits.startswith("234"):
        national = digits[3:]
        if national.startswith("0"):
            national = national[1:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    if not _NATIONAL_NUMBER.match(national):
        raise ValueError(
            _(
                "Enter a Nigerian number of 11 digits, for example 0803 123 4567 or "
                "+234 803 123 4567."
            )
        )
    return PHONE_PREFIX + national


_CAC_NUMBER = re.compile(r"^(RC|BN|IT|LP|LLP)\s*(?:-\s*)?([0-9]{1,8})$")


def normalise_cac_number(text: str) -> str:
    """Return a CAC registration number as RC123456, or raise ValueError."""
    compact = ascii_digits(text or "").strip().upper()
    compact = compact.replace(".", "")
    match = _CAC_NUMBER.match(compact)
    if not match:
        raise ValueError(
            _("A CAC number is RC, BN, IT, LP or LLP followed by digits, for example RC 1234567.")
        )
    prefix, digits = match.groups()
    return f"{prefix}{digits}"
