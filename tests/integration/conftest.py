"""Integration-test fixtures: the GUI ones live in tests/conftest_ui.py."""

from tests.conftest_ui import clock, demo_template, printer, ui_home, ui_terminal, window

__all__ = ["clock", "demo_template", "printer", "ui_home", "ui_terminal", "window"]
