"""The admin grids' keyword search through an index built for it (Magento's grid FULLTEXT index,
Magento\\Framework\\View\\Element\\UiComponent\\DataProvider\\FulltextFilter), not a scan of every row.

A table's *search document* is some of its text columns joined by newlines. Each word of the keyword must occur,
anywhere and whatever its case, in some document that leads to the row (AND between the words, OR between the
documents): partial increment ids, parts of emails and names match, as the admin's ``icontains`` search did.

- PostgreSQL: a GIN index with pg_trgm's ``gin_trgm_ops`` on the document expression, searched with ``ILIKE``
  (``Bitmap Index Scan``). Words under 3 characters have no trigram: the index is read whole (still correct).
- SQLite: an FTS5 table ``<table>_search`` with the trigram tokenizer, kept in step by triggers on the table,
  searched with ``MATCH`` on the word as a phrase (a substring). Words under 3 characters match no trigram: they
  are looked for with ``LIKE`` in the FTS table (a scan; ASCII-only case folding there, as SQLite's LIKE).

A document declared with ``words=True`` (the sales grids' one search text a row, sales/search.py) is searched
as Magento's FULLTEXT index is, by WORDS, not substrings: the keyword's words (runs of letters and digits; "@",
".", "-" separate them, as Magento's FulltextFilter turns them into separators) must each begin a word of the
document (a prefix: "costel" finds "Costello", "000000" every increment id; "tello" nothing).

- PostgreSQL: ``to_tsvector('simple', ...)`` of the document with every non-alphanumeric run made a space, kept
  in a column (``search_words``: a row's filter is then a cheap ``@@``, the text is not parsed again) written by
  the table's writer with the row (``words_sql``; sales/search.py), with a GIN index, searched with ``@@ to_tsquery('simple', 'word:* & ...')``: exact, no recheck.
- SQLite: an FTS5 table with the unicode61 tokenizer (diacritics kept, as PostgreSQL's 'simple' keeps them),
  searched with ``MATCH '"word"* AND ...'``.

Each app declares its documents (``SearchDocument``) and creates their indexes in a migration
(``CreateSearchIndex``, the same table and columns); a grid lists the documents that lead to its rows
(``GridSearch``). One query: a subquery a word, each document read through its index (a grid with one document:
one subquery, all the words in one index scan).

Plumbing: imports no domain app.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection, connections, models
from django.db.models.expressions import RawSQL
from django.utils.text import smart_split, unescape_string_literal

from .sql_operations import VendorSQL

MIN_INDEXED_LENGTH = 3  # a trigram
WORD = re.compile(r"[^\W_]+")  # a word of a words document: letters and digits (PostgreSQL's [[:alnum:]])
FTS5_WORDS = "unicode61 remove_diacritics 0"
WORDS_COLUMN = "search_words"  # PostgreSQL: a words document's tsvector (words_sql), a column of its table


def index_name(table: str) -> str:
    """The PostgreSQL index and the SQLite FTS5 table of ``table``'s document."""
    return f"{table}_search"


def word_vector_sql(document: str) -> str:
    """PostgreSQL: the words of ``document`` (an SQL expression) as a tsvector: non-alphanumeric runs become
    spaces first, so that the parser sees an email or a hyphenated name as its words (the query's words are cut the
    same way: ``words_of``)."""
    return f"to_tsvector('simple'::regconfig, regexp_replace({document}, '[^[:alnum:]]+', ' ', 'g'))"


def words_sql(document: str) -> str:
    """PostgreSQL: the value of a words document's ``WORDS_COLUMN`` (no positions: a narrower heap)."""
    return f"strip({word_vector_sql(document)})"


def words_column_sql(table: str) -> str:
    """PostgreSQL: the words column of ``table`` (its writer fills it: ``words_sql``)."""
    return f"ALTER TABLE {connection.ops.quote_name(table)} ADD COLUMN IF NOT EXISTS {WORDS_COLUMN} tsvector"


def words_of(search_term: str) -> list[str]:
    """The words a words document is searched for: every run of letters and digits of the keyword."""
    return WORD.findall(search_term.replace("\x00", " "))


def document_sql(columns: list[str] | tuple[str, ...], vendor: str, prefix: str = "") -> str:
    """The document expression: the columns' text (NULL as empty) joined by newlines (a word, never a newline,
    cannot match across two columns). The PostgreSQL index is on exactly this expression, so the query builds it
    the same way."""
    qn = connection.ops.quote_name
    if vendor == "postgresql":
        return " || E'\\n' || ".join(f"coalesce({prefix}{qn(column)}::text, '')" for column in columns)
    return " || char(10) || ".join(f"coalesce({prefix}{qn(column)}, '')" for column in columns)


