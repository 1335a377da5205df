"""Nigeria's import rule as a buyer is shown it on a line of their request, and kept with
it (InterestLine.rules_seen): in the reader's language, but for the rule's own words
(goods, conditions, source), which are English."""

from __future__ import annotations

from access.models import ImportRule
from catalogue.lib.messages import Message, gettext_noop

# By whether the rule has conditions and whether officials checked it.
NOTICES = {
    (False, False): gettext_noop("%(item)s; source: %(source)s, %(published)s"),
    (True, False): gettext_noop(
        "%(item)s; conditions: %(conditions)s; source: %(source)s, %(published)s"
    ),
    (False, True): gettext_noop(
        "%(item)s; source: %(source)s, %(published)s; checked by trade officials on %(checked)s"
    ),
    (True, True): gettext_noop(
        "%(item)s; conditions: %(conditions)s; source: %(source)s, %(published)s; "
        "checked by trade officials on %(checked)s"
    ),
}


def rule_notice(rule: ImportRule) -> Message:
    """The rule in one line: goods, conditions, source, check."""
    said = {"item": rule.item, "source": rule.source.title, "published": rule.source.date}
    if rule.conditions:
        said["conditions"] = rule.conditions
    if rule.checked_on:
        said["checked"] = rule.checked_on
    return Message(NOTICES[bool(rule.conditions), bool(rule.checked_on)], **said)
