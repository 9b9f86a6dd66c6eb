"""Admin plus the Magento REST routes, mounted at /rest/V1/ and /rest/<store_code>/V1/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

from backoffice import openapi  # noqa: F401 (registers the schema annotations of the domain views)
from backoffice.admin_login import admin_login
from backoffice.rest.directory import CountryDetailView, CountryListView, CurrencyView
from backoffice.rest.errors import no_route
from backoffice.rest.store import StoreConfigListView, StoreGroupListView, StoreViewListView, WebsiteListView
from backoffice.rest.views import AdminTokenView, CustomerTokenRevokeView, SchemaView
from integrations.views import token_access, token_request

v1 = [
    path("integration/admin/token", AdminTokenView.as_view()),
    path("integration/customer/revoke-customer-token", CustomerTokenRevokeView.as_view()),
    path("store/websites", WebsiteListView.as_view()),
    path("store/storeGroups", StoreGroupListView.as_view()),
    path("store/storeViews", StoreViewListView.as_view()),
    path("store/storeConfigs", StoreConfigListView.as_view()),
    path("directory/currency", CurrencyView.as_view()),
    path("directory/countries", CountryListView.as_view()),
    path("directory/countries/<str:country_id>", CountryDetailView.as_view()),
    path("", include("catalog.api.urls")),
    path("", include("catalog.api.attribute_urls")),
    path("", include("inventory.api.urls")),
    path("", include("customers.api.urls")),
    path("", include("sales.api.urls")),
    path("", include("checkout.api.urls")),
    path("", include("asynchronous_operations.api.urls")),
]
store_codes = "|".join(sorted(settings.MAGENTO_STORE_CODES))

if settings.DEMO:  # the demo says so on every admin page, in the header and the browser's tab
    admin.site.site_header = admin.site.site_title = f"{admin.site.site_header} DEMO: not for production"

urlpatterns = [
    path("admin/login/", admin_login),  # Django's admin login, behind the sign-in throttle (admin_login.py)
    path("admin/", admin.site.urls),
    path("oauth/token/request", token_request),  # Magento_Integration's OAuth handshake (integrations/views.py)
    path("oauth/token/access", token_access),
    path("rest/schema", SchemaView.as_view()),  # OpenAPI 3; Magento serves its own at /rest/all/schema
    path("rest/all/schema", SchemaView.as_view()),  # ?services=all, as Magento's URL has it (ignored)
    path("rest/V1/", include(v1), {"store_code": "default"}),
    re_path(rf"^rest/(?P<store_code>{store_codes})/V1/", include(v1)),
    re_path(r"^rest/", no_route),  # Magento's {"message": "Request does not match any route."}
    path("", RedirectView.as_view(pattern_name="admin:index")),
]
if (settings.DEBUG or settings.DEMO) and settings.MEDIA_URL.startswith("/"):
    # Product images (catalog/media.py) from MEDIA_ROOT; in production a web server or the storage serves them.
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.insert(-1, re_path(rf"^{media_prefix}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}))

handler500 = "backoffice.rest.errors.server_error"
