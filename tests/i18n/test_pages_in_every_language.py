"""Every page of the public site, in English, Russian and Kazakh.

Each address of the site (every pattern under i18n_patterns, so a page added later must be
listed in PAGES below) is opened for three objects in each language; forms are also sent
wrong once. A Russian or Kazakh page must carry its language in <html lang> and show no
English word of its own: what is left of its visible text once the names (products,
exporters, certifications, what the buyer typed), codes, addresses and text marked as
another language are set aside must hold no word in Latin letters outside ALLOWED. No
page in any language shows two full stops in a row (a date ending in one, then a
sentence's).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from access.loader import load_rules
from access.models import ImportRule, RuleSource
from catalogue.choices import Incoterm
from catalogue.models import Certification, Exporter, ProductCategory
from config.errors import server_error
from matching import services
from matching.forms import BuyerForm, LineFormSet, started_token
from matching.links import confirmation_token, requests_token, status_token
from matching.models import Buyer, Interest, InterestLine
from missions import planning
from missions.links import participant_token
from missions.models import MeetingRequest, Mission, Participant, Session
from missions.timetable import schedule
from tests.i18n.visible_text import latin_words, visible_text
from tests.matching.helpers import interest_post, line

LANGUAGES = ("en", "ru", "kk")
TRANSLATED = ("ru", "kk")

# Latin words a Russian or Kazakh page may show, each a code or a name in every language.
ALLOWED = frozenset(
    [
        "KZ", "NG",  # the site's mark, KZ→NG
        "HS",  # the Harmonized System's own abbreviation, as in "HS 1001.99"
        "BIN",  # Kazakhstan's business identification number, as exporters quote it
        "CAC", "RC", "BN", "IT", "LP", "LLP",  # Nigeria's company registry and its prefixes
        "EAC", "ISO", "GOST",  # certification marks and standards
        "JSON",  # the format of the data download
        "Incoterms", *Incoterm.values,  # the ICC's trade terms, written so in every language
        *InterestLine.Currency.values,  # ISO 4217 codes: NGN, USD, EUR
        "IBC", "IBCs",  # intermediate bulk containers, so called in the trade everywhere
        "WhatsApp",  # a brand
        "kg",  # a unit symbol in examples ("50 kg")
    ]
)  # fmt: skip
# Section numbers of the Harmonized System are Roman numerals in every language.
ROMAN = re.compile(r"[IVXL]+")
# What the visits below type into the search box: the buyer's words, shown as typed.
TYPED = (
    "AGO 12 mm 5000 t per month to Apapa port",
    "sunflower oil in 5 l bottles, 20 containers CIF Lagos",
    "blue unobtainium widgets",
    '"red sugar"',
    "20 tonnes of 12 mm iron rods CIF Apapa",
    # ...and their product words, which the line "Showing ..." repeats as the buyer wrote them
    "sunflower oil",
    "red sugar",
    "AGO",
)


@dataclass
class Visit:
    """One page to open: an address of the pattern, with a query or a form to send."""

    kwargs: dict = field(default_factory=dict)
    query: str = ""
    post: dict | None = None  # sent (and its redirect followed) instead of a GET


@dataclass
class Site:
    """The objects the pages show: the demo catalogue, import rules, and three buyers."""

    categories: list[ProductCategory]
    exporters: list[Exporter]
    codes: list[str]
    confirmed: list[Interest]
    unconfirmed: list[Interest]
    emails: list[str]
    names: list[str]  # names and words of the buyers', shown as they are
    participants: list[Participant] = field(default_factory=list)  # of a published mission


# What to open for each pattern: a function of the site giving its visits, or, for what is
# no page, the reason it is not read.
def _one(site: Site) -> list[Visit]:
    return [Visit()]


def _home(site: Site) -> list[Visit]:
    first = site.categories[0]
    return [
        Visit(),
        Visit(query=f"q={TYPED[0]}"),  # trade words, sizes, quantities, a port
        Visit(query=f"q={TYPED[1]}"),  # packs, containers, terms
        Visit(query=f"q={TYPED[2]}"),  # nothing found
        Visit(query=f"q={TYPED[3]}"),  # in quotes, found nowhere word for word
        Visit(query=f"q={first.name}&region=pavlodar&incoterm=FOB&sort=code&offered=true"),
        Visit(query="chapter=1&sector=%25"),  # filters in error
    ]


def _register(site: Site) -> list[Visit]:
    wrong = {**interest_post(line(quantity="-1", port="other")), "email": "not an address"}
    return [
        Visit(),
        Visit(query=f"product={site.categories[0].slug}"),
        Visit(query=f"q={TYPED[4]}"),
        Visit(post=wrong),
        Visit(post={**interest_post(line()), "add_line": "1"}),
    ]


def _statuses(site: Site, *, post: dict | None = None) -> list[Visit]:
    return [Visit({"token": status_token(i)}, post=post) for i in site.confirmed]


def _mine(site: Site) -> list[Visit]:
    return [Visit({"token": requests_token(email)}) for email in site.emails]


PAGES: dict[str, Callable[[Site], list[Visit]] | str] = {
    "catalogue:home": _home,
    "catalogue:category": lambda s: [Visit({"slug": c.slug}) for c in s.categories],
    "catalogue:exporter": lambda s: [Visit({"slug": e.slug}) for e in s.exporters],
    "catalogue:hs-index": _one,
    "catalogue:hs-code": lambda s: [Visit({"code": code}) for code in s.codes],
    "matching:register": _register,
    "matching:sent": _one,
    "matching:lost-link": lambda s: [
        Visit(),
        Visit(post={"email": "no address"}),
        Visit(post={"email": s.emails[0]}),
    ],
    "matching:privacy": _one,
    "matching:mine": _mine,
    "matching:mine-data": "a JSON file of the buyer's data, not a page",
    "matching:mine-erase": lambda s: [
        *(Visit({"token": requests_token(email)}) for email in s.emails),
        Visit({"token": requests_token(s.emails[0])}, post={}),
    ],
    "matching:confirm": lambda s: [
        *(Visit({"token": confirmation_token(i)}) for i in s.unconfirmed),
        Visit({"token": confirmation_token(s.unconfirmed[0])}, post={"shown": "stale"}),
        Visit({"token": "not-a-token"}),  # the link error page
    ],
    "matching:status": _statuses,
    "matching:withdraw": lambda s: [
        *_statuses(s),
        Visit({"token": status_token(s.confirmed[0])}, post={}),
    ],
    "matching:introduce": lambda s: [
        Visit({"token": status_token(i)}, post={"exporter": e.pk, "agreed": agreed})
        for i in s.confirmed
        for e in services.matched_exporters(i)[:1]
        for agreed in ("1", "0")
    ],
    "matching:data": "a JSON file of the request, not a page",
    "matching:erase": lambda s: [
        *_statuses(s),
        Visit({"token": status_token(s.confirmed[0])}, post={}),
    ],
    "about:page": _one,
    "missions:answer": lambda s: [
        *(Visit({"token": participant_token(p)}) for p in s.participants[:3]),
        Visit({"token": participant_token(s.participants[-1])}, post={"attending": "yes"}),
        Visit({"token": "not-a-token"}),  # the link error page
    ],
    "missions:agenda": lambda s: [
        Visit({"token": participant_token(p)}) for p in s.participants[:3]
    ],
    "missions:calendar": "an iCalendar file, not a page",
}


def _public_patterns() -> list[str]:
    """The names of the site's patterns under i18n_patterns, with their namespaces."""

    def walk(entries, namespace: str) -> list[str]:
        names = []
        for entry in entries:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                names += walk(entry.url_patterns, inner)
            elif isinstance(entry, URLPattern):
                names.append(f"{namespace}{entry.name}")
        return names

    public = []
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
            public += walk(entry.url_patterns, "")
    return public


