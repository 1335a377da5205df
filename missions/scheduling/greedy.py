"""The greedy schedule: the baseline the solver is measured against, and what is
published when the solver finds nothing in its time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from missions.scheduling.bound import lp_bound
from missions.scheduling.problem import Problem, Request, Schedule
from missions.scheduling.tables import number_tables


def greedy_schedule(problem: Problem, *, bound: float | None = None) -> Schedule:
    """Best matches first, each in the first session and slot where both sides and a table
    are free; a first pass places only meetings that give someone their first one."""
    slotted = pack(problem, problem.requests)
    placements = number_tables(problem, slotted)
    return Schedule(
        placements=placements,
        objective=problem.objective(placements),
        bound=lp_bound(problem) if bound is None else bound,
        optimal=False,
        method="greedy",
        moved=sum(1 for r, p in problem.previous.items() if placements.get(r) != p),
        idle=problem.idle(placements),
    )


def pack(problem: Problem, requests: Iterable[Request]) -> dict[int, tuple[int, int]]:
    """{request id: (session, slot)} for as many of the requests as fit, greedily."""
    ordered = sorted(requests, key=lambda r: (-r.score, r.id))
    busy: Counter[tuple[int, int, int]] = Counter()  # participant, session, slot
    in_session: Counter[tuple[int, int]] = Counter()  # participant, session
    at_tables: Counter[tuple[int, int]] = Counter()  # session, slot: meetings at free tables
    free_tables = problem.tables - len(problem.booths)
    slotted: dict[int, tuple[int, int]] = {}
    met: set[int] = set()

    def place(request: Request) -> bool:
        exporter, buyer = problem.by_id[request.exporter], problem.by_id[request.buyer]
        booth = bool(exporter.booths)
        for session in problem.common_sessions(request):
            if any(
                in_session[p.id, session] >= problem.capacity(p, session) for p in (exporter, buyer)
            ):
                continue
            for slot in range(problem.session_slots[session]):
                if any(busy[p.id, session, slot] >= p.parallel for p in (exporter, buyer)):
                    continue
                if not booth and at_tables[session, slot] >= free_tables:
                    continue
                for p in (exporter, buyer):
                    busy[p.id, session, slot] += 1
                    in_session[p.id, session] += 1
                at_tables[session, slot] += not booth
                slotted[request.id] = (session, slot)
                met.update((exporter.id, buyer.id))
                return True
        return False

    for request in ordered:  # first meetings first
        if not {request.exporter, request.buyer} <= met:
            place(request)
    for request in ordered:
        if request.id not in slotted:
            place(request)
    return slotted
