"""Buyers' pages: register interest, confirm it from the e-mail, see its status, withdraw."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from catalogue.lib.formatting import format_date
from catalogue.lib.normalise import whole_number
from catalogue.models import Exporter, ProductCategory
from catalogue.search.query import MAX_QUERY, understand
from matching import personal_data, services
from matching.forms import MAX_LINES, BuyerForm, LineForm, LineFormSet, LostLinkForm, started_token
from matching.from_query import line_from_query
from matching.links import (
    REQUESTS_MAX_AGE,
    LinkError,
    email_for_requests,
    interest_for_status,
    interest_to_confirm,
    status_token,
)
from matching.models import Buyer, Interest, Match
from matching.models.interests import PRIVACY_NOTICE_VERSION
from matching.ratelimit import allow
from matching.revisions import what_confirming_does


def client_ip(request: HttpRequest) -> str | None:
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.TRUST_X_FORWARDED_FOR and forwarded:
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


def _initial_lines(request: HttpRequest) -> list[dict]:
    """A line for the product the buyer came from: a category page, or a search with no
    result; what the search said of sizes, quantities and terms fills the line too."""
    slug = request.GET.get("product", "")
    category = ProductCategory.objects.published().filter(slug=slug).first() if slug else None
    line = line_from_query(understand(request.GET.get("q", "")[:MAX_QUERY]))
    line["product"] = str(line["product"])[: LineForm.base_fields["product"].max_length]
    if category:
        return [{**line, "category": category, "product": category.display_name}]
    return [line]


@never_cache
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        buyer_form = BuyerForm(initial={"started": started_token()})
        lines = LineFormSet(initial=_initial_lines(request), prefix="lines")
        return _form_page(request, buyer_form, lines)
    if "add_line" in request.POST:
        return _form_page(request, *_with_one_more_line(request))
    buyer_form = BuyerForm(request.POST)
    lines = LineFormSet(request.POST, prefix="lines")
    if buyer_form.looks_automated:
        return redirect("matching:sent")  # say nothing useful to a bot
    if not (buyer_form.is_valid() and lines.is_valid()):
        return _form_page(request, buyer_form, lines, status=400)
    ip = client_ip(request)
    email = buyer_form.cleaned_data["email"]
    if not allow(f"ip:{ip}", limit=settings.INTEREST_LIMIT_PER_IP_HOUR, window=3600) or not allow(
        f"email:{email}", limit=settings.INTEREST_LIMIT_PER_EMAIL_DAY, window=86400
    ):
        return render(request, "matching/too_many.html", status=429)
    services.register_interest(
        buyer=buyer_form.details(),
        lines=[
            form.details()
            for form in lines.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ],
        ip=ip,
        base_url=_base_url(request),
    )
    return redirect("matching:sent")


def _with_one_more_line(request: HttpRequest) -> tuple[BuyerForm, LineFormSet]:
    """What the buyer typed, unvalidated, with one more empty line (no JavaScript needed)."""
    data = request.POST
    buyer = BuyerForm(initial={name: data.get(name, "") for name in BuyerForm.base_fields})
    sent = data.get("lines-TOTAL_FORMS", "")
    total = min(whole_number(sent) or 1, MAX_LINES)
    rows = [
        {name: data.get(f"lines-{i}-{name}", "") for name in LineForm.base_fields}
        for i in range(total)
        if not data.get(f"lines-{i}-DELETE")
    ]
    if len(rows) < MAX_LINES:
        rows.append({})
    lines = LineFormSet(initial=rows, prefix="lines")
    _focus(lines.forms[-1]["product"])  # the page opens at the new line
    return buyer, lines


def _form_page(request, buyer_form, lines, *, status=200) -> HttpResponse:
    # Each field in error, named as the buyer sees it ("Product 2: Unit").
    wrong = [(field, _short_label(field)) for field in buyer_form.visible_fields() if field.errors]
    for number, form in enumerate(lines.forms, start=1):
        product = _("Product %(number)s") % {"number": number}
        wrong += [(f, f"{product}: {_short_label(f)}") for f in form.visible_fields() if f.errors]
    if wrong:
        _focus(wrong[0][0])  # on a phone the first error is otherwise below the fold
    context = {"buyer_form": buyer_form, "lines": lines, "max_lines": MAX_LINES, "wrong": wrong}
    return render(request, "matching/register.html", context, status=status)


def _short_label(field) -> str:
    """A field's name in the list of errors: its label, or a short one where the label is
    a whole sentence (a box to tick)."""
    return str(getattr(field.form, "short_labels", {}).get(field.name, field.label))


def _focus(field) -> None:
    field.field.widget.attrs["autofocus"] = True


@never_cache
def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/sent.html")


def _link_error(request: HttpRequest, error: LinkError) -> HttpResponse:
    return render(request, "matching/link_error.html", {"reason": str(error)}, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button: mail scanners that open links do not confirm anything."""
    try:
        interest = interest_to_confirm(token)
    except LinkError as error:
        return _link_error(request, error)
    changed = False
    if request.method == "POST":
        # Confirm only what the page showed: a request confirmed in between may change it.
        shown = request.POST.get("shown")
        changed = (
            interest.status == Interest.Status.NEW
            and shown != what_confirming_does(interest).fingerprint
        )
        if not changed:
            was_new = interest.status == Interest.Status.NEW
            try:
                interest = services.confirm_interest(interest=interest, base_url=_base_url(request))
            except services.WorkflowError:  # erased or deleted meanwhile
                return _link_error(request, LinkError("invalid"))
            if was_new and interest.merged_into_id:
                messages.success(request, _("Thank you: what you sent updated this request."))
            elif was_new:
                messages.success(request, _("Thank you: your request is confirmed."))
    if interest.status == Interest.Status.NEW:
        context = {"interest": interest, "confirmation": what_confirming_does(interest),
                   "changed": changed, "days": settings.UNCONFIRMED_REQUEST_DAYS}  # fmt: skip
        return render(request, "matching/confirm.html", context, status=409 if changed else 200)
    # Confirmed, now or before: the link leads to the request itself.
    shown = interest.merged_into or interest
    if shown.status == Interest.Status.WITHDRAWN:  # withdrawing ends every link
        return _link_error(request, LinkError("invalid"))
    if shown.confirmed_at is None:
        return render(request, "matching/link_error.html", {"reason": "closed"}, status=400)
    return redirect("matching:status", token=status_token(shown))


