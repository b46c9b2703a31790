"""Making a file's or a rename's bytes reach the disk: what a power cut must not undo (backups, the run marker)."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """A rename or an unlink in ``path`` made durable."""
    if os.name != "posix":  # directories cannot be opened for fsync on Windows; NTFS journals the rename
        return
    fsync_file(path)
