"""Cart and checkout bodies (Magento_Quote and Magento_Checkout data interfaces), out and in."""

from __future__ import annotations

from decimal import Decimal

from rest_framework import serializers

from backoffice.rest.serializers import MagentoInputSerializer
from customers.api.customers import CustomerSerializer
from sales.models import ZERO

from ..checkout import AddressInput, available_payment_methods
from ..models import Quote, QuoteAddress, QuoteItem
from ..quotes import CartTotals, ShippingRate, TotalsLine, collect_totals, rule_label


def money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"))


class ShippingMethodSerializer(serializers.Serializer):
    """Magento\\Quote\\Api\\Data\\ShippingMethodInterface."""

    def to_representation(self, rate: ShippingRate) -> dict:
        return {
            "carrier_code": rate.carrier_code,
            "method_code": rate.method_code,
            "carrier_title": rate.carrier_title,
            "method_title": rate.method_title,
            "amount": money(rate.amount),
            "base_amount": money(rate.amount),
            "available": True,
            "error_message": "",
            "price_excl_tax": money(rate.amount),
            "price_incl_tax": money(rate.amount),
        }


class CartItemSerializer(serializers.Serializer):
    """Magento\\Quote\\Api\\Data\\CartItemInterface, with the rule's discount in extension_attributes."""

    def to_representation(self, line: TotalsLine) -> dict:
        item = line.item
        body: dict = {
            "item_id": item.pk,
            "sku": item.product.sku,
            "qty": item.qty,
            "name": item.product.name,
            "price": money(line.price),
            "product_type": item.product.type_id,
            # Magento's getter is declared string; a guest is shown the masked id it knows the cart by
            "quote_id": self.context.get("quote_id") or str(item.quote_id),
        }
        rule = self.context.get("rule")
        if rule is not None and line.discount_amount:
            amount = money(line.discount_amount)
            body["extension_attributes"] = {
                "discounts": [
                    {
                        "discount_data": {
                            "amount": amount,
                            "base_amount": amount,
                            "original_amount": amount,
                            "base_original_amount": amount,
                        },
                        "rule_label": rule_label(rule),
                        "rule_id": rule.pk,
                    }
                ]
            }
        return body


class QuoteAddressSerializer(serializers.Serializer):
    """Magento\\Quote\\Api\\Data\\AddressInterface (blank values are left out, as Magento leaves out nulls)."""

    def to_representation(self, address: QuoteAddress) -> dict:
        body = {
            "id": address.pk,
            "region": address.region,
            "region_id": address.region_id,
            "region_code": address.region_code,
            "country_id": address.country_id,
            "street": address.street.split("\n"),
            "company": address.company,
            "telephone": address.telephone,
            "postcode": address.postcode,
            "city": address.city,
            "firstname": address.firstname,
            "lastname": address.lastname,
            "customer_id": address.quote.customer_id,
            "email": address.email,
            "same_as_billing": address.same_as_billing,
            "customer_address_id": address.customer_address_id,
            "save_in_address_book": address.save_in_address_book,
        }
        return {key: value for key, value in body.items() if value not in (None, "")}


def billing_address_body(quote: Quote, address: QuoteAddress | None) -> dict:
    """GET .../billing-address: AddressInterface as Magento's DataObjectProcessor prints it, every getter declared
    non-nullable (region, country_id, street, telephone, ...) printed even when null, the nullable ones (id, company,
    customer_id, customer_address_id) left out when null. A cart without billing address answers the empty address
    Quote::getBillingAddress creates (magento/magento2#5227); its email is the cart customer's (Address::getEmail)."""
    customer_email = quote.customer.email if quote.customer else None
    if address is None:
        address = QuoteAddress(quote=quote, address_type=QuoteAddress.Type.BILLING)
    body = {
        "id": address.pk,
        "region": address.region or None,
        "region_id": address.region_id,
        "region_code": address.region_code or None,
        "country_id": address.country_id or None,
        "street": address.street.split("\n"),
        "company": address.company or None,
        "telephone": address.telephone or None,
        "postcode": address.postcode or None,
        "city": address.city or None,
        "firstname": address.firstname or None,
        "lastname": address.lastname or None,
        "customer_id": quote.customer_id,
        "email": address.email or customer_email,
        "same_as_billing": address.same_as_billing,
        "customer_address_id": address.customer_address_id,
        "save_in_address_book": address.save_in_address_book,
    }
    nullable = {"id", "company", "customer_id", "customer_address_id"}
    return {key: value for key, value in body.items() if value is not None or key not in nullable}


