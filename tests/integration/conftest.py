"""Integration-test fixtures: the GUI ones live in tests/conftest_ui.py; one PostgreSQL for the session."""

from collections.abc import Iterator

import pytest

from tests.conftest_ui import clock, demo_template, printer, ui_home, ui_terminal, window
from tests.pg import PgServer, start_postgres

__all__ = ["clock", "demo_template", "pg_server", "printer", "ui_home", "ui_terminal", "window"]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer | None]:
    """A throw-away PostgreSQL for the whole session (None if PostgreSQL is not installed)."""
    server = start_postgres()
    yield server
    if server is not None:
        server.stop()
