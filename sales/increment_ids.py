"""Sales documents' increment ids, written by the document's own INSERT (orders, invoices, shipments, credit memos)."""

from __future__ import annotations

from functools import cache

from django.db import connection, models
from django.db.models.fields import Field

from backoffice.compiled import database, execute_bound


def insert_with_increment_id(document: models.Model) -> None:
    """INSERT ``document`` with its increment id, its entity id padded to nine digits (Magento's default
    sequence format, ``sprintf('%s%\\'.09d%s', ...)`` in module-sales-sequence/Model/Sequence.php), in one
    statement: the entity id is taken from the table's own counter inside the INSERT (PostgreSQL: the serial's
    sequence; SQLite: the AUTOINCREMENT row in sqlite_sequence, under the transaction's write lock from
    BEGIN IMMEDIATE), where an insert then an UPDATE of the increment id cost two round trips (and fired the
    grid search triggers twice). Sets ``pk`` and ``increment_id`` on ``document`` as ``save()`` would."""
    sql, params = increment_id_insert(document)
    with connection.cursor() as cursor:
        execute_bound(cursor, sql, params)
        (pk,) = cursor.fetchone()
    inserted(document, pk)


def increment_id_insert(document: models.Model) -> tuple[str, list[object]]:
    """insert_with_increment_id's statement and parameters, for a caller that runs it inside its own (PostgreSQL:
    a data-modifying WITH); it returns the entity id, which the caller then gives to ``inserted``."""
    sql, fields = _insert_statement(type(document), connection.vendor)
    db = database()
    return sql, [field.get_db_prep_save(field.pre_save(document, True), db) for field in fields]


def inserted(document: models.Model, pk: int) -> None:
    """``document`` as its INSERT with its increment id left it: saved, with its entity id and increment id."""
    document.pk = pk
    document.increment_id = f"{pk:09d}"
    document._state.adding = False
    document._state.db = connection.alias


@cache
def _insert_statement(model: type[models.Model], vendor: str) -> tuple[str, tuple[Field, ...]]:
    """The INSERT's SQL for ``model`` on ``vendor``, built once; the fields its parameters are, in order."""
    meta = model._meta
    qn = connection.ops.quote_name
    fields = tuple(f for f in meta.local_concrete_fields if f is not meta.pk and f.name != "increment_id")
    table, pk = qn(meta.db_table), qn(meta.pk.column)
    if vendor == "postgresql":
        next_id = f"SELECT nextval(pg_get_serial_sequence('{meta.db_table}', '{meta.pk.column}')) AS id"
        padded = "CASE WHEN n.id < 1000000000 THEN LPAD(CAST(n.id AS text), 9, '0') ELSE CAST(n.id AS text) END"
    else:
        next_id = f"SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = '{meta.db_table}'), 0) + 1 AS id"
        padded = "printf('%%09d', n.id)"
    columns = ", ".join(qn(f.column) for f in fields)
    sql = (f"INSERT INTO {table} ({pk}, {qn(meta.get_field('increment_id').column)}, {columns}) "
           f"SELECT n.id, {padded}, {', '.join(['%s'] * len(fields))} FROM ({next_id}) n RETURNING {pk}")
    return sql, fields