def test_every_page_of_the_site_is_listed_here():
    patterns = _public_patterns()
    assert patterns, "no pattern found under i18n_patterns"
    unlisted = sorted(set(patterns) - set(PAGES))
    assert not unlisted, f"pages without an entry in PAGES: {unlisted}"
    gone = sorted(set(PAGES) - set(patterns))
    assert not gone, f"PAGES lists patterns that no longer exist: {gone}"


def _buyer(n: int, category: ProductCategory) -> tuple[str, dict]:
    email = f"buyer{n}@example.ng"
    lines = [
        line(category=category.slug, product=category.display_name, incoterm="FOB",
             rules_seen="on"),
        line(product="galvanised roofing sheets 0.45 mm", port="other", port_other="Ikorodu",
             quantity="", unit="", notes="Samples first", specifications="0.45 mm, AZ150"),
    ]  # fmt: skip
    data = interest_post(*lines, email=email, company_name=f"Kano Trading {n} Ltd",
                         contact_name=f"Musa Bello {n}", city="Kano", state="KN",
                         contact_times="weekdays 9:00–17:00")  # fmt: skip
    return email, data


def _register_directly(data: dict) -> None:
    buyer_form, lines = BuyerForm(data), LineFormSet(data, prefix="lines")
    assert buyer_form.is_valid() and lines.is_valid(), (buyer_form.errors, lines.errors)
    details = [form.details() for form in lines.forms if form.cleaned_data]
    services.register_interest(
        buyer=buyer_form.details(), lines=details, ip="127.0.0.1", base_url="http://testserver/"
    )