class TotalsSerializer(serializers.Serializer):
    """Magento\\Quote\\Api\\Data\\TotalsInterface with its items and total segments (Magento Open Source)."""

    def to_representation(self, totals: CartTotals) -> dict:
        subtotal, discount, shipping, grand = (
            money(totals.subtotal),
            money(-totals.discount),
            money(totals.shipping),
            money(totals.grand_total),
        )
        return {
            "grand_total": grand,
            "base_grand_total": grand,
            "subtotal": subtotal,
            "base_subtotal": subtotal,
            "discount_amount": discount,
            "base_discount_amount": discount,
            "subtotal_with_discount": subtotal + discount,
            "base_subtotal_with_discount": subtotal + discount,
            "shipping_amount": shipping,
            "base_shipping_amount": shipping,
            "shipping_discount_amount": money(ZERO),
            "base_shipping_discount_amount": money(ZERO),
            "tax_amount": money(ZERO),
            "base_tax_amount": money(ZERO),
            "weee_tax_applied_amount": None,  # a non-nullable getter: Magento prints the null
            "shipping_tax_amount": money(ZERO),
            "base_shipping_tax_amount": money(ZERO),
            "subtotal_incl_tax": subtotal,
            "shipping_incl_tax": shipping,
            "base_shipping_incl_tax": shipping,
            "base_currency_code": "USD",
            "quote_currency_code": "USD",
            "items_qty": totals.items_qty,
            "items": [self._item(line) for line in totals.lines],
            "total_segments": self._segments(totals, subtotal, discount, shipping, grand),
        }

    def _item(self, line: TotalsLine) -> dict:
        price, row = money(line.price), money(line.row_total)
        return {
            "item_id": line.item.pk,
            "price": price,
            "base_price": price,
            "qty": line.item.qty,
            "row_total": row,
            "base_row_total": row,
            "row_total_with_discount": money(ZERO),  # sic: Magento answers 0 here
            "tax_amount": money(ZERO),
            "base_tax_amount": money(ZERO),
            "tax_percent": money(ZERO),
            "discount_amount": money(line.discount_amount),
            "base_discount_amount": money(line.discount_amount),
            "discount_percent": money(line.discount_percent),
            "price_incl_tax": price,
            "base_price_incl_tax": price,
            "row_total_incl_tax": row,
            "base_row_total_incl_tax": row,
            "options": "[]",
            "weee_tax_applied_amount": None,
            "weee_tax_applied": None,
            "name": line.item.product.name,
        }

    def _segments(
        self, totals: CartTotals, subtotal: Decimal, discount: Decimal, shipping: Decimal, grand: Decimal
    ) -> list[dict]:
        segments: list[dict] = [{"code": "subtotal", "title": "Subtotal", "value": subtotal}]
        if discount:
            description = totals.rule.store_label if totals.rule else ""
            title = f"Discount ({description})" if description else "Discount"
            segments.append({"code": "discount", "title": title, "value": discount})
        if not totals.is_virtual:
            rate = totals.shipping_rate
            title = f"Shipping & Handling ({rate.description})" if rate else "Shipping & Handling"
            segments.append({"code": "shipping", "title": title, "value": shipping})
        segments.append(
            {
                "code": "tax",
                "title": "Tax",
                "value": money(ZERO),
                "extension_attributes": {"tax_grandtotal_details": []},
            }
        )
        segments.append({"code": "grand_total", "title": "Grand Total", "value": grand, "area": "footer"})
        return segments


# Quote::getCustomer of a cart without customer: an empty CustomerInterface, whose three non-nullable getters Magento
# prints as null.
GUEST_CUSTOMER = {"email": None, "firstname": None, "lastname": None}


