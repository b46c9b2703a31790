"""One translation system for the GUI (Qt Linguist): every string the GUI writes is a ``tr()``/``QT_TR_NOOP`` source
string in English, every shipped language translates all of them, and nothing reaches the screen untranslated.

Three views of the same promise: the code read as a syntax tree (what each call hands to the translator, and that
``pyside6-lupdate`` sees exactly those strings); the committed ``.ts``/``.qm`` files against the code (nothing
untranslated, nothing left over, placeholders kept, the ``.qm`` compiled from the ``.ts``); and the manager's
screens rendered in Vietnamese, where no widget may show an English source string that has a Vietnamese
translation (which is what a string built outside ``tr()`` looks like).
"""

from __future__ import annotations

import ast
import importlib.util
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from ui.i18n import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    decimal_point,
    known,
    language_name,
    next_language,
    qt_tool,
    tr_in,
    ts_path,
)

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "ui"
#: The calls that hand a string to the translator, and where their text is.
TEXT_ARG = {"tr": 0, "QT_TR_NOOP": 0, "tr_in": 1}


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_translations", ROOT / "scripts" / "build_translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _calls() -> Iterator[tuple[str, ast.Call, str]]:
    """Every translation call in ui/: (where, the call, the function's name)."""
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.id
                if isinstance(func, ast.Name)
                else func.attr
                if isinstance(func, ast.Attribute)
                else ""
            )
            if name in TEXT_ARG or name == "translate":
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node, name


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def code_strings() -> tuple[set[tuple[str, str]], set[tuple[str, str]], list[str]]:
    """What the code hands the translator, read from its syntax tree: the (source, disambiguation) pairs, those of
    them that are counted (numerus), and every call ``pyside6-lupdate`` would read wrongly or not at all."""
    strings: set[tuple[str, str]] = set()
    counted: set[tuple[str, str]] = set()
    wrong: list[str] = []
    for where, call, name in _calls():
        if name == "translate":
            if not where.startswith("ui/i18n.py"):
                wrong.append(f"{where}: translate() outside ui/i18n.py (use tr, one context)")
            continue
        if isinstance(call.func, ast.Attribute):
            wrong.append(f"{where}: .{name}() puts the string in a class's context: call the plain {name}()")
            continue
        if any(k.arg == "n" for k in call.keywords):
            wrong.append(
                f"{where}: {name}(..., n=...) — pyside6-lupdate only sees a count given positionally"
            )
        index = TEXT_ARG[name]
        if len(call.args) <= index:
            wrong.append(f"{where}: {name}() without its text")
            continue
        text = call.args[index]
        if isinstance(text, ast.JoinedStr | ast.BinOp):
            wrong.append(f"{where}: {name}() of a built string: put values in {{placeholders}} after tr()")
            continue
        source = _literal(text)
        if name == "tr_in":
            if source is not None:
                wrong.append(
                    f"{where}: tr_in() of a literal pyside6-lupdate cannot see: mark it with QT_TR_NOOP"
                )
            continue
        if name == "QT_TR_NOOP":
            if source is None or len(call.args) != 1:
                wrong.append(f"{where}: QT_TR_NOOP takes one literal (its comment would be lost when shown)")
            else:
                strings.add((source, ""))
            continue
        comment = _literal(call.args[1]) if len(call.args) > 1 else ""
        numerus = len(call.args) > 2
        if source is None:  # tr(NAME): a string marked with QT_TR_NOOP where it is defined
            if numerus or comment:
                wrong.append(f"{where}: a counted or commented tr() needs its text written in the call")
            continue
        if comment is None:
            wrong.append(f"{where}: tr()'s disambiguation must be a literal")
            continue
        strings.add((source, comment))
        if numerus:
            counted.add((source, comment))
        elif "%n" in source:
            wrong.append(f"{where}: {source!r} shows %n but is given no count")
    return strings, counted, wrong


