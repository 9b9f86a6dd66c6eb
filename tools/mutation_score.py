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
    "increment ids": ("sales.increment_ids.",),
    "order locks": ("sales.locks.",),
    "shipping": ("sales.shipping.",),
    "placement": ("sales.placement.", "checkout.checkout.x_place_order_from_cart__"),
    "refunds": ("sales.refunds.",),
    "source deduction": ("inventory.source_deduction.",),
    "salable quantity": ("inventory.salable.",),
}

# Equivalent mutants: name -> why no test can tell the mutant from the original.
_VALIDATED = "unreachable: _quantities_to_ship refused any line whose item is not the order's before a source ran short"
_EMAIL_ON_BILLING = (
    "place_order_from_cart has put a given email on the cart's billing address, which _submit reads next; "
    "without a billing address _check_before_submit refuses before any email is read"
)
_COVERED = (
    "unreachable: deduct_source_items fails at a source only for an item it lacks or holds less of than the lines "
    "ask in all, which the first pass (held < wanted, per SKU) always finds"
)
_SAVED_UNDER_LOCK = "save(update_fields=None): the row was read under its lock in this transaction, so a full save " \
    "writes the other columns unchanged (no auto_now field, no signal)"
_TIES = (
    "order_by without the pk tie-break: SQLite walks the stock_id index in pk order, so links of equal priority come "
    "in pk order anyway; only PostgreSQL could tell them apart, and the mutation run is on SQLite"
)
EQUIVALENT: dict[str, str] = {
    "sales.invoicing.x__collect_totals__mutmut_25": "sum() of Decimals from int 0 instead of ZERO: the same Decimal "
    "(an invoice has at least one line)",
    "sales.invoicing.x__collect_totals__mutmut_32": "sum() of Decimals from int 0 instead of ZERO: the same Decimal "
    "(an invoice has at least one line)",
    "sales.invoicing.x_invoice_order__mutmut_1": "capture's default flipped: capture is read nowhere (offline methods "
    "are captured offline, the invoice is Paid either way, as Magento's REST InvoiceOrder)",
    "sales.invoicing.x__new_invoice__mutmut_13": "can_void_flag=0 dropped: the model's default is 0 (sales/models/invoice.py)",
    "sales.invoicing.xǁ_Rounderǁ__call____mutmut_1": "the default kind renamed: every call names its kind",
    "sales.invoicing.xǁ_Rounderǁ__call____mutmut_2": "the default kind renamed: every call names its kind",
    # _Rounder keeps one remainder per kind: a kind renamed (to None, XX..XX or upper case) to a key no other amount
    # uses is still its own bucket (each of _invoice_item's ten kinds names one amount).
    **{
        f"sales.invoicing.x__invoice_item__mutmut_{number}": f"rounding kind {kind!r} renamed, used by no other amount"
        for kind, numbers in {
            "regular": (52, 56, 57), "base": (60, 64, 65), "including": (67, 72, 73), "including_base": (75, 80, 81),
            "tax": (84, 88, 89), "base_tax": (92, 96, 97), "compensation": (100, 104, 105),
            "base_compensation": (108, 112, 113), "discount": (117, 121, 122), "base_discount": (126, 130, 131),
        }.items()
        for number in numbers
    },
    "checkout.checkout.x_place_order_from_cart__mutmut_24": "billing.save(update_fields=None): the whole row read in "
    "this transaction on the locked cart, written back with the new email (QuoteAddress has no auto_now field)",
    "checkout.checkout.x_place_order_from_cart__mutmut_44": "_submit(email=None): " + _EMAIL_ON_BILLING,
    "checkout.checkout.x_place_order_from_cart__mutmut_48": "_submit() without email: " + _EMAIL_ON_BILLING,
    "sales.placement.x_place_order_in_transaction__mutmut_34": "_order_fields(products=None): the parameter is read nowhere",
    "sales.placement.x_place_order_in_transaction__mutmut_57": "asked from lines[-1] even without lines: unreachable, every caller "
    "(checkout's _submit, order_saving.create_order, load_tutorial) refuses an order without lines first",
    **{
        f"sales.placement.x_place_order_in_transaction__mutmut_{number}": "zip(items, lines) not strict: one item is built "
        "per line"
        for number in (63, 66, 67)
    },
    **{
        f"sales.placement.x__apply_totals__mutmut_{number}": f"sum() of Decimals from int 0 instead of ZERO ({total}): "
        "the same Decimal (an order has lines, a weight has weighed rows; physical units count only when a method ships "
        "them)"
        for number, total in (
            (5, "subtotal"), (10, "discount"), (15, "physical units"), (74, "total_qty_ordered"), (84, "weight")
        )
    },
    "sales.placement.x__apply_totals__mutmut_26": "the carrier from split('_')[1]: every method code is its carrier's "
    "code (flatrate_flatrate, freeshipping_freeshipping: sales/carriers.py CARRIERS)",
    "sales.placement.x_check_cart_storable__mutmut_10": "a virtual cart keeps its shipping method: the flat rate of "
    "0 physical units is 0 (sales/carriers.py shipping_amount), and nothing else the check reads uses the method",
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
    "inventory.source_deduction.x_return_to_sources__mutmut_19": _SAVED_UNDER_LOCK,
    "inventory.source_deduction.x_sources_by_priority__mutmut_9": _TIES,
    "inventory.source_deduction.x_source_with_sku_by_priority__mutmut_9": _TIES,
    **{
        f"inventory.salable.x__salable_sums__mutmut_{number}": "Coalesce without its output_field: it resolves the "
        "reservations' DecimalField from its sources; PostgreSQL answers the same numeric, SQLite's converter quantizes "
        "to that column's 4 places where the plain DecimalField keeps 15 significant digits: the same value for any "
        "sum below 10^11 (a reservation holds at most 12 digits)"
        for number in (45, 48)
    },
    "inventory.salable.x__salable__mutmut_4": "+ OUT_OF_STOCK_THRESHOLD for -: the threshold is 0 (Magento's default)",
    "inventory.salable.x_get_salable_quantities__mutmut_95": "+ OUT_OF_STOCK_THRESHOLD for -: the threshold is 0 "
    "(Magento's default)",
    "inventory.salable.x__salable_quantity_or_none__mutmut_14": "convert(row, None): the backends' converters of these "
    "columns read neither the connection nor the expression given at the call (SQLite's decimal converter closes over "
    "the expression it was built for; PostgreSQL has none)",
    "inventory.salable.xǁ_Statementǁconvert__mutmut_5": "converter(value, None, connection): the same (SQLite's decimal "
    "converter closes over its expression; PostgreSQL has none)",
    "inventory.salable.xǁ_Statementǁconvert__mutmut_6": "converter(value, expression, None): the same (SQLite's decimal "
    "converter reads no connection; PostgreSQL has none)",
    "inventory.salable.x_get_salable_quantities__mutmut_19": "ordered by stock only: the result is keyed by SKU, each "
    "SKU's rows still in stock order",
    "inventory.salable.x_get_salable_quantities__mutmut_59": "the reservations queried without stocks: Django answers "
    "stock_id__in=[] with no query (EmptyResultSet), an empty dict",
    "inventory.salable.x_get_salable_quantities__mutmut_73": "reservations of every stock: only the rows' (sku, stock) "
    "keys are looked up",
    "inventory.salable.x_get_salable_quantities__mutmut_74": "reservations of every SKU: only the rows' (sku, stock) "
    "keys are looked up",
    "inventory.salable.x__salable_statement__mutmut_7": "LIMIT 2 for LIMIT 1: the SKU is unique, one row at most, "
    "and fetchone reads the first",
    # refunds
    "sales.refunds.validation.x_php_number__mutmut_7": "'0' no longer mapped to '0': the text is '0' either way",
    "sales.refunds.x_notify_creditmemo__mutmut_8": "select_related(None): memo.order is read lazily, the same row",
    "sales.refunds.x_refund_order__mutmut_5": "is_online None for False: only its truth is read (offline)",
    "sales.refunds.x_refund_order__mutmut_10": "update_invoice None: refund_order has no invoice to update",
    "sales.refunds.x_refund_order__mutmut_23": "update_invoice True: refund_order has no invoice to update",
    "sales.refunds.returns.x__return_to_stock__mutmut_58": "a (source, 0) entry for a SKU never invoiced as "
    "virtual: all of the qty is never-shipped and reserved back (qty <= processed), the source loop adds nothing",
    "sales.refunds.returns.x__return_to_stock__mutmut_73": "sum() of Decimals from int 0 instead of ZERO: the same Decimal",
    "sales.refunds.returns.x__return_to_stock__mutmut_81": "to_stock >= 0: a 0 compensation, which "
    "append_reservations skips (zero quantities make no reservation)",
    # _shipped_by_sku puts all of a SKU's shipments under its first source, a virtual SKU has one source: the
    # returned SKU's `deducted` list has one entry, so the loop over it runs once.
    "sales.refunds.returns.x__return_to_stock__mutmut_88": "to_source < 0: at 0, a 0 return that return_to_sources "
    "drops (item.qty > 0); it is called anyway, qty > 0 being all compensation then",
    "sales.refunds.returns.x__return_to_stock__mutmut_101": "to_source = back: the loop runs once (one entry per SKU)",
    "sales.refunds.returns.x__return_to_stock__mutmut_102": "to_source += back: the loop runs once (one entry per SKU)",
    "sales.refunds.returns.x__return_to_stock__mutmut_122": "sum() of Decimals from int 0 instead of ZERO: the same "
    "Decimal",
    "sales.refunds.returns.x__return_to_stock__mutmut_131": "a 0 write-off: the selection deducts only qty_to_deduct "
    "> 0 and append_reservations skips zero quantities",
    # _register: a kept line has qty > 0, whole unless is_qty_decimal (QuantityValidator refuses the rest), so its
    # processed quantity is its memo item's qty.
    "sales.refunds.x__register__mutmut_3": "qty_refunded += memo_item.qty: the same as processed for a kept line",
    "sales.refunds.x__register__mutmut_6": "qty_refunded += memo_item.qty: the same as processed for a kept line",
    "sales.refunds.x__register__mutmut_7": "qty_refunded += memo_item.qty: the same as processed for a kept line",
    "sales.refunds.x__register__mutmut_99": "payment.save(update_fields=None): the payment read under the order's "
    "lock, saved whole, writes the same row",
    "sales.refunds.x__move_order__mutmut_7": "can_invoice(None) reads the order's items from the database, which "
    "_register's bulk_update just wrote: the same quantities",
    "sales.refunds.x__move_order__mutmut_9": "can_ship(None) reads the order's items from the database, which "
    "_register's bulk_update just wrote: the same quantities",
    "sales.refunds.x__move_order__mutmut_17": "STATE_STATUSES.get's default: every state _move_order sets is a key",
    "sales.refunds.x__move_order__mutmut_19": "STATE_STATUSES.get's default: every state _move_order sets is a key",
    "sales.refunds.x__move_order__mutmut_22": "order.save(update_fields=None): the order read under its lock, saved "
    "whole, writes the same row",
    "sales.refunds.totals.x__shipping__mutmut_23": "desired <= round(allowed) + 0.0001: desired is in cents, the "
    "bound never is, so < and <= agree",
    # _tax's skip of a line of no quantity: not skipped, its share is 0 (a zero amount rounds to itself), or, when
    # the line is its item's last (nothing left to refund), its item's tax left, 0 once every unit is refunded.
    "sales.refunds.totals.x__tax__mutmut_3": "a line of no quantity not skipped adds 0 tax",
    "sales.refunds.totals.x__tax__mutmut_4": "a line of no quantity not skipped adds 0 tax",
    "sales.refunds.totals.x__tax__mutmut_58": "partial_shipping starts None for False: only its truth is read",
    # _tax's order branch: _shipping never refunds more base shipping than is left (it refuses more, and a
    # request within a cent of what is left refunds what is left), so shipping_delta >= the memo's base shipping
    # and one of the two branches always runs.
    "sales.refunds.totals.x__tax__mutmut_99": "the shipping compensation starts None: one of the two branches "
    "always sets it (the memo's base shipping is never above what is left)",
    **{
        f"sales.refunds.totals.x__tax__mutmut_{number}": "zip(allowed, ...) not strict: both are 4-tuples"
        for number in (178, 181, 182)
    },
    # QuantityValidator's "greater than the unrefunded quantity" reason: _collect_totals runs first and _subtotal
    # (Creditmemo\Item::processQty) raises InvalidRefundQty for such a line, so _validate never sees one.
    **{
        f"sales.refunds.validation.x__validate__mutmut_{number}": "unreachable: _subtotal has refused a quantity "
        "above what is left to refund (InvalidRefundQty) before _validate runs"
        for number in (30, 31, 32, 33, 34)
    },
    # ALLOW_ZERO_GRAND_TOTAL is True (Magento's default, a constant here): `... and not ALLOW_ZERO_GRAND_TOTAL` is
    # always false and `... or ALLOW_ZERO_GRAND_TOTAL` always true, whatever the clause beside it says.
    **{
        f"sales.refunds.validation.x__validate__mutmut_{number}": "a change beside `and not ALLOW_ZERO_GRAND_TOTAL` "
        "(always false)"
        for number in (41, 42)
    },
    **{
        f"sales.refunds.validation.x__validate__mutmut_{number}": "a change beside `or ALLOW_ZERO_GRAND_TOTAL` "
        "(always true)"
        for number in (77, 78, 79)
    },
    # Tax::calculateAllowed*: the credit memos' shipping_discount_tax_compensation_amount(_amnt) are summed as
    # Magento does, but nothing here writes them (the Tax collector puts the shipping's compensation into
    # discount_tax_compensation_amount), so their sums are None and count 0 either way.
    **{
        f"sales.refunds.totals.x__allowed_tax__mutmut_{number}": "the credit memos' shipping compensation sum "
        "(always None: never written) added or dropped"
        for number in (42, 48, 51, 57)
    },
    **{
        f"sales.refunds.totals.xǁ_Rounderǁ__call____mutmut_{number}": "the default kind renamed: the calls without "
        "a kind still share one bucket, and no call names 'regular'"
        for number in (1, 2)
    },
    "sales.refunds.totals.x__subtotal__mutmut_10": "qty_invoiced >= 0: a line of an item never invoiced has "
    "nothing to refund (qty_to_refund 0), so processQty leaves it 0 and it is its item's last: never divided",
    **{
        f"sales.refunds.totals.x__subtotal__mutmut_{number}": "sum() of Decimals from int 0 instead of ZERO: the "
        "same amount (0 saved as 0.0000 when there is no line)"
        for number in (74, 79, 84, 89)
    },
    "sales.refunds.x__lines__mutmut_28": "exclude(parent__state=None): no code sets CreditmemoState.CANCELED (nothing "
    "cancels a credit memo here), so no canceled memo is there to exclude",
    "sales.refunds.x__refund__mutmut_60": "MOST_MONEY_AVAILABLE[:31] for [:30]: both are a prefix of that message "
    "only (its %1 comes after them)",
    "sales.refunds.x__refund__mutmut_114": "invoice.save(update_fields=None): the invoice read under the order's "
    "lock, saved whole, writes the same row",
    "sales.refunds.x__refund__mutmut_122": "_move_order(items=None): can_invoice/can_ship read the order's items from "
    "the database, which _register's bulk_update just wrote: the same quantities",
    "sales.refunds.totals.x__discount__mutmut_10": "total = ... for total += ...: total is ZERO just before",
    "sales.refunds.totals.x__discount__mutmut_14": "base_total = ... for base_total += ...: it is ZERO just before",
    # _discount's rounding kinds "regular-negative" and "base-negative" are used by no other amount: renamed (to
    # None, XX..XX or upper case) each is still a bucket of its own (dropped, it would share "regular": killed).
    **{
        f"sales.refunds.totals.x__discount__mutmut_{number}": f"rounding kind {kind!r} renamed, used by no other "
        "amount"
        for kind, numbers in {"regular-negative": (27, 32, 33), "base-negative": (36, 41, 42)}.items()
        for number in numbers
    },
    **{
        f"sales.refunds.totals.x__subtotal__mutmut_{number}": f"rounding kind {kind!r} renamed, used by no other "
        "amount"
        for kind, numbers in {"including": (53, 58, 59), "including_base": (62, 67, 68)}.items()
        for number in numbers
    },
    "sales.refunds.totals.x__tax__mutmut_106": "part divides by order.shipping_amount even when it is 0: then the "
    "base shipping is 0 too (base_to_order_rate > 0), and shipping_delta (0) is never above the memo's shipping",
    **{
        f"sales.invoicing.x__lines_and_totals_writer__mutmut_{number}": "pre_save(line, add) with add flipped: only "
        "an auto_now_add field reads it, and an invoice line has none (sales/models/bases.py DocumentItem, ItemAmounts)"
        for number in (101, 104)
    },
    **{
        f"sales.invoicing.x__lines_and_totals_writer__mutmut_{number}": "zip(line_inserts, chunks) not strict: "
        "line_inserts is made from chunks, one statement each, so they are always of one length"
        for number in (156, 159, 160)
    },
    **{
        f"sales.invoicing.x__lines_and_totals_writer__mutmut_{number}": "the status history row's id not set on its "
        "instance (SQLite, PostgreSQL): the row is written either way, and no caller of invoice_order reads that instance"
        for number in (182, 209)
    },
    "sales.locks.x_lock_order__mutmut_1": "with_address_ids on by default: the callers that leave it out read two "
    "more columns of the same row (the address ids) and never look at them",
    "sales.locks.x_order_and_items_unchanged__mutmut_1": "with_address_ids's default flipped: its one caller "
    "(invoice_order) names it",
    "sales.locks.x_read_order_and_items__mutmut_1": "with_address_ids's default flipped: its one caller "
    "(invoicing's _plan) names it",
    "sales.locks.x__order_query__mutmut_2": "the order always read with its address ids: two more columns of the "
    "same row, which a caller that did not ask for them never reads",
    "sales.locks.x__read__mutmut_15": "the rows converted with the order's converters without the address ids: the "
    "same converters for the same columns, and the two ids, integers, need none",
    "sales.placement.x_place_order_in_transaction__mutmut_91": "is_visible_on_front=0 left out of the new status "
    "history row: the field's default is 0 (sales/models/bases.py DocumentComment)",
    "sales.increment_ids.x_inserted__mutmut_3": "_state.adding = None instead of False: every reader of it (Django's "
    "save, validate_unique, the admin) only asks whether it is true",
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
        if name in EQUIVALENT and verdict != "killed":  # a listed name the tests now kill is no equivalent
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
