"""A migration operation that runs SQL written by today's code for the database's vendor (search indexes, their
triggers, row counters): no model state, the statements from ``forwards`` and ``backwards``."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import ProjectState


class VendorSQL(migrations.operations.base.Operation):
    """Subclasses say what to run, per vendor ("postgresql", "sqlite"), in ``forwards`` and ``backwards``."""

    reduces_to_sql = True
    reversible = True

    def forwards(self, vendor: str) -> list[str]:
        raise NotImplementedError

    def backwards(self, vendor: str) -> list[str]:
        raise NotImplementedError

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass

    def database_forwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        for statement in self.forwards(schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)

    def database_backwards(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, from_state: ProjectState, to_state: ProjectState
    ) -> None:
        for statement in self.backwards(schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)