def lupdate_strings(tmp_path: Path) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """What ``pyside6-lupdate`` extracts from ui/ into a new file: (source, comment) pairs, and the numerus ones."""
    script = _build_script()
    ts = tmp_path / "ocop_pos_xx.ts"
    subprocess.run(
        [str(qt_tool("pyside6-lupdate")), "-silent", "-locations", "none", *script.sources(), "-ts", str(ts)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    found = {(m.source, m.comment) for m in script.messages(ts)}
    counted = {(m.source, m.comment) for m in script.messages(ts) if m.numerus}
    return found, counted


def test_every_translated_string_is_written_where_lupdate_reads_it(tmp_path: Path) -> None:
    strings, counted, wrong = code_strings()
    assert wrong == []
    assert len(strings) > 400  # the whole GUI, manager screens included
    found, found_counted = lupdate_strings(tmp_path)
    assert found == strings, "the syntax tree and pyside6-lupdate disagree on what is translated"
    assert found_counted == counted


def test_the_gui_has_one_translation_system() -> None:
    assert not (UI / "manager" / "words.py").exists()
    for path in UI.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "manager.words" not in text, path


def test_every_shipped_language_is_complete_and_its_qm_current() -> None:
    """Each .ts translates every string of the code (non-empty, not "unfinished"), keeps no string the code has
    lost, keeps every {placeholder} and %n, and its committed .qm is what it compiles to."""
    assert _build_script().check() == []


def test_languages_are_data() -> None:
    assert SOURCE_LANGUAGE in LANGUAGES
    for lang in LANGUAGES:
        root = ET.parse(ts_path(lang)).getroot()
        assert root.get("language", "").split("_")[0] == lang
    assert [next_language(lang) for lang in LANGUAGES] == [*LANGUAGES[1:], LANGUAGES[0]]
    assert known("xx") == LANGUAGES[0] == "vi"
    assert language_name("vi") == "Tiếng Việt"
    assert decimal_point("vi") == "," and decimal_point("en") == "."


def test_counted_strings_read_right_in_each_language() -> None:
    assert tr_in("en", "%n items", None, 1) == "1 item"
    assert tr_in("en", "%n items", None, 4) == "4 items"
    assert tr_in("vi", "%n items", None, 4) == "4 món"
    assert tr_in("vi", "Close shift") == "Đóng ca"
    assert tr_in("en", "Close shift") == "Close shift"  # the source language shows the code's words


def _vietnamese() -> dict[str, str]:
    """English source → its Vietnamese translation, where the two differ ("Email" is "Email" in both)."""
    script = _build_script()
    out = {}
    for m in script.messages(ts_path("vi")):
        if not m.numerus and m.forms and m.forms[0] != m.source:
            out[m.source] = m.forms[0]
    return out


def _shown_texts(root: object) -> Iterator[tuple[str, str]]:
    """Every text a person can read in ``root``'s widgets: (what shows it, the text)."""
    from ui.qt import (
        QAbstractButton,
        QComboBox,
        QLabel,
        QLineEdit,
        QSpinBox,
        Qt,
        QTableView,
        QWidget,
    )

    assert isinstance(root, QWidget)
    for w in [root, *root.findChildren(QWidget)]:
        who = f"{type(w).__name__} {w.objectName()}".strip()
        yield who, w.toolTip()
        yield who, w.windowTitle()
        if isinstance(w, QLabel | QAbstractButton):
            yield who, w.text()
        if isinstance(w, QLineEdit):
            yield who, w.placeholderText()
        if isinstance(w, QSpinBox):
            yield who, w.suffix().strip()
        if isinstance(w, QComboBox):
            for i in range(w.count()):
                yield who, w.itemText(i)
        if isinstance(w, QTableView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount()):
                yield f"{who} heading", str(model.headerData(c, Qt.Orientation.Horizontal) or "")


def test_the_manager_screens_in_vietnamese_show_no_english_source_string(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every manager section, staged as the screenshots stage it (a month of trading, a shift closed, a count,
    reports, a settlement, a delivery, a product, the printer, the shop, a producer), rendered in Vietnamese."""
    from ui.screenshots.manager import render_manager

    english = _vietnamese()
    seen: dict[str, int] = {}
    leaks: list[str] = []

    def look(name: str, panel: object) -> None:
        count = 0
        for who, text in _shown_texts(panel):
            count += 1
            if text.strip() in english:
                leaks.append(f"{name}: {who} shows {text!r} (vi: {english[text.strip()]!r})")
        seen[name] = count

    render_manager(tmp_path, ("vi",), on_shot=look)
    assert len(seen) == 13 and min(seen.values()) > 50
    assert leaks == []


def test_customer_languages_are_data_and_translate_only_the_customers_strings(tmp_path: Path) -> None:
    """Chinese and Korean serve the customer (display and receipt), not the till: their .ts files hold exactly the
    strings of ui.languages.CUSTOMER_SOURCES, all translated (the completeness check above covers them)."""
    from ui.languages import CUSTOMER_LANGUAGES, CUSTOMER_ONLY, CUSTOMER_SOURCES, NATIVE_NAMES, SHIPPED

    assert CUSTOMER_ONLY == ("zh", "ko") and (*LANGUAGES, "zh", "ko") == SHIPPED
    assert set(NATIVE_NAMES) == set(CUSTOMER_LANGUAGES)
    script = _build_script()
    for lang in CUSTOMER_ONLY:
        assert script.sources(lang) == list(CUSTOMER_SOURCES)
        root = ET.parse(ts_path(lang)).getroot()
        assert root.get("language") == lang
        shipped = {(m.source, m.comment) for m in script.messages(ts_path(lang))}
        ts = tmp_path / f"fresh_{lang}.ts"
        subprocess.run(
            [
                str(qt_tool("pyside6-lupdate")),
                "-silent",
                "-locations",
                "none",
                *CUSTOMER_SOURCES,
                "-ts",
                str(ts),
            ],
            check=True,
            cwd=ROOT,
            capture_output=True,
        )
        assert shipped == {(m.source, m.comment) for m in script.messages(ts)}
        assert ("Welcome!", "") in shipped and ("PAYMENT SLIP", "") in shipped
        assert ("Pay", "") not in shipped  # the till's own words are not the customer's
    assert tr_in("zh", "Welcome!") == "欢迎光临！" and tr_in("ko", "Welcome!") == "어서 오세요!"
    assert tr_in("zh", "Scan with your banking app to pay") == "请用银行App扫码付款"
    from ui.i18n import next_customer_language

    assert [next_customer_language(lang) for lang in CUSTOMER_LANGUAGES] == ["en", "zh", "ko", "vi"]