class CartSerializer(serializers.Serializer):
    """Magento\\Quote\\Api\\Data\\CartInterface for GET /V1/carts/mine, /V1/carts/{cartId}, /V1/guest-carts/{cartId}
    and the items of /V1/carts/search (which passes the active cart price rules in the context, read once)."""

    def to_representation(self, quote: Quote) -> dict:
        totals = collect_totals(quote, rules=self.context.get("rules"))
        items = CartItemSerializer(totals.lines, many=True, context={"rule": totals.rule}).data
        addresses = {address.address_type: address for address in quote.addresses.all()}  # prefetched by searches
        for address in addresses.values():
            address.quote = quote  # QuoteAddressSerializer reads its customer_id
        body: dict = {
            "id": quote.pk,
            "created_at": _datetime(quote.created_at),
            "updated_at": _datetime(quote.updated_at),
            "is_active": quote.is_active,
            "is_virtual": totals.is_virtual,
            "items": items,
            "items_count": len(totals.lines),
            "items_qty": totals.items_qty,
            "customer": CustomerSerializer(quote.customer).data if quote.customer else GUEST_CUSTOMER,
        }
        if QuoteAddress.Type.BILLING in addresses:
            body["billing_address"] = QuoteAddressSerializer(addresses[QuoteAddress.Type.BILLING]).data
        if quote.reserved_order_id:
            body["reserved_order_id"] = quote.reserved_order_id
        body |= {
            "orig_order_id": 0,
            "currency": {
                "global_currency_code": "USD",
                "base_currency_code": "USD",
                "store_currency_code": "USD",
                "quote_currency_code": "USD",
                "store_to_base_rate": 0,
                "store_to_quote_rate": 0,
                "base_to_global_rate": 1,
                "base_to_quote_rate": 1,
            },
            "customer_is_guest": quote.customer_is_guest,
            "customer_note_notify": True,
            "customer_tax_class_id": 3,  # "Retail Customer"
            "store_id": quote.store_id,
        }
        shipping = addresses.get(QuoteAddress.Type.SHIPPING)
        if shipping is not None:
            body["extension_attributes"] = {
                "shipping_assignments": [
                    {
                        "shipping": {
                            "address": QuoteAddressSerializer(shipping).data,
                            "method": shipping.shipping_method,
                        },
                        "items": items,
                    }
                ]
            }
        return body


def _datetime(value: object) -> str:
    return serializers.DateTimeField().to_representation(value)


# Input, bound like Magento's ServiceInputProcessor (camelCase or snake_case keys).


class QuoteAddressInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\Data\\AddressInterface"
    model = QuoteAddress
    id = serializers.IntegerField(required=False, allow_null=True)
    region = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    region_id = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    region_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=32)
    country_id = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=2)
    street = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False, default=list)
    company = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    telephone = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    postcode = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    city = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    firstname = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    lastname = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    customer_id = serializers.IntegerField(required=False, allow_null=True)  # ignored: the token's customer
    email = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)
    same_as_billing = serializers.IntegerField(required=False, default=0)
    customer_address_id = serializers.IntegerField(required=False, allow_null=True)
    save_in_address_book = serializers.IntegerField(required=False, default=0)
    extension_attributes = serializers.DictField(required=False)
    custom_attributes = serializers.ListField(required=False)


def address_input(data: dict | None) -> AddressInput | None:
    if data is None:
        return None
    return AddressInput(
        firstname=data.get("firstname") or "",
        lastname=data.get("lastname") or "",
        street=data.get("street") or [],
        city=data.get("city") or "",
        postcode=data.get("postcode") or "",
        country_id=data.get("country_id") or "",
        telephone=data.get("telephone") or "",
        region=data.get("region") or None,
        region_id=data.get("region_id") or None,
        region_code=data.get("region_code") or None,
        company=data.get("company") or None,
        email=data.get("email") or None,
        customer_address_id=data.get("customer_address_id"),
        same_as_billing=data.get("same_as_billing") or 0,
        save_in_address_book=data.get("save_in_address_book") or 0,
        id=data.get("id"),
    )


class CartItemInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\Data\\CartItemInterface"
    item_id = serializers.IntegerField(required=False, allow_null=True)
    sku = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    qty = serializers.DecimalField(max_digits=12, decimal_places=4, required=False, allow_null=True, default=None)
    name = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    price = serializers.DecimalField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    product_type = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    quote_id = serializers.CharField(required=False, allow_null=True, allow_blank=True)  # forced to the cart's id
    product_option = serializers.DictField(required=False, allow_null=True)
    extension_attributes = serializers.DictField(required=False)


class CartItemSaveInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\CartItemRepositoryInterface"
    cart_item = CartItemInputSerializer()


class EstimateInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\ShipmentEstimationInterface"
    address = QuoteAddressInputSerializer()


