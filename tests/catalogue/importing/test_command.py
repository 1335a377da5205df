import io
import json

import pytest
from django.core.management import call_command
from django.utils import translation

from catalogue.models import ProductCategory, Sector
from tests.spreadsheets import ministry_rows, xlsx

pytestmark = pytest.mark.django_db

GOOD = [1, "Пшеница", "Wheat", "1001990000", "ТОО Астык", "", "", ""]
BAD = [2, "Нечто", "Something", "99", "", "", "", ""]


@pytest.fixture
def files(tmp_path):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(("Лист1", ministry_rows(GOOD))))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(("Лист1", ministry_rows(GOOD, BAD))))
    return good, bad


def test_json_output_has_counts_and_located_errors(hs, files, capsys):
    good, bad = files
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_catalogue", str(good), str(bad), "--json")
    assert exit_info.value.code == 1
    result = json.loads(capsys.readouterr().out)
    first, second = result["files"]
    assert (first["file"], first["created"], first["errors"]) == ("good.xlsx", 3, [])
    assert not first["written"] and "errors in bad.xlsx" in first["warnings"][0]["message"]
    assert second["created"] == 3 and not second["written"]
    assert ProductCategory.objects.count() == 0  # one run writes all its files or none
    assert second["errors"] == [
        {
            "sheet": "Лист1",
            "row": 7,
            "column": "D (Код ТН ВЭД ЕАЭС)",
            "value": "99",
            "message": "Not a usable HS code: 99 is only an HS chapter; "
            "give at least the 4-digit heading.",
        }
    ]


def test_human_output_lists_issues_as_file_sheet_row_column(hs, files, capsys):
    _, bad = files
    with pytest.raises(SystemExit):
        call_command("import_catalogue", str(bad))
    out = capsys.readouterr().out
    assert "bad.xlsx: 3 would be created" in out
    assert "bad.xlsx:Лист1:7:D (Код ТН ВЭД ЕАЭС): error: Not a usable HS code" in out


def test_skip_invalid_exits_zero(hs, files, capsys):
    _, bad = files
    call_command("import_catalogue", str(bad), "--skip-invalid")
    assert ProductCategory.objects.count() == 1


def test_dry_run_writes_nothing(hs, files):
    good, _ = files
    call_command("import_catalogue", str(good), "--dry-run")
    assert ProductCategory.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="cannot read the file"):
        call_command("import_catalogue", str(tmp_path / "missing.xlsx"))


@pytest.mark.django_db
def test_load_demo_fills_an_empty_catalogue_once_and_keeps_later_edits(hs):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "482 created" in out.getvalue()
    featured = Sector.objects.get(slug="oil-and-gas").featured.all()
    assert 0 < len(featured) <= 4 and all(c.sector.slug == "oil-and-gas" for c in featured)
    ProductCategory.objects.filter(slug="durum-wheat").update(name="Durum wheat, edited")
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "left out" in out.getvalue()
    assert ProductCategory.objects.get(slug="durum-wheat").name == "Durum wheat, edited"


def test_several_good_files_are_written_in_one_run_and_see_each_other(hs, files, tmp_path):
    good, _ = files
    more = tmp_path / "more.xlsx"
    more.write_bytes(xlsx(("Лист1", ministry_rows(GOOD, [2, "Ячмень", "Barley", "1003900000",
                                                      "ТОО Астык", "", "", ""]))))  # fmt: skip
    out = io.StringIO()
    call_command("import_catalogue", str(good), str(more), stdout=out)
    assert ProductCategory.objects.count() == 2
    assert "more.xlsx: 2 created, 0 updated, 3 unchanged, 0 skipped (written)" in out.getvalue()


def test_skip_invalid_writes_the_valid_rows_of_every_file(hs, files, tmp_path):
    good, bad = files
    barley = tmp_path / "barley.xlsx"
    barley.write_bytes(xlsx(("Лист1", ministry_rows([3, "Ячмень", "Barley", "1003900000"]))))
    call_command("import_catalogue", str(bad), str(barley), "--skip-invalid", stdout=io.StringIO())
    assert sorted(ProductCategory.objects.values_list("name", flat=True)) == ["Barley", "Wheat"]


def test_human_output_is_in_the_active_language(hs, files, capsys):
    _, bad = files
    with translation.override("ru"), pytest.raises(SystemExit):
        call_command("import_catalogue", str(bad))
    out = capsys.readouterr().out
    assert "bad.xlsx: было бы создано — 3" in out
    assert (
        "bad.xlsx:Лист1:7:D (Код ТН ВЭД ЕАЭС): ошибка: Непригодный код ГС: 99 — лишь группа ГС; "
        "укажите хотя бы 4-значную товарную позицию. [99]"
    ) in out
    assert "НЕ записано" in out and "товарные категории:" in out
    assert "would be" not in out and "Not a usable" not in out and "error:" not in out
