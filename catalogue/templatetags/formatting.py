"""Values as the page's language writes them (catalogue.lib.formatting):
`{% load formatting %}` then `{{ line.quantity|quantity:line.unit }}`,
`{{ line.target_price|money:line.currency }}`, `{{ interest.confirmed_at|local_date }}`,
`{{ total|number }}`."""

from __future__ import annotations

from django import template

from catalogue.lib.formatting import format_date, format_money, format_number, format_quantity

register = template.Library()


@register.filter
def number(value) -> str:
    return format_number(value)


@register.filter
def quantity(amount, unit: str = "") -> str:
    return format_quantity(amount, unit or "")


@register.filter
def money(amount, currency: str = "") -> str:
    return format_money(amount, currency or "")


@register.filter
def local_date(value, format: str = "DATE_FORMAT") -> str:
    return format_date(value, format)
