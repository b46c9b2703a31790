#!/usr/bin/env python3
"""Build the Qt translations: ``resources/translations/ocop_pos_<lang>.ts`` → ``.qm``, for every language
``ui.languages.SHIPPED`` lists: the till's (``LANGUAGES``, every string of ui/) and the customer-only ones (Chinese,
Korean: the strings of ``CUSTOMER_SOURCES``, the customer display and the receipt, which the core reads from the
.ts itself through ``pos.translations``).

    .venv/bin/python scripts/build_translations.py            # compile every .ts (pyside6-lrelease)
    .venv/bin/python scripts/build_translations.py --update   # first refresh every .ts from ui/ (pyside6-lupdate)
    .venv/bin/python scripts/build_translations.py --check    # exit 1 if a .ts or .qm is not complete and current

English is the source language (the strings in the code); its .ts holds only the plural forms of counted strings
("%n products" → "1 product", "2 products"). Every other language is translated in its .ts with Qt Linguist
(``pyside6-linguist``) or any editor. A new language: add its code to ``LANGUAGES`` in ``ui/languages.py`` (or,
for the customer alone, to ``pos.translations``' languages), run
``--update`` (it creates the .ts with every string to translate), translate, run this script, commit both files.

The .ts files keep no source locations (``-locations none``): a line moved in ui/ changes no .ts, so branches
that add strings merge cleanly. The .qm files are committed so a checkout runs without this step; the app also
builds a missing .qm on first use (``ui/i18n.py``).
"""

from __future__ import annotations

import argparse
import filecmp
import re
import shutil
import string
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from ui.i18n import SOURCE_LANGUAGE, build_qm, qm_path, qt_tool, ts_path  # noqa: E402
from ui.languages import CUSTOMER_ONLY, CUSTOMER_SOURCES, SHIPPED  # noqa: E402


@dataclass(frozen=True)
class Message:
    """One entry of a .ts file."""

    source: str
    comment: str
    numerus: bool
    kind: str  # the translation's type: "" (finished), "unfinished", "vanished" or "obsolete"
    forms: tuple[str, ...]  # the translation, or each plural form of it


def _tool(name: str) -> str:
    found = qt_tool(name)
    if not found:
        sys.exit(f"{name} not found: install PySide6 into this venv")
    return found


def sources(lang: str | None = None) -> list[str]:
    """What lupdate reads for ``lang`` (relative to the repository): every module of the GUI, or for a language
    only the customer sees, the modules of the customer's strings."""
    if lang in CUSTOMER_ONLY:
        return list(CUSTOMER_SOURCES)
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


_EXTRACOMMENT = re.compile(r"\n *<extracomment>.*?</extracomment>", re.S)


def lupdate(lang: str, ts: Path, *, keep_obsolete: bool = False) -> None:
    """Bring ``ts`` up to date with the strings in ui/: new strings come in unfinished; strings the code no longer
    has are dropped (kept marked "vanished" with ``keep_obsolete``, which is how a check finds them)."""
    args = [_tool("pyside6-lupdate"), "-silent", "-locations", "none"]
    args += ["-source-language", SOURCE_LANGUAGE, "-target-language", lang]
    if lang == SOURCE_LANGUAGE:
        args.append("-pluralonly")
    if not keep_obsolete:
        args.append("-no-obsolete")
    subprocess.run([*args, *sources(lang), "-ts", str(ts)], check=True, cwd=ROOT, capture_output=True)
    # lupdate takes the code's ``#:`` doc comments (attribute docs, not notes to translators) for translator
    # comments, and pins each to whatever tr() follows it, however far below: they would only mislead.
    text = ts.read_text(encoding="utf-8")
    ts.write_text(_EXTRACOMMENT.sub("", text), encoding="utf-8")


def messages(ts: Path) -> list[Message]:
    out = []
    for message in ET.parse(ts).iter("message"):
        translation = message.find("translation")
        numerus = message.get("numerus") == "yes"
        if translation is None:
            forms: tuple[str, ...] = ()
        elif numerus:
            forms = tuple(f.text or "" for f in translation.iter("numerusform"))
        else:
            forms = (translation.text or "",)
        out.append(
            Message(
                source=message.findtext("source") or "",
                comment=message.findtext("comment") or "",
                numerus=numerus,
                kind="unfinished" if translation is None else translation.get("type", ""),
                forms=forms,
            )
        )
    return out


def placeholders(text: str) -> set[str]:
    """The named ``{fields}`` of a ``str.format`` text (``{month:%B %Y}`` is ``month``)."""
    return {
        field.split(".")[0].split("[")[0]
        for _lit, field, _spec, _conv in string.Formatter().parse(text)
        if field
    }


def problems(lang: str, ts: Path) -> list[str]:
    """What is wrong with ``ts`` as committed, against the code: a string with no finished translation, a
    translation of a string the code no longer has, a translation that loses or invents a placeholder."""
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / ts.name
        shutil.copy(ts, scratch)
        lupdate(lang, scratch, keep_obsolete=True)
        for m in messages(scratch):
            name = repr(m.source) + (f" ({m.comment})" if m.comment else "")
            if m.kind in ("vanished", "obsolete"):
                out.append(f"{ts.name}: no longer in the code: {name}")
            elif m.kind == "unfinished" or not m.forms or not all(f.strip() for f in m.forms):
                out.append(f"{ts.name}: untranslated: {name}")
            else:
                for form in m.forms:
                    if placeholders(form) != placeholders(m.source):
                        out.append(f"{ts.name}: placeholders differ: {name} → {form!r}")
                    if m.numerus and "%n" in m.source and "%n" not in form:
                        out.append(f"{ts.name}: the count %n is lost: {name} → {form!r}")
    return out


def stale_qm(lang: str) -> bool:
    """True when the committed .qm is not what the committed .ts compiles to."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = build_qm(lang, Path(tmp) / qm_path(lang).name)
        return not qm_path(lang).exists() or not filecmp.cmp(fresh, qm_path(lang), shallow=False)


def check() -> list[str]:
    """Every problem of every shipped language (empty: all complete and current)."""
    out = []
    for lang in SHIPPED:
        ts = ts_path(lang)
        if not ts.exists():
            out.append(f"{ts.name}: missing (run --update)")
            continue
        out += problems(lang, ts)
        if stale_qm(lang):
            out.append(f"{qm_path(lang).name}: not built from the current {ts.name} (run this script)")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--update", action="store_true", help="refresh the .ts files from the code first")
    parser.add_argument("--check", action="store_true", help="only check that every .ts and .qm is complete")
    args = parser.parse_args()
    if args.check:
        found = check()
        for line in found:
            print(line)
        return 1 if found else 0
    for lang in SHIPPED:
        ts = ts_path(lang)
        if args.update or not ts.exists():
            lupdate(lang, ts)
        missing = [m for m in messages(ts) if m.kind == "unfinished"]
        if missing:
            print(f"{ts.name}: {len(missing)} strings still untranslated (English is shown for them)")
        print(build_qm(lang).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
