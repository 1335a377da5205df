"""The schedule by CP-SAT, in two steps.

1. Sessions: which meetings take place, and in which session (bound.session_model), with a
   boolean a participant for "has a meeting"; maximise the total match score and the bonus
   for each participant with a meeting. What this step keeps always fits in slots: the
   meetings form a bipartite graph, exporters on one side and buyers on the other, in which
   nobody has more meetings than slots (times what they hold at once), and such a graph's
   edges can be coloured with that many slots, in colour classes as even as the tables need
   (König; de Werra). So its objective is the schedule's, and its LP relaxation the bound.
   (Booths keep some tables from the others: there a meeting may, rarely, not fit; it is
   then left out and the schedule not called optimal.)
2. Slots: within each session a slot for each meeting kept, one meeting a buyer a slot, no
   more at once than an exporter holds, no more at the free tables than there are;
   minimising the slots participants wait between their first and last meeting. This
   step moves nothing between sessions, so it cannot lower the objective. Tables are
   numbered after (tables.py).

After late changes (problem.previous), both steps start from the schedule before: a meeting
moves to another session only for a gain of problem.move_cost, and keeps its slot before
any wait is saved.
"""

from __future__ import annotations

import os
from collections import defaultdict

from ortools.sat.python import cp_model

from missions.scheduling.bound import lp_bound, session_model
from missions.scheduling.greedy import greedy_schedule, pack
from missions.scheduling.problem import Problem, Request, Schedule
from missions.scheduling.tables import number_tables

# CP-SAT takes whole numbers: scores to a thousandth.
SCALE = 1000


def solve(problem: Problem, *, seconds: float = 20.0) -> Schedule:
    """The best schedule CP-SAT finds within about `seconds`; the greedy one when it finds
    none in time."""
    bound = lp_bound(problem)
    chosen, optimal = _sessions(problem, bound, seconds * 0.6)
    if chosen is None:
        return greedy_schedule(problem, bound=bound)
    slotted: dict[int, tuple[int, int]] = {}
    requests = {r.id: r for r in problem.requests}
    for session in problem.sessions:
        meetings = [requests[r] for r, s in chosen.items() if s == session.id]
        found = _slots(problem, session.id, meetings, seconds * 0.4 / len(problem.sessions))
        if found is None:  # the time ran out before any slotting: pack what fits
            found = _packed(problem, session.id, meetings)
            optimal = False
        slotted.update(found)
    placements = number_tables(problem, slotted)
    objective = problem.objective(placements)
    return Schedule(
        placements=placements,
        objective=objective,
        bound=max(bound, objective),
        optimal=optimal and len(placements) == len(chosen),
        method="cp-sat",
        moved=sum(1 for r, p in problem.previous.items() if placements.get(r) != p),
        idle=problem.idle(placements),
    )


def _solver(seconds: float) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(seconds, 0.1)
    solver.parameters.num_workers = max(os.cpu_count() or 1, 1)
    solver.parameters.random_seed = 1
    return solver


class _StopAt(cp_model.CpSolverSolutionCallback):
    """Stops the search once the objective reaches a value nothing can beat."""

    def __init__(self, enough: float):
        super().__init__()
        self.enough = enough

    def on_solution_callback(self) -> None:
        if self.ObjectiveValue() >= self.enough:
            self.StopSearch()


