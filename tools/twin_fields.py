"""Count the twin fields: declarations repeated, word for word, across sibling models or dataclasses.

A family is a set of siblings (the three documents, their items, their comments and the order's status history, the three addresses, the three
address dataclasses). A declaration is a twin when a sibling declares the same name with the same right-hand side
(``ast.dump`` equal); a field a sibling takes from an abstract base is declared once, in the base, so it is no
twin. Overrides that differ (another verbose name, a nullable amount) are what differs and are not counted.

    python -m tools.twin_fields          # per family, then the total
"""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("sales/models", "checkout/models.py", "customers/models.py", "sales/placement.py",
           "checkout/checkout.py", "customers/customers.py")  # fmt: skip
FAMILIES = {
    "documents": ("Invoice", "Shipment", "Creditmemo"),
    "document items": ("InvoiceItem", "ShipmentItem", "CreditmemoItem"),
    "document comments": ("InvoiceComment", "ShipmentComment", "CreditmemoComment", "OrderStatusHistory"),
    "addresses": ("OrderAddress", "QuoteAddress", "CustomerAddress"),
    "address dataclasses": ("AddressData", "AddressInput", "CustomerAddressData"),
}


def _classes() -> dict[str, ast.ClassDef]:
    found: dict[str, ast.ClassDef] = {}
    for source in SOURCES:
        path = ROOT / source
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
        for file in files:
            for node in ast.parse(file.read_text()).body:
                if isinstance(node, ast.ClassDef):
                    found[node.name] = node
    return found


def _declarations(node: ast.ClassDef) -> set[str]:
    """Each field of the class body as "name = definition" (model fields and dataclass fields)."""
    declared = set()
    for statement in node.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.value, ast.Call):
            target = statement.targets[0]
            if isinstance(target, ast.Name):
                declared.add(f"{target.id} = {ast.dump(statement.value)}")
        elif isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            value = ast.dump(statement.value) if statement.value else ""
            declared.add(f"{statement.target.id}: {ast.dump(statement.annotation)} = {value}")
    return declared


def twin_counts() -> dict[str, int]:
    """Per family, how many declarations repeat a sibling's (n copies of one declaration count n - 1)."""
    classes = _classes()
    counts = {}
    for family, names in FAMILIES.items():
        seen = Counter(d for name in names if name in classes for d in _declarations(classes[name]))
        counts[family] = sum(n - 1 for n in seen.values() if n > 1)
    return counts


if __name__ == "__main__":
    counts = twin_counts()
    for family, count in counts.items():
        print(f"{family:20} {count}")
    print(f"{'total':20} {sum(counts.values())}")
