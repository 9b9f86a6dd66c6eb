"""The sales grids' keyword search: one search row a grid document (sales/models/grid_search.py), as Magento's
grids search the FULLTEXT index of their narrow grid tables (sales_order_grid, sales_invoice_grid,
sales_shipment_grid, sales_creditmemo_grid in Magento/Sales/etc/db_schema.xml) through
Magento\\Framework\\View\\Element\\UiComponent\\DataProvider\\FulltextFilter: by words, one index scan, the count
read off the index (backoffice.grid_search, ``words=True``).

The rows are kept in step by triggers on the sales tables (PostgreSQL plpgsql, SQLite), so that every write path
(placement, invoicing, shipping, refunds, order saves and imports, address edits, deletes, raw updates) keeps
them without knowing of them, inside its own statement: an order's row when the order's searched columns or its
addresses change (and then its documents' rows, which repeat its text), a document's row when the document's
increment id or order changes. Magento\\Sales\\Model\\ResourceModel\\Grid refreshes its grid tables the same way,
on save (``dev/grid/async_indexing`` = 0).

A bulk load (generate_load) drops the triggers first (``drop_search_triggers``) and calls
``rebuild_search_tables`` at the end: one ``INSERT ... SELECT`` a table, the index built after the rows, the
triggers created again.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

from backoffice.grid_search import (
    WORDS_COLUMN,
    GridSearch,
    SearchDocument,
    create_statements,
    drop_statements,
    words_column_sql,
    words_sql,
)
from backoffice.sql_operations import VendorSQL

from .models import (
    Creditmemo,
    CreditmemoGridSearch,
    Invoice,
    InvoiceGridSearch,
    Order,
    OrderAddress,
    OrderGridSearch,
    Shipment,
    ShipmentGridSearch,
)

ORDER_FIELDS = ("increment_id", "customer_email", "customer_firstname", "customer_lastname")
# billing_name, billing_address, shipping_name, shipping_address
ADDRESS_FIELDS = ("firstname", "lastname", "street", "city", "postcode")
DOCUMENTS = ((Invoice, InvoiceGridSearch), (Shipment, ShipmentGridSearch), (Creditmemo, CreditmemoGridSearch))
SEARCH_MODELS = (OrderGridSearch, InvoiceGridSearch, ShipmentGridSearch, CreditmemoGridSearch)


def words_document(model: type) -> SearchDocument:
    return SearchDocument(model, ("keywords",), words=True)


ORDER_SEARCH = GridSearch(("pk", words_document(OrderGridSearch)))
INVOICE_SEARCH = GridSearch(("pk", words_document(InvoiceGridSearch)))
SHIPMENT_SEARCH = GridSearch(("pk", words_document(ShipmentGridSearch)))
CREDITMEMO_SEARCH = GridSearch(("pk", words_document(CreditmemoGridSearch)))


# --- The SQL: one text expression, used by the rebuild and the triggers alike ----------------------------------


def _table(model: type) -> str:
    return model._meta.db_table


def _column(model: type, field: str) -> str:
    return model._meta.get_field(field).column


def _joined(alias: str, model: type, fields: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"coalesce({alias}.{_column(model, field)}, '')" for field in fields)


def order_keywords_sql(vendor: str) -> str:
    """An order's search text (alias ``o``): its searched columns, then its addresses' (at most a billing and a
    shipping one: ``order_address_type_unique``)."""
    aggregate = "string_agg" if vendor == "postgresql" else "group_concat"
    addresses = (
        f"SELECT {aggregate}({_joined('a', OrderAddress, ADDRESS_FIELDS)}, ' ') FROM {_table(OrderAddress)} a "
        f"WHERE a.{_column(OrderAddress, 'parent')} = o.{Order._meta.pk.column}"
    )
    return f"{_joined('o', Order, ORDER_FIELDS)} || ' ' || coalesce(({addresses}), '')"


def upsert(vendor: str) -> str:
    words = f", {WORDS_COLUMN} = excluded.{WORDS_COLUMN}" if vendor == "postgresql" else ""
    return f" ON CONFLICT (entity_id) DO UPDATE SET keywords = excluded.keywords{words}"


def orders_select_sql(vendor: str) -> str:
    """Every order's search row: (entity_id, keywords)."""
    return f"SELECT o.{Order._meta.pk.column}, {order_keywords_sql(vendor)} FROM {_table(Order)} o"


