"""Generated missions, for the tests and the benchmark: exporters (some with two people
attending, some with booths) and buyers who attend some of the sessions, and requested
meetings between them with match scores."""

from __future__ import annotations

import random

from missions.scheduling.problem import Participant, Problem, Request, Session


def generated(
    *,
    exporters: int,
    buyers: int,
    requests: int,
    sessions: int,
    slots: int,
    tables: int,
    booths: int = 0,
    per_session: int = 8,
    seed: int = 1,
) -> Problem:
    rng = random.Random(seed)
    all_sessions = tuple(Session(id=n + 1, slots=slots) for n in range(sessions))
    ids = [s.id for s in all_sessions]

    def attends() -> frozenset[int]:
        # Most come to every session; some to one or two.
        if rng.random() < 0.7:
            return frozenset(ids)
        return frozenset(rng.sample(ids, rng.randint(1, len(ids))))

    people = []
    for n in range(exporters):
        booth = (n + 1,) if n < booths else ()
        at_once = 2 if not booth and rng.random() < 0.2 else 1
        people.append(Participant(n + 1, attends(), slots * at_once, at_once, booth))
    buyer_ids = range(exporters + 1, exporters + buyers + 1)
    people += [Participant(b, attends(), per_session) for b in buyer_ids]
    pairs = set()
    while len(pairs) < requests:
        # Some exporters are in demand: a buyer asks for them more often.
        exporter = min(rng.randint(1, exporters), rng.randint(1, exporters))
        pairs.add((exporter, rng.choice(buyer_ids)))
    wanted = tuple(
        Request(n + 1, exporter, buyer, round(rng.uniform(0.2, 1.0), 3))
        for n, (exporter, buyer) in enumerate(sorted(pairs))
    )
    return Problem(all_sessions, tables, tuple(people), wanted)
