"""What the scheduler is given and what it gives back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Session:
    """A B2B session: its meeting slots, breaks already left out, numbered from 0."""

    id: int
    slots: int


@dataclass(frozen=True)
class Participant:
    """An exporter or a buyer. An exporter with several people attending may hold that many
    meetings at once (at_once); one with booths holds every meeting at one of them."""

    id: int
    sessions: frozenset[int]  # the sessions they attend
    per_session: int  # at most this many meetings in a session
    at_once: int = 1
    booths: tuple[int, ...] = ()  # table numbers kept for them

    @property
    def parallel(self) -> int:
        """Meetings they can hold in one slot."""
        return len(self.booths) if self.booths else self.at_once


@dataclass(frozen=True)
class Request:
    """A meeting both sides accepted (or the organisers imposed), and how good a match it
    is (matching's score: 0 to 1)."""

    id: int
    exporter: int
    buyer: int
    score: float


@dataclass(frozen=True)
class Placement:
    session: int
    slot: int  # from 0, within the session
    table: int  # from 1


@dataclass(frozen=True)
class Problem:
    sessions: tuple[Session, ...]
    tables: int
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    # Added to the objective for each participant with at least one meeting: a match
    # score is at most 1, so with 1.0 a first meeting for someone outweighs any one match.
    bonus: float = 1.0
    # A schedule published before late changes: its meetings stay in their session unless
    # moving one gains more than move_cost (a tenth of the best match: a late request is
    # worth a few moves, not a reshuffle), and in their slot and table wherever they can.
    previous: Mapping[int, Placement] = field(default_factory=dict)
    move_cost: float = 0.1

    @cached_property
    def by_id(self) -> dict[int, Participant]:
        return {p.id: p for p in self.participants}

    @cached_property
    def session_slots(self) -> dict[int, int]:
        return {s.id: s.slots for s in self.sessions}

    @cached_property
    def booths(self) -> frozenset[int]:
        """Tables kept for someone."""
        return frozenset(t for p in self.participants for t in p.booths)

    def common_sessions(self, request: Request) -> list[int]:
        """The sessions both sides attend, in the problem's order."""
        exporter, buyer = self.by_id[request.exporter], self.by_id[request.buyer]
        return [s.id for s in self.sessions if s.id in exporter.sessions & buyer.sessions]

    def capacity(self, participant: Participant, session: int) -> int:
        """Meetings a participant can have in a session."""
        if session not in participant.sessions:
            return 0
        return min(participant.per_session, self.session_slots[session] * participant.parallel)

    def objective(self, placed: Mapping[int, Placement]) -> float:
        """Total match score of the meetings placed, and the bonus for each participant
        who has at least one."""
        requests = {r.id: r for r in self.requests}
        met = {p for r in placed for p in (requests[r].exporter, requests[r].buyer)}
        return sum(requests[r].score for r in placed) + self.bonus * len(met)

    def idle(self, placed: Mapping[int, Placement]) -> int:
        """The slots participants wait between their first and last meeting of a session,
        beyond those their meetings fill."""
        requests = {r.id: r for r in self.requests}
        slots: dict[tuple[int, int], list[int]] = {}
        for request_id, place in placed.items():
            request = requests[request_id]
            for p in (request.exporter, request.buyer):
                slots.setdefault((p, place.session), []).append(place.slot)
        return sum(
            max(own) - min(own) + 1 - -(-len(own) // self.by_id[p].parallel)
            for (p, _), own in slots.items()
        )


@dataclass
class Schedule:
    placements: dict[int, Placement]  # by request id; the requests not placed are absent
    objective: float
    bound: float  # no schedule of this problem can reach more (LP relaxation or proof)
    optimal: bool  # proven: nothing better exists
    method: str  # "cp-sat" or "greedy"
    moved: int = 0  # meetings of the previous schedule now placed elsewhere or not at all
    idle: int = 0  # Problem.idle of the placements

    @property
    def gap(self) -> float:
        """How far the objective may be from the best, as a share of the bound."""
        return 0.0 if self.bound <= 0 else max(0.0, (self.bound - self.objective) / self.bound)