def orders_insert_sql(vendor: str, where: str = "") -> str:
    """The orders' search rows (``where`` on alias ``o``; the rebuild: every order, a plain insert). PostgreSQL:
    with their words (``search_words``), parsed from the text once."""
    select = orders_select_sql(vendor) + (f" WHERE {where}" if where else "")
    if vendor == "postgresql":
        # OFFSET 0: the subquery is not flattened, the text (the addresses' subquery) is built once, not twice
        select = f"SELECT entity_id, keywords, {words_sql('keywords')} FROM ({select} OFFSET 0) o (entity_id, keywords)"
    return f"INSERT INTO {_table(OrderGridSearch)} ({_columns(vendor)}) {select}" + (upsert(vendor) if where else "")


def documents_insert_sql(document: type, search: type, vendor: str, where: str = "") -> str:
    """A document's search rows: its increment id, then its order's search text (already written). PostgreSQL:
    its words are the increment id's and the order row's (a tsvector is a set of words; a word never spans the
    space between the two texts), not the whole text parsed again (a fifth of the time)."""
    increment_id = f"coalesce(d.{_column(document, 'increment_id')}, '')"
    words = f", {words_sql(increment_id)} || g.{WORDS_COLUMN}" if vendor == "postgresql" else ""
    return (
        f"INSERT INTO {_table(search)} ({_columns(vendor)}) SELECT d.{document._meta.pk.column}, "
        f"{increment_id} || ' ' || g.keywords{words} FROM {_table(document)} d "
        f"JOIN {_table(OrderGridSearch)} g ON g.entity_id = d.{_column(document, 'order')}"
        + (f" WHERE {where}{upsert(vendor)}" if where else "")
    )


def _columns(vendor: str) -> str:
    return f"entity_id, keywords, {WORDS_COLUMN}" if vendor == "postgresql" else "entity_id, keywords"


def refresh_order_sql(vendor: str, order_id: str) -> list[str]:
    """The statements that write again the search rows of the order ``order_id`` (an SQL expression) and of its
    documents."""
    return [
        orders_insert_sql(vendor, f"o.{Order._meta.pk.column} = {order_id}"),
        *(
            documents_insert_sql(document, search, vendor, f"d.{_column(document, 'order')} = {order_id}")
            for document, search in DOCUMENTS
        ),
    ]


def _changed(vendor: str, columns: list[str]) -> str:
    differ = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    return " OR ".join(f"OLD.{column} {differ} NEW.{column}" for column in columns)


def triggers(vendor: str) -> list[tuple[str, str, str, str, list[str]]]:
    """(name, table, event, condition, statements) of every trigger keeping the search rows in step."""
    order_pk = Order._meta.pk.column
    parent = _column(OrderAddress, "parent")
    order_columns = [_column(Order, field) for field in ORDER_FIELDS]
    address_columns = [_column(OrderAddress, field) for field in (*ADDRESS_FIELDS, "parent")]
    order_table, address_table = _table(Order), _table(OrderAddress)
    found = [
        # a new order has no documents yet (they reference it): its own row only
        ("sales_order_search_insert", order_table, "INSERT", "", refresh_order_sql(vendor, f"NEW.{order_pk}")[:1]),
        (
            "sales_order_search_update", order_table, f"UPDATE OF {', '.join(order_columns)}",
            _changed(vendor, order_columns), refresh_order_sql(vendor, f"NEW.{order_pk}"),
        ),
        (
            "sales_order_search_delete", order_table, "DELETE", "",
            [f"DELETE FROM {_table(OrderGridSearch)} WHERE entity_id = OLD.{order_pk}"],
        ),
        ("sales_orderaddress_search_insert", address_table, "INSERT", "", refresh_order_sql(vendor, f"NEW.{parent}")),
        (
            "sales_orderaddress_search_update", address_table, f"UPDATE OF {', '.join(address_columns)}",
            _changed(vendor, address_columns),
            refresh_order_sql(vendor, f"OLD.{parent}") + refresh_order_sql(vendor, f"NEW.{parent}"),
        ),
        ("sales_orderaddress_search_delete", address_table, "DELETE", "", refresh_order_sql(vendor, f"OLD.{parent}")),
    ]
    for document, search in DOCUMENTS:
        table, pk = _table(document), document._meta.pk.column
        columns = [_column(document, "increment_id"), _column(document, "order")]
        refresh = [documents_insert_sql(document, search, vendor, f"d.{pk} = NEW.{pk}")]
        found += [
            (f"{table}_search_insert", table, "INSERT", "", refresh),
            (f"{table}_search_update", table, f"UPDATE OF {', '.join(columns)}", _changed(vendor, columns), refresh),
            (f"{table}_search_delete", table, "DELETE", "", [f"DELETE FROM {_table(search)} WHERE entity_id = OLD.{pk}"]),
        ]
    return found


