"""A mission to Lagos: two exporters of the delegation, three buyers whose open requests
match them, two sessions on two days."""

from __future__ import annotations

import datetime as dt

import pytest

from matching.models import Interest, InterestLine, Match
from missions.models import Break, Mission, Participant, Session
from tests.factories import make_buyer, make_category, make_exporter, make_offer


def wants(buyer, offer, score: float, *, status: str = Interest.Status.CONFIRMED) -> Match:
    interest = Interest.objects.create(buyer=buyer, status=status, language="en")
    line = InterestLine.objects.create(
        interest=interest, category=offer.category, quantity=500, unit="t"
    )
    return Match.objects.create(line=line, offer=offer, score=score, reasons=["same product"])


@pytest.fixture
def lagos(hs):
    wheat = make_category("Durum wheat", "100119")
    oil = make_category("Sunflower oil", "151211")
    grain = make_exporter(
        "Kostanay Grain LLP", email="sales@kgrain.kz", phone="+77010000000", contact_name="Aidar"
    )
    oils = make_exporter("Steppe Oils LLP", email="info@steppe-oils.kz")
    grain_wheat = make_offer(grain, wheat)
    oils_oil = make_offer(oils, oil)
    mills = make_buyer(company_name="Lagos Flour Mills Ltd", email="ada@lagosmills.ng")
    foods = make_buyer(company_name="Kano Foods Ltd", email="musa@kanofoods.ng")
    late = make_buyer(company_name="Abuja Traders Ltd", email="ngozi@abujatraders.ng")
    wants(mills, grain_wheat, 0.9)
    wants(mills, oils_oil, 0.6)
    wants(foods, oils_oil, 0.8)
    wants(late, grain_wheat, 0.7, status=Interest.Status.NEW)  # not confirmed: not invited
    mission = Mission.objects.create(
        name="Kazakh business mission to Lagos", city="Lagos", venue="Eko Hotel", tables=4,
        meeting_minutes=30, per_session=4,
    )  # fmt: skip
    first = Session.objects.create(
        mission=mission, date=dt.date(2027, 3, 9), start=dt.time(9), end=dt.time(12)
    )
    Break.objects.create(session=first, start=dt.time(10, 30), end=dt.time(11))
    Session.objects.create(
        mission=mission, date=dt.date(2027, 3, 10), start=dt.time(14), end=dt.time(16)
    )
    for exporter in (grain, oils):
        Participant.objects.create(
            mission=mission, exporter=exporter, language="ru", status=Participant.Status.CONFIRMED
        )
    return mission
