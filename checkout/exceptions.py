"""Cart and checkout refusals with Magento's message templates (Magento_Quote, Magento_Checkout)."""

from __future__ import annotations

from backoffice.exceptions import DomainError, NotFoundError


# Carts (Magento_Quote) and checkout (Magento_Checkout).
class NoActiveCart(NotFoundError):
    """ParamOverriderCartId: a /mine route of a customer who has no active cart."""

    message = "Current customer does not have an active cart."


class CustomerCartNotFound(NotFoundError):
    """GET /V1/carts/mine without an active cart (QuoteRepository::getActiveForCustomer)."""

    message = "No such entity with %fieldName = %fieldValue"

    def __init__(self, customer_id: object) -> None:
        super().__init__(parameters={"fieldName": "customerId", "fieldValue": customer_id})


class CartNotFound(NotFoundError):
    """QuoteRepository::getActive: no cart with this id, or it is no longer active (converted to an order)."""

    message = "No such entity with %fieldName = %fieldValue"

    def __init__(self, cart_id: object) -> None:
        super().__init__(parameters={"fieldName": "cartId", "fieldValue": cart_id})


class CartItemNotFound(NotFoundError):
    message = "The %1 Cart doesn't contain the %2 item."


class ProductNotAvailable(DomainError):
    message = "Product that you are trying to add is not available."


class EmptyCartShipping(DomainError):
    message = "The shipping method can't be set for an empty cart. Add an item to cart and try again."


class ShippingAddressMissing(DomainError):
    message = "The shipping address is missing. Set the address and try again."


class ShippingMethodMissing(NotFoundError):
    message = "The shipping method is missing. Select the shipping method and try again."


class CarrierMethodNotFound(NotFoundError):
    """Shipping information with an unknown or inactive carrier/method (404, like Magento's NoSuchEntityException)."""

    message = "Carrier with such method not found: %1, %2"


class OrderNotPlaced(DomainError):
    """Magento's CouldNotSaveException around placeOrder: the cause's message, already rendered."""


ORDER_PLACEMENT_FAILED = "A server error stopped your order from being placed. Please try to place your order again."
CHECK_SHIPPING_ADDRESS = "Please check the shipping address information. %1"
CHECK_BILLING_ADDRESS = "Please check the billing address information. %1"


class VirtualCartShipping(NotFoundError):
    """ShippingMethodManagement::apply on a cart of virtual products only."""

    message = "The Cart includes virtual product(s) only, so a shipping address is not used."


class QuoteAddressNotFound(NotFoundError):
    """QuoteAddressValidator::validateWithExistingAddress: an address id that is not one of the cart's."""

    message = "Invalid quote address id %1"


class PaymentMethodMissing(DomainError):
    """module-payment Model/Info::getMethodInstance: no payment method code at all."""

    message = "The payment method you requested is not available."


class EmptyCartTotals(DomainError):
    """TotalsInformationManagement::validateQuote."""

    message = "Totals calculation is not applicable to empty cart"


class GuestCartWithoutQuantity(DomainError):
    """GuestPaymentInformationManagement::savePaymentInformation on a cart without any quantity."""

    message = "Some of the products are disabled."


# Coupons (CouponManagement): cart price rules here have no coupon codes.
class CartHasNoProducts(NotFoundError):
    message = 'The "%1" Cart doesn\'t contain products.'


class CouponNotValid(NotFoundError):
    message = "The coupon code isn't valid. Verify the code and try again."
