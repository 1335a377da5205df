import argparse
import datetime as dt
import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, ngettext

from matching.models import Interest
from matching.nigeria import State
from matching.reports import write_interest_report


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            gettext("%(value)r is not a date; write it as YYYY-MM-DD.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = "Write the interest report workbook (xlsx), for scheduled runs."

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT.xlsx", type=Path)
        parser.add_argument("--since", type=_date, help="created on or after YYYY-MM-DD")
        parser.add_argument("--until", type=_date, help="created on or before YYYY-MM-DD")
        parser.add_argument("--status", choices=Interest.Status.values)
        parser.add_argument("--state", help="Nigerian state code (LA, KN, FC...) or name")

    def handle(self, *args, out, since, until, status, state, **options):
        interests = Interest.objects.all()
        filters = []
        if since:
            interests = interests.filter(created_at__date__gte=since)
            filters.append((gettext("created since"), since.isoformat()))
        if until:
            interests = interests.filter(created_at__date__lte=until)
            filters.append((gettext("created until"), until.isoformat()))
        if status:
            interests = interests.filter(status=status)
            filters.append((gettext("status"), str(Interest.Status(status).label)))
        if state:
            code = self._state(state)
            interests = interests.filter(buyer__state=code)
            filters.append((gettext("state"), str(State(code).label)))
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            totals = write_interest_report(
                str(out), interests=interests, filters=filters,
                generated_by=f"{getpass.getuser()} (command)",
            )  # fmt: skip
        except OSError as error:
            raise CommandError(f"{out}: {error.strerror}") from error
        interests = ngettext("%(count)d interest", "%(count)d interests", totals.interests) % {
            "count": totals.interests
        }
        lines = ngettext("%(count)d product line", "%(count)d product lines", totals.lines) % {
            "count": totals.lines
        }
        self.stdout.write(f"{out}: {interests}, {lines}.")

    def _state(self, text: str) -> str:
        for code, label in State.choices:
            if text.strip().upper() == code or text.strip().casefold() == str(label).casefold():
                return code
        raise CommandError(
            gettext("%(text)r is not a Nigerian state; use a code like LA, KN or FC.")
            % {"text": text}
        )
