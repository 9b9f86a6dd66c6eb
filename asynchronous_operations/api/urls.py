"""Bulk status routes, paths as in Magento_AsynchronousOperations etc/webapi.xml (without the /V1 prefix). The
asynchronous routes themselves are not URL patterns: AsyncRouteMiddleware hands /rest/async/... to their view."""

from django.urls import path

from . import views

urlpatterns = [
    path("bulk", views.OperationListView.as_view()),
    path("bulk/<str:bulk_uuid>/status", views.BulkStatusView.as_view()),
    path("bulk/<str:bulk_uuid>/detailed-status", views.BulkDetailedStatusView.as_view()),
    path("bulk/<str:bulk_uuid>/operation-status/<id:status>", views.OperationCountView.as_view()),
]
