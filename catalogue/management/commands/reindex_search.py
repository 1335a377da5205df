from django.core.management.base import BaseCommand
from django.utils.translation import gettext, ngettext

from catalogue import search
from catalogue.jobs import start_reindex
from jobs.shown import page_url


class Command(BaseCommand):
    help = "Rebuild the full-text search documents of every product category."

    def add_arguments(self, parser):
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the rebuild for a worker and return at once; follow it in the admin's "
            "background jobs.",
        )

    def handle(self, *args, background: bool, **options):
        if background:
            job = start_reindex()
            queued = gettext("Queued as job %(job)s: %(link)s")
            self.stdout.write(queued % {"job": job.pk, "link": page_url(job)})
            return
        count = search.reindex()
        self.stdout.write(
            ngettext(
                "Search index rebuilt for %(count)d category.",
                "Search index rebuilt for %(count)d categories.",
                count,
            )
            % {"count": count}
        )
