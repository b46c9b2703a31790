"""Render real barcodes onto camera-like scenes, degrade them, and measure the frame decoder.

Tests of the camera path need pictures that look like what a cheap USB webcam sees at a till: a printed label lying
on a counter, a little rotated, tilted, out of focus, under poor light, with sensor noise and JPEG artefacts. These
helpers draw such frames from real symbols (python-barcode encodes the 1D codes, qrcode the QR, zxing-cpp's
encoder the GS1 DataMatrix; UPC-E, which python-barcode lacks, is encoded here from the GS1 tables) so the decoder
is tested on pixels, not on mocks.

``camera_decode_report()`` runs the decoder and plain pyzbar over the same degraded frames and renders a Markdown
table; ``python -m tests.imaging --write-doc docs/camera.md`` refreshes the figures in the camera doc.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import barcode
import cv2
import numpy as np
import qrcode
import qrcode.constants
import zxingcpp
from PIL import Image, ImageDraw, ImageFont
from pyzbar import pyzbar

from pos.devices.frame_decoder import DEFAULT_SYMBOLOGIES, decode_frame

OCOP_TRACE_URL = "https://truyxuat.quangninh.gov.vn/ocop/QN-OCOP-2023-0142"
#: A traceability label's GS1 DataMatrix: GTIN, expiry (17), batch (10) — as the decoder reports it.
GS1_DATAMATRIX = "(01)08935049501237(17)271231(10)QN2311"

# kind (the symbology decode_frame must report) -> (payload given to the encoder, code decode_frame must return)
SAMPLE_CODES: dict[str, tuple[str, str]] = {
    "EAN13": ("8935049501237", "8935049501237"),
    "EAN8": ("8935049", "89350492"),
    "UPCA": ("03600029145", "036000291452"),
    "UPCE": ("0425261", "04252614"),
    "CODE128": ("QN-OCOP-0142", "QN-OCOP-0142"),
    "QRCODE": (OCOP_TRACE_URL, OCOP_TRACE_URL),
    "DATAMATRIX": (GS1_DATAMATRIX, GS1_DATAMATRIX),
}

DEGRADATIONS = (
    "plain",
    "blur",
    "skew",
    "rot15",
    "rot30",
    "rot45",
    "rot90",
    "low_contrast",
    "noise",
    "small",
    "webcam",
    "glare",
    "low_light",
)

_FONT_PATH = Path(barcode.__file__).parent / "fonts" / "DejaVuSansMono.ttf"


# --------------------------------------------------------------------------------------------- symbols


_UPC_L = (
    "0001101",
    "0011001",
    "0010011",
    "0111101",
    "0100011",
    "0110001",
    "0101111",
    "0111011",
    "0110111",
    "0001011",
)
# UPC-E parity for number system 0, indexed by the check digit ("O" = odd/L set, "E" = even/G set).
_UPCE_PARITY = (
    "EEEOOO",
    "EEOEOO",
    "EEOOEO",
    "EEOOOE",
    "EOEEOO",
    "EOOEEO",
    "EOOOEE",
    "EOEOEO",
    "EOEOOE",
    "EOOEOE",
)


def _upc_check_digit(digits11: str) -> int:
    odd = sum(int(d) for d in digits11[0::2])
    even = sum(int(d) for d in digits11[1::2])
    return (10 - (odd * 3 + even) % 10) % 10


def upce_expand(upce7: str) -> str:
    """The UPC-A (11 digits, no check) a zero-suppressed UPC-E body (number system + 6 digits) stands for."""
    ns, d = upce7[0], upce7[1:]
    last = d[5]
    if last in "012":
        return ns + d[0:2] + last + "0000" + d[2:5]
    if last == "3":
        return ns + d[0:3] + "00000" + d[3:5]
    if last == "4":
        return ns + d[0:4] + "00000" + d[4]
    return ns + d[0:5] + "0000" + last


def upce_modules(upce7: str) -> tuple[str, int]:
    """Module string ('1' bar, '0' space) of a UPC-E symbol, and its check digit."""
    if len(upce7) != 7 or not upce7.isdigit() or upce7[0] not in "01":
        raise ValueError(f"UPC-E body must be 7 digits starting with 0 or 1: {upce7!r}")
    check = _upc_check_digit(upce_expand(upce7))
    parity = _UPCE_PARITY[check]
    if upce7[0] == "1":
        parity = "".join("O" if p == "E" else "E" for p in parity)
    body = ""
    for digit, p in zip(upce7[1:], parity, strict=True):
        left = _UPC_L[int(digit)]
        if p == "O":
            body += left
        else:  # G set: the R pattern (complement of L) read backwards
            body += "".join("1" if c == "0" else "0" for c in left)[::-1]
    return "101" + body + "010101", check


def _modules_1d(kind: str, payload: str) -> tuple[str, str]:
    """(modules, guard mask) — the mask marks bars drawn longer (EAN/UPC guard bars)."""
    if kind == "UPCE":
        mods, _ = upce_modules(payload)
        guard = "111" + "0" * 42 + "111111"
        return mods, guard
    name = {"EAN13": "ean13-guard", "EAN8": "ean8-guard", "UPCA": "upca", "CODE128": "code128"}[kind]
    built = barcode.get(name, payload).build()[0]
    built = built.split(" ")[0].rstrip(">")
    mods = "".join("1" if c in "1G" else "0" for c in built)
    guard = "".join("1" if c == "G" else "0" for c in built)
    if kind == "UPCA":  # guard bars of UPC-A: start, centre and end patterns plus first/last digit bars
        guard = "1" * 10 + "0" * 35 + "11111" + "0" * 35 + "1" * 10
    return mods, guard


def render_symbol(kind: str, payload: str, module_px: int = 4) -> np.ndarray:
    """A crisp grayscale symbol (black on white) with its quiet zone and, for 1D codes, human-readable digits."""
    if kind == "DATAMATRIX":  # a GS1 DataMatrix (FNC1 first), square, quiet zone of two modules
        symbol = zxingcpp.create_barcode(payload, zxingcpp.BarcodeFormat.DataMatrix, gs1=True)
        img = np.asarray(symbol.to_image(scale=1, add_quiet_zones=False), dtype=np.uint8)
        img = np.pad(img, 2, constant_values=255)
        return np.asarray(np.kron(img, np.ones((module_px, module_px), dtype=np.uint8)), dtype=np.uint8)
    if kind == "QRCODE":
        qr = qrcode.QRCode(border=4, error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1)
        qr.add_data(payload)
        qr.make(fit=True)
        matrix = np.array(qr.get_matrix(), dtype=bool)
        img = np.where(matrix, 0, 255).astype(np.uint8)
        return np.kron(img, np.ones((module_px, module_px), dtype=np.uint8))
    mods, guard = _modules_1d(kind, payload)
    quiet = 11
    bar_h = int(module_px * (60 if kind != "CODE128" else 40))
    guard_extra = module_px * 5
    text_h = module_px * 9
    width = (len(mods) + 2 * quiet) * module_px
    img = np.full((bar_h + guard_extra + text_h, width), 255, np.uint8)
    for i, (m, g) in enumerate(zip(mods, guard, strict=True)):
        if m == "1":
            x0 = (quiet + i) * module_px
            img[: bar_h + (guard_extra if g == "1" else 0), x0 : x0 + module_px] = 0
    pil = Image.fromarray(img)
    draw = ImageDraw.Draw(pil)
    font = ImageFont.truetype(str(_FONT_PATH), size=module_px * 8)
    text = SAMPLE_CODES[kind][1] if payload == SAMPLE_CODES[kind][0] else payload
    tw = draw.textlength(text, font=font)
    draw.text(((width - tw) / 2, bar_h + module_px), text, fill=0, font=font)
    return np.array(pil)


def render_label(
    kind: str, payload: str | None = None, module_px: int = 4, title: str | None = None
) -> np.ndarray:
    """A product label (BGR): off-white paper with a product name, the OCOP stars and the symbol."""
    payload = SAMPLE_CODES[kind][0] if payload is None else payload
    symbol = render_symbol(kind, payload, module_px)
    sh, sw = symbol.shape
    pad = module_px * 6
    head = module_px * 22
    h, w = sh + head + 2 * pad, max(sw + 2 * pad, module_px * 120)
    label = Image.new("RGB", (w, h), (246, 244, 236))
    draw = ImageDraw.Draw(label)
    font = ImageFont.truetype(str(_FONT_PATH), size=module_px * 7)
    small = ImageFont.truetype(str(_FONT_PATH), size=module_px * 5)
    draw.text((pad, pad), title or "Mật ong rừng Ba Chẽ 500g", fill=(30, 60, 20), font=font)
    draw.text((pad, pad + module_px * 9), "OCOP ★★★★ — Quảng Ninh", fill=(160, 30, 30), font=small)
    draw.rectangle((1, 1, w - 2, h - 2), outline=(120, 120, 120), width=max(1, module_px // 2))
    arr = np.array(label)[:, :, ::-1].copy()
    x0 = (w - sw) // 2
    arr[head + pad : head + pad + sh, x0 : x0 + sw] = symbol[:, :, None]
    return arr


# --------------------------------------------------------------------------------------------- scenes


def counter_background(size: tuple[int, int], rng: np.random.Generator) -> np.ndarray:
    """A wooden shop counter: low-frequency grain plus fine texture, in warm brown (BGR). One of a few
    pre-drawn boards is picked by ``rng`` (drawing one takes longer than decoding a frame)."""
    return _board(size, int(rng.integers(0, 6))).copy()


@functools.lru_cache(maxsize=24)
def _board(size: tuple[int, int], variant: int) -> np.ndarray:
    rng = np.random.default_rng([variant, 4242])
    w, h = size
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    wobble = cv2.resize(rng.normal(0, 1, (max(2, h // 40), max(2, w // 40))).astype(np.float32), (w, h))
    phase = rng.uniform(0, 2 * np.pi)
    grain = np.sin(y / rng.uniform(5, 9) + wobble * 1.2 + phase) * 0.5 + 0.5
    fine = cv2.GaussianBlur(rng.normal(0, 1, (h, w)).astype(np.float32), (0, 0), 1.2)
    tone = 0.55 + 0.25 * grain + 0.06 * fine + 0.04 * np.sin(x / 97.0)
    base = np.array([60, 105, 150], np.float32)  # BGR warm brown
    bg = tone[:, :, None] * base[None, None, :] * 1.3
    return np.clip(bg, 0, 255).astype(np.uint8)


@functools.lru_cache(maxsize=8)
def _vignette(h: int, w: int) -> np.ndarray:
    y, x = np.mgrid[0:h, 0:w].astype(np.float32)
    r2 = ((x - w / 2) / w) ** 2 + ((y - h / 2) / h) ** 2
    return np.repeat((1.0 - 0.5 * r2)[:, :, None], 3, axis=2)


@dataclass(frozen=True)
class Placement:
    """Where the label sits in the frame: centre (px), size of one module in the frame (px), rotation and tilt."""

    cx: float
    cy: float
    module_px: float
    angle_deg: float = 0.0
    tilt: float = 0.0  # 0 = facing the camera; 0.35 = top edge 35 % narrower (label leaning away)


def label_quad(label_shape: tuple[int, ...], label_module_px: int, where: Placement) -> np.ndarray:
    """The label's corners (tl, tr, br, bl) in the frame, float32 4×2 — where a decoded code must lie."""
    lh, lw = label_shape[:2]
    s = where.module_px / label_module_px
    hw, hh = lw * s / 2, lh * s / 2
    t = where.tilt
    # corners around the centre, with the top edge shortened for tilt
    pts = np.array(
        [[-hw * (1 - t), -hh * (1 - t / 3)], [hw * (1 - t), -hh * (1 - t / 3)], [hw, hh], [-hw, hh]]
    )
    a = math.radians(where.angle_deg)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    return np.asarray(pts @ rot.T + [where.cx, where.cy], dtype=np.float32)


