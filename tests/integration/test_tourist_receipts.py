"""A tourist's receipt from the command line: ``ocop-pos receipt N --lang zh|ko --mode raster --out F.png`` draws the
labels in Chinese or Korean (Noto CJK), a text-mode printer gets the same raster, and the file is what the preview
library draws for the same document."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from pos.receipts.decode import raster_from_stream
from pos.receipts.from_sale import receipt_doc, sale_id_for
from pos.receipts.preview import preview_png
from pos.till.terminal import Terminal
from tests.integration.test_cli_core import ocop


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("tourist") / "home"
    assert ocop(home, "catalog", "seed-demo").returncode == 0
    sim = ocop(home, "simulate", "--sales", "3", "--seed", "4")
    assert sim.returncode == 0, sim.stderr
    return home


@pytest.mark.parametrize(("lang", "title"), [("zh", "付款单"), ("ko", "결제 전표")])
def test_receipt_command_in_chinese_and_korean(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, title: str
) -> None:
    png = tmp_path / f"r1-{lang}.png"
    done = ocop(home, "receipt", "1", "--lang", lang, "--mode", "raster", "--out", str(png), "--width", "58")
    assert done.returncode == 0, done.stderr
    monkeypatch.setenv("OCOP_POS_HOME", str(home))
    t = Terminal.open()
    doc = receipt_doc(t.engine, sale_id_for(t.engine, "T01", 1), lang=lang)
    assert doc.lang == lang
    assert Image.open(png).convert("1").tobytes() == preview_png(doc, 58, "raster").tobytes()
    from pos.receipts.layout import compose_rows
    from pos.receipts.rows import TextRow
    from pos.receipts.vietnamese import WIDE_FILLER

    printed = "\n".join(r.text for r in compose_rows(doc, width_mm=58) if isinstance(r, TextRow))
    assert title in printed.replace(WIDE_FILLER, "") and "_" not in printed
    # a text-mode printer is sent the raster: never a row of "_"
    binary = tmp_path / f"r1-{lang}.bin"
    assert ocop(home, "receipt", "1", "--lang", lang, "--mode", "tcvn3", "--out", str(binary)).returncode == 0
    assert raster_from_stream(binary.read_bytes()).size[0] == 576
    t.engine.dispose()
