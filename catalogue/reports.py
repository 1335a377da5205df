"""The catalogue as a workbook in the layout the importer reads: export, edit, import back.

Exporting and importing the result again changes nothing.
"""

from __future__ import annotations

from typing import BinaryIO

from django.db.models import Prefetch

from catalogue.lib.xlsx import NUMBER, Column, SheetWriter, new_workbook
from catalogue.models import CategoryCode, Offer, ProductCategory

COLUMNS = [
    Column("№ п/п", width=7),
    Column("Наименование товара", width=38),
    Column("Наименование (англ.)", width=38),
    Column("Код ТН ВЭД ЕАЭС", width=12),
    Column("Описание (англ.)", width=50),
    Column("Экспортёр", width=34),
    Column("БИН", width=14),
    Column("Регион", width=22),
    Column("Мощность в год", NUMBER, 14),
    Column("Ед. изм.", width=8),
    Column("Мин. партия", NUMBER, 12),
    Column("Базис поставки (Инкотермс)", width=18),
    Column("Сертификаты", width=28),
    Column("Сайт", width=28),
    Column("Контакты", width=34),
]


def export_code(category: ProductCategory) -> str:
    """The confirmed primary code; else the code the spreadsheet gave; else none."""
    primary = category.primary_code
    if primary and primary.status == CategoryCode.Status.CONFIRMED:
        return primary.hs_code_id
    return category.code_key


def catalogue_rows(categories):
    serial = 0
    for category in categories:
        english = category.name if category.name != category.name_ru else ""
        base = [category.name_ru, english, export_code(category), category.description]
        offers = category.export_offers or [None]
        for offer in offers:
            serial += 1
            yield [serial, *base, *(_offer_cells(offer) if offer else [None] * 10)]


def _offer_cells(offer: Offer) -> list:
    exporter = offer.exporter
    contacts = ", ".join(filter(None, [exporter.email, exporter.phone, exporter.contact_name]))
    return [
        exporter.name,
        exporter.bin,
        exporter.get_region_display(),
        offer.capacity,
        offer.unit,
        offer.moq,
        offer.incoterms,
        ", ".join(c.name for c in exporter.certifications.all()),
        exporter.website,
        contacts,
    ]


def write_catalogue(out: BinaryIO | str) -> int:
    """Write every category with its offers; returns the number of rows."""
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
    writer.write_all(catalogue_rows(categories.iterator(chunk_size=1000)))
    writer.finish()
    book.save(out)
    return writer.rows