def place_label(scene: np.ndarray, label: np.ndarray, label_module_px: int, where: Placement) -> np.ndarray:
    """Composite ``label`` onto ``scene`` with a perspective warp and a soft shadow; returns a new frame."""
    lh, lw = label.shape[:2]
    s = where.module_px / label_module_px
    dst = label_quad(label.shape, label_module_px, where)
    src = np.array([[0, 0], [lw, 0], [lw, lh], [0, lh]], np.float32)
    m = cv2.getPerspectiveTransform(src, dst)
    h, w = scene.shape[:2]
    warped = cv2.warpPerspective(label, m, (w, h), flags=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((lh, lw), 255, np.uint8), m, (w, h), flags=cv2.INTER_LINEAR)
    # soft shadow down-right of the label, blurred at quarter resolution (cheap)
    small = cv2.resize(np.roll(mask, (6, 6), axis=(0, 1)), (w // 4, h // 4), interpolation=cv2.INTER_AREA)
    shadow = cv2.resize(cv2.GaussianBlur(small, (0, 0), 1.5), (w, h)).astype(np.float32) / 255
    light = cv2.cvtColor(1.0 - 0.45 * shadow, cv2.COLOR_GRAY2BGR)
    darkened = cv2.multiply(scene, light, dtype=cv2.CV_8U)
    alpha = mask.astype(np.float32) / 255
    return cv2.blendLinear(warped, darkened, alpha, 1.0 - alpha)


def camera_response(
    frame: np.ndarray,
    rng: np.random.Generator,
    *,
    blur_sigma: float = 0.6,
    noise_sigma: float = 2.0,
    contrast: float = 1.0,
    brightness: float = 0.0,
    jpeg_quality: int = 90,
) -> np.ndarray:
    """What the sensor and the webcam's MJPEG encoder do to the light: lens blur, vignetting, gain, noise, JPEG."""
    img = cv2.GaussianBlur(frame, (0, 0), blur_sigma) if blur_sigma > 0 else frame
    h, w = img.shape[:2]
    img = cv2.multiply(img, _vignette(h, w), dtype=cv2.CV_32F)
    img = cv2.addWeighted(img, contrast, img, 0.0, 128.0 * (1 - contrast) + brightness)
    noise = np.empty(img.shape, np.float32)
    cv2.setRNGSeed(int(rng.integers(0, 2**31 - 1)))
    cv2.randn(noise, 0.0, noise_sigma)  # type: ignore[call-overload]
    img8 = np.clip(cv2.add(img, noise), 0, 255).astype(np.uint8)
    ok, enc = cv2.imencode(".jpg", img8, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
    decoded = cv2.imdecode(enc, cv2.IMREAD_COLOR) if ok else None
    assert decoded is not None
    return np.asarray(decoded, dtype=np.uint8)


# a sensible in-frame module size per kind at "plain" distance (1D symbols are printed small on jars)
_PLAIN_MODULE_PX = {"QRCODE": 3.0, "DATAMATRIX": 3.0}
_DEFAULT_MODULE_PX = 2.2


def degraded_frame(
    kind: str,
    degradation: str,
    seed: int,
    size: tuple[int, int] = (640, 480),
    label: np.ndarray | None = None,
) -> np.ndarray:
    """One BGR camera frame of ``kind``'s sample label under ``degradation`` (see DEGRADATIONS), seeded."""
    return degraded_scene(kind, degradation, seed, size, label)[0]


def degraded_scene(
    kind: str,
    degradation: str,
    seed: int,
    size: tuple[int, int] = (640, 480),
    label: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Like ``degraded_frame``, also returning the label's corners in the frame (see ``label_quad``)."""
    if degradation not in DEGRADATIONS:
        raise ValueError(f"unknown degradation {degradation!r}")
    rng = np.random.default_rng([seed, DEGRADATIONS.index(degradation), list(SAMPLE_CODES).index(kind)])
    label_mpx = 4
    label = render_label(kind, module_px=label_mpx) if label is None else label
    w, h = size
    mpx = _PLAIN_MODULE_PX.get(kind, _DEFAULT_MODULE_PX) * (w / 640) * rng.uniform(0.9, 1.15)
    where = Placement(
        cx=w / 2 + rng.uniform(-0.1, 0.1) * w,
        cy=h / 2 + rng.uniform(-0.08, 0.08) * h,
        module_px=mpx,
        angle_deg=rng.uniform(-3, 3),
    )
    cam: dict[str, float] = {}
    if degradation == "blur":
        cam["blur_sigma"] = rng.uniform(1.5, 2.1) * (w / 640)
    elif degradation == "skew":
        where = Placement(
            where.cx, where.cy, mpx, rng.uniform(-8, 8) + rng.choice([-20, 20]), rng.uniform(0.3, 0.4)
        )
    elif degradation.startswith("rot"):
        angle = float(degradation[3:]) * rng.choice([-1, 1]) + rng.uniform(-2, 2)
        where = Placement(where.cx, where.cy, mpx, angle)
    elif degradation == "low_contrast":
        cam.update(contrast=rng.uniform(0.07, 0.1), brightness=rng.uniform(-50, -30), noise_sigma=2.5)
    elif degradation == "noise":
        cam["noise_sigma"] = rng.uniform(28, 36)
    elif degradation == "small":
        where = Placement(where.cx, where.cy, mpx * rng.uniform(0.42, 0.5), where.angle_deg)
    elif degradation == "glare":  # a shop light reflected on a glossy label: a bright blown-out patch
        cam["glare"] = rng.uniform(0.8, 0.92)
    elif (
        degradation == "low_light"
    ):  # the till in a dim corner: little light, the sensor's gain and its noise
        cam.update(contrast=rng.uniform(0.22, 0.3), brightness=rng.uniform(-75, -60), noise_sigma=7.0)
    elif degradation == "webcam":
        where = Placement(where.cx, where.cy, mpx * 0.8, rng.uniform(-12, 12), rng.uniform(0.1, 0.2))
        cam.update(blur_sigma=1.1 * (w / 640), noise_sigma=8.0, jpeg_quality=60, contrast=0.6)
    scene = place_label(counter_background(size, rng), label, label_mpx, where)
    glare = cam.pop("glare", 0.0)
    if glare:
        scene = _glare(scene, label_quad(label.shape, label_mpx, where), glare, rng)
    frame = camera_response(scene, rng, **cam)  # type: ignore[arg-type]
    return frame, label_quad(label.shape, label_mpx, where)


def _glare(scene: np.ndarray, quad: np.ndarray, strength: float, rng: np.random.Generator) -> np.ndarray:
    """A specular highlight over part of the label (an elliptical patch washed towards white, soft edges), off
    the symbol's centre so that part of it stays readable, as a tilt of the jar leaves it."""
    h, w = scene.shape[:2]
    centre = quad.mean(axis=0)
    span = float(np.linalg.norm(quad[1] - quad[0]))
    tall = float(np.linalg.norm(quad[3] - quad[0]))
    offset = rng.uniform(0.08, 0.16) * span * rng.choice([-1, 1])
    cx, cy = float(centre[0] + offset), float(centre[1] + rng.uniform(0.1, 0.2) * tall)
    mask = np.zeros((h, w), np.float32)
    axes = (max(2, int(span * 0.1)), max(2, int(tall * 0.3)))
    cv2.ellipse(mask, (int(cx), int(cy)), axes, float(rng.uniform(0, 180)), 0, 360, 1.0, -1)
    mask = cv2.GaussianBlur(mask, (0, 0), max(1.0, span * 0.05)) * strength
    out = scene.astype(np.float32) * (1 - mask[:, :, None]) + 255.0 * mask[:, :, None]
    return np.clip(out, 0, 255).astype(np.uint8)


def empty_frame(seed: int, size: tuple[int, int] = (640, 480)) -> np.ndarray:
    """The counter with nothing on it (for false-positive checks and video gaps)."""
    rng = np.random.default_rng([seed, 999])
    return camera_response(counter_background(size, rng), rng)


# --------------------------------------------------------------------------------------------- videos


def write_video(path: Path, frames: Iterator[np.ndarray], fps: float, size: tuple[int, int]) -> int:
    """Write BGR frames as an MJPG .avi (what cheap webcams send); returns the frame count."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, size)
    if not writer.isOpened():
        raise RuntimeError(f"cannot write video {path}")
    n = 0
    try:
        for frame in frames:
            writer.write(frame)
            n += 1
    finally:
        writer.release()
    return n


def label_passes_twice_frames(
    kind: str = "EAN13", fps: float = 15.0, size: tuple[int, int] = (640, 480), seed: int = 7
) -> Iterator[np.ndarray]:
    """~5 s of a label sliding in, resting ~1 s, sliding out, an empty counter, then the same again.

    The frames while the label moves are motion-blurred along the motion, as a real hand-held pass is.
    """
    rng = np.random.default_rng(seed)
    w, h = size
    label = render_label(kind, module_px=4)
    bg = counter_background(size, rng)
    mpx = _PLAIN_MODULE_PX.get(kind, _DEFAULT_MODULE_PX) * (w / 640)
    lw = label.shape[1] * mpx / 4
    off_left, centre, off_right = -lw, w / 2, w + lw
    # (seconds, start x, end x); None = empty counter
    script: list[tuple[float, float | None, float | None]] = [
        (0.3, None, None),
        (0.3, off_left, centre),
        (1.0, centre, centre),
        (0.3, centre, off_right),
        (1.2, None, None),  # > the deduper's 2 s cooldown between the two scans, as a cashier's pace is
        (0.3, off_left, centre),
        (1.0, centre, centre),
        (0.3, centre, off_right),
        (0.2, None, None),
    ]
    empties = [camera_response(bg, rng) for _ in range(4)]  # the empty counter, a few noise draws
    for seconds, x0, x1 in script:
        n = round(seconds * fps)
        for i in range(n):
            if x0 is None or x1 is None:
                yield empties[i % len(empties)]
                continue
            x = x0 + (x1 - x0) * (i + 0.5) / n
            speed = abs(x1 - x0) / n  # px per frame
            frame = place_label(bg, label, 4, Placement(x, h / 2, mpx, rng.uniform(-2, 2)))
            if speed > 1:  # motion blur along the motion, over half the frame time
                frame = cv2.blur(frame, (max(3, int(speed * 0.5) | 1), 1))
            yield camera_response(frame, rng)


_INDEX_BITS = 12
_INDEX_CELL = 24


def indexed_frame(index: int, size: tuple[int, int] = (320, 240)) -> np.ndarray:
    """A frame carrying its own index as big black/white cells (survives MJPEG), so a test can tell which it got."""
    w, h = size
    frame = np.full((h, w, 3), 128, np.uint8)
    for bit in range(_INDEX_BITS):
        on = (index >> bit) & 1
        x0 = 8 + (bit % 6) * (_INDEX_CELL + 8)
        y0 = 8 + (bit // 6) * (_INDEX_CELL + 8)
        frame[y0 : y0 + _INDEX_CELL, x0 : x0 + _INDEX_CELL] = 255 if on else 0
    return frame


def read_frame_index(frame: np.ndarray) -> int:
    """The index ``indexed_frame`` drew into ``frame``."""
    gray = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    index = 0
    for bit in range(_INDEX_BITS):
        x0 = 8 + (bit % 6) * (_INDEX_CELL + 8)
        y0 = 8 + (bit // 6) * (_INDEX_CELL + 8)
        cell = gray[y0 + 6 : y0 + _INDEX_CELL - 6, x0 + 6 : x0 + _INDEX_CELL - 6]
        if float(cell.mean()) > 128:
            index |= 1 << bit
    return index


# --------------------------------------------------------------------------------------------- report


_BASELINE_SYMBOLS = [pyzbar.ZBarSymbol[n] for n in ("EAN13", "EAN8", "UPCA", "UPCE", "CODE128", "QRCODE")]


def plain_pyzbar_codes(frame: np.ndarray) -> set[str]:
    """The baseline: what pyzbar alone reads on the grayscale frame, told to look for the same symbologies."""
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
    return {sym.data.decode("utf-8", "replace") for sym in pyzbar.decode(gray, symbols=_BASELINE_SYMBOLS)}


@dataclass
class ReportRow:
    """Decode counts for one degradation, summed over kinds; ``ours_ok``/``ours_ms`` per budget."""

    degradation: str
    frames: int = 0
    plain_ok: int = 0
    plain_ms: float = 0.0
    ours_ok: dict[float, int] = field(default_factory=dict)
    ours_ms: dict[float, float] = field(default_factory=dict)
    wrong: int = 0

    def add(self, other: ReportRow) -> None:
        self.frames += other.frames
        self.plain_ok += other.plain_ok
        self.plain_ms += other.plain_ms
        self.wrong += other.wrong
        for b, n in other.ours_ok.items():
            self.ours_ok[b] = self.ours_ok.get(b, 0) + n
            self.ours_ms[b] = self.ours_ms.get(b, 0.0) + other.ours_ms[b]


def measure(
    frames_per_case: int = 4,
    size: tuple[int, int] = (640, 480),
    budgets_ms: tuple[float, ...] = (25.0, 50.0, math.inf),
    kinds: tuple[str, ...] = tuple(SAMPLE_CODES),
    degradations: tuple[str, ...] = DEGRADATIONS,
) -> list[ReportRow]:
    """Decode every (kind, degradation, seed) frame with plain pyzbar and with decode_frame at each budget;
    count successes (the right code found), wrong codes reported, and wall time spent (ms, summed)."""
    rows = []
    for deg in degradations:
        row = ReportRow(deg)
        for kind in kinds:
            label = render_label(kind)
            want = SAMPLE_CODES[kind][1]
            for seed in range(frames_per_case):
                frame = degraded_frame(kind, deg, seed, size, label=label)
                row.frames += 1
                t0 = time.perf_counter()
                row.plain_ok += want in plain_pyzbar_codes(frame)
                row.plain_ms += (time.perf_counter() - t0) * 1000
                for budget in budgets_ms:
                    t0 = time.perf_counter()
                    ours = decode_frame(frame, budget_ms=budget, symbologies=DEFAULT_SYMBOLOGIES)
                    row.ours_ms[budget] = row.ours_ms.get(budget, 0.0) + (time.perf_counter() - t0) * 1000
                    row.ours_ok[budget] = row.ours_ok.get(budget, 0) + any(c.code == want for c in ours)
                    row.wrong += sum(c.code != want for c in ours)
        rows.append(row)
    return rows


def camera_decode_report(
    frames_per_case: int = 6,
    size: tuple[int, int] = (640, 480),
    budgets_ms: tuple[float, ...] = (25.0, 50.0, math.inf),
) -> str:
    """A Markdown table of decode rates per degradation: plain pyzbar vs decode_frame at each budget."""
    load_before = os.getloadavg()[0]
    rows = measure(frames_per_case, size, budgets_ms)
    load_after = os.getloadavg()[0]

    def name(b: float) -> str:
        return "no budget" if math.isinf(b) else f"{b:g} ms"

    head = " | ".join(f"ours, {name(b)}" for b in budgets_ms)
    ms_head = " | ".join(f"ms, {name(b)}" for b in budgets_ms)
    lines = [
        f"| degradation | frames | plain pyzbar | {head} | ms, pyzbar | {ms_head} | wrong |",
        "|---|---:|---:|" + "---:|" * len(budgets_ms) + "---:|" + "---:|" * len(budgets_ms) + "---:|",
    ]

    def pct(n: int, d: int) -> str:
        return f"{n}/{d} ({100 * n / d:.0f} %)"

    total = ReportRow("**all**")
    for r in [*rows, total]:
        if r is not total:
            total.add(r)
        oks = " | ".join(pct(r.ours_ok[b], r.frames) for b in budgets_ms)
        mss = " | ".join(f"{r.ours_ms[b] / r.frames:.1f}" for b in budgets_ms)
        lines.append(
            f"| {r.degradation} | {r.frames} | {pct(r.plain_ok, r.frames)} | {oks} "
            f"| {r.plain_ms / r.frames:.1f} | {mss} | {r.wrong} |"
        )
    kinds = ", ".join(SAMPLE_CODES)
    lines += [
        "",
        f"{size[0]}×{size[1]} frames; each row is {frames_per_case} seeded frames × {len(SAMPLE_CODES)} "
        f'symbols ({kinds}). "ms" columns are mean wall time per frame. Measured '
        f"{time.strftime('%Y-%m-%d')} with `python -m tests.imaging --write-doc docs/camera.md` on the "
        f"2-core development machine, load average {load_before:.1f} → {load_after:.1f} (other jobs running: "
        "timings and the budgeted columns vary with load; the no-budget column does not).",
    ]
    return "\n".join(lines) + "\n"


REPORT_START = "<!-- camera-decode-report:start -->"
REPORT_END = "<!-- camera-decode-report:end -->"


def write_report_into(doc: Path, table: str) -> None:
    """Replace the text between the report markers in ``doc`` with ``table``."""
    text = doc.read_text(encoding="utf-8")
    head, sep, rest = text.partition(REPORT_START)
    _, sep2, tail = rest.partition(REPORT_END)
    if not sep or not sep2:
        raise SystemExit(f"{doc}: report markers not found")
    doc.write_text(f"{head}{REPORT_START}\n{table}{REPORT_END}{tail}", encoding="utf-8")


def _main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--write-doc", type=Path, help="update the report table inside this Markdown file")
    ap.add_argument("--frames", type=int, default=6, help="seeds per (kind, degradation)")
    ap.add_argument("--width", type=int, default=640)
    ap.add_argument("--height", type=int, default=480)
    ap.add_argument("--save", type=Path, help="also save one PNG per (kind, degradation) into this folder")
    args = ap.parse_args()
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
        for kind in SAMPLE_CODES:
            for deg in DEGRADATIONS:
                cv2.imwrite(
                    str(args.save / f"{kind}-{deg}.png"),
                    degraded_frame(kind, deg, 0, (args.width, args.height)),
                )
    table = camera_decode_report(args.frames, (args.width, args.height))
    print(table)
    if args.write_doc:
        write_report_into(args.write_doc, table)


if __name__ == "__main__":
    _main()
