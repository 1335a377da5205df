"""The preview an official decides from: old → new for every change, renames of public
names warned of, products possibly already in the catalogue decided one by one, and the
valid rows imported without uploading again."""

import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from access.loader import load_rules
from access.models import ImportRule, RuleSource
from catalogue.importing.previews import has_upload
from catalogue.models import ImportBatch, Offer, ProductCategory
from jobs.models import Job
from jobs.running import recover_stalled
from tests.jobs.flow import post_running_jobs
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = pytest.mark.django_db

MACARONI = [1, "Макароны", "", "1902 19 100 0", "ТОО Шымкент Макарон", "", "", "900"]
RED_LENTILS = [6, "Чечевица красная", "", "0713 40 000 0", "ТОО Шымкент Бобы", "", "", "900"]
LINSEED = [2, "Семена льна", "Linseed", "1204 00 900 0", "", "", "", ""]
BUCKWHEAT = [3, "", "Buckwheat grain", "1008 10 000 0", "ТОО Актобе Агро", "", "", "1200"]
TURMERIC = [5, "Куркума", "Turmeric", "0910 30 000 0", "ТОО Специи", "", "", ""]
WRONG = [4, "Нечто", "Something", "99", "", "", "", ""]


def upload(client, *rows, **extra):
    data = xlsx(("Лист1", ministry_rows(*rows)))
    response = client.post(
        reverse("admin:catalogue_import"), {"file": SimpleUploadedFile("list.xlsx", data), **extra}
    )
    assert response.status_code == 200
    return response


def text(response) -> str:
    return html.unescape(response.content.decode())


def confirm(client, batch, **form):
    url = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    response = post_running_jobs(client, url, {"confirm": "1", **form})
    assert response.status_code == 302
    batch.refresh_from_db()
    return batch


def category(name) -> ProductCategory:
    return ProductCategory.objects.get(name=name)


def test_an_update_shows_old_and_new_and_a_rename_is_a_warning(admin_client, demo_catalogue):
    page = text(upload(admin_client, LINSEED))
    assert "English name: 'Flax seed (linseed)' → 'Linseed'" in page
    assert "updated: name" not in page
    assert (
        "Renames the published product 'Flax seed (linseed)': "
        "English name 'Flax seed (linseed)' → 'Linseed'."
    ) in page
    batch = confirm(admin_client, ImportBatch.objects.get(status="preview"))
    assert batch.status == ImportBatch.Status.APPLIED
    stored = list(batch.issues.values_list("level", "message"))
    # Named as the catalogue holds it, too: the row found it by its Russian name.
    assert ("info", "Updates category Linseed (1204.00), as 'Flax seed (linseed)' (1204.00): "
                    "English name: 'Flax seed (linseed)' → 'Linseed'.") in stored  # fmt: skip
    assert sum(level == "warning" and "Renames" in m for level, m in stored) == 1


def test_a_possible_match_is_offered_to_merge_and_merged(admin_client, demo_catalogue):
    lentils = category("Lentils, dried")
    response = upload(admin_client, RED_LENTILS)
    page = text(response)
    assert "possibly the same as 'Lentils, dried' (0713.40)" in page
    assert "merge into 'Lentils, dried' (0713.40)" in page
    assert "create a new product" in page
    (possible,) = response.context["possible"]
    before = ProductCategory.objects.count()
    batch = confirm(
        admin_client,
        ImportBatch.objects.get(status="preview"),
        **{f"same-{possible['token']}": lentils.pk},
    )
    assert batch.status == ImportBatch.Status.APPLIED
    assert ProductCategory.objects.count() == before
    assert Offer.objects.get(exporter__name="ТОО Шымкент Бобы").category == lentils
    lentils.refresh_from_db()
    assert lentils.name_ru == "Чечевица сушёная"  # the names are kept
    messages = list(batch.issues.values_list("message", flat=True))
    assert "Merged into 'Lentils, dried' (0713.40), as decided." in messages
    assert not any("Possibly" in m for m in messages)


