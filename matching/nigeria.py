"""Nigerian states, ports, phone numbers and CAC registration numbers.

Pure: nothing here touches the database.
"""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalogue.lib.normalise import ascii_digits, is_ascii_number


class State(models.TextChoices):
    """The 36 states and the FCT, by ISO 3166-2:NG code."""

    AB = "AB", "Abia"
    AD = "AD", "Adamawa"
    AK = "AK", "Akwa Ibom"
    AN = "AN", "Anambra"
    BA = "BA", "Bauchi"
    BY = "BY", "Bayelsa"
    BE = "BE", "Benue"
    BO = "BO", "Borno"
    CR = "CR", "Cross River"
    DE = "DE", "Delta"
    EB = "EB", "Ebonyi"
    ED = "ED", "Edo"
    EK = "EK", "Ekiti"
    EN = "EN", "Enugu"
    FC = "FC", _("Federal Capital Territory (Abuja)")
    GO = "GO", "Gombe"
    IM = "IM", "Imo"
    JI = "JI", "Jigawa"
    KD = "KD", "Kaduna"
    KN = "KN", "Kano"
    KT = "KT", "Katsina"
    KE = "KE", "Kebbi"
    KO = "KO", "Kogi"
    KW = "KW", "Kwara"
    LA = "LA", "Lagos"
    NA = "NA", "Nasarawa"
    NI = "NI", "Niger"
    OG = "OG", "Ogun"
    ON = "ON", "Ondo"
    OS = "OS", "Osun"
    OY = "OY", "Oyo"
    PL = "PL", "Plateau"
    RI = "RI", "Rivers"
    SO = "SO", "Sokoto"
    TA = "TA", "Taraba"
    YO = "YO", "Yobe"
    ZA = "ZA", "Zamfara"


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
