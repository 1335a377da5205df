"""Table numbers for meetings given their session and slot: booths for those who have
them, else the free tables, an exporter keeping its table from slot to slot where it can
(buyers move; exporters' samples and brochures stay)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from missions.scheduling.problem import Placement, Problem


def number_tables(problem: Problem, slotted: Mapping[int, tuple[int, int]]) -> dict[int, Placement]:
    """Placements for meetings given as {request id: (session, slot)}, which must fit:
    no more meetings in a slot than tables, nor at a participant's booths than booths."""
    requests = {r.id: r for r in problem.requests}
    free = [t for t in range(1, problem.tables + 1) if t not in problem.booths]
    by_slot: dict[tuple[int, int], list[int]] = defaultdict(list)
    for request_id, at in slotted.items():
        by_slot[at].append(request_id)
    seat: dict[int, int] = {}  # an exporter's table in the slot before
    placed = {}
    for (session, slot), meetings in sorted(by_slot.items()):
        taken: set[int] = set()
        waiting = []
        # Meetings at a table of the schedule before keep it, before any other is seated.
        for request_id in meetings:
            table = _previous_table(problem, request_id, session, slot)
            exporter = problem.by_id[requests[request_id].exporter]
            if table in free and not exporter.booths and table not in taken:
                taken.add(table)
                placed[request_id] = Placement(session, slot, table)
        for request_id in sorted(r for r in meetings if r not in placed):
            exporter = problem.by_id[requests[request_id].exporter]
            if exporter.booths:
                table = next(t for t in exporter.booths if t not in taken)
            else:
                wanted = [
                    seat.get(exporter.id),
                    _previous_table(problem, request_id, session, slot),
                ]
                table = next((t for t in wanted if t in free and t not in taken), None)
                if table is None:
                    waiting.append(request_id)
                    continue
            taken.add(table)
            placed[request_id] = Placement(session, slot, table)
        open_tables = iter(t for t in free if t not in taken)
        for request_id in waiting:
            placed[request_id] = Placement(session, slot, next(open_tables))
        for request_id in meetings:
            seat[requests[request_id].exporter] = placed[request_id].table
    return placed


def _previous_table(problem: Problem, request_id: int, session: int, slot: int) -> int | None:
    before = problem.previous.get(request_id)
    return before.table if before and (before.session, before.slot) == (session, slot) else None