class CreateSearchIndex(VendorSQL):
    """The search index of ``table``'s document (``columns``, its primary key ``pk``): pg_trgm GIN index on
    PostgreSQL; FTS5 trigram table filled from the table and kept by insert/update/delete triggers on SQLite.

    Table and columns are written in the migration (history), as ``SearchDocument`` names them from ``_meta``.
    SQLite drops a table's triggers when Django remakes the table (an altered column): a migration that alters
    one of these tables must run this operation again (it is idempotent); tests/admin/test_grid_search.py checks
    that every declared document has its index and triggers."""

    def __init__(self, table: str, columns: list[str], pk: str = "id", words: bool = False) -> None:
        self.table, self.columns, self.pk, self.words = table, list(columns), pk, words

    def deconstruct(self) -> tuple[str, list, dict]:
        kwargs = {"table": self.table, "columns": self.columns, "pk": self.pk}
        return self.__class__.__qualname__, [], kwargs | ({"words": True} if self.words else {})

    def describe(self) -> str:
        return f"Create the grid search index of {self.table}"

    def forwards(self, vendor: str) -> list[str]:
        return create_statements(self.table, self.columns, self.pk, vendor, self.words)

    def backwards(self, vendor: str) -> list[str]:
        return drop_statements(self.table, vendor)


def create_statements(table: str, columns: list[str], pk: str, vendor: str, words: bool = False) -> list[str]:
    """The index of ``table``'s document (trigrams, or ``words``), filled from the table's rows."""
    qn = connection.ops.quote_name
    name = qn(index_name(table))
    if vendor == "postgresql" and words:
        return [
            words_column_sql(table),
            f"CREATE INDEX IF NOT EXISTS {name} ON {qn(table)} USING gin ({WORDS_COLUMN})",
        ]
    if vendor == "postgresql":
        return [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f"CREATE INDEX IF NOT EXISTS {name} ON {qn(table)} USING gin (({document_sql(columns, vendor)}) gin_trgm_ops)",
        ]
    if vendor != "sqlite":
        return []
    new = document_sql(columns, vendor, "new.")
    trigger = qn(index_name(table) + "_{}")
    watched = ", ".join(qn(column) for column in columns)
    return [
        *drop_statements(table, vendor, table_too=False),
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5(keywords, tokenize='{FTS5_WORDS if words else 'trigram'}')",
        f"DELETE FROM {name}",
        f"INSERT INTO {name}(rowid, keywords) SELECT {qn(pk)}, {document_sql(columns, vendor)} FROM {qn(table)}",
        f"CREATE TRIGGER {trigger.format('insert')} AFTER INSERT ON {qn(table)} BEGIN "
        f"INSERT INTO {name}(rowid, keywords) VALUES (new.{qn(pk)}, {new}); END",
        f"CREATE TRIGGER {trigger.format('update')} AFTER UPDATE OF {watched} ON {qn(table)} BEGIN "
        f"UPDATE {name} SET keywords = {new} WHERE rowid = new.{qn(pk)}; END",
        f"CREATE TRIGGER {trigger.format('delete')} AFTER DELETE ON {qn(table)} BEGIN "
        f"DELETE FROM {name} WHERE rowid = old.{qn(pk)}; END",
    ]


def drop_statements(table: str, vendor: str, table_too: bool = True) -> list[str]:
    qn = connection.ops.quote_name
    name = index_name(table)
    if vendor == "postgresql":
        return [f"DROP INDEX IF EXISTS {qn(name)}"]
    if vendor != "sqlite":
        return []
    triggers = [f"DROP TRIGGER IF EXISTS {qn(f'{name}_{event}')}" for event in ("insert", "update", "delete")]
    return [*triggers, f"DROP TABLE IF EXISTS {qn(name)}"] if table_too else triggers


