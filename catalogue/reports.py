"""The catalogue as a workbook in the layout the importer reads: export, edit, import back.

Exporting and importing the result again changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

from django.db.models import Prefetch

from catalogue.lib.xlsx import NUMBER, Column, SheetWriter, new_workbook
from catalogue.models import CategoryCode, Offer, ProductCategory

# Each column is named for the importer's field its title is read back as. The titles are
# the file's format, in Russian whatever the reader's language; the values (a region's
# name) are in the reader's, which the importer reads in English, Russian or Kazakh.
COLUMNS = [
    Column("number", "№ п/п", width=7),
    Column("name_ru", "Наименование товара", width=38),
    Column("name_en", "Наименование (англ.)", width=38),
    Column("code", "Код ТН ВЭД ЕАЭС", width=12),
    Column("description", "Описание (англ.)", width=50),
    Column("exporter", "Экспортёр", width=34),
    Column("bin", "БИН", width=14),
    Column("region", "Регион", width=22),
    Column("capacity", "Мощность в год", NUMBER, 14),
    Column("unit", "Ед. изм.", width=8),
    Column("moq", "Мин. партия", NUMBER, 12),
    Column("incoterms", "Базис поставки (Инкотермс)", width=18),
    Column("certifications", "Сертификаты", width=28),
    Column("website", "Сайт", width=28),
    Column("contact", "Контакты", width=34),
    Column("name_kk", "Наименование (каз.)", width=38),
    Column("notes", "Примечание", width=34),
]
NO_OFFER = dict.fromkeys(
    ["exporter", "bin", "region", "capacity", "unit", "moq", "incoterms", "certifications",
     "website", "contact", "notes"]
)  # fmt: skip


def export_codes(category: ProductCategory) -> str:
    """The confirmed codes, the primary first ("310210; 310230"); else the code the
    spreadsheet gave; else none."""
    confirmed = sorted(
        (c for c in category.codes.all() if c.status == CategoryCode.Status.CONFIRMED),
        key=lambda c: (not c.is_primary, c.hs_code_id),
    )
    if confirmed and confirmed[0].is_primary:
        return "; ".join(c.hs_code_id for c in confirmed)
    return category.code_key


def catalogue_rows(categories) -> Iterator[dict[str, object]]:
    """One row for each offer of each category, and one for a category without offers."""
    serial = 0
    for category in categories:
        product = {
            "name_ru": category.name_ru,
            "name_en": category.name if category.name != category.name_ru else "",
            "name_kk": category.name_kk,
            "code": export_codes(category),
            "description": category.description,
        }
        for offer in category.export_offers or [None]:
            serial += 1
            yield {"number": serial, **product, **(_offer_cells(offer) if offer else NO_OFFER)}


def _offer_cells(offer: Offer) -> dict[str, object]:
    exporter = offer.exporter
    return {
        "exporter": exporter.name,
        "bin": exporter.bin,
        "region": exporter.get_region_display(),
        "capacity": offer.capacity,
        "unit": offer.unit,
        "moq": offer.moq,
        "incoterms": offer.incoterms,
        "certifications": ", ".join(c.name for c in exporter.certifications.all()),
        "website": exporter.website,
        "contact": ", ".join(filter(None, [exporter.email, exporter.phone, exporter.contact_name])),
        "notes": offer.notes,
    }


def write_catalogue(out: BinaryIO | str, counted: Callable[[int], None] | None = None) -> int:
    """Write every category with its offers; returns the number of rows. counted(rows so
    far) is told as they are written."""
    categories = ProductCategory.objects.order_by("name", "pk").prefetch_related(
        "codes",
        Prefetch(
            "offers",
            queryset=Offer.objects.select_related("exporter")
            .prefetch_related("exporter__certifications")
            .order_by("exporter__name"),
            to_attr="export_offers",
        ),
    )
    book = new_workbook()
    writer = SheetWriter(book, "Перечень", COLUMNS)
    writer.write_all(catalogue_rows(categories.iterator(chunk_size=1000)), counted)
    writer.finish()
    book.save(out)
    return writer.rows
