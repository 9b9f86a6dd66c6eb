"""Build the world of Adobe's "Order processing with inventory management" tutorial, up to its step 9.

Idempotent: what exists already is left as it is (quantities are never reset, the order is placed once).
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.db import connection, transaction

from catalog.categories import save_category, save_category_product_link
from catalog.models import DEFAULT_CATEGORY_ID, Category, Product, ProductType
from checkout.checkout import AddressInput, place_order_from_cart, save_shipping_information
from checkout.models import CartPriceRule
from checkout.quotes import add_cart_item, create_cart
from customers.customers import CustomerAddressData, CustomerData, create_customer
from customers.models import Customer
from inventory.models import SalesChannel, Source, SourceItem, Stock, StockSourceLink
from sales.models import Order
from sales.statistics import refresh_bestsellers, refresh_daily_sales

# Step 2: (source_code, name, contact, street, city, region_id, region, postcode, lat, lng, phone)
SOURCES = [
    (
        "ne_wh",
        "Northeast Warehouse",
        "Ethan Carter",
        "645 Newark Ave.",
        "Jersey City",
        41,
        "New Jersey",
        "07306",
        "40.733790",
        "-74.058720",
        "",
    ),
    (
        "west_wh",
        "West Warehouse",
        "Claudia Mabuse",
        "7554 Pacific Ave",
        "Stockton",
        12,
        "California",
        "95207",
        "38.018180",
        "-121.319930",
        "",
    ),
    (
        "brooklyn",
        "Brooklyn Store",
        "Tai Hozie",
        "263 S 4th St",
        "Brooklyn",
        43,
        "New York",
        "11211",
        "40.710070",
        "-73.957160",
        "555 737-8088",
    ),
    (
        "huntington",
        "Long Island Store",
        "Leslie Arzy",
        "55 Gerard St,",
        "Huntington",
        43,
        "New York",
        "11743",
        "40.872510",
        "-73.429352",
        "555 939-4444",
    ),
    (
        "manhattan",
        "Manhattan Store",
        "Kiara Smith",
        "70 W. 10th St",
        "New York",
        43,
        "New York",
        "10011",
        "40.734600",
        "-73.998490",
        "555 838-4500",
    ),
    (
        "berkeley",
        "Berkeley Store",
        "Tereza Schmidt",
        "2705 Webster St",
        "Berkeley",
        12,
        "California",
        "94705",
        "37.855850",
        "-122.252460",
        "510 555-2020",
    ),
    (
        "sausalito",
        "Sausalito Store",
        "Ralf Schneider",
        "150 Harbor Dr.",
        "Sausalito",
        12,
        "California",
        "94965",
        "37.867168",
        "-122.499367",
        "415-555-6666",
    ),
    ("hq", "HQ", "Francine Helen", "909 3rd Ave", "New York", 43, "New York", "10022", "40.7571", "-73.9657", ""),
]
# Step 4: link priorities on "US Stock".
PRIORITIES = ["ne_wh", "west_wh", "brooklyn", "manhattan", "huntington", "berkeley", "sausalito", "hq"]
# Step 5 (Luma sample data ids and prices), plus the virtual product vp1 of the older tutorial.
PRODUCTS = [
    (8, "24-WB01", "Voyage Yoga Bag", ProductType.SIMPLE, "32", "1"),
    (12, "24-WB03", "Driven Backpack", ProductType.SIMPLE, "36", "1"),
    (47, "240-LV06", "Yoga Adventure", ProductType.DOWNLOADABLE, "22", None),
    (48, "vp1", "Virtual Product 1", ProductType.VIRTUAL, "10", None),
]
SOURCE_ITEMS = {
    "24-WB01": {
        "ne_wh": 35,
        "west_wh": 15,
        "brooklyn": 10,
        "huntington": 10,
        "manhattan": 10,
        "berkeley": 10,
        "sausalito": 10,
    },
    "24-WB03": {
        "ne_wh": 50,
        "west_wh": 10,
        "brooklyn": 0,
        "huntington": 0,
        "manhattan": 0,
        "berkeley": 20,
        "sausalito": 20,
    },
    "240-LV06": {"hq": 9999},
    "vp1": {"hq": 9999},
}
# The Luma sample data's categories of the tutorial's products (Gear > Bags, Training > Video Download), under
# "Default Category": (name, parent name or None, SKUs at positions 0, 1...).
CATEGORIES = [
    ("Gear", None, []),
    ("Bags", "Gear", ["24-WB01", "24-WB03"]),
    ("Training", None, []),
    ("Video Download", "Training", ["240-LV06"]),
]
CUSTOMER_EMAIL = "jdoe@example.com"
JANE_DOE = {
    "firstname": "Jane",
    "lastname": "Doe",
    "street": ["160 1st St."],
    "city": "Mineola",
    "postcode": "11501",
    "country_id": "US",
    "telephone": "516-555-1111",
    "region": "New York",
    "region_id": 43,
    "region_code": "NY",
}
# Step 7: the cart, in the tutorial's order (order items 24-WB03, 24-WB01, 240-LV06).
CART = [("24-WB03", 20), ("24-WB01", 40), ("240-LV06", 1)]


class Command(BaseCommand):
    help = "Load the tutorial's sources, stock, products, customer and placed order (idempotent)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-password", default="", help="create this admin user when missing")

    def handle(self, *args: object, admin_username: str, admin_password: str, **options: object) -> None:
        with transaction.atomic():
            self._load_inventory()
            self._load_categories()
            # Step 1 keeps cart price rule 3 active: "20% OFF Every $200-plus purchase!".
            CartPriceRule.objects.get_or_create(
                rule_id=3,
                defaults={
                    "name": "20% OFF Every $200-plus purchase!",
                    "discount_percent": Decimal(20),
                    "min_subtotal": Decimal(200),
                },
            )
            customer = self._load_customer()
        order = Order.objects.filter(customer_email=CUSTOMER_EMAIL).order_by("pk").first()
        if order is None:
            order = self._place_order(customer)
        refresh_bestsellers()  # the dashboard's statistics, as the hourly job would (the demo runs no beat)
        refresh_daily_sales()
        if admin_password:
            self._ensure_admin(admin_username, admin_password)
        self.stdout.write(
            f"Tutorial data ready: order {order.increment_id} (entity_id {order.pk}), "
            f"grand total {order.grand_total.normalize():f}, status {order.status}."
        )

    def _load_inventory(self) -> None:
        for code, name, contact, street, city, region_id, region, postcode, lat, lng, phone in SOURCES:
            Source.objects.get_or_create(
                source_code=code,
                defaults={
                    "name": name,
                    "contact_name": contact,
                    "street": street,
                    "city": city,
                    "region_id": region_id,
                    "region": region,
                    "postcode": postcode,
                    "country_id": "US",
                    "latitude": Decimal(lat),
                    "longitude": Decimal(lng),
                    "phone": phone,
                    "enabled": True,
                },
            )
        stock, _ = Stock.objects.get_or_create(name="US Stock")
        SalesChannel.objects.update_or_create(type=SalesChannel.Type.WEBSITE, code="base", defaults={"stock": stock})
        for priority, code in enumerate(PRIORITIES, 1):
            StockSourceLink.objects.get_or_create(stock=stock, source_id=code, defaults={"priority": priority})
        for pk, sku, name, type_id, price, weight in PRODUCTS:
            if not Product.objects.filter(sku=sku).exists():
                Product.objects.create(
                    pk=None if Product.objects.filter(pk=pk).exists() else pk,
                    sku=sku,
                    name=name,
                    type_id=type_id,
                    price=Decimal(price),
                    weight=Decimal(weight) if weight else None,
                )
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Product]):
                cursor.execute(statement)
        for sku, quantities in SOURCE_ITEMS.items():
            for code, quantity in quantities.items():
                SourceItem.objects.get_or_create(
                    product_id=sku,
                    source_id=code,
                    defaults={"quantity": Decimal(quantity), "status": SourceItem.Status.IN_STOCK},
                )

    def _load_categories(self) -> None:
        """The products' categories, through catalog.categories as POST /V1/categories and
        /V1/categories/{id}/products do it. A category found by its name under its parent is left as it is."""
        ids: dict[str, int] = {}
        for name, parent, skus in CATEGORIES:
            parent_id = ids[parent] if parent else DEFAULT_CATEGORY_ID
            found = Category.objects.filter(parent_id=parent_id, name=name).values_list("pk", flat=True).first()
            if found is None:
                found = save_category(None, {"name": name, "is_active": True, "parent_id": parent_id}).pk
                for position, sku in enumerate(skus):
                    save_category_product_link(found, sku, position)
            ids[name] = found

    def _load_customer(self) -> Customer:
        """Step 6: Jane Doe, with her address as default billing and shipping address."""
        customer = Customer.objects.filter(email=CUSTOMER_EMAIL, website_id=1).first()
        if customer is None:
            address = CustomerAddressData(**JANE_DOE, default_billing=True, default_shipping=True)
            customer = create_customer(
                CustomerData(email=CUSTOMER_EMAIL, firstname="Jane", lastname="Doe", addresses=[address]),
                password="Password1",
            )
        return customer

    def _place_order(self, customer: Customer) -> Order:
        """Steps 7 to 9, through the same cart and checkout code the REST endpoints call."""
        cart_id = create_cart(customer).pk
        for sku, qty in CART:
            add_cart_item(cart_id, sku, Decimal(qty))
        address = AddressInput(**JANE_DOE, email=CUSTOMER_EMAIL)
        save_shipping_information(
            cart_id, shipping_address=address, billing_address=address, carrier_code="flatrate", method_code="flatrate"
        )
        return place_order_from_cart(cart_id, payment_method="banktransfer", billing_address=address)

    def _ensure_admin(self, username: str, password: str) -> None:
        User = get_user_model()
        if not User.objects.filter(username=username).exists():
            User.objects.create_superuser(username, "admin@example.com", password)
            self.stdout.write(f"Admin login created: {username} / {password}")
        else:
            self.stdout.write(f"Admin login: {username} (already existed; password unchanged)")
