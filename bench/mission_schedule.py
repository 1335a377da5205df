"""The trade-mission scheduler on a mission of the size the ministry plans, against the
greedy baseline, in the same run.

    python bench/mission_schedule.py [--seconds 25] [--seeds 1 2 3]

Each seed generates a mission (missions.scheduling.instances): 100 exporters (the first
10 with booths, about a fifth of the others with two people at parallel tables) and 200
buyers, 1,500 requested meetings with match scores, 3 sessions of 12 slots at 40 tables
(1,440 table-slots: not every request fits), a buyer at most 8 meetings a session, about
a third of the participants at only some sessions. Printed per seed: the objective (total
match score plus 1 for each participant with a meeting) of the greedy schedule and of
CP-SAT's, the LP-relaxation bound, how far each is from it, the meetings placed, the
participants with none, the slots people wait between meetings, and the seconds taken;
then a late change (20 requests withdrawn, 20 added) rescheduled from the published
schedule, and how many meetings it moved. Pure Python: no database.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from missions.scheduling import Request, greedy_schedule, solve  # noqa: E402
from missions.scheduling.bound import lp_bound  # noqa: E402
from missions.scheduling.instances import generated  # noqa: E402

SIZE = dict(exporters=100, buyers=200, requests=1500, sessions=3, slots=12, tables=40, booths=10)


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--seconds", type=float, default=25.0, help="the solver's time")
    arguments.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    options = arguments.parse_args()
    print(f"{'seed':>4} {'method':>7} {'objective':>9} {'bound':>8} {'gap':>6} {'placed':>6} "
          f"{'unmet':>5} {'idle':>5} {'seconds':>7} {'moved':>5}")  # fmt: skip
    for seed in options.seeds:
        problem = generated(**SIZE, seed=seed)
        started = time.perf_counter()
        bound = lp_bound(problem)
        greedy = greedy_schedule(problem, bound=bound)
        greedy_time = time.perf_counter() - started
        started = time.perf_counter()
        schedule = solve(problem, seconds=options.seconds)
        solve_time = time.perf_counter() - started
        rng = random.Random(seed)
        withdrawn = set(rng.sample(sorted(schedule.placements), 20))
        taken = {(r.exporter, r.buyer) for r in problem.requests}
        added = []
        while len(added) < 20:
            pair = (rng.randint(1, 100), rng.randint(101, 300))
            if pair not in taken:
                taken.add(pair)
                added.append(Request(10_000 + len(added), *pair, round(rng.uniform(0.2, 1), 3)))
        late = replace(
            problem,
            requests=(*(r for r in problem.requests if r.id not in withdrawn), *added),
            previous={r: p for r, p in schedule.placements.items() if r not in withdrawn},
        )
        started = time.perf_counter()
        again = solve(late, seconds=options.seconds)
        again_time = time.perf_counter() - started
        for method, result, seconds, moved, of in (
            ("greedy", greedy, greedy_time, "", problem),
            ("cp-sat", schedule, solve_time, "", problem),
            ("late", again, again_time, again.moved, late),
        ):
            sides = {r.id: (r.exporter, r.buyer) for r in of.requests}
            met = {p for r in result.placements for p in sides[r]}
            unmet = len(problem.participants) - len(met)
            print(f"{seed:>4} {method:>7} {result.objective:>9.1f} {result.bound:>8.1f} "
                  f"{result.gap:>6.2%} {len(result.placements):>6} {unmet:>5} {result.idle:>5} "
                  f"{seconds:>7.1f} {moved!s:>5}")  # fmt: skip


if __name__ == "__main__":
    main()
