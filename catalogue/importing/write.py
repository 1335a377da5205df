"""Write an import plan to the database in bulk. Call inside a transaction."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils import timezone

from catalogue import search
from catalogue.changes import propagate_change
from catalogue.importing.plan import CREATE, UNCHANGED, UPDATE, ImportPlan
from catalogue.lib.bulk_insert import ORM_BATCH, insert_rows
from catalogue.lib.collation import name_orders
from catalogue.lib.messages import Message, gettext_noop
from catalogue.lib.normalise import name_key
from catalogue.lib.slugs import unique_slug
from catalogue.models import (
    CategoryCode,
    Certification,
    Exporter,
    ImportBatch,
    ImportedName,
    Offer,
    ProductCategory,
)
from catalogue.models.name_order import NAME_FIELDS, ORDER_FIELDS
from catalogue.models.naming import KeyedByName
from catalogue.sectors import assign_sectors
from catalogue.suggest.engine import Suggestion
from catalogue.suggest.service import best_suggestion


def write_plan(plan: ImportPlan, *, batch: ImportBatch, user=None, progress=None) -> None:
    """Create and update what the plan says, the sectors and the search index with it;
    progress(phase, rows written, rows) is told after each kind of row."""
    total = len(plan.exporters) + len(plan.categories) + len(plan.offers)
    say = progress or (lambda phase, done=0, total=0: None)
    writing = Message(gettext_noop("writing"))
    say(writing, 0, total)
    _write_exporters(plan)
    say(writing, len(plan.exporters), total)
    _write_categories(plan, batch, user)
    _remember_decisions(plan, user)
    say(writing, len(plan.exporters) + len(plan.categories), total)
    _write_offers(plan)
    say(writing, total, total)
    say(Message(gettext_noop("indexing for search")))
    touched = {p.existing_id for p in plan.categories.values() if p.action != UNCHANGED}
    touched |= {
        plan.categories[category_key].existing_id
        for (category_key, _), offer in plan.offers.items()
        if offer.action != UNCHANGED
    }
    changed_exporters = [p.existing_id for p in plan.exporters.values() if p.action == UPDATE]
    assign_sectors(p.existing_id for p in plan.categories.values() if p.action != UNCHANGED)
    touched |= set(search.categories_of_exporters(changed_exporters))
    propagate_change(touched)


def _write_exporters(plan: ImportPlan) -> None:
    codes = {code: name for p in plan.exporters.values() for code, name in p.certifications.items()}
    certifications = {c.code: c for c in Certification.objects.filter(code__in=codes)}
    for code in codes.keys() - certifications.keys():
        named = codes[code]
        certifications[code] = Certification.objects.create(
            code=code, name=named.name, name_ru=named.name_ru, name_kk=named.name_kk
        )

    taken = set(Exporter.objects.values_list("slug", flat=True))
    now = timezone.now()
    rows, slugs = [], []
    for planned in plan.exporters.values():
        if planned.action != CREATE:
            continue
        v = planned.values
        slug = unique_slug(v["name"], taken)
        taken.add(slug)
        slugs.append(slug)
        rows.append(
            {
                "name": v["name"],
                "name_key": name_key(v["name"]),
                **name_orders(SimpleNamespace(name=v["name"])),
                "slug": slug,
                "bin": v["bin"],
                "region": v["region"],
                "website": v["website"],
                "email": v["email"],
                "phone": v["phone"],
                "contact_name": v["contact_name"],
            }
        )
    insert_rows(Exporter, rows, same={"is_active": True, "created_at": now, "updated_at": now})
    ids = dict(Exporter.objects.filter(slug__in=slugs).values_list("slug", "pk")) if slugs else {}
    created = iter(slugs)
    for planned in plan.exporters.values():
        if planned.action == CREATE:
            planned.existing_id = ids[next(created)]
    _apply_updates(Exporter, plan.exporters.values())

    insert_rows(
        Exporter.certifications.through,
        [
            {"exporter": p.existing_id, "certification": certifications[code].pk}
            for p in plan.exporters.values()
            for code in p.new_certifications
        ],
    )


def _write_categories(plan: ImportPlan, batch: ImportBatch, user) -> None:
    taken = set(ProductCategory.objects.values_list("slug", flat=True))
    now = timezone.now()
    rows = []
    suggested: dict[tuple[str, str], Suggestion] = {}
    for (code, key), planned in plan.categories.items():
        if planned.action != CREATE:
            continue
        values = planned.values
        if not code:  # the top suggestion, stored as such and never confirmed
            suggestion = best_suggestion(values["name"], values["name_ru"])
            if suggestion is not None:
                suggested[(code, key)] = suggestion
        name = planned.display_name
        slug = unique_slug(name, taken, qualifier=code)
        taken.add(slug)
        rows.append(
            {
                "name": name,
                "name_ru": values["name_ru"],
                "name_kk": values["name_kk"],
                "description": values["description"],
                "description_ru": values["description_ru"],
                "description_kk": values["description_kk"],
                "slug": slug,
                "code_key": code,
                "name_key": key,
                **name_orders(
                    SimpleNamespace(name=name, name_ru=values["name_ru"], name_kk=values["name_kk"])
                ),
                # Without an English name it would show in Russian or Kazakh on the
                # English site (comparison.py warns of it).
                "is_published": bool(values["name"]),
            }
        )
    insert_rows(
        ProductCategory,
        rows,
        same={"import_batch": batch.pk, "created_at": now, "updated_at": now},
    )
    created = {
        (code, key): pk
        for pk, code, key in ProductCategory.objects.filter(import_batch=batch).values_list(
            "pk", "code_key", "name_key"
        )
    }
    confirmed = {
        "status": CategoryCode.Status.CONFIRMED,
        "confidence": 1.0,
        "confirmed_by": getattr(user, "pk", None),
        "confirmed_at": now,
    }
    codes = []
    for (code, key), planned in plan.categories.items():
        if planned.action == UPDATE:
            codes += [
                {"category": planned.existing_id, "hs_code": gained, "is_primary": False}
                | confirmed
                for gained in planned.new_codes
            ]
        if planned.action != CREATE:
            continue
        planned.existing_id = created[(code, key)]
        codes += [
            {"category": planned.existing_id, "hs_code": given, "is_primary": index == 0}
            | confirmed
            for index, given in enumerate(planned.codes)
        ]
        if not planned.codes and (suggestion := suggested.get((code, key))):
            codes.append(
                {
                    "category": planned.existing_id,
                    "hs_code": suggestion.code,
                    "is_primary": True,
                    "status": CategoryCode.Status.SUGGESTED,
                    "confidence": suggestion.score,
                    "confirmed_by": None,
                    "confirmed_at": None,
                }
            )
    insert_rows(CategoryCode, codes)

    _apply_updates(ProductCategory, plan.categories.values(), extra={"import_batch_id": batch.pk})


def _remember_decisions(plan: ImportPlan, user) -> None:
    """The rows an official merged into a stored category: the next file naming them so
    updates it without asking."""
    ImportedName.objects.bulk_create(
        [
            ImportedName(
                category_id=category_id,
                code=code,
                name_key=key,
                name=name[:300],
                decided_by=user if getattr(user, "pk", None) else None,
            )
            for (code, key), (category_id, name) in plan.decided.items()
        ],
        ignore_conflicts=True,
    )


def _write_offers(plan: ImportPlan) -> None:
    now = timezone.now()
    rows = []
    for (category_key, exporter_key), planned in plan.offers.items():
        if planned.action == CREATE:
            values = planned.values
            rows.append(
                {
                    "exporter": plan.exporters[exporter_key].existing_id,
                    "category": plan.categories[category_key].existing_id,
                    "capacity": values["capacity"],
                    "unit": values["unit"],
                    "moq": values["moq"],
                    "incoterms": values["incoterms"],
                    "notes": values["notes"],
                }
            )
    same = {"is_active": True, "created_at": now, "updated_at": now}
    insert_rows(Offer, rows, same=same)
    _apply_updates(Offer, plan.offers.values())


def _apply_updates(model, planned_items, *, extra=None) -> None:
    """bulk_update each changed field, and the name key with the name (bulk skips save())."""
    by_fields: dict[tuple[str, ...], list] = {}
    columns = {f.name for f in model._meta.concrete_fields}
    now = timezone.now()
    for planned in planned_items:
        if planned.action != UPDATE or not planned.changes:
            continue
        # A change of what another table holds (a category's codes) is written apart.
        values = {name: new for name, (_, new) in planned.changes.items() if name in columns}
        if "name" in values and issubclass(model, KeyedByName):
            values["name_key"] = name_key(values["name"])
        values.update(extra or {}, updated_at=now)
        obj = model(pk=planned.existing_id, **values)
        by_fields.setdefault(tuple(sorted(values)), []).append(obj)
    for fields, objects in by_fields.items():
        model.objects.bulk_update(objects, fields, batch_size=ORM_BATCH)
    renamed = [
        o.pk for fields, objects in by_fields.items() if NAME_FIELDS & {*fields} for o in objects
    ]
    if renamed:
        _reorder(model, renamed)


def _reorder(model, ids: list[int]) -> None:
    """The sort keys of renamed rows, from all their names: a file may change one name and
    leave the others as stored."""
    names = [f.name for f in model._meta.concrete_fields if f.name in NAME_FIELDS]
    objects = []
    for start in range(0, len(ids), ORM_BATCH):
        for row in model.objects.filter(pk__in=ids[start : start + ORM_BATCH]).only(*names):
            for field, key in name_orders(row).items():
                setattr(row, field, key)
            objects.append(row)
    model.objects.bulk_update(objects, ORDER_FIELDS, batch_size=ORM_BATCH)
