"""Number and date formats for Kazakh, which Django does not ship: as Kazakh writes them,
`2026 жылғы 3 желтоқсан` (the year first, «жылғы» joining it to the day), `03.12.2026`,
`5 000,5`. Months in dates are the "alt. month" names (E), lower case as Kazakh writes
them (locale_django/kk). A sentence says when something happened with «күні» after the
date («2026 жылғы 3 желтоқсан күні тексерді»); no abbreviation ends a date, so none
meets a sentence's full stop."""

DATE_FORMAT = "Y жылғы j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y жылғы j E, H:i"
YEAR_MONTH_FORMAT = "Y жылғы E"
MONTH_DAY_FORMAT = "j E"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
