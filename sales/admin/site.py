"""The admin site's names: "Backoffice" in the header and the title, "Dashboard" on the index; the index is the
sales dashboard (dashboard.py)."""

from django.contrib import admin

admin.site.site_header = "Backoffice"
admin.site.site_title = "Backoffice"
admin.site.index_title = "Dashboard"
# The index is the merchant's dashboard (dashboard.py) above the list of models.
admin.site.index_template = "admin/sales/dashboard/index.html"
