"""The score table of `make mutate`: mutmut's verdicts (mutants/**/*.meta) per domain module.

A timeout is NOT counted as a kill (mutmut counts it as one): on a loaded machine a slow run is not a caught
mutant, so timeouts get their own column and lower the score until re-run. Equivalent mutants (a change no test
can observe, because the behaviour is the same) are listed below with the reason and left out of the score.

    python -m tools.mutation_score              # the table
    python -m tools.mutation_score --survivors  # and the names of the mutants that survived or timed out
                                                # (`mutmut show NAME` prints one's diff)
    python -m tools.mutation_score --earlier DIR  # verdicts of a saved copy of mutants/ fill the mutants this
                                                  # run did not reach (tests only grow: a kill stays a kill)
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

# The domain modules of issue 20 and the mutants that belong to each (by mutmut's mutant name prefix).
MODULES: dict[str, tuple[str, ...]] = {
    "invoicing": ("sales.invoicing.",),
    "shipping": ("sales.shipping.",),
    "placement": ("sales.placement.", "checkout.checkout.x_place_order_from_cart__"),
    "refunds": ("sales.refunds.",),
    "source deduction": ("inventory.source_deduction.",),
    "salable quantity": ("inventory.salable.",),
}

# Equivalent mutants: name -> why no test can tell the mutant from the original.
_VALIDATED = "unreachable: _quantities_to_ship refused any line whose item is not the order's before a source ran short"
_COVERED = (
    "unreachable: deduct_source_items fails at a source only for an item it lacks or holds less of than the lines "
    "ask in all, which the first pass (held < wanted, per SKU) always finds"
)
_INFERRED = "Coalesce without output_field: Django infers DecimalField from both sources (the Sum of a DecimalField, " \
    "a Decimal value), the same field"
_SAVED_UNDER_LOCK = "save(update_fields=None): the row was read under its lock in this transaction, so a full save " \
    "writes the other columns unchanged (no auto_now field, no signal)"
_TIES = (
    "order_by without the pk tie-break: SQLite walks the stock_id index in pk order, so links of equal priority come "
    "in pk order anyway; only PostgreSQL could tell them apart, and the mutation run is on SQLite"
)
EQUIVALENT: dict[str, str] = {
    "sales.invoicing.x__collect_totals__mutmut_10": "closes_order=None (min(lines, left)): closing lines each take "
    "their item's remaining row total, whose sum is the subtotal left (placement writes subtotal = Σ row totals)",
    # _Rounder keeps one remainder per kind: a kind renamed to a key no other amount uses is still its own bucket.
    "sales.invoicing.x__invoice_item__mutmut_60": "rounding kind 'base' -> None, used by no other amount",
    "sales.invoicing.x__invoice_item__mutmut_80": "rounding kind 'including_base' renamed, used by no other amount",
    "sales.invoicing.x__invoice_item__mutmut_100": "rounding kind 'compensation' -> None, used by no other amount",
    "sales.invoicing.x__invoice_item__mutmut_130": "rounding kind 'base_discount' renamed, used by no other amount",
    "sales.shipping.x__shortage__mutmut_9": "filter without order=: " + _VALIDATED,
    "sales.shipping.x__shortage__mutmut_10": "filter without pk__in: the extra items of the order are never looked up",
    "sales.shipping.x__shortage__mutmut_24": "source items without product_id__in: only the lines' SKUs are looked up",
    "sales.shipping.x__shortage__mutmut_42": "the SKU's default (None): " + _VALIDATED,
    "sales.shipping.x__shortage__mutmut_44": "the SKU's default (None): " + _VALIDATED,
    "sales.shipping.x__shortage__mutmut_45": "the SKU's default ('XXXX'): " + _VALIDATED,
    "sales.shipping.x__shortage__mutmut_54": "the fallback SKU (None): " + _COVERED,
    "sales.shipping.x__shortage__mutmut_56": "no fallback SKU: " + _COVERED,
    "sales.shipping.x_ship_order__mutmut_57": "save(update_fields=None): the new shipment's full save writes the same row",
    "sales.shipping.x__total_weight__mutmut_9": "sum() of Decimals from int 0 instead of ZERO: the same Decimal",
    "sales.shipping.x_ship_order__mutmut_53": "total_qty: sum() of Decimals from int 0 instead of ZERO: the same "
    "Decimal (never an empty sum: _quantities_to_ship refuses a shipment without products)",
    "sales.shipping.x_ship_order__mutmut_124": "the reservation's increment id fallback ('XXXX'): every placed order "
    "has its increment id (place_order writes it), so the `or ''` never applies",
    "sales.shipping.x_ship_order__mutmut_126": "refresh_order_state without the items re-reads them: the same rows, "
    "with the qty_shipped ship_order has just written in this transaction",
    "inventory.source_deduction.x__decrement__mutmut_7": _SAVED_UNDER_LOCK,
    "inventory.salable.x_get_salable_quantities__mutmut_19": "order_by without product_id: each SKU's rows still "
    "come by stock; only the result dict's key order changes, and every caller looks SKUs up by key",
    "inventory.salable.x_get_salable_quantities__mutmut_20": "order_by without the stock: SQLite's GROUP BY hands the "
    "groups out sorted by (product, stock) anyway; only PostgreSQL could tell, and the mutation run is on SQLite",
    "inventory.salable.x_get_salable_quantities__mutmut_59": "the reservations query with no stock: filter(stock_id__in="
    "[]) is an empty result Django answers without a query, the same {}",
    "inventory.salable.x_get_salable_quantities__mutmut_73": "reservations of every stock, not only the rows' stocks: "
    "summed per (sku, stock) and looked up only for the rows' stocks, the same figures",
    "inventory.salable.x_get_salable_quantities__mutmut_74": "reservations of every SKU, not only the asked ones: "
    "summed per (sku, stock) and looked up only for the asked SKUs, the same figures",
    "inventory.salable.x_get_salable_quantities__mutmut_95": "+ OUT_OF_STOCK_THRESHOLD for - : the threshold is 0",
    "inventory.salable.x__salable_quantity_or_none__mutmut_51": _INFERRED,
    "inventory.salable.x__salable_quantity_or_none__mutmut_54": _INFERRED,
    "inventory.salable.x__salable_quantity_or_none__mutmut_61": "+ OUT_OF_STOCK_THRESHOLD for - : the threshold is 0",
    "inventory.source_deduction.x_return_to_sources__mutmut_19": _SAVED_UNDER_LOCK,
    "inventory.source_deduction.x_sources_by_priority__mutmut_9": _TIES,
    "inventory.source_deduction.x_source_with_sku_by_priority__mutmut_9": _TIES,
}

VERDICTS = {
    1: "killed",
    3: "killed",
    0: "survived",
    5: "no tests",
    33: "no tests",
    None: "not checked",
    36: "timeout",
    24: "timeout",
    -24: "timeout",
    152: "timeout",
    255: "timeout",
}


def verdicts(root: Path = Path("mutants")) -> dict[str, str]:
    """Every mutant's verdict, by name, from mutmut's .meta files."""
    found = {}
    for meta in root.rglob("*.meta"):
        for name, exit_code in json.loads(meta.read_text())["exit_code_by_key"].items():
            found[name] = VERDICTS.get(exit_code, "suspicious")
    return found


def merged(latest: dict[str, str], earlier: dict[str, str]) -> dict[str, str]:
    """The latest verdicts, with an earlier pass's verdict where the latest pass did not run the mutant."""
    return {name: earlier.get(name, v) if v == "not checked" else v for name, v in (earlier | latest).items()}


