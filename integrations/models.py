"""The admin's System > Integrations page lists backoffice.rest's integrations under this app's name."""

from __future__ import annotations

from backoffice.rest import models as webapi


class Integration(webapi.Integration):
    class Meta:
        proxy = True
        verbose_name = "integration"
        verbose_name_plural = "integrations"
