import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

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
        summary = _(
            "%(chapters)d chapters, %(headings)d headings, %(subheadings)d subheadings; named "
            "in Russian: %(chapters_ru)d, %(headings_ru)d and %(subheadings_ru)d; in "
            "%(seconds).2f s"
        ) % {
            "chapters": total[0],
            "headings": total[1],
            "subheadings": total[2],
            "chapters_ru": russian[0],
            "headings_ru": russian[1],
            "subheadings_ru": russian[2],
            "seconds": elapsed,
        }
        if result.changed_anything:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "HS 2022 loaded: %(created)d created, %(updated)d updated, "
                        "%(unchanged)d unchanged (%(summary)s)."
                    )
                    % {
                        "created": result.created,
                        "updated": result.updated,
                        "unchanged": result.unchanged,
                        "summary": summary,
                    }
                )
            )
        else:
            self.stdout.write(
                _("HS 2022 already up to date, nothing changed (%(summary)s).")
                % {"summary": summary}
            )