def test_a_possible_match_can_be_created_as_a_new_product(admin_client, demo_catalogue):
    response = upload(admin_client, RED_LENTILS)
    (possible,) = response.context["possible"]
    before = ProductCategory.objects.count()
    batch = confirm(
        admin_client,
        ImportBatch.objects.get(status="preview"),
        **{f"same-{possible['token']}": "new"},
    )
    assert ProductCategory.objects.count() == before + 1
    assert category("Чечевица красная").name_ru == "Чечевица красная"
    messages = list(batch.issues.values_list("message", flat=True))
    assert "A new product, not 'Lentils, dried' (0713.40), as decided." in messages
    assert not any("Possibly" in m for m in messages)


def test_a_merge_into_a_product_that_was_not_offered_is_ignored(admin_client, demo_catalogue):
    response = upload(admin_client, RED_LENTILS)
    (possible,) = response.context["possible"]
    before = ProductCategory.objects.count()
    confirm(
        admin_client,
        ImportBatch.objects.get(status="preview"),
        **{f"same-{possible['token']}": category("Buckwheat").pk},
    )
    assert ProductCategory.objects.count() == before + 1
    assert not Offer.objects.filter(category__name="Buckwheat", exporter__name__contains="Бобы")


def test_the_same_product_in_other_words_updates_it(admin_client, demo_catalogue):
    buckwheat, pasta = category("Buckwheat"), category("Pasta, not containing eggs")
    response = upload(admin_client, BUCKWHEAT, MACARONI)
    page = text(response)
    assert response.context["report"].categories.created == 0
    assert "The same product as 'Buckwheat' (1008.10) in the catalogue" in page
    assert "The same product as 'Pasta, not containing eggs' (1902.19) in the catalogue" in page
    confirm(admin_client, ImportBatch.objects.get(status="preview"))
    assert Offer.objects.get(exporter__name="ТОО Актобе Агро").category == buckwheat
    assert Offer.objects.get(exporter__name="ТОО Шымкент Макарон").category == pasta
    assert not ProductCategory.objects.filter(name__in=["Buckwheat grain", "Макароны"]).exists()