def create_trigger_statements(vendor: str) -> list[str]:
    statements = []
    for name, table, event, condition, body in triggers(vendor):
        when = f" WHEN ({condition})" if condition else ""
        if vendor == "postgresql":
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "".join(f"{statement}; " for statement in body) + "RETURN NULL; END $$",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} EXECUTE FUNCTION {name}()",
            ]
        else:
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW{when} BEGIN "
                + "".join(f"{statement}; " for statement in body) + "END"
            )
    return statements


def drop_trigger_statements(vendor: str) -> list[str]:
    statements = []
    for name, table, *_ in triggers(vendor):
        if vendor == "postgresql":
            statements += [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}()"]
        else:
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
    return statements


def rebuild_statements(vendor: str) -> list[str]:
    """Every search row written again from the sales tables, set-based: the triggers and indexes dropped, one
    ``INSERT ... SELECT`` a table (orders first: the documents copy their order's text), the indexes built on the
    rows, the triggers created again."""
    statements = drop_trigger_statements(vendor)
    for model in SEARCH_MODELS:
        statements += drop_statements(_table(model), vendor)
        statements.append(f"{'TRUNCATE' if vendor == 'postgresql' else 'DELETE FROM'} {_table(model)}")
        statements += [words_column_sql(_table(model))] if vendor == "postgresql" else []
    statements.append(orders_insert_sql(vendor))
    statements += [documents_insert_sql(document, search, vendor) for document, search in DOCUMENTS]
    for model in SEARCH_MODELS:
        statements += create_statements(_table(model), ["keywords"], "entity_id", vendor, words=True)
    return statements + create_trigger_statements(vendor)


def drop_search_triggers(connection: BaseDatabaseWrapper) -> None:
    """Before a bulk load: the rows are written by ``rebuild_search_tables`` at its end, not a row at a time."""
    with connection.cursor() as cursor:
        for statement in drop_trigger_statements(connection.vendor):
            cursor.execute(statement)


def rebuild_search_tables(connection: BaseDatabaseWrapper) -> None:
    """Every sales grid's search rows written again from the sales tables, and their triggers in place."""
    with connection.cursor() as cursor:
        for statement in rebuild_statements(connection.vendor):
            cursor.execute(statement)


class CreateGridSearch(VendorSQL):
    """The migration's operation: the search rows of the rows already there, their indexes and the triggers.

    SQLite drops a table's triggers when Django remakes the table (an altered column): a migration that alters
    sales_order, its addresses, invoices, shipments or credit memos must run this operation again
    (tests/admin/test_sales_grid_search.py checks that every trigger is there)."""

    def deconstruct(self) -> tuple[str, list, dict]:
        return self.__class__.__qualname__, [], {}

    def describe(self) -> str:
        return "Fill the sales grids' search rows; create their indexes and triggers"

    def forwards(self, vendor: str) -> list[str]:
        return rebuild_statements(vendor)

    def backwards(self, vendor: str) -> list[str]:
        statements = drop_trigger_statements(vendor)
        for model in SEARCH_MODELS:
            statements += drop_statements(_table(model), vendor)
        return statements
