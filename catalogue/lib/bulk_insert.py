"""Write many rows at once, faster than the ORM's bulk_create."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter

from django.db import connection
from django.db.models import Field, Model

# The one batch size of the project's bulk database work: rows written by one statement
# here, ids in one IN list (SQLite takes 32,766 parameters), rows fetched at a time.
BATCH = 5000
# Objects in one ORM bulk_create or bulk_update, which writes a CASE per field and object.
ORM_BATCH = 1000

Row = Mapping[str, object]


def insert_rows(
    model: type[Model],
    rows: Sequence[Row],
    *,
    same: Row | None = None,
) -> None:
    """INSERT rows given as {field name: value}, all with the same fields, in one statement.

    The columns are the keys of the rows, and of same: the values every row shares
    (timestamps, flags). So a value can only land in the column it is named for; a
    row with other fields than the first is refused. bulk_create prepares every value
    of every object through the ORM, which costs more than reading the spreadsheet;
    here values are already clean.
    """
    same = same or {}
    if not rows:
        return
    field_names = list(rows[0])
    if any(len(row) != len(field_names) for row in rows):
        raise ValueError(_mismatch(field_names, rows))
    if shared := same.keys() & set(field_names):
        raise ValueError(f"Given for every row and in the rows: {', '.join(sorted(shared))}.")
    try:
        _insert(model, field_names, rows, same)
    except KeyError:
        raise ValueError(_mismatch(field_names, rows)) from None


def _mismatch(field_names: list[str], rows: Sequence[Row]) -> str:
    expected = set(field_names)
    for number, row in enumerate(rows):
        missing, extra = sorted(expected - set(row)), sorted(set(row) - expected)
        if missing or extra:
            return f"Row {number} lacks {missing} and has {extra}, unlike the first row."
    return "The rows changed while they were written."


def _insert(
    model: type[Model],
    field_names: list[str],
    rows: Sequence[Row],
    same: Row,
) -> None:
    if not rows:
        return
    # Each distinct datetime is adapted for the backend once: the rows of one import
    # share the same few.
    adapt = _Adapted(connection.ops.adapt_datetimefield_value).__getitem__
    fields = [(model._meta.get_field(name), name) for name in field_names]
    plain = [(f, name) for f, name in fields if not _is_datetime(f)]
    stamps = [(f, name) for f, name in fields if _is_datetime(f)]
    shared = [model._meta.get_field(name) for name in same]
    constants = tuple(
        adapt(value) if _is_datetime(f) else value
        for f, value in zip(shared, same.values(), strict=True)
    )
    plain_values = _getter([k for _, k in plain])
    if stamps:
        stamp_values = _getter([k for _, k in stamps])
        values = [
            plain_values(row) + tuple(map(adapt, stamp_values(row))) + constants for row in rows
        ]
    else:
        values = [plain_values(row) + constants for row in rows]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = [f.column for f, _ in plain] + [f.column for f, _ in stamps]
    columns += [f.column for f in shared]
    column_list = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT for many rows on PostgreSQL.
            with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({column_list}) VALUES ({placeholders})"
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def _is_datetime(field: Field) -> bool:
    return field.get_internal_type() == "DateTimeField"


def _getter(keys: list[str]) -> Callable[[object], tuple]:
    """A function giving the values under these keys of a row, always as a tuple."""
    if not keys:
        return lambda row: ()
    if len(keys) == 1:
        (key,) = keys
        return lambda row: (row[key],)
    return itemgetter(*keys)


class _Adapted(dict):
    """Datetimes as the database backend takes them, each adapted when first seen."""

    def __init__(self, adapt: Callable[[object], object]):
        super().__init__()
        self.adapt = adapt

    def __missing__(self, value: object) -> object:
        adapted = self[value] = self.adapt(value)
        return adapted