@dataclass(frozen=True)
class SearchDocument:
    """A table's searchable text: ``fields`` of ``model``; a match yields the row's ``key`` (a field's column: the
    primary key, or e.g. an order address's ``order``)."""

    model: type[models.Model]
    fields: tuple[str, ...]
    key: str = "pk"
    words: bool = False  # searched by words (a GIN tsvector index, FTS5 unicode61), not substrings

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    @property
    def columns(self) -> list[str]:
        return [self.model._meta.get_field(name).column for name in self.fields]

    def matching_keys(self, words: Sequence[str], key: str | None = None) -> tuple[str, list[str]]:
        """SQL selecting ``key`` (default: the document's) of every row whose document contains every one of
        ``words``, through the index (one index scan for all of them)."""
        qn = connection.ops.quote_name
        opts = self.model._meta
        key = key or self.key
        table, pk = qn(self.table), qn(opts.pk.column)
        key_column = opts.pk.column if key == "pk" else opts.get_field(key).column
        if self.words:
            return self.matching_words(words, key_column)
        if connection.vendor == "postgresql":
            document = document_sql(self.columns, "postgresql")
            condition = " AND ".join(f"{document} ILIKE %s" for _ in words)
            return f"SELECT {qn(key_column)} FROM {table} WHERE {condition}", [f"%{like_escaped(w)}%" for w in words]
        fts = qn(index_name(self.table))
        indexed = [word for word in words if len(word) >= MIN_INDEXED_LENGTH]
        short = [word for word in words if len(word) < MIN_INDEXED_LENGTH]
        conditions = [f"{fts} MATCH %s"] if indexed else []
        conditions += ["keywords LIKE %s ESCAPE '\\'" for _ in short]
        params = [" AND ".join('"{}"'.format(word.replace('"', '""')) for word in indexed)] if indexed else []
        params += [f"%{like_escaped(word)}%" for word in short]
        matching = f"SELECT rowid FROM {fts} WHERE {' AND '.join(conditions)}"
        if key_column == opts.pk.column:
            return matching, params
        return f"SELECT {qn(key_column)} FROM {table} WHERE {pk} IN ({matching})", params

    def matching_words(self, words: Sequence[str], key_column: str) -> tuple[str, list[str]]:
        """A words document's ``key_column`` where every one of ``words`` begins a word: one index scan."""
        qn = connection.ops.quote_name
        if connection.vendor == "postgresql":
            query = " & ".join(f"'{word}':*" for word in words)  # words_of: letters and digits, nothing to quote
            return (
                f"SELECT {qn(key_column)} FROM {qn(self.table)} "
                f"WHERE {WORDS_COLUMN} @@ to_tsquery('simple'::regconfig, %s)",
                [query],
            )
        fts = qn(index_name(self.table))
        matching = f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s"
        params = [" AND ".join(f'"{word}"*' for word in words)]
        if key_column == self.model._meta.pk.column:
            return matching, params
        return f"SELECT {qn(key_column)} FROM {qn(self.table)} WHERE {qn(self.model._meta.pk.column)} IN ({matching})", params


def like_escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def keywords(search_term: str) -> list[str]:
    """The words of a keyword search as the admin splits them: on spaces, "quoted phrases" kept whole."""
    words = []
    for bit in smart_split(search_term.replace("\x00", "")):
        if bit[:1] in ('"', "'") and bit[-1:] == bit[:1] and len(bit) > 1:
            bit = unescape_string_literal(bit)
        if bit:
            words.append(bit)
    return words


class SearchSQL(RawSQL):
    """A keyword's subquery, told apart so that ``without_search`` can drop it. ``countable``: it selects the grid's
    own primary keys, each once (``GridSearch.countable``), so that the grid's rows it matches are as many as its
    rows (``search_count``)."""

    countable = False


def keyword_search(queryset: models.QuerySet) -> SearchSQL | None:
    """``queryset``'s keyword search when it selects the grid's own keys, each once (``GridSearch.countable``),
    whatever else its conditions are (list filters, ANDed): its keys can then be read through its index alone."""
    query = queryset.query
    where = query.where
    if where.negated or query.distinct or (where.connector != "AND" and len(where.children) > 1):
        return None
    searches = [child.rhs for child in where.children if isinstance(getattr(child, "rhs", None), SearchSQL)]
    return searches[0] if len(searches) == 1 and searches[0].countable else None


def countable_search(queryset: models.QuerySet) -> SearchSQL | None:
    """``queryset``'s keyword search when it is its only condition and selects the grid's own keys, each once: it
    can then be counted or listed through its index alone, not joined to the grid."""
    return keyword_search(queryset) if len(queryset.query.where.children) == 1 else None


def search_count(queryset: models.QuerySet) -> int | None:
    """The number of ``queryset``'s rows counted on the search rows alone (``countable_search``; Magento counts its
    grid table the same way): the index and the search rows' pages are read, not the grid's table; None otherwise."""
    if (search := countable_search(queryset)) is None:
        return None
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({search.sql}) matching", search.params)
        return cursor.fetchone()[0]


def search_keys(queryset: models.QuerySet, limit: int, filtered: bool = False) -> list[object] | None:
    """The keys of ``queryset``'s rows (at most ``limit``, in no order) read from the search rows alone
    (``countable_search``); None otherwise. ``filtered``: the keys its keyword search matches whatever its other
    conditions (``keyword_search``: the rows its filters then keep are among them)."""
    if (search := (keyword_search if filtered else countable_search)(queryset)) is None:
        return None
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT * FROM ({search.sql}) matching LIMIT %s", [*search.params, limit])
        return [row[0] for row in cursor.fetchall()]


