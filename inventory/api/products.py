"""/V1/products with MSI's side: the catalog's wire format plus extension_attributes.stock_item.

These views live in inventory because every one of them touches inventory (see catalog/api/urls.py).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.rest.routes import ListView, RouteView, parse
from backoffice.rest.serializers import MagentoInputSerializer
from catalog.api import attributes
from catalog.api.filters import ProductFilter
from catalog.api.serializers import ProductExtensionInputSerializer, ProductInputSerializer, ProductSerializer
from catalog.models import Product

from ..exceptions import ProductNotFound
from ..products import delete_product_with_stock, save_product_with_stock
from .stock_items import StockItemInputSerializer, stock_item, stock_item_data, with_default_source_item

PRODUCTS = "Magento_Catalog::products"
# Magento_Catalog's literal routes beside /V1/products/:sku (etc/webapi.xml) that this back-office does not serve
# (yet): Magento's router prefers a literal segment for its method, so these are never SKUs. The route is
# matched before the ACL is read, as in Magento: "Request does not match any route." even for a guest.
UNSERVED_LITERAL_ROUTES = frozenset({("PUT", "tier-prices")})


class ProductWithStockSerializer(ProductSerializer):
    def get_extension_attributes(self, product: Product) -> dict:
        return {**super().get_extension_attributes(product), "stock_item": stock_item(product)}


class ProductExtensionWithStockInputSerializer(ProductExtensionInputSerializer):
    stock_item = StockItemInputSerializer(required=False)


class ProductWithStockInputSerializer(ProductInputSerializer):
    extension_attributes = ProductExtensionWithStockInputSerializer(required=False)


class ProductSaveInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Catalog\\Api\\ProductRepositoryInterface"
    product = ProductWithStockInputSerializer()
    save_options = serializers.BooleanField(required=False)


def _save(data: dict, sku: str) -> Response:
    sent = (data.get("extension_attributes") or {}).get("stock_item")
    stock = stock_item_data(sent) if sent is not None else None
    product = save_product_with_stock(sku, ProductInputSerializer.changes(data), stock)
    return Response(ProductWithStockSerializer(with_default_source_item().get(pk=product.pk)).data)


class ProductListView(ListView):
    """GET /V1/products?searchCriteria...; POST /V1/products {"product": {...}} -> the saved product."""

    acl_by_method = {"GET": (PRODUCTS, "catalog.view_product"), "POST": (PRODUCTS, "catalog.add_product")}
    queryset = with_default_source_item()
    serializer_class = ProductWithStockSerializer
    filterset_class = ProductFilter

    def post(self, request: Request, store_code: str) -> Response:
        data = parse(ProductSaveInputSerializer, request.data)["product"]
        return _save(data, data["sku"])


class ProductDetailView(RouteView):
    """GET, PUT (the path's SKU is forced into the body; -> the product) and DELETE (-> true) /V1/products/{sku}."""

    acl_by_method = {
        "GET": (PRODUCTS, "catalog.view_product"),
        "PUT": (PRODUCTS, "catalog.change_product"),
        "DELETE": (PRODUCTS, "catalog.delete_product"),
    }

    def initial(self, request: Request, *args: object, **kwargs: object) -> None:
        if (request.method, kwargs.get("sku")) in UNSERVED_LITERAL_ROUTES:
            raise exceptions.MethodNotAllowed(request.method)  # rendered as Magento's route-not-found 404
        super().initial(request, *args, **kwargs)

    def get(self, request: Request, store_code: str, sku: str) -> Response:
        product = with_default_source_item().filter(sku=sku).first()
        if product is None:
            raise ProductNotFound()
        return Response(ProductWithStockSerializer(product).data)

    def put(self, request: Request, store_code: str, sku: str) -> Response:
        return _save(parse(ProductSaveInputSerializer, request.data)["product"], sku)

    def delete(self, request: Request, store_code: str, sku: str) -> Response:
        delete_product_with_stock(sku)
        return Response(True)


def literal_or_sku(catalog_view: type[APIView], segment: str) -> type[APIView]:
    """/V1/products/{segment}: Magento_Catalog's literal route for the methods it declares, the SKU route
    (a product whose SKU is the segment) for the others, as Magento's router matches per method."""
    own = {method: getattr(catalog_view, method.lower()) for method in catalog_view.acl_by_method}
    sku_methods = {m: acl for m, acl in ProductDetailView.acl_by_method.items() if m not in own}

    def as_sku(method: str):  # noqa: ANN202
        def handler(self: APIView, request: Request, store_code: str, **kwargs: object) -> Response:
            return getattr(ProductDetailView, method.lower())(self, request, store_code, segment)

        # the SKU route's operation, named apart from the literal route's own (OpenAPI operationIds are unique)
        operation = f"products_sku_{segment.replace('-', '_')}_{method.lower()}"
        return extend_schema(operation_id=operation, responses=ProductWithStockSerializer)(handler)

    handlers = {method.lower(): as_sku(method) for method in sku_methods}
    return type(f"{catalog_view.__name__}OrSku", (catalog_view,), {
        "acl_by_method": {**catalog_view.acl_by_method, **sku_methods}, "__doc__": catalog_view.__doc__, **handlers})


AttributeListOrSkuView = literal_or_sku(attributes.AttributeListView, "attributes")
ProductTypesOrSkuView = literal_or_sku(attributes.ProductTypesView, "types")
AttributeSetCreateOrSkuView = literal_or_sku(attributes.AttributeSetCreateView, "attribute-sets")
