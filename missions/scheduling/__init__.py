"""The meeting scheduler of a trade mission. Pure: plain data in, a schedule out; nothing
here imports Django.

problem.py states the problem (sessions of slots, tables, participants, requested meetings
with their match scores) and the schedule; solver.py solves it with OR-Tools' CP-SAT, in
two steps that lose nothing of the objective: which meetings take place in which session,
then which slot and table each gets; greedy.py is the baseline and the fallback.
"""

from missions.scheduling.greedy import greedy_schedule
from missions.scheduling.problem import Participant, Placement, Problem, Request, Schedule, Session
from missions.scheduling.solver import solve

__all__ = [
    "Participant",
    "Placement",
    "Problem",
    "Request",
    "Schedule",
    "Session",
    "greedy_schedule",
    "solve",
]
