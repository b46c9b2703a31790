"""mypy is strict on ui/ as on pos/ (``[tool.mypy]`` in pyproject.toml); where the GUI silences it, the line names
the error it silences and says why, so the next reader can tell a limit of the stubs from a bug."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<code>\[[a-z-, ]+\])?(?P<rest>.*)$")


def test_every_type_ignore_in_the_gui_names_its_code_and_its_reason() -> None:
    bare = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found = IGNORE.search(line)
            if found and (not found["code"] or not found["rest"].strip().lstrip("#").strip()):
                bare.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert bare == []


def test_mypy_checks_the_gui_strictly() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = text.split("[tool.mypy]", 1)[1].split("\n[", 1)[0]
    assert 'packages = ["pos", "ui"]' in section and "strict = true" in section
