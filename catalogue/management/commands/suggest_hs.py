import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalogue.hscodes import dotted
from catalogue.suggest.service import suggest_hs


class Command(BaseCommand):
    help = "Suggest HS 2022 codes for a product name in English, Russian or trade words."

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument("--limit", type=int, default=5)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, text, limit, **options):
        if not text.strip():
            raise CommandError(
                _("Give the product to look up, for example: suggest_hs 'sunflower oil'.")
            )
        if not 1 <= limit <= 50:
            raise CommandError(_("--limit must be from 1 to 50."))
        suggestions = suggest_hs(text, limit)
        if options["json"]:
            results = [
                {
                    "code": s.code,
                    "level": s.level,
                    "description": s.description,
                    "score": s.score,
                    "reason": s.reason,
                }
                for s in suggestions
            ]
            self.stdout.write(json.dumps({"query": text, "results": results}, ensure_ascii=False))
            return
        if not suggestions:
            self.stdout.write(_("No suggestion: try other words, or the English name."))
        for s in suggestions:
            code = dotted(s.code)
            self.stdout.write(f"{code:8} {s.score:.2f}  {s.description[:90]}")
            self.stdout.write(f"{'':14}{s.reason}")