@never_cache
def status(request: HttpRequest, token: str) -> HttpResponse:
    try:
        interest = interest_for_status(token)
    except LinkError as error:
        return _link_error(request, error)
    matches = Match.objects.exclude(status=Match.Status.REJECTED).select_related("offer__exporter")
    lines = interest.lines.select_related("category", "suggested_hs").prefetch_related(
        Prefetch("matches", queryset=matches)
    )
    shown = [(line, _one_per_exporter(line.matches.all())) for line in lines]
    introductions = interest.introductions.select_related("exporter")
    agreed = {intro.exporter_id: intro for intro in introductions}
    # The matched exporters the buyer may choose, then every agreement given: an exporter
    # rejected or a request closed since still shows who has, or may get, the details.
    matched = list(services.matched_exporters(interest)) if interest.is_open else []
    exporters = [(e, agreed.pop(e.pk, None)) for e in matched]
    exporters += [(i.exporter, i) for i in agreed.values()]
    context = {"interest": interest, "lines": shown, "token": token, "exporters": exporters,
               "introductions_tag": INTRODUCTIONS}  # fmt: skip
    return render(request, "matching/status.html", context)


def _one_per_exporter(matches) -> list[Match]:
    """An exporter matched through several offers is shown once: selected by officials first,
    then by best score."""
    shown, seen = [], set()
    for match in sorted(matches, key=lambda m: (m.status != Match.Status.ACCEPTED, -m.score)):
        if match.offer.exporter_id not in seen:
            seen.add(match.offer.exporter_id)
            shown.append(match)
    return shown


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks; POST withdraws."""
    try:
        interest = interest_for_status(token)
    except LinkError as error:
        return _link_error(request, error)
    if request.method == "GET":
        return render(request, "matching/withdraw.html", {"interest": interest, "token": token})
    try:
        interest = services.withdraw_interest(interest=interest)
    except services.WorkflowError as error:
        messages.error(request, str(error))
        return redirect("matching:status", token=token)
    return render(request, "matching/withdrawn.html", {"interest": interest})


# Messages shown in the status page's introductions section, where the page opens.
INTRODUCTIONS = "introductions"


@require_POST
def introduce(request: HttpRequest, token: str) -> HttpResponse:
    """The buyer agrees, exporter by exporter, that their contact details go to it; or takes
    an agreement back before the introduction is made."""
    try:
        interest = interest_for_status(token)
    except LinkError as error:
        return _link_error(request, error)
    agreed = request.POST.get("agreed") == "1"
    exporter_id = whole_number(request.POST.get("exporter", "")[:20])
    try:
        changed = services.agree_to_introduction(
            interest=interest, exporter_id=exporter_id, agreed=agreed
        )
    except services.WorkflowError as error:
        messages.error(request, str(error), extra_tags=INTRODUCTIONS)
    else:
        exporter = Exporter.objects.filter(pk=exporter_id).first() if changed else None
        if exporter is not None:
            messages.success(
                request,
                _("Thank you: trade officials will introduce you to %(exporter)s.")
                % {"exporter": exporter.name}
                if agreed
                else _("Your contact details will not be passed to %(exporter)s.")
                % {"exporter": exporter.name},
                extra_tags=INTRODUCTIONS,
            )
    return redirect(reverse("matching:status", args=[token]) + "#introductions-title")


def _json_download(data: dict, filename: str) -> HttpResponse:
    response = JsonResponse(data, encoder=DjangoJSONEncoder, json_dumps_params={"indent": 2})
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
def request_data(request: HttpRequest, token: str) -> HttpResponse:
    """What we hold about the buyer of this request, and the request, as a JSON file."""
    try:
        interest = interest_for_status(token)
    except LinkError as error:
        return _link_error(request, error)
    interests = list(personal_data.requests_for_data(Interest.objects.filter(pk=interest.pk)))
    data = personal_data.data_of(interest.buyer, interests)
    return _json_download(data, f"request-{interest.reference}.json")


@never_cache
def my_data(request: HttpRequest, token: str) -> HttpResponse:
    """What we hold about the address of a "my requests" link, as a JSON file."""
    try:
        email = email_for_requests(token)
    except LinkError as error:
        return _link_error(request, error)
    buyer = _buyer(email)
    if buyer is None:
        return _json_download({"buyer": None, "requests": []}, "my-data.json")
    interests = personal_data.requests_for_data(buyer.interests.order_by("created_at"))
    return _json_download(personal_data.data_of(buyer, list(interests)), "my-data.json")


def _buyer(email: str) -> Buyer | None:
    return Buyer.objects.filter(email=email, erased_at__isnull=True).first()


@never_cache
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks; POST erases every request of the buyer, and the buyer."""
    try:
        interest = interest_for_status(token)
    except LinkError as error:
        return _link_error(request, error)
    return _erase_page(request, interest.buyer)


