#!/usr/bin/env python3
"""Build the GUI's Qt translations: ``resources/translations/ocop_pos_<lang>.ts`` → ``.qm``.

    .venv/bin/python scripts/build_translations.py            # compile every .ts (pyside6-lrelease)
    .venv/bin/python scripts/build_translations.py --update   # first refresh the .ts from ui/ (pyside6-lupdate)
    .venv/bin/python scripts/build_translations.py --check    # exit 1 if a string in ui/ lacks a translation

English is the source language (the strings in the code); Vietnamese is translated in the .ts with Qt Linguist
(``pyside6-linguist``) or any editor. ``ocop_pos_en.ts`` holds only the messages with plural forms
(``tr("%n item(s)", None, n)``: "1 item", "2 items"), as Qt asks of a source language (``lupdate -pluralonly``). The .qm files are committed so a checkout runs without this step; the app
also builds a missing .qm on first use (``ui/i18n.py``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
LANGS = ("vi", "en")
#: Languages whose .ts holds only the plural forms: the source language.
PLURAL_ONLY = ("en",)


def _tool(name: str) -> str:
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6 into this venv")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def _lupdate_flags(ts: Path) -> list[str]:
    plural_only = any(ts.name == f"ocop_pos_{lang}.ts" for lang in PLURAL_ONLY)
    return ["-no-obsolete", *(["-pluralonly"] if plural_only else [])]


def update(ts: Path) -> None:
    lang = ts.stem.removeprefix("ocop_pos_")
    new = [] if ts.exists() else ["-target-language", lang]  # a new file: its plural rules are the language's
    subprocess.run(
        [_tool("pyside6-lupdate"), *_lupdate_flags(ts), *new, *sources(), "-ts", str(ts)],
        check=True,
        cwd=ROOT,
    )


def release(ts: Path) -> Path:
    qm = ts.with_suffix(".qm")
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True, cwd=ROOT)
    return qm


def unfinished(ts: Path) -> list[str]:
    """Source strings of ``ts`` without a finished translation."""
    out = []
    for message in ET.parse(ts).iter("message"):
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
            out.append(message.findtext("source") or "")
            continue
        forms = translation.findall("numerusform")
        texts = [f.text or "" for f in forms] if message.get("numerus") == "yes" else [translation.text or ""]
        if not texts or not all(t.strip() for t in texts):
            out.append(message.findtext("source") or "")
    return out


def check(ts: Path) -> list[str]:
    """Strings used in ui/ that ``ts`` does not translate (lupdate on a scratch copy)."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / ts.name
        shutil.copy(ts, scratch)
        subprocess.run(
            [_tool("pyside6-lupdate"), *_lupdate_flags(ts), "-silent", *sources(), "-ts", str(scratch)],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        return unfinished(scratch)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="refresh the .ts files from the code first")
    parser.add_argument("--check", action="store_true", help="only check that every string is translated")
    args = parser.parse_args()
    status = 0
    for lang in LANGS:
        ts = TRANSLATIONS / f"ocop_pos_{lang}.ts"
        if args.check:
            missing = check(ts)
            for text in missing:
                print(f"{ts.name}: untranslated: {text!r}")
            status |= 1 if missing else 0
            continue
        if args.update:
            update(ts)
        missing = unfinished(ts)
        if missing:
            print(f"{ts.name}: {len(missing)} strings still untranslated (English is shown for them)")
        print(release(ts).relative_to(ROOT))
    return status


if __name__ == "__main__":
    sys.exit(main())