def led_by_filters(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` with its keyword search written so that its list filters' index leads and each of their rows is
    looked up among the search's keys, for a count up to a limit of a search with more matches than it. SQLite:
    ``+pk IN (...)``; without the unary plus it read the grid's row of every match by its key (a last name at 1M
    orders: 92,003 rows, 287 ms for a count up to 1,001 with a 30-day filter; 32 ms this way). PostgreSQL: a
    correlated ``EXISTS (... OFFSET 0)``, which the planner keeps as a look-up by the search row's key for each
    filtered row (the ``OFFSET`` keeps it from being turned into a join); as a join it read every match's search row
    first (a last name among 550,000 invoices with the last 30 days: 49,725 rows, 108 ms; 11 ms this way)."""
    vendor = connections[queryset.db].vendor
    if vendor not in ("sqlite", "postgresql") or (search := keyword_search(queryset)) is None:
        return queryset
    qn = connection.ops.quote_name
    opts = queryset.model._meta
    pk = f"{qn(opts.db_table)}.{qn(opts.pk.column)}"
    if vendor == "sqlite":
        condition = f"+{pk} IN ({search.sql})"
    else:
        condition = f"EXISTS (SELECT 1 FROM ({search.sql}) AS matching(key) WHERE matching.key = {pk} OFFSET 0)"
    return without_search(queryset).extra(where=[condition], params=search.params)


def without_search(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` without its keyword conditions (the same annotations, joins and other filters): for reading
    rows already known to match by their primary keys, without running the search again."""
    stripped = queryset.all()
    where = stripped.query.where
    where.children = (
        [child for child in where.children if not isinstance(getattr(child, "rhs", None), SearchSQL)]
        if where.connector == "AND" and not where.negated
        else where.children
    )
    return stripped


class GridSearch:
    """A grid's keyword search: ``(via, document)`` pairs, ``via`` the grid model's field holding the document's
    key ("pk" for the grid's own table, "order" for its order's documents): a foreign key to the document's model
    holds the value of the field it targets (a source item's ``product`` holds the SKU), a foreign key to another
    model that model's primary key (an order address's ``parent``)."""

    def __init__(self, *sources: tuple[str, SearchDocument]) -> None:
        self.sources = sources

    def filter(self, queryset: models.QuerySet, search_term: str) -> models.QuerySet:
        """The rows every word of ``search_term`` matches, in one query: a ``pk IN (...)`` subquery a word, or one
        for all the words when the grid searches one document (they must all be in it: one index scan)."""
        if all(document.words for _, document in self.sources):
            words = words_of(search_term)
            if not words and search_term.strip():
                return queryset.none()  # only separators ("@", "%"): no word to find
        else:
            words = keywords(search_term)
        for group in [words] if len(self.sources) == 1 and words else [[word] for word in words]:
            sql, params = self.matching_rows(queryset.model, group)
            search = SearchSQL(sql, params)
            search.countable = self.countable
            queryset = queryset.filter(pk__in=search)
        return queryset

    @property
    def countable(self) -> bool:
        """One document: its subquery selects the grid's own keys, each once (a document of the grid's table or
        of its search rows, one a grid row, by primary key; another table's through the grid's column, ``IN``),
        so that its keys can be read and counted without the grid's table."""
        return len(self.sources) == 1

    def matching_rows(self, model: type[models.Model], words: Sequence[str]) -> tuple[str, list[str]]:
        """The grid rows' primary keys: documents of the grid's table directly, the others through the grid's
        (indexed) column holding their key, a UNION ALL that PostgreSQL turns into semi-joins."""
        qn = connection.ops.quote_name
        opts = model._meta
        parts: list[str] = []
        params: list[str] = []
        through: dict[str, tuple[list[str], list[str]]] = {}
        for via, document in self.sources:
            field = None if via == "pk" else opts.get_field(via)
            target = field.target_field.name if field is not None and field.related_model is document.model else None
            sql, document_params = document.matching_keys(words, target)
            if field is None:
                parts.append(sql)
                params.extend(document_params)
            else:
                sqls, via_params = through.setdefault(field.column, ([], []))
                sqls.append(sql)
                via_params.extend(document_params)
        for column, (sqls, via_params) in through.items():
            parts.append(
                f"SELECT {qn(opts.pk.column)} FROM {qn(opts.db_table)} WHERE {qn(column)} IN "
                f"({' UNION ALL '.join(sqls)})"
            )
            params.extend(via_params)
        return " UNION ALL ".join(parts), params
