"""The session step's model (solver.py), shared with its LP relaxation, which GLOP solves
here: no schedule can reach more. Every schedule is a solution of the session step, so
that bound holds for the whole problem."""

from __future__ import annotations

from collections import defaultdict

from ortools.linear_solver import pywraplp

from missions.scheduling.problem import Problem


def session_model(problem: Problem, x: dict) -> tuple[list, dict[int, list]]:
    """What the meetings chosen for each session must respect, as linear constraints on
    x[request id, session] (variables of either solver): each meeting once, each
    participant within their capacity, the meetings at free tables within those tables'
    slots. Also each participant's variables, for "has a meeting"."""
    requests = {r.id: r for r in problem.requests}
    of_request: dict[int, list] = defaultdict(list)
    of_participant: dict[int, list] = defaultdict(list)
    in_session: dict[tuple[int, int], list] = defaultdict(list)
    at_free_tables: dict[int, list] = defaultdict(list)
    for (request_id, session), variable in x.items():
        request = requests[request_id]
        of_request[request_id].append(variable)
        for p in (request.exporter, request.buyer):
            of_participant[p].append(variable)
            in_session[p, session].append(variable)
        if not problem.by_id[request.exporter].booths:
            at_free_tables[session].append(variable)
    free_tables = problem.tables - len(problem.booths)
    constraints = [sum(variables) <= 1 for variables in of_request.values()]
    constraints += [
        sum(variables) <= problem.capacity(problem.by_id[p], session)
        for (p, session), variables in in_session.items()
    ]
    constraints += [
        sum(variables) <= problem.session_slots[session] * free_tables
        for session, variables in at_free_tables.items()
    ]
    return constraints, of_participant


def lp_bound(problem: Problem) -> float:
    lp = pywraplp.Solver.CreateSolver("GLOP")
    x = {
        (r.id, s): lp.NumVar(0, 1, "") for r in problem.requests for s in problem.common_sessions(r)
    }
    constraints, of_participant = session_model(problem, x)
    for constraint in constraints:
        lp.Add(constraint)
    has = {p: lp.NumVar(0, 1, "") for p in of_participant}
    for p, variables in of_participant.items():
        lp.Add(has[p] <= sum(variables))
    scores = {r.id: r.score for r in problem.requests}
    lp.Maximize(sum(scores[r] * v for (r, _), v in x.items()) + problem.bonus * sum(has.values()))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        raise RuntimeError("The LP relaxation of the schedule did not solve.")
    return lp.Objective().Value()
