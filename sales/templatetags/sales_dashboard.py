"""``{% sales_dashboard %}``: the admin index's dashboard (sales/admin/dashboard.py) for the request's user."""

from __future__ import annotations

from django import template

from ..admin.dashboard import build_dashboard

register = template.Library()


@register.inclusion_tag("admin/sales/dashboard/panel.html", takes_context=True)
def sales_dashboard(context: template.Context) -> dict[str, object]:
    return build_dashboard(context["request"])
