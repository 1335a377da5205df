"""Write an import plan to the database in bulk. Call inside a transaction."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils import timezone

from catalogue.importing.plan import CREATE, UPDATE, ImportPlan
from catalogue.models import (
    CategoryCode,
    Certification,
    Exporter,
    ImportBatch,
    Offer,
    ProductCategory,
)
from catalogue.normalise import name_key
from catalogue.slugs import unique_slug

BATCH = 1000


def write_plan(
    plan: ImportPlan,
    *,
    batch: ImportBatch,
    sections: Mapping[str, int],
    user=None,
) -> list[int]:
    """Create and update what the plan says; returns the ids of categories touched."""
    _write_exporters(plan)
    category_ids = _write_categories(plan, batch, sections, user)
    _write_offers(plan)
    return category_ids


def _write_exporters(plan: ImportPlan) -> None:
    codes = {code: name for p in plan.exporters.values() for code, name in p.certifications.items()}
    certifications = {c.code: c for c in Certification.objects.filter(code__in=codes)}
    for code in codes.keys() - certifications.keys():
        certifications[code] = Certification.objects.create(code=code, name=codes[code])

    taken = set(Exporter.objects.values_list("slug", flat=True))
    new = []
    for planned in plan.exporters.values():
        if planned.action != CREATE:
            continue
        values = {k: v for k, v in planned.values.items() if v is not None}
        slug = unique_slug(values["name"], taken)
        taken.add(slug)
        new.append(Exporter(**values, name_key=name_key(values["name"]), slug=slug))
    created = iter(Exporter.objects.bulk_create(new, batch_size=BATCH))
    for planned in plan.exporters.values():
        if planned.action == CREATE:
            planned.existing_id = next(created).pk
    _apply_updates(Exporter, plan.exporters.values(), derived={"name": "name_key"})

    through = Exporter.certifications.through
    through.objects.bulk_create(
        [
            through(exporter_id=p.existing_id, certification_id=certifications[code].pk)
            for p in plan.exporters.values()
            for code in p.new_certifications
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )


def _write_categories(
    plan: ImportPlan, batch: ImportBatch, sections: Mapping[str, int], user
) -> list[int]:
    taken = set(ProductCategory.objects.values_list("slug", flat=True))
    new = []
    for (code, key), planned in plan.categories.items():
        if planned.action != CREATE:
            continue
        values = planned.values
        name = values["name_en"] or values["fallback_name"]
        slug = unique_slug(name, taken, qualifier=code)
        taken.add(slug)
        new.append(
            ProductCategory(
                name=name,
                name_ru=values["name_ru"],
                description=values["description"],
                slug=slug,
                code_key=code,
                name_key=key,
                sector_id=sections.get(code),
                import_batch=batch,
            )
        )
    created = iter(ProductCategory.objects.bulk_create(new, batch_size=BATCH))
    now = timezone.now()
    codes = []
    for (code, _), planned in plan.categories.items():
        if planned.action != CREATE:
            continue
        planned.existing_id = next(created).pk
        if code:
            codes.append(
                CategoryCode(
                    category_id=planned.existing_id,
                    hs_code_id=code,
                    status=CategoryCode.Status.CONFIRMED,
                    confidence=1.0,
                    is_primary=True,
                    confirmed_by=user,
                    confirmed_at=now,
                )
            )
    CategoryCode.objects.bulk_create(codes, batch_size=BATCH)

    for planned in plan.categories.values():
        if "name_en" in planned.changes:
            planned.changes["name"] = planned.changes.pop("name_en")
        planned.changes.pop("code", None)
        planned.changes.pop("fallback_name", None)
    _apply_updates(
        ProductCategory,
        plan.categories.values(),
        derived={"name": "name_key"},
        extra={"import_batch_id": batch.pk},
    )
    return [p.existing_id for p in plan.categories.values() if p.action in (CREATE, UPDATE)]


def _write_offers(plan: ImportPlan) -> None:
    new = []
    for (category_key, exporter_key), planned in plan.offers.items():
        planned_values = {k: v for k, v in planned.values.items() if v is not None}
        if planned.action == CREATE:
            new.append(
                Offer(
                    category_id=plan.categories[category_key].existing_id,
                    exporter_id=plan.exporters[exporter_key].existing_id,
                    **planned_values,
                )
            )
    Offer.objects.bulk_create(new, batch_size=BATCH)
    _apply_updates(Offer, plan.offers.values())


def _apply_updates(model, planned_items, *, derived=None, extra=None) -> None:
    """bulk_update each changed field; derived maps a field to one computed from it."""
    by_fields: dict[tuple[str, ...], list] = {}
    now = timezone.now()
    for planned in planned_items:
        if planned.action != UPDATE or not planned.changes:
            continue
        values = {name: new for name, (_, new) in planned.changes.items()}
        for source, target in (derived or {}).items():
            if source in values:
                values[target] = name_key(values[source])
        values.update(extra or {}, updated_at=now)
        obj = model(pk=planned.existing_id, **values)
        by_fields.setdefault(tuple(sorted(values)), []).append(obj)
    for fields, objects in by_fields.items():
        model.objects.bulk_update(objects, fields, batch_size=BATCH)
