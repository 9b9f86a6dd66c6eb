"""Customer factories: an account with an address book (through the domain's ``create_customer``)."""

from __future__ import annotations

from customers.customers import CustomerAddressData, CustomerData, create_customer
from customers.models import Customer

PASSWORD = "Password1"


def customer_address(**fields: object) -> CustomerAddressData:
    values = {
        "firstname": "Jane",
        "lastname": "Doe",
        "street": ["160 1st St."],
        "city": "Mineola",
        "country_id": "US",
        "telephone": "516-555-1111",
        "postcode": "11501",
        "region_id": 43,
        "region_code": "NY",
        "region": "New York",
        **fields,
    }
    return CustomerAddressData(**values)  # type: ignore[arg-type]


def make_customer(email: str = "jane@example.com", *, addresses: int = 1, password: str | None = PASSWORD) -> Customer:
    """Jane Doe with ``addresses`` addresses (the first her default billing and shipping one)."""
    book = [
        customer_address(default_billing=index == 0, default_shipping=index == 0, city=f"City {index}")
        for index in range(addresses)
    ]
    return create_customer(
        CustomerData(email=email, firstname="Jane", lastname="Doe", addresses=book), password=password
    )
