"""The shop's log file: where it is, that it rotates, that setting it up twice does not log everything twice."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from pos.logs import BACKUPS, LOG_NAME, MAX_BYTES, setup_logging


def test_logging_goes_to_the_terminals_log_folder_once(tmp_path: Path) -> None:
    root = logging.getLogger()
    before_handlers, before_level, before_hook = list(root.handlers), root.level, sys.excepthook
    try:
        first = setup_logging(tmp_path / "a")
        second = setup_logging(tmp_path / "b")  # a second set-up replaces the first, it does not add to it
        logging.getLogger("pos.sync").warning("server unreachable: %s", "timed out")
        for handler in root.handlers:
            handler.flush()
        assert first == tmp_path / "a" / LOG_NAME and second == tmp_path / "b" / LOG_NAME
        assert "server unreachable: timed out" not in first.read_text(encoding="utf-8")
        line = second.read_text(encoding="utf-8").strip()
        assert line.endswith("WARNING MainThread pos.sync: server unreachable: timed out")
        ours = [h for h in root.handlers if h not in before_handlers]
        assert len(ours) == 1
        assert ours[0].maxBytes == MAX_BYTES and ours[0].backupCount == BACKUPS  # type: ignore[attr-defined]
        try:
            raise RuntimeError("a slot failed")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        ours[0].flush()
        assert "CRITICAL MainThread ocop_pos: uncaught exception" in second.read_text(encoding="utf-8")
        assert "RuntimeError: a slot failed" in second.read_text(encoding="utf-8")
    finally:
        for handler in [h for h in root.handlers if h not in before_handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(before_level)
        sys.excepthook = before_hook
