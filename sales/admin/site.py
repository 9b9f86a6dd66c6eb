"""The admin site's names: "Backoffice" in the header and the title, "Dashboard" on the index."""

from django.contrib import admin

admin.site.site_header = "Backoffice"
admin.site.site_title = "Backoffice"
admin.site.index_title = "Dashboard"
