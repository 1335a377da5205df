"""The meeting scheduler's solver core, on plain data: no database."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import replace

import pytest

from missions.scheduling import (
    Participant,
    Placement,
    Problem,
    Request,
    Schedule,
    Session,
    greedy_schedule,
    solve,
)
from missions.scheduling.instances import generated


def broken_rules(problem: Problem, schedule: Schedule) -> list[str]:
    """Every way the schedule breaks the problem's rules."""
    requests = {r.id: r for r in problem.requests}
    broken = []
    in_slot: Counter = Counter()
    in_session: Counter = Counter()
    tables = Counter()
    for request_id, place in schedule.placements.items():
        request = requests[request_id]
        tables[place.session, place.slot, place.table] += 1
        if not 0 <= place.slot < problem.session_slots[place.session]:
            broken.append(f"{request_id}: no slot {place.slot}")
        if not 1 <= place.table <= problem.tables:
            broken.append(f"{request_id}: no table {place.table}")
        exporter = problem.by_id[request.exporter]
        if exporter.booths and place.table not in exporter.booths:
            broken.append(f"{request_id}: not at the exporter's booth")
        if not exporter.booths and place.table in problem.booths:
            broken.append(f"{request_id}: at someone else's booth")
        for p in (request.exporter, request.buyer):
            if place.session not in problem.by_id[p].sessions:
                broken.append(f"{request_id}: {p} does not attend session {place.session}")
            in_slot[p, place.session, place.slot] += 1
            in_session[p, place.session] += 1
    broken += [f"table {t} twice" for t, n in tables.items() if n > 1]
    broken += [
        f"{p} has {n} meetings in slot {s}"
        for (p, _, s), n in in_slot.items()
        if n > problem.by_id[p].parallel
    ]
    broken += [
        f"{p} has {n} meetings in session {s}"
        for (p, s), n in in_session.items()
        if n > problem.by_id[p].per_session
    ]
    return broken


def everyone(*participants: Participant) -> tuple[Participant, ...]:
    return participants


def test_the_solver_finds_the_best_schedule_of_a_small_mission():
    """Against every way of placing the meetings (each in a slot, or not at all)."""
    problem = generated(exporters=2, buyers=4, requests=6, sessions=1, slots=2, tables=2, seed=3)
    slots = [(s.id, n) for s in problem.sessions for n in range(s.slots)]
    best = 0.0
    for choice in itertools.product([None, *slots], repeat=len(problem.requests)):
        slotted = {r.id: at for r, at in zip(problem.requests, choice, strict=True) if at}
        trial = Schedule(
            {r: Placement(*at, table=1 + i) for i, (r, at) in enumerate(slotted.items())},
            0,
            0,
            False,
            "",
        )
        per_slot = Counter(slotted.values())
        if max(per_slot.values(), default=0) <= problem.tables and not [
            b for b in broken_rules(problem, trial) if "table" not in b and "booth" not in b
        ]:
            best = max(best, problem.objective(trial.placements))
    schedule = solve(problem, seconds=5)
    assert broken_rules(problem, schedule) == []
    assert schedule.objective == pytest.approx(best)
    assert schedule.optimal


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_missions_are_scheduled_within_every_rule_and_above_greedy(seed):
    problem = generated(
        exporters=12, buyers=30, requests=120, sessions=2, slots=6, tables=8, booths=2, seed=seed
    )
    schedule = solve(problem, seconds=4)
    greedy = greedy_schedule(problem)
    assert broken_rules(problem, schedule) == []
    assert broken_rules(problem, greedy) == []
    assert schedule.objective >= greedy.objective
    assert schedule.objective <= schedule.bound + 1e-6
    assert schedule.gap < 0.02


def test_a_first_meeting_for_someone_beats_a_better_match_for_someone_met_already():
    # One slot, one table: the buyer who has no other meeting gets it.
    session = Session(1, slots=2)
    people = everyone(
        Participant(1, frozenset({1}), 2),
        Participant(2, frozenset({1}), 2),
        Participant(10, frozenset({1}), 2),
        Participant(11, frozenset({1}), 2),
    )
    requests = (
        Request(1, exporter=1, buyer=10, score=0.9),
        Request(2, exporter=2, buyer=10, score=0.9),
        Request(3, exporter=2, buyer=11, score=0.3),
    )
    schedule = solve(Problem((session,), 1, people, requests), seconds=5)
    assert set(schedule.placements) == {1, 3}


def test_booths_parallel_tables_and_sessions_attended_are_kept():
    sessions = (Session(1, slots=3), Session(2, slots=3))
    people = everyone(
        Participant(1, frozenset({1, 2}), 6, booths=(7,)),
        Participant(2, frozenset({1, 2}), 6, at_once=2),
        *(Participant(b, frozenset({2}), 3) for b in range(10, 16)),
    )
    # The booth holder meets three buyers; the other exporter six, two at a time.
    pairs = [(1, 10), (1, 11), (1, 12), *((2, b) for b in range(10, 16))]
    requests = tuple(Request(n, e, b, score=0.5) for n, (e, b) in enumerate(pairs))
    problem = Problem(sessions, 7, people, requests)
    schedule = solve(problem, seconds=5)
    assert broken_rules(problem, schedule) == []
    assert len(schedule.placements) == 9
    assert {p.session for p in schedule.placements.values()} == {2}
    assert {schedule.placements[r.id].table for r in requests if r.exporter == 1} == {7}
    at_once = Counter(
        (p.session, p.slot) for r, p in schedule.placements.items() if requests[r].exporter == 2
    )
    assert max(at_once.values()) == 2


def test_meetings_of_a_session_come_without_waits_where_they_can():
    session = Session(1, slots=8)
    people = everyone(
        Participant(1, frozenset({1}), 8),
        Participant(2, frozenset({1}), 8),
        *(Participant(b, frozenset({1}), 8) for b in range(10, 14)),
    )
    requests = tuple(Request(n, exporter=1 + n // 4, buyer=10 + n % 4, score=0.5) for n in range(8))
    schedule = solve(Problem((session,), 2, people, requests), seconds=5)
    assert len(schedule.placements) == 8
    assert schedule.idle == 0


def test_a_late_change_moves_few_meetings():
    problem = generated(exporters=10, buyers=25, requests=80, sessions=2, slots=6, tables=6)
    first = solve(problem, seconds=5)
    dropped = next(iter(first.placements))
    late = replace(
        problem,
        requests=tuple(r for r in problem.requests if r.id != dropped),
        previous={r: p for r, p in first.placements.items() if r != dropped},
    )
    again = solve(late, seconds=5)
    assert broken_rules(late, again) == []
    assert (
        again.objective
        >= first.objective
        - next(r.score for r in problem.requests if r.id == dropped)
        - problem.bonus * 2
    )
    assert again.moved <= 5
