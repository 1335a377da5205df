from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from catalogue.importing.previews import has_upload
from catalogue.models import ImportBatch, ProductCategory
from jobs.models import Job
from tests.jobs.flow import post_running_jobs
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = pytest.mark.django_db

ROWS = ministry_rows(
    [1, "Пшеница", "Wheat", "1001990000", "ТОО Астык", "", "", ""],
    [2, "Цемент", "Cement", "2523290000", "ТОО Цемент", "", "", ""],
)


def upload(client, data, name="list.xlsx", **extra):
    return client.post(
        reverse("admin:catalogue_import"), {"file": SimpleUploadedFile(name, data), **extra}
    )


def test_preview_then_confirm_without_uploading_again(admin_client, hs):
    response = upload(admin_client, xlsx(("Лист1", ROWS)))
    assert response.status_code == 200
    assert "Confirm import" in response.text
    assert "Wheat (1001.99)" in response.text
    assert ProductCategory.objects.count() == 0
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEW and has_upload(batch)

    response = post_running_jobs(
        admin_client, reverse("admin:catalogue_import_confirm", args=[batch.pk]), {"confirm": "1"}
    )
    assert response.status_code == 302
    assert "/jobs/job/" in response["Location"]
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert batch.created == 6
    assert ProductCategory.objects.count() == 2
    assert not has_upload(batch)
    page = admin_client.get(reverse("admin:catalogue_importbatch_change", args=[batch.pk])).text
    assert "Its import job: done." in page
    assert response["Location"] in page

    again = post_running_jobs(
        admin_client, reverse("admin:catalogue_import_confirm", args=[batch.pk]), {"confirm": "1"}
    )
    assert again.status_code == 302
    assert ProductCategory.objects.count() == 2


def test_preview_lists_errors_by_row_and_offers_no_confirmation(admin_client, hs):
    bad = ministry_rows([1, "Нечто", "Something", "99", "", "", "", ""])
    response = upload(admin_client, xlsx(("Лист1", bad)))
    assert "Confirm import" not in response.text
    assert "99 is only an HS chapter" in response.text
    assert "Import the valid rows” ticked" in response.text  # the other rows could go in
    assert ImportBatch.objects.get().status == ImportBatch.Status.REJECTED


def test_cancel_removes_the_upload_and_writes_nothing(admin_client, hs):
    upload(admin_client, xlsx(("Лист1", ROWS)))
    batch = ImportBatch.objects.get()
    admin_client.post(reverse("admin:catalogue_import_confirm", args=[batch.pk]), {"cancel": "1"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.CANCELLED
    assert not has_upload(batch)
    assert ProductCategory.objects.count() == 0


def test_a_preview_left_for_a_day_is_cancelled_and_its_upload_deleted(admin_client, hs):
    upload(admin_client, xlsx(("Лист1", ROWS)))
    old = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(hours=25))
    upload(admin_client, xlsx(("Лист1", ROWS)))
    old.refresh_from_db()
    assert old.status == ImportBatch.Status.CANCELLED and not has_upload(old)
    recent = ImportBatch.objects.exclude(pk=old.pk).get()
    assert recent.status == ImportBatch.Status.PREVIEW and has_upload(recent)
    response = admin_client.post(
        reverse("admin:catalogue_import_confirm", args=[old.pk]), {"confirm": "1"}, follow=True
    )
    assert "already confirmed or cancelled" in response.text
    assert ProductCategory.objects.count() == 0


def test_upload_over_the_size_limit_is_refused(admin_client, settings):
    settings.IMPORT_MAX_UPLOAD_MB = 1
    response = upload(admin_client, b"x" * (1024 * 1024 + 1))
    assert "the limit is 1 MB" in response.text
    assert ImportBatch.objects.count() == 0


def test_not_a_spreadsheet_is_explained_not_a_500(admin_client, hs):
    response = upload(admin_client, b"%PDF-1.4 hello", name="scan.pdf")
    assert response.status_code == 200
    assert "This is a PDF document, not a spreadsheet." in response.text
    assert "Import the valid rows” ticked" not in response.text  # no row could go in


def test_staff_without_the_import_permission_is_refused(client, hs):
    clerk = User.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("admin:catalogue_import")).status_code == 403
    clerk.user_permissions.add(Permission.objects.get(codename="import_catalogue"))
    assert client.get(reverse("admin:catalogue_import")).status_code == 200


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(reverse("admin:catalogue_import"))
    assert response.status_code == 302 and "/login/" in response.url


def test_import_history_shows_issues(admin_client, hs):
    upload(
        admin_client,
        xlsx(("Лист1", ministry_rows([1, "Нечто", "Something", "99", "", "", "", ""]))),
    )
    batch = ImportBatch.objects.get()
    page = admin_client.get(reverse("admin:catalogue_importbatch_change", args=[batch.pk]))
    assert page.status_code == 200
    assert "99 is only an HS chapter" in page.text


