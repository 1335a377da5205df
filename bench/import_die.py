"""The importer against django-import-export doing the same writes, per engine.

    python bench/import_die.py [--rows N]              # SQLite
    DATABASE_URL=postgres://.../scratch python bench/import_die.py

The workbook of bench/import_100k.py (generated when missing). Each measurement runs in
a fresh interpreter on an emptied scratch database: a first import and the same file
again (everything unchanged), by the importer (`import_catalogue_file`) and by
django-import-export (DIE), alternately.

DIE gets what it cannot do itself for free: the importer's own reading, checking and
merging of the rows into distinct exporters, categories and offers (`check_file`), timed
with it. It then writes the same rows: exporters, their certifications, categories with
their name keys, sort keys and slugs, HS codes, offers; then the sectors and search
documents of what changed, through the same functions the importer calls. It is tuned as
its documentation's "Performance tuning" says: bulk mode (`use_bulk`, batches of 1,000),
`CachedInstanceLoader` where the identity is one field, foreign keys looked up in a
cached dictionary rather than a query per row; on a first import `force_init_instance`
and no diff (`skip_diff`); on the second run `skip_unchanged`, so unchanged rows are not
written (it needs the diff's copy of each stored row). Many-to-many fields do not work
in bulk mode: certifications are written through their own table's resource. Both
must leave the same number of rows of each kind, or the script stops.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.harness import SCRATCH, peak_rss_mb, run_child, setup_django, timed  # noqa: E402


def die_import(data: bytes, name: str, *, first: bool) -> dict:
    """Read and plan with the importer's code, write with DIE."""
    import tablib
    from django.db import transaction
    from django.utils.text import slugify
    from import_export import fields, resources, widgets
    from import_export.instance_loaders import CachedInstanceLoader

    from catalogue.changes import propagate_change
    from catalogue.importing.service import SourceFile, check_file
    from catalogue.lib.collation import name_orders
    from catalogue.lib.normalise import name_key
    from catalogue.models import (
        CategoryCode,
        Certification,
        Exporter,
        HSCode,
        Offer,
        ProductCategory,
    )
    from catalogue.sectors import assign_sectors

    known = dict(HSCode.objects.values_list("code", "section_id"))
    plan = check_file(SourceFile(name, data), sheets=(), known_codes=known).plan

    def dataset(rows: list[dict]) -> tablib.Dataset:
        headers = list(rows[0]) if rows else []
        return tablib.Dataset(*[[row[h] for h in headers] for row in rows], headers=headers)

    exporters, held = [], []
    bins = {}
    for exporter_key, planned in plan.exporters.items():
        v = planned.values
        bins[exporter_key] = v["bin"]
        exporters.append(
            {"name": v["name"], "name_key": name_key(v["name"]),
             **name_orders(SimpleNamespace(name=v["name"])),
             "slug": slugify(f"{v['name']}-{v['bin']}")[:140], "bin": v["bin"],
             "region": v["region"], "website": v["website"], "email": v["email"],
             "phone": v["phone"], "contact_name": v["contact_name"]}
        )  # fmt: skip
        held += [{"exporter": v["bin"], "certification": c} for c in planned.certifications]
    for code, named in {
        c: n for p in plan.exporters.values() for c, n in p.certifications.items()
    }.items():
        Certification.objects.get_or_create(
            code=code,
            defaults={"name": named.name, "name_ru": named.name_ru, "name_kk": named.name_kk},
        )
    categories, codes, slugs = [], [], {}
    for (code_key, name_key_), planned in plan.categories.items():
        v = planned.values
        slug = slugify(f"{planned.display_name}-{code_key}")[:140]
        slugs[(code_key, name_key_)] = slug
        categories.append(
            {"name": planned.display_name, "name_ru": v["name_ru"], "name_kk": v["name_kk"],
             "description": v["description"], "description_ru": v["description_ru"],
             "description_kk": v["description_kk"], "slug": slug, "code_key": code_key,
             "name_key": name_key_,
             **name_orders(SimpleNamespace(name=planned.display_name, name_ru=v["name_ru"],
                                           name_kk=v["name_kk"])),
             "is_published": bool(v["name"])}
        )  # fmt: skip
        codes += [
            {"category": slug, "hs_code": given, "status": "confirmed", "confidence": 1.0,
             "is_primary": n == 0}
            for n, given in enumerate(planned.codes)
        ]  # fmt: skip
    offers = [
        {"exporter": bins[exporter_key], "category": slugs[category_key],
         "capacity": planned.values["capacity"], "unit": planned.values["unit"],
         "moq": planned.values["moq"], "incoterms": planned.values["incoterms"],
         "notes": planned.values["notes"]}
        for (category_key, exporter_key), planned in plan.offers.items()
    ]  # fmt: skip

    class CachedKey(widgets.ForeignKeyWidget):
        """A foreign key by one field, the rows read once (the documentation's advice)."""

        def __init__(self, model, field):
            super().__init__(model, field)
            self.found = None

        def clean(self, value, row=None, **kwargs):
            if self.found is None:
                self.found = {getattr(o, self.field): o for o in self.model.objects.all()}
            return self.found.get(value)

    def meta(model, id_fields, rows, *, cached=True):
        options = {
            "model": model,
            "fields": list(rows[0]) if rows else [],  # what the rows give
            "import_id_fields": id_fields,
            "use_bulk": True,
            "batch_size": 1000,
            # A first import creates every row: no lookups, no diffs. Again, unchanged rows
            # are skipped, which takes the diff's copy of each stored row.
            "force_init_instance": first,
            "skip_diff": first,
            "skip_unchanged": not first,
        }
        if cached:
            options["instance_loader_class"] = CachedInstanceLoader
        return type("Meta", (), options)

    def key(model, name, field):
        return fields.Field(attribute=name, column_name=name, widget=CachedKey(model, field))

    class ExporterResource(resources.ModelResource):
        Meta = meta(Exporter, ["bin"], exporters)

    class HeldResource(resources.ModelResource):
        exporter = key(Exporter, "exporter", "bin")
        certification = key(Certification, "certification", "code")
        Meta = meta(
            Exporter.certifications.through, ["exporter", "certification"], held, cached=False
        )

    class CategoryResource(resources.ModelResource):
        Meta = meta(ProductCategory, ["slug"], categories)

    class CodeResource(resources.ModelResource):
        category = key(ProductCategory, "category", "slug")
        hs_code = key(HSCode, "hs_code", "code")
        Meta = meta(CategoryCode, ["category", "hs_code"], codes, cached=False)

    class OfferResource(resources.ModelResource):
        exporter = key(Exporter, "exporter", "bin")
        category = key(ProductCategory, "category", "slug")
        Meta = meta(Offer, ["exporter", "category"], offers, cached=False)

    written = 0
    with transaction.atomic():
        for resource, rows in (
            (ExporterResource, exporters),
            (HeldResource, held),
            (CategoryResource, categories),
            (CodeResource, codes),
            (OfferResource, offers),
        ):
            result = resource().import_data(dataset(rows), raise_errors=True)
            written += result.totals["new"] + result.totals["update"]
        if written:  # what the importer does after its writes: sectors, search, matching
            changed = list(ProductCategory.objects.values_list("pk", flat=True))
            assign_sectors(changed)
            propagate_change(changed)
    return {"written": written}


