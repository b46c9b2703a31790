"""Fixtures shared by every test: a terminal home in a temporary folder, its database built through Alembic."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pos.demo.generate import generate_catalogue
from pos.settings import HOME_ENV, load_settings
from pos.till.terminal import Terminal
from tests.pg import PgServer, start_postgres

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--soak", action="store_true", help="run the long soak variants (marker 'soak')")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--soak"):
        return
    skip = pytest.mark.skip(reason="soak run only (--soak)")
    for item in items:
        # the marker, not the keyword: keywords hold every parent's name too, so a checkout in a folder called
        # "soak" would skip the whole suite
        if item.get_closest_marker("soak") is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """PostgreSQL with durability off, for the functional sync tests (tests/integration/sync/): no PostgreSQL
    process is killed there. Fails (``PgUnavailable``) when PostgreSQL cannot be run; never skips."""
    server = start_postgres(durable=False)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def pg_durable() -> Iterator[PgServer]:
    """PostgreSQL with production's durable settings, for the reliability tests. Fails when it cannot run."""
    server = start_postgres(durable=True)
    yield server
    server.stop()


@pytest.fixture
def pos_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh terminal home (``OCOP_POS_HOME``) for this test."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture
def terminal(pos_home: Path) -> Iterator[Terminal]:
    """An open terminal on an empty database migrated by Alembic."""
    t = Terminal.open(load_settings(pos_home))
    yield t
    t.close()


@pytest.fixture
def stocked_terminal(terminal: Terminal) -> Terminal:
    """A terminal with 300 synthetic products."""
    generate_catalogue(terminal.engine, 300, seed=7)
    return terminal


@pytest.fixture
def demo_terminal(terminal: Terminal) -> Terminal:
    """A terminal with the demo Quảng Ninh OCOP catalogue."""
    from pos.demo.catalogue import seed_demo
    from pos.staff.pins import install_secret

    seed_demo(terminal.engine, install_secret(terminal.settings.home))
    return terminal
