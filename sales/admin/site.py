"""The admin site's names: "Backoffice" in the header and the title, "Dashboard" on the index; the index is the
sales dashboard (dashboard.py)."""

from django.contrib import admin

admin.site.site_header = "Backoffice"
admin.site.site_title = "Backoffice"
admin.site.index_title = "Dashboard"
# The index is the merchant's dashboard (dashboard.py) above the list of models.
admin.site.index_template = "admin/sales/dashboard/index.html"
# No "View site" link: there is no storefront here (Magento's admin has none either), and the REST API's
# OpenAPI document (/rest/schema) is JSON for clients, not a page for a merchant.
admin.site.site_url = None