def _sessions(problem: Problem, bound: float, seconds: float) -> tuple[dict[int, int] | None, bool]:
    """{request id: session} of the meetings kept, and whether that is proven best."""
    model = cp_model.CpModel()
    x = {
        (r.id, s): model.NewBoolVar("")
        for r in problem.requests
        for s in problem.common_sessions(r)
    }
    constraints, of_participant = session_model(problem, x)
    for constraint in constraints:
        model.Add(constraint)
    has = {p: model.NewBoolVar("") for p in of_participant}
    for p, variables in of_participant.items():
        model.AddBoolOr(variables).OnlyEnforceIf(has[p])
    scores = {r.id: round(r.score * SCALE) for r in problem.requests}
    objective = sum(scores[r] * v for (r, _), v in x.items())
    objective += round(problem.bonus * SCALE) * sum(has.values())
    # The search starts from the schedule before, else from the greedy one.
    start = {r: p.session for r, p in problem.previous.items()}
    start = start or {r: session for r, (session, _) in pack(problem, problem.requests).items()}
    for (r, session), variable in x.items():
        model.AddHint(variable, start.get(r) == session)
    kept = [x[key] for r, before in problem.previous.items() if (key := (r, before.session)) in x]
    # A published meeting moves to another session only for a gain of move_cost.
    model.Maximize(objective + round(problem.move_cost * SCALE) * sum(kept))
    solver = _solver(seconds)
    # The bound in whole thousandths, less what rounding scores to them may have taken.
    rounding = sum(abs(r.score * SCALE - scores[r.id]) for r in problem.requests)
    rounding += abs(problem.bonus * SCALE - round(problem.bonus * SCALE)) * len(has)
    stop = None if kept else _StopAt(bound * SCALE - rounding - 1)
    status = solver.Solve(model, stop)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None, False
    reached = stop is not None and solver.ObjectiveValue() >= stop.enough
    optimal = status == cp_model.OPTIMAL or reached
    return {r: s for (r, s), v in x.items() if solver.BooleanValue(v)}, optimal


def _slots(
    problem: Problem, session: int, meetings: list[Request], seconds: float
) -> dict[int, tuple[int, int]] | None:
    """{request id: (session, slot)} for a session's meetings, None when the time ran out
    first. The search starts from where the meetings were before, else from a greedy
    packing of them."""
    if not meetings:
        return {}
    slots = range(problem.session_slots[session])
    model = cp_model.CpModel()
    z = {(m.id, s): model.NewBoolVar("") for m in meetings for s in slots}
    at = {m.id: model.NewIntVar(0, len(slots) - 1, "") for m in meetings}
    for m in meetings:
        model.AddExactlyOne(z[m.id, s] for s in slots)
        model.Add(at[m.id] == sum(s * z[m.id, s] for s in slots))
    of_participant: dict[int, list[Request]] = defaultdict(list)
    for m in meetings:
        of_participant[m.exporter].append(m)
        of_participant[m.buyer].append(m)
    free_tables = problem.tables - len(problem.booths)
    at_free = [m for m in meetings if not problem.by_id[m.exporter].booths]
    for s in slots:
        for p, own in of_participant.items():
            model.Add(sum(z[m.id, s] for m in own) <= problem.by_id[p].parallel)
        model.Add(sum(z[m.id, s] for m in at_free) <= free_tables)
    waits = []
    for p, own in of_participant.items():
        needed = -(-len(own) // problem.by_id[p].parallel)  # slots their meetings fill
        if needed == len(slots) or len(own) < 2:
            continue
        first = model.NewIntVar(0, len(slots) - 1, "")
        last = model.NewIntVar(0, len(slots) - 1, "")
        for m in own:
            model.Add(first <= at[m.id])
            model.Add(last >= at[m.id])
        waits.append(last - first + 1 - needed)
    kept = [
        z[key]
        for m in meetings
        if (before := problem.previous.get(m.id)) and before.session == session
        if (key := (m.id, before.slot)) in z
    ]
    start = {
        m.id: before.slot
        for m in meetings
        if (before := problem.previous.get(m.id)) and before.session == session
    }
    start = start or {m: slot for m, (_, slot) in _packed(problem, session, meetings).items()}
    for (m, s), variable in z.items():
        if m in start:
            model.AddHint(variable, start[m] == s)
    # Meetings kept where they were come first, then the waits.
    most_idle = len(of_participant) * len(slots)
    model.Minimize(cp_model.LinearExpr.Sum(waits) - (most_idle + 1) * sum(kept))
    solver = _solver(seconds)
    if solver.Solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {m.id: (session, solver.Value(at[m.id])) for m in meetings}


def _packed(problem: Problem, session: int, meetings: list[Request]) -> dict[int, tuple[int, int]]:
    """The meetings of one session packed greedily, as many as fit."""
    alone = Problem(
        sessions=tuple(s for s in problem.sessions if s.id == session),
        tables=problem.tables,
        participants=problem.participants,
        requests=tuple(meetings),
        bonus=problem.bonus,
    )
    return pack(alone, meetings)
