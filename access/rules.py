"""Which active import rules apply to HS codes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from access.models import ImportRule

Key = TypeVar("Key")


@dataclass(frozen=True)
class MarketAccess:
    """What Nigeria's rules say of a product's codes: the prohibitions (with their
    conditions) and the documents or permits an import needs."""

    prohibitions: tuple[ImportRule, ...] = ()
    requirements: tuple[ImportRule, ...] = ()

    @classmethod
    def of(cls, rules: Iterable[ImportRule]) -> MarketAccess:
        rules = list(rules)
        return cls(
            prohibitions=tuple(r for r in rules if r.kind == ImportRule.Kind.PROHIBITED),
            requirements=tuple(r for r in rules if r.kind == ImportRule.Kind.REQUIREMENT),
        )

    @property
    def sources(self) -> list:
        """The sources of the prohibitions, each once."""
        return list(dict.fromkeys(rule.source for rule in self.prohibitions))

    @property
    def status(self) -> str:
        """ "prohibited" when a prohibition without conditions applies, "conditions" when
        only prohibitions under conditions do, "importable" otherwise."""
        if not self.prohibitions:
            return "importable"
        return "conditions" if all(r.conditions for r in self.prohibitions) else "prohibited"


def _hs6(codes: Iterable[str]) -> set[str]:
    """Codes as rules read them: chapters, headings and subheadings, national lines by
    their first six digits."""
    return {code[:6] for code in codes if len(code) >= 2}


def ranged_rules() -> list[ImportRule]:
    """The active rules with an HS range, which are those that cover codes, with their
    sources. Officials curate the rules by hand: a few hundred at most, read whole, no
    query growing with the codes asked about."""
    return list(
        ImportRule.objects.filter(is_active=True).exclude(hs_from="").select_related("source")
    )


def rules_for(codes: Iterable[str], rules: Sequence[ImportRule] | None = None) -> list[ImportRule]:
    """The active rules that cover any of these HS codes (ImportRule.covers), once each,
    in the order of their ranges."""
    return rules_by_key({None: codes}, rules)[None]


def rules_by_key(
    codes_by_key: Mapping[Key, Iterable[str]], rules: Sequence[ImportRule] | None = None
) -> dict[Key, list[ImportRule]]:
    """The active rules on each key's HS codes (say, each product of a page), in one query;
    none when the caller gives ranged_rules() as it holds them (a process keeps them)."""
    wanted = {key: _hs6(codes) for key, codes in codes_by_key.items()}
    if not any(wanted.values()):
        return {key: [] for key in wanted}
    candidates = ranged_rules() if rules is None else rules
    # Each code looked up once: a file of 100,000 products has a few thousand codes.
    on_code = {
        code: {rule.pk for rule in candidates if rule.covers(code)}
        for code in set().union(*wanted.values())
    }
    # Each set of codes worked out once: most products of a file share their code's set.
    by_codes: dict[frozenset[str], list[ImportRule]] = {}
    found = {}
    for key, codes in wanted.items():
        held = frozenset(codes)
        if held not in by_codes:
            covering = set().union(*(on_code[code] for code in held))
            by_codes[held] = [rule for rule in candidates if rule.pk in covering]
        found[key] = list(by_codes[held])
    return found


def access_by_key(
    codes_by_key: Mapping[Key, Iterable[str]], rules: Sequence[ImportRule] | None = None
) -> dict[Key, MarketAccess]:
    """What the rules say of each key's HS codes (rules as rules_by_key takes them)."""
    found = rules_by_key(codes_by_key, rules)
    return {key: MarketAccess.of(applying) for key, applying in found.items()}


def awaiting_range() -> list[ImportRule]:
    """The active prohibitions the source names without HS codes: they cover no code until
    an official gives a range, so a buyer is told of them beside any product."""
    return list(
        ImportRule.objects.prohibitions().filter(is_active=True, hs_from="").order_by("item")
    )


def access_for(codes: Iterable[str], rules: Sequence[ImportRule] | None = None) -> MarketAccess:
    return MarketAccess.of(rules_for(codes, rules))
