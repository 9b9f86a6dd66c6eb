"""System checks of the project's own: the demo says it is one whenever a management command starts
(`runserver`, `migrate`, `check`), on the console, as a warning (README "Production")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Warning, register


@register()
def demo_mode(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if not settings.DEMO:
        return []
    return [Warning(
        "DEMO: this is the demo (DJANGO_MODE=demo), on the public development secret key. Never expose it; "
        'for production see the README\'s "Production".', id="backoffice.W001",
    )]
