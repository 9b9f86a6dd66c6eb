import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backoffice.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Build, as each worker starts, what the first request would otherwise build: the directory's countries and
    regions (pycountry's ISO databases, some 0.2-0.35 s, first needed by an address check at checkout) and the
    compiled email pattern (the order's email check)."""
    from django.core.validators import validate_email

    from backoffice.directory import allowed_countries

    allowed_countries()
    validate_email("warm-up@example.com")


_warm_up()