class ShippingInformationSerializer(MagentoInputSerializer):
    interface = "Magento\\Checkout\\Api\\Data\\ShippingInformationInterface"
    shipping_address = QuoteAddressInputSerializer(required=False, allow_null=True, default=None)
    billing_address = QuoteAddressInputSerializer(required=False, allow_null=True, default=None)
    shipping_method_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    shipping_carrier_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    extension_attributes = serializers.DictField(required=False)
    custom_attributes = serializers.ListField(required=False)


class ShippingInformationInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Checkout\\Api\\ShippingInformationManagementInterface"
    address_information = ShippingInformationSerializer()


class PaymentInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\Data\\PaymentInterface"
    method = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    po_number = serializers.CharField(required=False, allow_null=True, allow_blank=True)
    additional_data = serializers.ListField(required=False, allow_null=True)
    extension_attributes = serializers.DictField(required=False)


class PaymentInformationInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Checkout\\Api\\PaymentInformationManagementInterface"
    payment_method = PaymentInputSerializer()
    billing_address = QuoteAddressInputSerializer(required=False, allow_null=True, default=None)
    email = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=255)  # guests


def item_body(item: QuoteItem, quote_id: str | None = None) -> dict:
    """The saved item as CartItemInterface, with the discount the cart's totals now give it (``quote_id``: the id
    shown for the cart, when it is not its integer id). A line's discount does not depend on the shipping method,
    so none is looked up (no address read)."""
    totals = collect_totals(item.quote, shipping_method="")
    line = next(line for line in totals.lines if line.item.pk == item.pk)
    return CartItemSerializer(line, context={"rule": totals.rule, "quote_id": quote_id}).data


def payment_methods_body(totals: CartTotals) -> list[dict]:
    """PaymentMethodInterface[]: the methods available for these totals."""
    return [{"code": m.code, "title": m.title} for m in available_payment_methods(totals)]


class BillingAddressInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\BillingAddressManagementInterface"
    address = QuoteAddressInputSerializer()
    use_for_shipping = serializers.BooleanField(required=False, default=False)


class EstimateByAddressIdInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\ShippingMethodManagementInterface"
    address_id = serializers.IntegerField()


class PaymentMethodInputSerializer(MagentoInputSerializer):
    """PaymentMethodManagementInterface::set(cartId, method): the PaymentInterface is the parameter ``method``."""

    interface = "Magento\\Quote\\Api\\PaymentMethodManagementInterface"
    method = PaymentInputSerializer()


class SetPaymentInformationInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Checkout\\Api\\PaymentInformationManagementInterface"
    payment_method = PaymentInputSerializer()
    billing_address = QuoteAddressInputSerializer(required=False, allow_null=True, default=None)


class GuestSetPaymentInformationInputSerializer(SetPaymentInformationInputSerializer):
    """GuestPaymentInformationManagementInterface::savePaymentInformation(cartId, email, paymentMethod, ...)."""

    interface = "Magento\\Checkout\\Api\\GuestPaymentInformationManagementInterface"
    email = serializers.CharField(max_length=255)


class TotalsAdditionalDataInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Quote\\Api\\Data\\TotalsAdditionalDataInterface"
    extension_attributes = serializers.DictField(required=False)
    custom_attributes = serializers.ListField(required=False)


class CollectTotalsInputSerializer(MagentoInputSerializer):
    """CartTotalManagementInterface::collectTotals(cartId, paymentMethod, shippingCarrierCode, shippingMethodCode,
    additionalData)."""

    interface = "Magento\\Quote\\Api\\CartTotalManagementInterface"
    payment_method = PaymentInputSerializer()
    shipping_carrier_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    shipping_method_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    additional_data = TotalsAdditionalDataInputSerializer(required=False, allow_null=True)


class TotalsInformationSerializer(MagentoInputSerializer):
    interface = "Magento\\Checkout\\Api\\Data\\TotalsInformationInterface"
    address = QuoteAddressInputSerializer()
    shipping_method_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    shipping_carrier_code = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    extension_attributes = serializers.DictField(required=False)
    custom_attributes = serializers.ListField(required=False)


class TotalsInformationInputSerializer(MagentoInputSerializer):
    interface = "Magento\\Checkout\\Api\\TotalsInformationManagementInterface"
    address_information = TotalsInformationSerializer()
