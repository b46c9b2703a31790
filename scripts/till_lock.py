"""Which locked packages the till runs on, and whether the shift-long soak has passed with exactly those.

A lock change that moves any package of the till's install set (base + till + camera + hardware extras, and
everything they pull in) must pass the long soak through the real window before it lands: ``./tasks lock`` runs
it, and a test of the default suite fails when ``uv.lock`` and the soak's report (``docs/evidence/till-soak.json``)
disagree. Server- or dev-only changes leave the till's set alone and need no till soak.

The closure ignores environment markers, so the set is the same on every machine (a superset where a package is
only for another platform): a lock that changes a Windows-only dependency of the till is soaked again too.

    python scripts/till_lock.py            print the till set and its fingerprint
    python scripts/till_lock.py --soaked   exit 0 if the last passing long soak ran on this till set
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "uv.lock"
SOAK_REPORT = ROOT / "docs" / "evidence" / "till-soak.json"
PROJECT = "ocop-pos"
TILL_EXTRAS = ("till", "camera", "hardware")


def _norm(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def till_set(lock_path: Path = LOCK) -> dict[str, str]:
    """Package name → locked version(s) for everything the till's install set needs.

    Where the lock forks a package by Python version (numpy 2.4 for 3.11, 2.5 for newer), every version the
    till could get is listed, comma-separated.
    """
    lock = tomllib.loads(lock_path.read_text(encoding="utf-8"))
    packages: dict[tuple[str, str], dict[str, object]] = {}
    versions: dict[str, list[str]] = {}
    for p in lock["package"]:
        packages[_norm(p["name"]), str(p.get("version", ""))] = p
        versions.setdefault(_norm(p["name"]), []).append(str(p.get("version", "")))
    root = next(p for (n, _), p in packages.items() if n == PROJECT)
    wanted: list[tuple[str, str, tuple[str, ...]]] = []

    def add(deps: object) -> None:
        for dep in deps if isinstance(deps, list) else []:
            name = _norm(str(dep["name"]))
            extras = dep.get("extra", ())
            extras = tuple(extras) if isinstance(extras, list) else ()
            for version in [str(dep["version"])] if "version" in dep else versions.get(name, []):
                wanted.append((name, version, extras))

    optional = root.get("optional-dependencies", {})
    assert isinstance(optional, dict)
    add(root.get("dependencies", []))
    for extra in TILL_EXTRAS:
        add(optional.get(extra, []))
    found: dict[str, set[str]] = {}
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    while wanted:
        name, version, extras = wanted.pop()
        if (name, version, extras) in seen or name == PROJECT:
            continue
        seen.add((name, version, extras))
        package = packages[name, version]
        found.setdefault(name, set()).add(version)
        add(package.get("dependencies", []))
        package_optional = package.get("optional-dependencies", {})
        for extra in extras:
            add(package_optional.get(extra, []) if isinstance(package_optional, dict) else [])
    return {n: ",".join(sorted(v)) for n, v in sorted(found.items())}


def fingerprint(packages: dict[str, str]) -> str:
    """A short, stable name for one till set (sha256 of its ``name==version`` lines)."""
    text = "\n".join(f"{n}=={v}" for n, v in sorted(packages.items()))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def soaked(lock_path: Path = LOCK, report_path: Path = SOAK_REPORT) -> tuple[bool, str]:
    """Whether the last recorded long soak passed on the till set of ``lock_path``, and why not."""
    if not report_path.exists():
        return False, f"no soak report at {report_path.relative_to(ROOT)}"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    current = fingerprint(till_set(lock_path))
    if report.get("till_set", {}).get("fingerprint") != current:
        return (
            False,
            f"the soak ran on till set {report.get('till_set', {}).get('fingerprint')}, the lock has {current}",
        )
    if not report.get("passed") or report.get("form") != "long":
        return False, "the recorded soak is not a passing long soak"
    return True, f"till set {current} soaked"


def main(argv: list[str]) -> int:
    if "--soaked" in argv:
        ok, why = soaked()
        print(why)
        return 0 if ok else 1
    packages = till_set()
    for name, version in packages.items():
        print(f"{name}=={version}")
    print(f"# {len(packages)} packages, fingerprint {fingerprint(packages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
