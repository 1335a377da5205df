"""Pair interest lines with exporters' offers, scored by matching/scoring.py, and keep the result.

Staff decisions survive: an accepted or rejected match keeps its status when
matches are computed again; only suggestions come and go.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from catalogue.lib.bulk_insert import BATCH, ORM_BATCH
from catalogue.models import CategoryCode, Certification, Offer, under_code
from catalogue.search.query import understand
from matching.models import Interest, InterestLine, Match
from matching.scoring import InterestFacts, OfferFacts, Score, same_product, score_offer

MIN_SCORE = 0.4
PER_LINE = 10


@dataclass
class RematchResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0


def line_code(line: InterestLine) -> str:
    if line.category_id:
        primary = line.category.primary_code
        if primary:
            return primary.hs_code_id
    return line.suggested_hs_id or ""


def interest_facts(line: InterestLine, certification_names: dict[str, str]) -> InterestFacts:
    return InterestFacts(
        code=line_code(line),
        quantity=line.quantity,
        unit=line.unit,
        frequency=line.frequency,
        incoterm=line.incoterm,
        certification=line.required_certification,
        certification_name=certification_names.get(line.required_certification, ""),
        words=" ".join(filter(None, [line.free_text, line.notes])),
        category_id=line.category_id,
        names=_names_asked(line),
    )


def _names_asked(line: InterestLine) -> tuple[str, ...]:
    """The product a line asks for: the catalogue's names for it, or the buyer's product
    words (what they typed, without its quantities, terms and places)."""
    if line.category_id:
        return (line.category.name, line.category.name_ru)
    return (understand(line.free_text).product,)


def offer_facts(offer: Offer) -> OfferFacts:
    return OfferFacts(
        codes=tuple(c.hs_code_id for c in offer.category.codes.all()),
        capacity=offer.capacity,
        unit=offer.unit,
        incoterms=tuple(offer.incoterm_list),
        certifications={c.code: c.name for c in offer.exporter.certifications.all()},
        words=f"{offer.category.name} {offer.category.name_ru} {offer.exporter.name}",
        category_id=offer.category_id,
        names=(offer.category.name, offer.category.name_ru),
    )


def candidate_offers(code: str):
    """Active offers of published categories in the same HS chapter."""
    in_chapter = CategoryCode.objects.filter(under_code(code[:2]), category=OuterRef("category"))
    return (
        Offer.objects.filter(
            Exists(in_chapter),
            is_active=True,
            exporter__is_active=True,
            category__is_published=True,
        )
        .select_related("exporter", "category")
        .prefetch_related("category__codes", "exporter__certifications")
    )


# The related exporters shown to staff beside a line's matches.
RELATED_SHOWN = 8


def related_exporters(line: InterestLine, matched: Collection[int]) -> dict[str, list[str]]:
    """Exporters with offers under the line's HS heading other than those matched: a hint
    for staff looking further, never a match (the product is not the one asked for; the
    chapter alone would pair cement with salt). By exporter name, its products there."""
    code = line_code(line)
    if len(code) < 4:
        return {}
    in_heading = CategoryCode.objects.filter(under_code(code[:4]), category=OuterRef("category"))
    offers = (
        Offer.objects.filter(
            Exists(in_heading),
            is_active=True,
            exporter__is_active=True,
            category__is_published=True,
        )
        .exclude(exporter_id__in=matched)
        .order_by("exporter__name", "category__name")
        .values_list("exporter__name", "category__name")
    )
    related: dict[str, list[str]] = {}
    for exporter, product in offers[: RELATED_SHOWN * 10]:
        if exporter in related or len(related) < RELATED_SHOWN:
            related.setdefault(exporter, []).append(product)
    return related


def open_interests_near(category_ids: Collection[int], headings: Collection[str]) -> QuerySet:
    """The open interests whose matches a change to these categories, which had or have
    codes under these HS headings, can alter.

    A line is reached when it asks for one of the categories (its code may have changed),
    when its code is in the chapter of one of the headings (candidate offers are drawn from
    the whole chapter, and sharing a chapter scores), or when it holds a match in such a
    chapter (its category deleted, it asks for something else now).
    """
    ids = list(category_ids)
    # An import of thousands of categories reaches nearly every line anyway, and that many
    # ids could pass the database's limit on a query's parameters.
    lines = InterestLine.objects
    reached = [
        lines.filter(category_id__in=ids) if len(ids) <= BATCH else lines.exclude(category=None)
    ]
    chapters = sorted({heading[:2] for heading in headings})
    if chapters:
        coded_there = CategoryCode.objects.filter(
            reduce(or_, (under_code(chapter) for chapter in chapters))
        )
        reached += [
            lines.filter(reduce(or_, (under_code(c, "suggested_hs_id") for c in chapters))),
            lines.filter(category__in=coded_there.filter(is_primary=True).values("category")),
            lines.filter(matches__offer__category__in=coded_there.values("category")),
        ]
    # Each set is found once through its indexes, not probed per open interest (a correlated
    # EXISTS walks all of them, however few a change reaches).
    return Interest.objects.open().filter(
        reduce(or_, (Q(pk__in=these.values("interest")) for these in reached))
    )


def _lines(interests: Iterable[Interest]):
    lines = InterestLine.objects.select_related("suggested_hs").prefetch_related(
        # Without Match's ordering, which joins two more tables to every line's id.
        Prefetch("category__codes"),
        Prefetch("matches", Match.objects.order_by()),
    )
    if not isinstance(interests, QuerySet):
        interests = list(interests)
    return lines.filter(interest__in=interests)


@transaction.atomic
def rematch(interests: Iterable[Interest]) -> RematchResult:
    """Compute the matches of these interests' lines (Interest.objects.open(): all that
    keep matches)."""
    names = dict(Certification.objects.values_list("code", "name"))
    offers_by_chapter: dict[str, list[tuple[int, int, OfferFacts]]] = {}
    changes = _Changes()
    for line in _lines(interests):
        facts = interest_facts(line, names)
        best: dict[int, _Best] = {}  # by exporter: one match each, its products listed
        if facts.code:
            chapter = facts.code[:2]
            if chapter not in offers_by_chapter:
                offers_by_chapter[chapter] = [
                    (offer.pk, offer.exporter_id, offer_facts(offer))
                    for offer in candidate_offers(chapter)
                ]
            for offer_id, exporter_id, offer in offers_by_chapter[chapter]:
                if same_product(offer, facts) is None:
                    continue
                score = score_offer(offer, facts)
                if score.value < MIN_SCORE:
                    continue
                held = best.get(exporter_id)
                if held is None or (score.value, -offer_id) > (held.score.value, -held.offer_id):
                    best[exporter_id] = _Best(offer_id, score, held.products if held else [])
                best[exporter_id].products.append(offer.names[0])
        ranked = sorted(best.values(), key=lambda b: (-b.score.value, b.offer_id))[:PER_LINE]
        changes.compare(line, {b.offer_id: (b.score, sorted(set(b.products))) for b in ranked})
    return changes.save()


@dataclass
class _Best:
    """An exporter's best offer for a line, and the names of all its offers that are the
    product asked for."""

    offer_id: int
    score: Score
    products: list[str]


@dataclass
class _Changes:
    """What rematch() found, written in a few bulk statements at the end."""

    new: list[Match] = field(default_factory=list)
    changed: list[Match] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    unchanged: int = 0

    def compare(self, line: InterestLine, best: dict) -> None:
        existing = {m.offer_id: m for m in line.matches.all()}
        for offer_id, (score, products) in best.items():
            # Compared as kept: a reason kept as English text (before reasons were kept as
            # data) makes the match change once, to be kept as data.
            reasons = [reason.as_data() for reason in score.reasons]
            match = existing.pop(offer_id, None)
            if match is None:
                self.new.append(
                    Match(
                        line=line,
                        offer_id=offer_id,
                        score=score.value,
                        reasons=reasons,
                        products=products,
                    )
                )
            elif (match.score, match.reasons, match.products) != (score.value, reasons, products):
                match.score, match.reasons, match.products = score.value, reasons, products
                self.changed.append(match)
            else:
                self.unchanged += 1
        for match in existing.values():
            if match.status == Match.Status.SUGGESTED:
                self.stale.append(match.pk)
            else:
                self.unchanged += 1  # an official's decision stays

    def save(self) -> RematchResult:
        now = timezone.now()
        for match in self.changed:
            match.computed_at = now
        Match.objects.bulk_create(self.new, batch_size=ORM_BATCH)
        Match.objects.bulk_update(
            self.changed, ["score", "reasons", "products", "computed_at"], batch_size=ORM_BATCH
        )
        for start in range(0, len(self.stale), ORM_BATCH):
            Match.objects.filter(pk__in=self.stale[start : start + ORM_BATCH]).delete()
        return RematchResult(len(self.new), len(self.changed), len(self.stale), self.unchanged)
