"""A row's cells become records by field name."""

from decimal import Decimal

from catalogue.importing.headers import FIELDS
from catalogue.importing.records import (
    MAX_NAME,
    ExporterCells,
    ExporterRecord,
    NameCells,
    OfferCells,
    OfferRecord,
    name_problems,
    read_exporter,
    read_offer,
)
from catalogue.importing.report import ERROR, WARNING
from catalogue.importing.values import CertificationName

KOSTANAY = ExporterCells(
    exporter="Kostanay Astyk LLP",
    bin="123456789012",
    region="Костанайская область",
    website="astyk.kz",
    contact="Aigerim Nurlanovna, sales@astyk.kz, +7 7142 50 12 34",
    certifications="Halal, ISO 9001",
)


def test_every_cell_group_is_named_with_the_importers_fields():
    # The sheet reader finds a group's cells by these names: a misspelt one would read as blank.
    for group in (NameCells, ExporterCells, OfferCells):
        assert set(group._fields) <= set(FIELDS), group.__name__


def test_each_exporter_cell_becomes_the_field_it_is_named_for():
    record, problems = read_exporter(KOSTANAY, "123456789012")
    assert problems == []
    assert record == ExporterRecord(
        name="Kostanay Astyk LLP",
        bin="123456789012",
        region="kostanay",
        website="https://astyk.kz",
        email="sales@astyk.kz",
        phone="+7 7142 50 12 34",
        contact_name="Aigerim Nurlanovna",
        certifications=(
            CertificationName(code="halal", name="Halal", name_ru="Халяль", name_kk="Халал"),
            CertificationName(
                code="iso-9001", name="ISO 9001", name_ru="ISO 9001", name_kk="ISO 9001"
            ),
        ),
    )


def test_each_offer_cell_becomes_the_field_it_is_named_for():
    cells = OfferCells(capacity="250 000", moq="25", unit="т", incoterms="FCA, DAP", notes="")
    record, problems = read_offer(cells, True, ("", 1), ("", 1))
    assert problems == []
    assert record == OfferRecord(
        capacity=Decimal("250000"), unit="t", moq=Decimal("25"), incoterms=("DAP", "FCA")
    )


def test_a_problem_names_the_cell_it_was_found_in():
    _, problems = read_exporter(KOSTANAY._replace(bin="12345", region="Атлантида"), "12345")
    assert [(p.level, p.field) for p in problems] == [(ERROR, "bin"), (WARNING, "region")]
    cells = OfferCells(capacity="", moq="много", unit="", incoterms="", notes="")
    _, problems = read_offer(cells, True, ("", 1), ("", 1))
    assert [(p.level, p.field) for p in problems] == [(ERROR, "moq")]
    too_long = NameCells(name_en="Wheat", name_ru="П" * (MAX_NAME + 1), description="")
    assert [(p.level, p.field) for p in name_problems(too_long)] == [(ERROR, "name_ru")]