def test_the_valid_rows_are_imported_and_the_rest_skipped_without_uploading_again(
    admin_client, demo_catalogue
):
    response = upload(admin_client, TURMERIC, WRONG)
    page = text(response)
    assert "Confirm import" not in page
    assert "Import the valid rows and skip the rest" in page
    batch = ImportBatch.objects.get(status="preview")
    assert has_upload(batch)
    assert not ProductCategory.objects.filter(name="Turmeric").exists()

    url = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    post_running_jobs(admin_client, url, {"skip_invalid": "1"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.skip_invalid
    assert batch.skipped == 1
    assert ProductCategory.objects.filter(name="Turmeric").exists()
    assert not has_upload(batch)


def test_a_preview_with_errors_is_not_imported_by_a_plain_confirmation(
    admin_client, demo_catalogue
):
    upload(admin_client, TURMERIC, WRONG)
    batch = confirm(admin_client, ImportBatch.objects.get(status="preview"))
    assert batch.status == ImportBatch.Status.REJECTED
    assert not ProductCategory.objects.filter(name="Turmeric").exists()


def test_each_issue_appears_once_on_the_batch_page(admin_client, demo_catalogue):
    upload(admin_client, TURMERIC, TURMERIC, WRONG)
    batch = confirm(admin_client, ImportBatch.objects.get(status="preview"), skip_invalid="1")
    assert batch.status == ImportBatch.Status.APPLIED
    page = text(admin_client.get(reverse("admin:catalogue_importbatch_change", args=[batch.pk])))
    assert page.count("Repeats row 6 (same product and exporter); merged.") == 1
    assert page.count("99 is only an HS chapter") == 1
    assert batch.issues.count() == 2


def test_the_preview_reads_in_russian(admin_client, demo_catalogue):
    # The admin answers in English (its paths have no language prefix); its templates are
    # translated all the same, for the day it does not.
    response = upload(admin_client, TURMERIC, WRONG, RED_LENTILS)
    context = response.context_data
    with translation.override("ru"):
        page = html.unescape(
            render_to_string("admin/catalogue/import_preview.html", context, response.wsgi_request)
        )
    assert "В файле 1 ошибка, она указана ниже." in page
    assert "Импортировать верные строки, остальные пропустить" in page
    assert "объединить с 'Lentils, dried' (0713.40)" in page
    assert "создать новый товар" in page


def test_a_confirmation_whose_worker_died_is_run_again(admin_client, demo_catalogue, settings):
    upload(admin_client, TURMERIC)
    batch = ImportBatch.objects.get(status="preview")
    # What a worker killed half-way through confirming leaves: the batch claimed, its job
    # running, its heartbeat stopped (tests/jobs kills a real worker).
    with TestCase.captureOnCommitCallbacks():  # queued, not run
        admin_client.post(reverse("admin:catalogue_import_confirm", args=[batch.pk]))
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(state="running", attempts=1, started_at=timezone.now())
    settings.JOBS_STALL_SECONDS = 0
    assert recover_stalled() == 1  # run again, here at once
    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.state, job.attempts, batch.status) == ("succeeded", 2, "applied")
    assert ProductCategory.objects.filter(name="Turmeric").exists()
    assert not has_upload(batch)


def test_a_confirmation_that_fails_for_good_gives_the_preview_back(
    admin_client, demo_catalogue, settings
):
    upload(admin_client, TURMERIC)
    batch = ImportBatch.objects.get(status="preview")
    with TestCase.captureOnCommitCallbacks():
        admin_client.post(reverse("admin:catalogue_import_confirm", args=[batch.pk]))
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(state="running", attempts=3, started_at=timezone.now())
    settings.JOBS_STALL_SECONDS = 0
    assert recover_stalled() == 1
    job.refresh_from_db()
    batch.refresh_from_db()
    assert (job.state, batch.status) == ("failed", "preview")
    page = text(admin_client.get(reverse("admin:jobs_job_change", args=[job.pk])))
    assert "stopped before it finished, 3 times; not tried again" in page
    assert has_upload(batch)  # to confirm, or cancel, again from its page
    confirm = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    assert "Try again" not in page and "Back to the preview" in page
    assert post_running_jobs(admin_client, confirm, {"confirm": "1"}).status_code == 302
    batch.refresh_from_db()
    assert batch.status == "applied"
    assert ProductCategory.objects.filter(name="Turmeric").exists()


def test_a_confirmation_under_way_is_not_started_twice(admin_client, demo_catalogue):
    upload(admin_client, TURMERIC)
    batch = ImportBatch.objects.get(status="preview")
    with TestCase.captureOnCommitCallbacks():  # the first click's job waits for a worker
        admin_client.post(reverse("admin:catalogue_import_confirm", args=[batch.pk]))
    url = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    page = text(post_running_jobs(admin_client, url, {"confirm": "1"}, follow=True))
    assert "This import is being confirmed" in page
    assert Job.objects.count() == 1
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CONFIRMING
    assert not ProductCategory.objects.filter(name="Turmeric").exists()


def test_a_preview_left_for_a_moment_can_be_opened_again_from_its_batch(
    admin_client, demo_catalogue
):
    upload(admin_client, MACARONI, RED_LENTILS)
    batch = ImportBatch.objects.get(status="preview")
    batch_page = text(
        admin_client.get(reverse("admin:catalogue_importbatch_change", args=[batch.pk]))
    )
    assert "Open the preview to confirm or cancel this import" in batch_page
    url = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    again = text(admin_client.get(url))
    assert "Confirm import" in again and "Possibly the same as" in again
    confirm(admin_client, batch, **{f"same-{t}": "new" for t in _tokens(again)})
    response = admin_client.get(url, follow=True)
    assert "no longer awaiting confirmation" in text(response)
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.APPLIED


def _tokens(page: str) -> list[str]:
    return sorted(set(re.findall(r'name="same-([0-9a-f]{16})"', page)))


def test_the_preview_flags_products_on_nigerias_prohibition_list(admin_client, hs):
    load_rules()
    linseed_needs = ImportRule.objects.create(
        kind="requirement", item="A permit for seeds", hs_from="120400", hs_to="120400",
        source=RuleSource.objects.first(),
    )  # fmt: skip
    response = upload(admin_client, MACARONI, LINSEED)
    flagged = [i for i in response.context["issues"] if "prohibition list" in i["message"]]
    # Macaroni (1902.19, spaghetti and noodles); linseed needs a permit, which is no ban.
    (issue,) = flagged
    assert linseed_needs.item not in text(response)
    assert issue["level"] == "warning" and issue["sheet"] == "Лист1" and issue["row"] == 6
    assert issue["column"] == "D (Код ТН ВЭД ЕАЭС)" and issue["value"] == "1902.19"
    assert issue["message"].startswith("On Nigeria's import prohibition list for trade: Spaghetti")
    assert "unpublish it or describe what may be imported instead" in issue["message"]
    batch = confirm(admin_client, response.context["batch"])
    assert batch.issues.filter(message__contains="prohibition list", row=6).exists()


# The preview and the kept report in the official's language: every message of the
# importer names the file's sheet, row, column and value as the official sees them.
ENGLISH_WORDS = [
    "Not a usable HS code", "is only an HS chapter", "Errors, warnings and notes",
    "to create", "Rows skipped for errors", "What changes", "Confirm import", "Cancel",
    "Nothing has been written", "Product categories", "level", "message",
]  # fmt: skip


def read_in(client, settings, language: str) -> None:
    """The official's language for the admin, here the language cookie (which the admin
    follows until its official chooses one)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def issue_rows(page: str) -> list[list[str]]:
    """The cells of each row of the preview's table of issues, as text."""
    table = re.search(r'<table id="import-issues">(.*?)</table>', page, re.S)
    rows = re.findall(r"<tr class=\"issue-\w+\">(.*?)</tr>", table.group(1), re.S)
    return [[html.unescape(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)] for r in rows]


@pytest.mark.parametrize(
    ("language", "level", "message"),
    [
        ("ru", "ошибка",
         "Непригодный код ГС: 99 — лишь группа ГС; укажите хотя бы 4-значную товарную позицию."),
        ("kk", "қате",
         "Жарамсыз HS коды: 99 — тек HS тобы; кемінде 4 таңбалы тауар позициясын көрсетіңіз."),
    ],
)  # fmt: skip
def test_the_preview_shows_a_row_error_in_the_officials_language(
    admin_client, demo_catalogue, settings, language, level, message
):
    read_in(admin_client, settings, language)
    response = upload(admin_client, TURMERIC, WRONG)
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert [level, "Лист1", "7", "D (Код ТН ВЭД ЕАЭС)", "99", message] in issue_rows(page)
    shown = text(response)
    assert not [word for word in ENGLISH_WORDS if word in shown]


def test_the_kept_report_reads_in_the_language_of_whoever_opens_it(
    admin_client, demo_catalogue, settings
):
    upload(admin_client, TURMERIC, TURMERIC, WRONG)
    batch = confirm(admin_client, ImportBatch.objects.get(status="preview"), skip_invalid="1")
    url = reverse("admin:catalogue_importbatch_change", args=[batch.pk])
    english = text(admin_client.get(url))
    assert "Not a usable HS code: 99 is only an HS chapter" in english
    assert "Repeats row 6 (same product and exporter); merged." in english
    read_in(admin_client, settings, "ru")
    russian = text(admin_client.get(url))
    assert "Непригодный код ГС: 99 — лишь группа ГС" in russian
    assert "Повторяет строку 6 (тот же товар и экспортёр); объединена." in russian
    read_in(admin_client, settings, "kk")
    kazakh = text(admin_client.get(url))
    assert "Жарамсыз HS коды: 99 — тек HS тобы" in kazakh
    assert "6-жолды қайталайды (тауар мен экспорттаушы бірдей); біріктірілді." in kazakh
    for page in (russian, kazakh):
        assert "Not a usable HS code" not in page and "Repeats row" not in page


def test_a_report_kept_as_english_text_is_shown_as_it_is(admin_client, demo_catalogue, settings):
    upload(admin_client, TURMERIC, TURMERIC, WRONG)
    batch = confirm(admin_client, ImportBatch.objects.get(status="preview"), skip_invalid="1")
    batch.issues.update(message_data=None, message="Kept before reports were translated.")
    read_in(admin_client, settings, "ru")
    url = reverse("admin:catalogue_importbatch_change", args=[batch.pk])
    assert text(admin_client.get(url)).count("Kept before reports were translated.") == 2