def child(kind: str, path: str) -> None:
    setup_django()
    data = Path(path).read_bytes()
    if kind == "empty":
        from django.core.management import call_command

        from catalogue.nomenclature import load_nomenclature

        call_command("flush", interactive=False, verbosity=0)
        load_nomenclature()
        result = {}
    elif kind.startswith("die"):
        seconds, result = timed(die_import, data, Path(path).name, first=kind == "die-first")
        result["seconds"] = seconds
    else:
        from catalogue.importing.service import import_catalogue_file

        seconds, report = timed(import_catalogue_file, data=data, file_name=Path(path).name)
        assert not report.errors, report.errors[:3]
        result = {"seconds": seconds}
    result["peak_mb"] = peak_rss_mb()
    result["rows"] = stored()
    print(json.dumps(result))


def stored() -> dict[str, int]:
    """How many rows of each kind the database holds: both tools must write the same."""
    from catalogue.models import (
        CategoryCode,
        Exporter,
        Offer,
        ProductCategory,
        SearchDocument,
    )

    models = (ProductCategory, CategoryCode, Exporter, Exporter.certifications.through, Offer,
              SearchDocument)  # fmt: skip
    counts = {model._meta.label: model.objects.count() for model in models}
    counts["with a sector"] = ProductCategory.objects.filter(sector__isnull=False).count()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    from bench.import_100k import generate

    SCRATCH.mkdir(parents=True, exist_ok=True)
    path = SCRATCH / f"catalogue-{args.rows}.xlsx"
    if not path.exists():
        print(f"generating {path.name} …", flush=True)
        generate(path, args.rows)
    script = Path(__file__).resolve()
    runs = {}
    for tool, first, again in (("ours", "ours", "ours"), ("DIE", "die-first", "die-again")):
        run_child(script, "empty", str(path))
        runs[tool] = (run_child(script, first, str(path)), run_child(script, again, str(path)))
    print(f"file: {path.name}, {args.rows:,} data rows")
    rows = {tool: run["rows"] for tool, (_, run) in runs.items()}
    print("rows written:", ", ".join(f"{label} {n:,}" for label, n in rows["ours"].items()))
    if rows["ours"] != rows["DIE"]:
        raise SystemExit(f"not the same writes: {rows}")
    print(f"{'':8} {'first import':>14} {'same file again':>16}")
    for tool, (first, again) in runs.items():
        print(f"{tool:8} {first['seconds']:13.2f}s {again['seconds']:15.2f}s")
    for n, label in ((0, "first import"), (1, "same file again")):
        ratio = runs["DIE"][n]["seconds"] / runs["ours"][n]["seconds"]
        print(f"{label}: the importer is {ratio:.1f}x faster than DIE")


if __name__ == "__main__":
    main()
