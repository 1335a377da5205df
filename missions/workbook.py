"""The organisers' master schedule as a workbook: every slot with a column per table, and
every participant's meetings in time order."""

from __future__ import annotations

from typing import BinaryIO

from django.utils.translation import gettext as _

from catalogue.lib.xlsx import DATE, INTEGER, Column, SheetWriter, new_workbook
from missions.agendas import agendas, meeting_times, mission_meetings, named
from missions.models import Mission


def write_master_schedule(out: BinaryIO, mission: Mission) -> None:
    book = new_workbook()
    times = meeting_times(mission)
    _by_slot(book, mission, times)
    _by_participant(book, mission)
    book.save(out)


def _by_slot(book, mission: Mission, times) -> None:
    meetings = list(mission_meetings(mission))
    # Tables fewer since scheduling still show the meetings at the others.
    last = max([mission.tables, *(m.table for m in meetings)])
    tables = [
        Column(f"table_{t}", _("Table %(table)s") % {"table": t}, width=30)
        for t in range(1, last + 1)
    ]
    sheet = SheetWriter(
        book,
        _("By slot"),
        [Column("date", _("Date"), DATE, width=12), Column("time", _("Time"), width=13), *tables],
    )
    held: dict[tuple[int, int], dict[str, str]] = {}
    for meeting in meetings:
        request = meeting.request
        held.setdefault((meeting.session_id, meeting.slot), {})[f"table_{meeting.table}"] = (
            f"{request.exporter.name} – {request.buyer.name}"
        )
    empty = dict.fromkeys(column.name for column in tables)
    for key, (start, end) in sorted(times.items(), key=lambda item: item[1][0]):
        sheet.write(
            {
                "date": start.date(),
                "time": f"{start:%H:%M}–{end:%H:%M}",
                **empty,
                **held.get(key, {}),
            }
        )
    sheet.finish()


def _by_participant(book, mission: Mission) -> None:
    sheet = SheetWriter(
        book,
        _("By participant"),
        [
            Column("participant", _("Participant"), width=34),
            Column("side", _("Side"), width=12),
            Column("date", _("Date"), DATE, width=12),
            Column("time", _("Time"), width=13),
            Column("table", _("Table"), INTEGER, width=8),
            Column("other", _("Meeting with"), width=34),
            Column("products", _("Products"), width=40),
        ],
    )
    for agenda in agendas(mission):
        side = agenda.participant.side_label
        for slot in agenda.slots:
            sheet.write(
                {
                    "participant": agenda.participant.name,
                    "side": side,
                    "date": slot.start.date(),
                    "time": f"{slot.start:%H:%M}–{slot.end:%H:%M}",
                    "table": slot.table,
                    "other": slot.other,
                    "products": named(slot.products),
                }
            )
    sheet.finish()
