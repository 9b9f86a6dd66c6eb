"""Sales routes, paths as in Magento_Sales etc/webapi.xml (without the /V1 prefix)."""

from django.urls import path

from . import carts, customers, order_actions, views

urlpatterns = [
    path("orders", views.OrderListView.as_view()),
    path("orders/<int:order_id>", views.OrderDetailView.as_view()),
    path("order/<int:order_id>/invoice", views.OrderInvoiceView.as_view()),
    path("invoices", views.InvoiceListView.as_view()),
    path("invoices/<int:invoice_id>", views.InvoiceDetailView.as_view()),
    path("order/<int:order_id>/ship", views.OrderShipView.as_view()),
    path("shipments", views.ShipmentListView.as_view()),
    path("shipment/<int:shipment_id>", views.ShipmentDetailView.as_view()),
    path("shipment/<int:shipment_id>/comments", views.ShipmentCommentsView.as_view()),
    path("shipment/track", views.ShipmentTrackCreateView.as_view()),
    path("shipment/track/<int:track_id>", views.ShipmentTrackDeleteView.as_view()),
]
urlpatterns += customers.urlpatterns + carts.urlpatterns + order_actions.urlpatterns