@pytest.fixture(scope="module")
def site(demo_catalogue, django_db_blocker) -> Site:
    with django_db_blocker.unblock():
        load_rules()
        published = ProductCategory.objects.published()
        offered = published.filter(offers__is_active=True).distinct().order_by("name")
        prohibited = offered.under_prohibition().first()
        categories = [c for c in offered[:2]] + ([prohibited] if prohibited else [offered[2]])
        active = Exporter.objects.active().filter(offers__is_active=True).distinct()
        exporters = [*active.filter(is_verified=True)[:1], *active.filter(is_verified=False)[:2]]
        code = categories[0].primary_code.hs_code_id
        confirmed, unconfirmed, emails = [], [], []
        for n, category in enumerate(categories, start=1):
            email, data = _buyer(n, category)
            _register_directly(data)
            services.confirm_interest(
                interest=Interest.objects.get(buyer__email=email), base_url="http://testserver/"
            )
            confirmed.append(Interest.objects.get(buyer__email=email))
            later = {**data, "lines-0-quantity": "900", "started": started_token(time.time() - 30)}
            _register_directly(later)  # an update of the first, awaiting confirmation
            unconfirmed.append(Interest.objects.get(buyer__email=email, confirmed_at=None))
            emails.append(email)
        cache.clear()  # what the rate limits counted
        participants = _published_mission(confirmed)
        buyers = Buyer.objects.filter(email__in=emails)
        names = [
            *(c.name for c in ProductCategory.objects.all()),
            *(c.name_ru for c in ProductCategory.objects.all()),
            *(c.name_kk for c in ProductCategory.objects.all()),
            *Exporter.objects.values_list("name", flat=True),
            *Certification.objects.values_list("name", flat=True),
            *(b.company_name for b in buyers),
            *(b.contact_name for b in buyers),
            "Kano", "Ikorodu", "Samples first", "galvanised roofing sheets 0.45 mm",
            "0.45 mm, AZ150", "weekdays 9:00–17:00",
            MISSION["name"], MISSION["city"], MISSION["venue"],
            *TYPED,
        ]  # fmt: skip
        yield Site(
            categories=categories,
            exporters=exporters,
            codes=[code[:2], code[:4], code[:6]],
            confirmed=confirmed,
            unconfirmed=unconfirmed,
            emails=emails,
            names=sorted({n for n in names if n}, key=len, reverse=True),
            participants=participants,
        )
        Mission.objects.all().delete()
        Interest.objects.all().delete()
        Buyer.objects.all().delete()
        ImportRule.objects.all().delete()
        RuleSource.objects.all().delete()


MISSION = {"name": "Kazakh business mission", "city": "Lagos", "venue": "Eko Hotel"}


