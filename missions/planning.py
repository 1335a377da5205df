"""From matches to a mission's guest list and meeting requests.

Buyers are invited when one of their open interests has a match with an exporter of the
delegation, in the mission's sectors (all sectors when it names none); each such pair of
exporter and buyer becomes one meeting request, scored by its best match, with that
match's reasons and every product the buyer asked for that the exporter offers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet

from matching.models import Interest, Match
from missions.models import MeetingRequest, Mission, Participant


@dataclass
class Proposed:
    invited: int = 0  # buyers added to the guest list
    requests: int = 0  # meeting requests proposed
    rescored: int = 0  # proposed requests whose score or products changed


def mission_matches(mission: Mission) -> QuerySet[Match]:
    """The matches of open interests with the delegation's exporters, in the mission's
    sectors, best first."""
    delegation = Participant.objects.filter(mission=mission).exporters()
    matches = Match.objects.filter(
        line__interest__status__in=Interest.OPEN_STATUSES,
        line__interest__buyer__erased_at=None,
        offer__exporter__in=delegation.values("exporter"),
    ).exclude(status=Match.Status.REJECTED)
    sectors = list(mission.sectors.values_list("pk", flat=True))
    if sectors:
        matches = matches.filter(offer__category__sector__in=sectors)
    return matches.order_by("-score", "pk")


@transaction.atomic
def propose(*, mission: Mission) -> Proposed:
    """Invite the matched buyers and propose a request for each matched pair. Requests
    already there keep their answers and take their best match's score."""
    result = Proposed()
    rows = mission_matches(mission).values(
        "score",
        "reasons",
        "offer__category_id",
        "offer__exporter_id",
        "line__interest__buyer_id",
        "line__interest__language",
    )
    best: dict[tuple[int, int], dict] = {}
    products: dict[tuple[int, int], set[int]] = defaultdict(set)
    for row in rows:
        pair = (row["offer__exporter_id"], row["line__interest__buyer_id"])
        best.setdefault(pair, row)
        products[pair].add(row["offer__category_id"])
    participants = Participant.objects.filter(mission=mission)
    exporters = dict(participants.exporters().values_list("exporter_id", "pk"))
    buyers = dict(participants.buyers().values_list("buyer_id", "pk"))
    for (_, buyer_id), row in best.items():
        if buyer_id not in buyers:
            guest = Participant.objects.create(
                mission=mission, buyer_id=buyer_id, language=row["line__interest__language"]
            )
            buyers[buyer_id] = guest.pk
            result.invited += 1
    existing = {
        (r.exporter_id, r.buyer_id): r
        for r in MeetingRequest.objects.filter(mission=mission).prefetch_related("categories")
    }
    for pair, row in best.items():
        key = (exporters[pair[0]], buyers[pair[1]])
        fields = {"score": row["score"], "reasons": row["reasons"]}
        request = existing.get(key)
        if request is None:
            request = MeetingRequest.objects.create(
                mission=mission,
                exporter_id=key[0],
                buyer_id=key[1],
                origin=MeetingRequest.Origin.MATCH,
                **fields,
            )
            request.categories.set(products[pair])
            result.requests += 1
        elif (
            any(getattr(request, name) != value for name, value in fields.items())
            or {c.pk for c in request.categories.all()} != products[pair]
        ):
            MeetingRequest.objects.filter(pk=request.pk).update(**fields)
            request.categories.set(products[pair])
            result.rescored += 1
    return result
