"""English dates as the admin prints them (Nov 25, 2025 14:37); the other formats stay Django's."""

from backoffice.formats import ADMIN_DATETIME_FORMAT

DATETIME_FORMAT = ADMIN_DATETIME_FORMAT
SHORT_DATETIME_FORMAT = ADMIN_DATETIME_FORMAT
DATE_FORMAT = "M j, Y"