def _published_mission(interests: list[Interest]) -> list[Participant]:
    """A mission of the exporters matched to these requests, its agendas published: a
    buyer, then exporters, then someone who has not answered."""
    mission = Mission.objects.create(**MISSION, status=Mission.Status.PRELIMINARY)
    Session.objects.create(mission=mission, date="2027-03-09", start="09:00", end="12:00")
    exporters = {e for i in interests for e in services.matched_exporters(i)}
    for exporter in exporters:
        Participant.objects.create(mission=mission, exporter=exporter, language="ru")
    planning.propose(mission=mission)
    waiting = Participant.objects.filter(mission=mission).order_by("pk").last()
    Participant.objects.exclude(pk=waiting.pk).update(status=Participant.Status.CONFIRMED)
    MeetingRequest.objects.update(exporter_answer="accepted", buyer_answer="accepted")
    schedule(mission=mission, seconds=2)
    participants = Participant.objects.filter(mission=mission).select_related(
        "mission", "exporter", "buyer"
    )
    return sorted(participants, key=lambda p: (p.pk == waiting.pk, p.is_exporter))


def _open(client: Client, name: str, visit: Visit, language: str):
    with translation.override(language):
        path = reverse(name, kwargs=visit.kwargs)
    path += f"?{visit.query}" if visit.query else ""
    if visit.post is not None:
        response = client.post(path, visit.post, follow=True)
    else:
        response = client.get(path, follow=True)
    return path, response


# Two full stops where one is meant: a date that ends in one («3 декабря 2026 г.») and the
# sentence's own; an ellipsis is three.
DOUBLE_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def _english_left(html: str, language: str, site: Site) -> tuple[str | None, list[str]]:
    texts, html_lang = visible_text(html, language)
    words = []
    for text in texts:
        words += [
            word
            for word in latin_words(text, names=site.names, allowed=ALLOWED)
            if not ROMAN.fullmatch(word)
        ]
    return html_lang, words


def _check(where: str, html: str, language: str, site: Site) -> list[str]:
    html_lang, words = _english_left(html, language, site)
    problems = []
    if html_lang != language:
        problems.append(f'{where}: <html lang="{html_lang}">, not "{language}"')
    if language in TRANSLATED and words:
        problems.append(f"{where}: {', '.join(sorted(set(words)))}")
    texts, _ = visible_text(html, language)
    problems += [f"{where}: two full stops: {t.strip()!r}" for t in texts if DOUBLE_STOP.search(t)]
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", [name for name, pages in PAGES.items() if callable(pages)])
def test_the_page_is_wholly_in_the_language(name, language, site, db, client):
    problems = []
    for visit in PAGES[name](site):
        cache.clear()  # the rate limits of the forms, each visit afresh
        path, response = _open(client, name, visit, language)
        where = f"{'POST' if visit.post is not None else 'GET'} {path} ({language})"
        if response.status_code >= 500 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            problems.append(f"{where}: status {response.status_code}, {response['Content-Type']}")
            continue
        problems += _check(where, response.content.decode(), language, site)
    assert not problems, "English left on the page:\n" + "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_pages_are_in_the_language(language, site, db, client):
    problems = []
    missing = client.get(f"/{language}/no-such-page/" if language != "en" else "/no-such-page/")
    assert missing.status_code == 404
    problems += _check(f"404 ({language})", missing.content.decode(), language, site)
    with translation.override(language):
        request = RequestFactory().get("/")
        request.LANGUAGE_CODE = language
        broken = server_error(request)
    problems += _check(f"500 ({language})", broken.content.decode(), language, site)
    assert not problems, "English left on the page:\n" + "\n".join(problems)


def test_the_language_switch_offers_every_language_on_every_page(site, db, client):
    for name, pages in PAGES.items():
        if not callable(pages):
            continue
        visit = pages(site)[0]
        if visit.post is not None:
            continue
        _, response = _open(client, name, visit, "kk")
        html = response.content.decode()
        for code, label in (("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")):
            assert f'lang="{code}">{label}<' in html, (name, code)
