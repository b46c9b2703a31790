"""decode_frame on rendered camera frames, compared with plain pyzbar on the very same pixels; scan-image."""

from __future__ import annotations

import argparse
import functools
import math
from pathlib import Path

import cv2
import numpy as np
import pytest

from pos.cli import camera as camera_commands
from pos.devices.frame_decoder import DEFAULT_SYMBOLOGIES, DecodedCode, decode_frame
from tests import imaging

KINDS = tuple(imaging.SAMPLE_CODES)
SEEDS = (0, 1)


@functools.cache
def _label(kind: str) -> np.ndarray:
    return imaging.render_label(kind)


@functools.cache
def _scene(kind: str, degradation: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
    frame, quad = imaging.degraded_scene(kind, degradation, seed, label=_label(kind))
    frame.setflags(write=False)
    return frame, quad


def _inside_label(code: DecodedCode, quad: np.ndarray, slack: float = 6.0) -> bool:
    """Every corner zbar reported, mapped back to the frame, lies on the label (coordinate mapping is right)."""
    contour = quad.reshape(-1, 1, 2)
    return all(cv2.pointPolygonTest(contour, (float(x), float(y)), True) >= -slack for x, y in code.polygon)


# ------------------------------------------------------------------------------------------------ basics


@pytest.mark.parametrize("kind", KINDS)
def test_each_symbology_is_read_from_a_plain_frame(kind: str) -> None:
    frame, quad = _scene(kind, "plain", 0)
    codes = decode_frame(frame)
    assert [(c.symbology, c.code) for c in codes] == [(kind, imaging.SAMPLE_CODES[kind][1])]
    code = codes[0]
    assert code.method == "plain"
    x, y, w, h = code.rect
    assert 0 <= x < 640 and 0 <= y < 480 and w > 0 and h > 0
    assert _inside_label(code, quad)


def test_upca_is_reported_with_12_digits_and_as_ean13_when_only_ean13_is_wanted() -> None:
    frame, _ = _scene("UPCA", "plain", 0)
    assert [(c.symbology, c.code) for c in decode_frame(frame)] == [("UPCA", "036000291452")]
    only_ean = decode_frame(frame, symbologies={"EAN13"})
    assert [(c.symbology, c.code) for c in only_ean] == [("EAN13", "0036000291452")]


def test_symbology_filter_and_validation() -> None:
    frame, _ = _scene("EAN13", "plain", 0)
    assert decode_frame(frame, symbologies={"QRCODE"}, budget_ms=math.inf) == []
    assert [c.code for c in decode_frame(frame, symbologies={"EAN13", "QRCODE"})] == ["8935049501237"]
    with pytest.raises(ValueError, match="unsupported"):
        decode_frame(frame, symbologies={"PDF417"})


def test_gray_bgra_and_bad_frames() -> None:
    frame, _ = _scene("QRCODE", "plain", 0)
    want = imaging.OCOP_TRACE_URL
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    assert [c.code for c in decode_frame(gray)] == [want]
    assert [c.code for c in decode_frame(gray[:, :, None])] == [want]
    assert [c.code for c in decode_frame(cv2.cvtColor(frame, cv2.COLOR_BGR2BGRA))] == [want]
    with pytest.raises(ValueError):
        decode_frame(np.zeros((0, 0), np.uint8))
    with pytest.raises(ValueError):
        decode_frame(frame.astype(np.float32))
    with pytest.raises(ValueError):
        decode_frame(np.zeros((4, 4, 2), np.uint8))


def test_empty_counter_yields_nothing_even_with_every_fallback() -> None:
    for seed in range(3):
        assert decode_frame(imaging.empty_frame(seed), budget_ms=math.inf) == []


def test_two_labels_in_one_frame_and_duplicates_collapsed() -> None:
    rng = np.random.default_rng(3)
    bg = imaging.counter_background((1280, 720), rng)
    ean, qr = _label("EAN13"), _label("QRCODE")
    scene = imaging.place_label(bg, ean, 4, imaging.Placement(330, 360, 2.4))
    scene = imaging.place_label(scene, qr, 4, imaging.Placement(950, 360, 3.0))
    frame = imaging.camera_response(scene, rng)
    found = {(c.symbology, c.code) for c in decode_frame(frame, budget_ms=math.inf)}
    assert found == {("EAN13", "8935049501237"), ("QRCODE", imaging.OCOP_TRACE_URL)}

    # the same jar twice in view: one code, reported once
    twin = imaging.place_label(bg, ean, 4, imaging.Placement(330, 360, 2.4))
    twin = imaging.camera_response(imaging.place_label(twin, ean, 4, imaging.Placement(950, 360, 2.4)), rng)
    codes = decode_frame(twin)
    assert [(c.symbology, c.code) for c in codes] == [("EAN13", "8935049501237")]


def test_budget_zero_runs_only_the_plain_pass() -> None:
    # a label lying at 45°: plain zbar misses these, the rotated-region fallback reads them
    for kind in ("EAN13", "CODE128", "UPCA"):
        for seed in range(6):
            frame, quad = _scene(kind, "rot45", seed)
            if imaging.SAMPLE_CODES[kind][1] in imaging.plain_pyzbar_codes(frame):
                continue
            assert decode_frame(frame, budget_ms=0) == []
            codes = decode_frame(frame, budget_ms=math.inf)
            assert [c.code for c in codes] == [imaging.SAMPLE_CODES[kind][1]]
            assert codes[0].method.startswith("region")
            assert _inside_label(codes[0], quad)
            return
    pytest.fail("no 45° frame that plain zbar misses — the test scenes lost their point")


# ------------------------------------------------------------------------------- degradations vs pyzbar


@pytest.mark.parametrize("degradation", imaging.DEGRADATIONS)
def test_never_worse_than_plain_pyzbar_and_never_wrong(degradation: str) -> None:
    """With the default (camera) budget: whatever pyzbar alone reads, we read; whatever we read is right and
    positioned on the label."""
    for kind in KINDS:
        want = imaging.SAMPLE_CODES[kind][1]
        for seed in SEEDS:
            frame, quad = _scene(kind, degradation, seed)
            plain_ok = want in imaging.plain_pyzbar_codes(frame)
            codes = decode_frame(frame)
            assert all(c.code == want and c.symbology == kind for c in codes), (kind, seed, codes)
            assert all(_inside_label(c, quad) for c in codes), (kind, seed, codes)
            if plain_ok:
                assert codes, (kind, seed)


# The fallbacks must earn their keep where plain zbar is known to struggle. Budget unbounded here so the
# assertion does not depend on how loaded the test machine is.
@pytest.mark.parametrize("degradation", ["skew", "rot30", "rot45", "small", "blur"])
def test_fallbacks_read_more_than_plain_pyzbar(degradation: str) -> None:
    plain_hits = ours_hits = fallback_only = 0
    for kind in KINDS:
        want = imaging.SAMPLE_CODES[kind][1]
        for seed in SEEDS:
            frame, quad = _scene(kind, degradation, seed)
            plain_ok = want in imaging.plain_pyzbar_codes(frame)
            codes = decode_frame(frame, budget_ms=math.inf)
            assert all(c.code == want and c.symbology == kind for c in codes), (kind, seed, codes)
            assert all(_inside_label(c, quad) for c in codes), (kind, seed, codes)
            ours_ok = bool(codes)
            plain_hits += plain_ok
            ours_hits += ours_ok
            if ours_ok and not plain_ok:
                fallback_only += 1
                assert codes[0].method != "plain"
            assert ours_ok or not plain_ok
    assert ours_hits > plain_hits, (degradation, plain_hits, ours_hits)
    assert fallback_only == ours_hits - plain_hits


# ------------------------------------------------------------------------------------------ scan-image


def _run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default=None)
    camera_commands.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_scan_image_prints_symbology_tab_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = []
    for kind in ("EAN13", "UPCA", "QRCODE"):
        path = tmp_path / f"nhãn-{kind}.png"  # Vietnamese file names must work
        ok, enc = cv2.imencode(".png", _scene(kind, "rot30", 0)[0])
        assert ok
        path.write_bytes(enc.tobytes())
        paths.append(str(path))
    assert _run_cli(["scan-image", *paths]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["EAN13\t8935049501237", "UPCA\t036000291452", f"QRCODE\t{imaging.OCOP_TRACE_URL}"]


def test_scan_image_fails_on_unreadable_or_codeless_images(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "ean.jpg"
    cv2.imwrite(str(good), _scene("EAN8", "plain", 0)[0])
    empty = tmp_path / "empty.png"
    cv2.imwrite(str(empty), imaging.empty_frame(1))
    junk = tmp_path / "notes.png"
    junk.write_text("không phải ảnh")
    missing = tmp_path / "missing.png"

    assert _run_cli(["scan-image", str(good)]) == 0
    assert _run_cli(["--lang", "en", "scan-image", str(good), str(empty), str(junk), str(missing)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["EAN8\t89350492", "EAN8\t89350492"]
    assert f"{empty}: no barcode or QR code found" in captured.err
    assert f"cannot read image {junk}" in captured.err
    assert f"cannot read image {missing}" in captured.err

    assert _run_cli(["scan-image", str(empty)]) == 1
    assert "không tìm thấy mã vạch" in capsys.readouterr().err


def test_scan_image_symbology_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "qr.png"
    cv2.imwrite(str(path), _scene("QRCODE", "plain", 0)[0])
    assert _run_cli(["scan-image", "--symbology", "EAN13", str(path)]) == 1
    assert _run_cli(["scan-image", "--symbology", "QRCODE", "--symbology", "EAN13", str(path)]) == 0
    assert capsys.readouterr().out.strip() == f"QRCODE\t{imaging.OCOP_TRACE_URL}"


def test_default_symbologies_are_the_retail_set() -> None:
    assert frozenset({"EAN13", "EAN8", "UPCA", "UPCE", "CODE128", "QRCODE"}) == DEFAULT_SYMBOLOGIES
