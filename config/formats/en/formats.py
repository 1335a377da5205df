"""Dates in English as Nigerian and British readers write them, `3 Dec 2026`, rather
than Django's American `Dec. 3, 2026`. Numbers and input formats are Django's English
ones (a module that lacks a format falls back to Django's)."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
