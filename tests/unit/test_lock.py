"""The lock and the soak agree: the till's packages in ``uv.lock`` are those the last long soak passed with.

``scripts/till_lock.py`` reads the till's install set out of ``uv.lock`` (base + till + camera + hardware and all
they pull in); the default suite fails here when ``--soaked`` would, so a lock that moved the till without the
shift-long soak (``./tasks soak till``) does not pass ``./tasks test``. The rest checks ``till_set`` on small made-up
locks: forked versions, extras of a dependency (``psycopg[binary]``), server-only packages left out.
"""

from __future__ import annotations

import importlib.util
import json
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def till_lock() -> ModuleType:
    spec = importlib.util.spec_from_file_location("till_lock", ROOT / "scripts" / "till_lock.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_locked_till_set_is_the_one_the_last_long_soak_passed_with(till_lock: ModuleType) -> None:
    ok, why = till_lock.soaked()
    assert ok, (
        f"{why}. The till's packages moved: run ./tasks soak till and commit docs/evidence/till-soak.json with uv.lock "
        "(docs/dependencies.md)"
    )
    report = json.loads(till_lock.SOAK_REPORT.read_text(encoding="utf-8"))
    assert report["till_set"]["packages"] == till_lock.till_set()  # the evidence lists what the lock holds
    assert report["scans"] >= 5000 and report["sales"]["total"] >= 300


LOCK = """
version = 1
revision = 3
requires-python = ">=3.11"

[[package]]
name = "ocop-pos"
version = "0.1.0"
source = { editable = "." }
dependencies = [
    { name = "sqlalchemy" },
]

[package.optional-dependencies]
till = [
    { name = "numpy", version = "2.4.6", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version < '3.12'" },
    { name = "numpy", version = "2.5.5", source = { registry = "https://pypi.org/simple" }, marker = "python_full_version >= '3.12'" },
    { name = "pyside6-essentials" },
    { name = "httpx", extra = ["http2"] },
]
camera = [
    { name = "opencv-python-headless" },
]
hardware = []
server = [
    { name = "fastapi" },
    { name = "psycopg", extra = ["binary"] },
]

[package.dev-dependencies]
dev = [
    { name = "pytest" },
]

[[package]]
name = "sqlalchemy"
version = "2.0.40"
dependencies = [
    { name = "typing-extensions" },
    { name = "greenlet", marker = "platform_machine == 'x86_64'" },
]

[[package]]
name = "typing-extensions"
version = "4.14.0"

[[package]]
name = "greenlet"
version = "3.2.0"

[[package]]
name = "numpy"
version = "2.4.6"

[[package]]
name = "numpy"
version = "2.5.5"

[[package]]
name = "opencv-python-headless"
version = "4.12.0.88"
dependencies = [
    { name = "numpy" },
]

[[package]]
name = "pyside6-essentials"
version = "6.11.3"
dependencies = [
    { name = "shiboken6" },
]

[[package]]
name = "shiboken6"
version = "6.11.3"

[[package]]
name = "httpx"
version = "0.28.1"
dependencies = [
    { name = "idna" },
]

[package.optional-dependencies]
http2 = [
    { name = "h2" },
]
socks = [
    { name = "socksio" },
]

[[package]]
name = "idna"
version = "3.10"

[[package]]
name = "h2"
version = "4.2.0"

[[package]]
name = "socksio"
version = "1.0.0"

[[package]]
name = "fastapi"
version = "0.116.0"

[[package]]
name = "psycopg"
version = "3.2.9"

[package.optional-dependencies]
binary = [
    { name = "psycopg-binary", marker = "implementation_name != 'pypy'" },
]

[[package]]
name = "psycopg-binary"
version = "3.2.9"

[[package]]
name = "pytest"
version = "8.4.1"
"""


def write_lock(tmp_path: Path, text: str = LOCK) -> Path:
    path = tmp_path / "uv.lock"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_till_set_follows_base_till_camera_and_hardware_and_what_they_pull_in(
    till_lock: ModuleType, tmp_path: Path
) -> None:
    packages = till_lock.till_set(write_lock(tmp_path))
    assert packages == {
        "greenlet": "3.2.0",  # markers are ignored: the same set on every machine
        "h2": "4.2.0",  # httpx[http2]: the extra's own dependencies
        "httpx": "0.28.1",
        "idna": "3.10",
        "numpy": "2.4.6,2.5.5",  # forked by Python version: both listed
        "opencv-python-headless": "4.12.0.88",
        "pyside6-essentials": "6.11.3",
        "shiboken6": "6.11.3",
        "sqlalchemy": "2.0.40",
        "typing-extensions": "4.14.0",
    }
    assert "socksio" not in packages  # an extra nobody asked for
    assert not {"fastapi", "psycopg", "psycopg-binary", "pytest"} & set(packages)  # server and dev only


def test_an_extra_of_a_dependency_in_the_till_set_brings_its_packages(
    till_lock: ModuleType, tmp_path: Path
) -> None:
    lock = LOCK.replace(
        'camera = [\n    { name = "opencv-python-headless" },\n]',
        'camera = [\n    { name = "opencv-python-headless" },\n    { name = "psycopg", extra = ["binary"] },\n]',
    )
    packages = till_lock.till_set(write_lock(tmp_path, lock))
    assert packages["psycopg"] == "3.2.9" and packages["psycopg-binary"] == "3.2.9"


def test_the_fingerprint_moves_with_any_till_version_and_only_with_the_till_set(
    till_lock: ModuleType, tmp_path: Path
) -> None:
    base = till_lock.fingerprint(till_lock.till_set(write_lock(tmp_path)))
    assert base == till_lock.fingerprint(
        dict(reversed(list(till_lock.till_set(write_lock(tmp_path)).items())))
    )
    moved = LOCK.replace('name = "shiboken6"\nversion = "6.11.3"', 'name = "shiboken6"\nversion = "6.12.0"')
    moved = moved.replace('{ name = "shiboken6" }', '{ name = "shiboken6", version = "6.12.0" }')
    assert till_lock.fingerprint(till_lock.till_set(write_lock(tmp_path, moved))) != base
    server_only = LOCK.replace(
        'name = "fastapi"\nversion = "0.116.0"', 'name = "fastapi"\nversion = "0.117.0"'
    )
    assert till_lock.fingerprint(till_lock.till_set(write_lock(tmp_path, server_only))) == base


def test_soaked_wants_a_passing_long_soak_of_this_very_till_set(
    till_lock: ModuleType, tmp_path: Path
) -> None:
    lock = write_lock(tmp_path)
    packages = till_lock.till_set(lock)
    report = tmp_path / "till-soak.json"

    def record(**fields: object) -> None:
        data = {
            "form": "long",
            "passed": True,
            "till_set": {"fingerprint": till_lock.fingerprint(packages), "packages": packages},
        }
        report.write_text(json.dumps({**data, **fields}), encoding="utf-8")

    record()
    assert till_lock.soaked(lock, report) == (True, f"till set {till_lock.fingerprint(packages)} soaked")
    record(passed=False)
    assert not till_lock.soaked(lock, report)[0]
    record(form="short")
    assert not till_lock.soaked(lock, report)[0]
    record(till_set={"fingerprint": "0" * 16, "packages": {}})
    ok, why = till_lock.soaked(lock, report)
    assert not ok and "0000000000000000" in why
