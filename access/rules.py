"""Which active import rules apply to HS codes."""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db.models import Q

from access.models import ImportRule


def rules_for(codes: Iterable[str]) -> list[ImportRule]:
    """The active rules that cover any of these HS codes (six digits or more), once each,
    in the order of their ranges."""
    wanted = sorted({code[:6] for code in codes if len(code) >= 6})
    if not wanted:
        return []
    in_range = reduce(or_, (Q(hs_from__lte=code, hs_to__gte=code) for code in wanted))
    candidates = (
        ImportRule.objects.filter(in_range, is_active=True)
        .exclude(hs_from="")
        .select_related("source")
    )
    return [rule for rule in candidates if any(rule.covers(code) for code in wanted)]
