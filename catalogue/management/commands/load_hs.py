import time

from django.core.management.base import BaseCommand

from catalogue.models import HSCode
from catalogue.nomenclature import load_nomenclature


class Command(BaseCommand):
    help = (
        "Load the bundled HS 2022 nomenclature (sections, chapters, headings, subheadings), "
        "in English and Russian. A second run changes nothing; after an upgrade it fills in "
        "new texts."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        result = load_nomenclature()
        elapsed = time.perf_counter() - started
        levels = [HSCode.objects.filter(level=level) for level in (2, 4, 6)]
        total = [codes.count() for codes in levels]
        russian = [codes.exclude(description_ru="").count() for codes in levels]
        summary = (
            f"{total[0]} chapters, {total[1]} headings, {total[2]} subheadings; named in "
            f"Russian: {russian[0]}, {russian[1]} and {russian[2]}; in {elapsed:.2f} s"
        )
        if result.changed_anything:
            self.stdout.write(
                self.style.SUCCESS(
                    f"HS 2022 loaded: {result.created} created, {result.updated} updated, "
                    f"{result.unchanged} unchanged ({summary})."
                )
            )
        else:
            self.stdout.write(f"HS 2022 already up to date, nothing changed ({summary}).")