def test_a_preview_belongs_to_its_uploader(admin_client, client, hs):
    upload(admin_client, xlsx(("Лист1", ROWS)))
    batch = ImportBatch.objects.get()
    other = User.objects.create_user("importer-b", password="pw", is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="import_catalogue"))
    client.force_login(other)
    confirm = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    assert client.post(confirm, {"confirm": "1"}).status_code == 404
    assert client.post(confirm, {"cancel": "1"}).status_code == 404
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PREVIEW and has_upload(batch)
    assert ProductCategory.objects.count() == 0
    assert post_running_jobs(admin_client, confirm, {"confirm": "1"}).status_code == 302
    assert ProductCategory.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_confirming_twice_at_once_imports_once_and_answers_both(hs):
    official = User.objects.create_superuser("official", "o@x.kz", "pw")
    first = Client()
    first.force_login(official)
    upload(first, xlsx(("Лист1", ROWS)))
    batch = ImportBatch.objects.get()
    confirm = reverse("admin:catalogue_import_confirm", args=[batch.pk])

    def post(_):
        client = Client()
        client.force_login(official)
        try:
            return client.post(confirm, {"confirm": "1"}).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=3) as pool:
        assert list(pool.map(post, range(3))) == [302] * 3
    assert ProductCategory.objects.count() == 2
    assert ImportBatch.objects.get().status == ImportBatch.Status.APPLIED


def test_an_upload_of_more_rows_than_a_web_worker_checks_is_sent_to_the_command(
    admin_client, hs, settings
):
    settings.IMPORT_WEB_MAX_ROWS = 150
    rows = ministry_rows(
        *([n, f"Товар {n}", "", "1001990000", "", "", "", ""] for n in range(1, 200))
    )
    response = upload(admin_client, xlsx(("Перечень", rows)))
    assert response.status_code == 200
    assert "the limit for an upload in the admin (IMPORT_WEB_MAX_ROWS)" in response.text
    assert "manage.py import_catalogue" in response.text
    assert not ProductCategory.objects.exists()


def test_a_large_upload_is_previewed_by_a_worker_then_confirmed(admin_client, hs, settings):
    settings.IMPORT_PREVIEW_NOW_MB = 0  # every upload is "large"
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = upload(admin_client, xlsx(("Лист1", ROWS)))
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:jobs_job_change", args=[job.pk])
    job.refresh_from_db()
    assert (job.state, str(job)) == ("succeeded", "Preview of list.xlsx")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.PREVIEW and has_upload(batch)
    confirm = reverse("admin:catalogue_import_confirm", args=[batch.pk])
    assert confirm in admin_client.get(response["Location"]).text  # "See the result"
    preview = admin_client.get(confirm)  # the report the worker kept, not read again
    assert "Confirm import" in preview.text and "Wheat (1001.99)" in preview.text
    assert post_running_jobs(admin_client, confirm, {"confirm": "1"}).status_code == 302
    assert ProductCategory.objects.count() == 2
    assert not has_upload(batch)
    assert not list(storages["files"].listdir("imports")[1])  # nothing left behind


def test_a_large_preview_keeps_only_what_its_page_lists(admin_client, hs, settings):
    settings.IMPORT_PREVIEW_NOW_MB = 0
    many = ministry_rows(
        *([n, f"Товар {n}", f"Product {n}", "1001990000", f"Exporter {n} LLP",
           f"{100000000000 + n:012d}", "Костанайская область", 500] for n in range(1, 601))
    )  # fmt: skip
    with TestCase.captureOnCommitCallbacks(execute=True):
        upload(admin_client, xlsx(("Лист1", many)))
    batch = ImportBatch.objects.get()
    (kept,) = [name for name in storages["files"].listdir("imports")[1] if "report" in name]
    assert storages["files"].size(f"imports/{kept}") < 200_000  # 1,800 changes, 500 kept

    page = admin_client.get(reverse("admin:catalogue_import_confirm", args=[batch.pk])).text
    assert page.count("<tr><td>category: Product ") == 500
    assert "… and 1300 more." in page
    assert (
        post_running_jobs(
            admin_client,
            reverse("admin:catalogue_import_confirm", args=[batch.pk]),
            {"confirm": "1"},
        ).status_code
        == 302
    )
    assert ProductCategory.objects.count() == 600


def test_a_large_upload_refused_for_too_many_jobs_leaves_no_file(admin_client, hs, settings):
    settings.IMPORT_PREVIEW_NOW_MB = 0
    settings.JOBS_MOST_WAITING_PER_USER = 1
    assert upload(admin_client, xlsx(("Лист1", ROWS))).status_code == 302  # waits: no worker
    refused = upload(admin_client, xlsx(("Лист1", ROWS)))
    assert refused.status_code == 302
    assert refused["Location"] == reverse("admin:jobs_job_changelist")
    assert Job.objects.count() == 1
    assert len(storages["files"].listdir("imports")[1]) == 1  # the first upload's only