def module_of(name: str) -> str | None:
    return next((module for module, prefixes in MODULES.items() if name.startswith(prefixes)), None)


def table(found: dict[str, str]) -> tuple[list[str], list[str]]:
    """The Markdown score table and the names still to look at (survived, timeout, no tests, suspicious)."""
    counts: dict[str, Counter[str]] = {module: Counter() for module in MODULES}
    open_names = []
    for name, verdict in sorted(found.items()):
        module = module_of(name)
        if module is None:
            continue
        if name in EQUIVALENT:
            verdict = "equivalent"
        counts[module][verdict] += 1
        if verdict not in ("killed", "equivalent", "not checked"):
            open_names.append(f"{verdict}: {name}")
    rows = [
        "| module | mutants | killed | survived | timeout | no tests | equivalent | not run | score |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for module, c in counts.items():
        total = sum(c.values())
        scored = total - c["equivalent"] - c["not checked"]
        score = f"{100 * c['killed'] / scored:.1f} %" if scored else "-"
        rows.append(
            f"| {module} | {total} | {c['killed']} | {c['survived']} | {c['timeout']} | {c['no tests']} "
            f"| {c['equivalent']} | {c['not checked']} | {score} |"
        )
    return rows, open_names


def main(argv: list[str]) -> int:
    found = verdicts()
    if "--earlier" in argv:
        found = merged(found, verdicts(Path(argv[argv.index("--earlier") + 1])))
    rows, open_names = table(found)
    print("\n".join(rows))
    print("score = killed / (mutants - equivalent - not run); timeouts and suspicious runs are not kills.")
    if "--survivors" in argv:
        print("\n".join(open_names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