@never_cache
@require_http_methods(["GET", "POST"])
def erase_mine(request: HttpRequest, token: str) -> HttpResponse:
    try:
        email = email_for_requests(token)
    except LinkError as error:
        return _link_error(request, error)
    return _erase_page(request, _buyer(email))


def _erase_page(request: HttpRequest, buyer: Buyer | None) -> HttpResponse:
    if buyer is not None and not buyer.is_erased and request.method == "POST":
        personal_data.erase_buyer(buyer)
        return render(request, "matching/erased.html")
    requests = buyer.interests.filter(merged_into__isnull=True).count() if buyer else 0
    context = {"buyer": buyer, "requests": requests}
    return render(request, "matching/erase.html", context)


def privacy(request: HttpRequest) -> HttpResponse:
    """The notice buyers agree to when they send a request."""
    context = {
        "version": format_date(date.fromisoformat(PRIVACY_NOTICE_VERSION)),
        "controller": settings.PRIVACY_CONTROLLER or _("the organisation that runs this catalogue"),
        "contact": settings.PRIVACY_CONTACT_EMAIL,
        "unconfirmed_days": settings.UNCONFIRMED_REQUEST_DAYS,
        "closed_days": settings.CLOSED_REQUEST_RETENTION_DAYS,
    }
    return render(request, "matching/privacy.html", context)


@never_cache
def my_requests(request: HttpRequest, token: str) -> HttpResponse:
    """Every request of the address a signed link was sent to, with each one's link."""
    try:
        email = email_for_requests(token)
    except LinkError as error:
        return _link_error(request, error)
    interests = (
        # A request that only updated an earlier one lives on in it.
        Interest.objects.filter(buyer__email=email, merged_into__isnull=True)
        .select_related("buyer")
        .prefetch_related("lines__category")
        .order_by("-created_at")
    )
    shown = [
        (interest, status_token(interest) if interest.confirmed_at else None)
        for interest in interests
    ]
    context = {"interests": shown, "email": email, "token": token}
    return render(request, "matching/mine.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def lost_link(request: HttpRequest) -> HttpResponse:
    form = LostLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if allow(
            f"lost:{email}", limit=settings.LOST_LINK_LIMIT_PER_EMAIL_HOUR, window=3600
        ) and allow(
            f"lost-ip:{client_ip(request)}", limit=settings.LOST_LINK_LIMIT_PER_IP_HOUR, window=3600
        ):
            services.send_links(email=email, base_url=_base_url(request))
        # The same answer whether or not we know the address.
        messages.info(
            request, _("If we have requests from this address, we have sent their links to it.")
        )
        return redirect(reverse("matching:lost-link"))
    context = {"form": form, "days": REQUESTS_MAX_AGE // 86400}
    return render(request, "matching/lost_link.html", context)
