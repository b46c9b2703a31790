"""Decode product barcodes and QR traceability labels from one camera frame.

Pure: a frame (numpy array, BGR/BGRA or grayscale) in, codes out — no camera, no threads, no Qt — so the
camera worker, the ``scan-image`` command and the tests all run exactly the same code.

Strategy: zxing-cpp on the plain grayscale frame first (restricted to the wanted symbologies): it reads
every symbology we want — Data Matrix too, which zbar cannot read at all (GS1 DataMatrix carries the traceability
data of a label: GTIN, batch, expiry) — in about half zbar's time, and it is what succeeds on most frames of a
steady, lit label. When it finds nothing, zbar (via pyzbar) reads the plain frame once, then we spend a
per-frame time budget on zbar's fallbacks, cheapest-per-success first (they beat either decoder alone on hard
photos; a Data Matrix in a fallback's image is read by zxing-cpp, zbar having no reader for it):

1. *Candidate regions*: places with dense strong gradients (bars, QR modules) found on a reduced copy with
   morphology. Each is cut out, turned so its bars stand upright (the dominant gradient direction gives the
   skew, so a label lying at 30–45° becomes readable), enlarged until a module is ~3 px (small or distant
   codes), then tried as is, contrast-equalised (CLAHE), sharpened (unsharp mask, for defocus), averaged
   along the bars and sharpened across them, denoised, and binarised (Otsu, then adaptive threshold).
2. *Whole frame*: CLAHE, rotations by ±45°, and a ×2 enlargement of a small frame — for codes the region
   crops did not give up. (90° needs nothing: zbar scans columns as well as rows.) When the region search
   finds nothing barcode-like at all (an empty counter, most frames of a shop's day) we stop right there.

The budget (``time.perf_counter``) is checked before every attempt, and an attempt whose predicted cost
(zbar's measured time per pixel on this frame) would overrun it is skipped: the camera must not stall. Every
reported position is mapped back to the original frame's pixels.

Fallbacks bend pixels hard, so a fallback read of an EAN/UPC code (protected by a single mod-10 check digit)
on which few zbar scan lines agree is only reported when a second attempt reads the same code.

UPC-A: zbar reads a UPC-A symbol as an EAN-13 with a leading ``0`` unless told to look for UPC-A. We report
such codes as ``UPCA`` with their 12 digits whenever UPC-A is among the wanted symbologies (an EAN-13 beginning
with 0 *is* a UPC-A code); if only EAN-13 is wanted they stay 13-digit ``EAN13``. UPC-E is reported as zbar
gives it: 8 digits (number system, six digits, check digit).
"""

from __future__ import annotations

import functools
import math
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt
import zxingcpp
from pyzbar import pyzbar

Frame = npt.NDArray[np.uint8]
FrameLike = npt.NDArray[Any]  # what callers hand in (cv2 images are typed loosely); checked at run time
Affine = npt.NDArray[np.float64]  # 2×3: attempt-image pixel -> original-frame pixel

SYMBOLOGIES: tuple[str, ...] = ("EAN13", "EAN8", "UPCA", "UPCE", "CODE128", "QRCODE", "DATAMATRIX")
DEFAULT_SYMBOLOGIES: frozenset[str] = frozenset(SYMBOLOGIES)

# What zbar must have switched on to read each wanted symbology (its UPC-A reader rides on the EAN-13 one).
# zbar has no Data Matrix reader: only zxing-cpp reads it.
_ZBAR_ENABLES: dict[str, tuple[str, ...]] = {
    "EAN13": ("EAN13",),
    "EAN8": ("EAN8",),
    "UPCA": ("UPCA", "EAN13"),
    "UPCE": ("UPCE",),
    "CODE128": ("CODE128",),
    "QRCODE": ("QRCODE",),
    "DATAMATRIX": (),
}
# The same for zxing-cpp, and its format names back to ours (zbar's).
_ZXING_ENABLES: dict[str, tuple[str, ...]] = {
    "EAN13": ("EAN13",),
    "EAN8": ("EAN8",),
    "UPCA": ("UPCA", "EAN13"),
    "UPCE": ("UPCE",),
    "CODE128": ("Code128",),
    "QRCODE": ("QRCode",),
    "DATAMATRIX": ("DataMatrix",),
}
_FROM_ZXING: dict[str, str] = {
    "EAN13": "EAN13",
    "EAN8": "EAN8",
    "UPCA": "UPCA",
    "UPCE": "UPCE",
    "Code128": "CODE128",
    "QRCode": "QRCODE",
    "DataMatrix": "DATAMATRIX",
}
#: zxing-cpp validates what it reads (check digits, Reed–Solomon): as good as zbar's best quality.
_ZXING_QUALITY = 100

_MAX_CANDIDATES = 4
_CHECK_DIGIT_ONLY = frozenset({"EAN13", "EAN8", "UPCA", "UPCE"})
_WEAK_QUALITY = 10
_DETECT_SIDE = 360  # candidate search runs on a copy at most this large
_MODULE_TARGET = 3.0  # enlarge a candidate crop until one module is about this many pixels...
_MAX_UPSCALE = 4.0  # ...but at most this much
_MAX_CROP_PIXELS = 250_000  # ...and never into a crop larger than this (zbar time grows with pixels)


@dataclass(frozen=True, slots=True)
class DecodedCode:
    """One code found in a frame, positioned in that frame's pixels.

    ``method`` names the pass that read it ("plain", "region", "region:sharpen", "frame:rot45", ...) for
    diagnostics.
    """

    code: str
    symbology: str
    rect: tuple[int, int, int, int]
    polygon: tuple[tuple[int, int], ...]
    method: str


@functools.lru_cache(maxsize=32)
def _zbar_symbols(symbologies: frozenset[str]) -> list[pyzbar.ZBarSymbol]:
    unknown = symbologies - DEFAULT_SYMBOLOGIES
    if unknown:
        raise ValueError(f"unsupported symbologies: {sorted(unknown)} (known: {', '.join(SYMBOLOGIES)})")
    names = sorted({z for s in symbologies for z in _ZBAR_ENABLES[s]})
    return [pyzbar.ZBarSymbol[n] for n in names]


@functools.lru_cache(maxsize=32)
def _zxing_formats(symbologies: frozenset[str]) -> Any:
    """zxing-cpp's format set for the wanted symbologies (``BarcodeFormats``)."""
    names = sorted({z for s in symbologies for z in _ZXING_ENABLES[s]})
    return zxingcpp.barcode_formats_from_str(",".join(names))


def _normalise(zbar_type: str, text: str, wanted: frozenset[str]) -> tuple[str, str] | None:
    """(symbology, code) as we report it, or None when it is not among ``wanted``."""
    if zbar_type == "EAN13" and len(text) == 13 and text.startswith("0") and "UPCA" in wanted:
        return "UPCA", text[1:]
    if zbar_type == "UPCA" and "UPCA" not in wanted:
        return ("EAN13", "0" + text) if "EAN13" in wanted else None
    if zbar_type not in wanted:
        return None
    return zbar_type, text


def _decoded(
    kind: str, text: str, points: Any, to_orig: Affine, method: str, frame_shape: tuple[int, ...]
) -> DecodedCode:
    """A code found in an attempt's image, its corners mapped back to the original frame's pixels."""
    fh, fw = frame_shape[:2]
    pts = np.array(points, dtype=np.float64)
    mapped = pts @ to_orig[:, :2].T + to_orig[:, 2]
    mapped[:, 0] = np.clip(mapped[:, 0], 0, fw - 1)
    mapped[:, 1] = np.clip(mapped[:, 1], 0, fh - 1)
    poly = tuple((round(float(x)), round(float(y))) for x, y in mapped)
    xs = [p[0] for p in poly]
    ys = [p[1] for p in poly]
    rect = (min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
    return DecodedCode(text, kind, rect, poly, method)


def _zxing(
    image: Frame,
    to_orig: Affine,
    method: str,
    wanted: frozenset[str],
    frame_shape: tuple[int, ...],
    *,
    thorough: bool = True,
) -> list[tuple[DecodedCode, int]]:
    """zxing-cpp on one prepared image (``thorough``: also its 90° turn and downscaled copies). GS1 data (a GS1
    DataMatrix, QR or GS1-128) comes as its human-readable element string, ``(01)…(17)…(10)…``, which
    ``pos.barcodes.parse_code`` reads like a scanner's."""
    found = []
    for code in zxingcpp.read_barcodes(
        image,
        formats=_zxing_formats(wanted),
        try_rotate=thorough,
        try_downscale=thorough,
        try_invert=False,
    ):
        kind = _FROM_ZXING.get(code.format.name)
        if kind is None:
            continue
        text = code.text
        if kind == "UPCE":  # zxing-cpp gives UPC-E expanded to 13 digits; the symbol's own 8 are in ``extra``
            extra: Any = code.extra  # a dict of the symbol's details (typed ``object`` by the binding)
            text = str(extra.get("UPCE", text))
        norm = _normalise(kind, text, wanted)
        if norm is None:
            continue
        p = code.position
        corners = [(c.x, c.y) for c in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)]
        found.append((_decoded(norm[0], norm[1], corners, to_orig, method, frame_shape), _ZXING_QUALITY))
    return found


def _to_gray(frame: FrameLike) -> Frame:
    if not isinstance(frame, np.ndarray) or frame.size == 0:
        raise ValueError("frame must be a non-empty numpy array")
    if frame.dtype != np.uint8:
        raise ValueError(f"frame must be 8-bit, got {frame.dtype}")
    if frame.ndim == 2:
        return np.ascontiguousarray(frame)
    if frame.ndim == 3 and frame.shape[2] == 1:
        return np.ascontiguousarray(frame[:, :, 0])
    if frame.ndim == 3 and frame.shape[2] == 3:
        return np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    if frame.ndim == 3 and frame.shape[2] == 4:
        return np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY), dtype=np.uint8)
    raise ValueError(f"unsupported frame shape {frame.shape}")


_IDENTITY: Affine = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def _zbar(
    image: Frame, to_orig: Affine, method: str, wanted: frozenset[str], frame_shape: tuple[int, ...]
) -> list[tuple[DecodedCode, int]]:
    """Run zbar on one prepared image; what it finds, in original-frame coordinates, with zbar's quality
    (for 1D codes, how many scan lines agreed)."""
    found: list[tuple[DecodedCode, int]] = []
    symbols = _zbar_symbols(wanted)
    if not symbols:  # only Data Matrix wanted: nothing zbar can read
        return found
    for sym in pyzbar.decode(image, symbols=symbols):
        norm = _normalise(sym.type, sym.data.decode("utf-8", errors="replace"), wanted)
        if norm is None:
            continue
        points = sym.polygon or [(sym.rect.left, sym.rect.top)]
        found.append((_decoded(norm[0], norm[1], points, to_orig, method, frame_shape), int(sym.quality)))
    return found


# ----------------------------------------------------------------------------------------- enhancements


def _clahe(img: Frame) -> Frame:
    clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(4, 4))
    return np.asarray(clahe.apply(img), dtype=np.uint8)


def _unsharp(img: Frame, sigma_x: float, sigma_y: float, strength: float) -> Frame:
    soft = cv2.GaussianBlur(img, (0, 0), sigmaX=sigma_x, sigmaY=sigma_y)
    return np.asarray(cv2.addWeighted(img, 1.0 + strength, soft, -strength, 0), dtype=np.uint8)


def _as_is(img: Frame, _scale: float) -> Frame:
    return img


def _contrast(img: Frame, _scale: float) -> Frame:
    return _clahe(img)


def _sharpen(img: Frame, scale: float) -> Frame:
    """Strong unsharp mask sized to the frame's pixels (``scale`` = crop pixels per frame pixel): defocus."""
    return _unsharp(img, 1.5 * scale, 1.5 * scale, 4.0)


def _bars(img: Frame, scale: float) -> Frame:
    """For upright 1D bars: average along the bars (kills noise, keeps edges), then sharpen across them."""
    along = cv2.blur(img, (1, int(4 * scale) | 1))
    return _unsharp(np.asarray(along, np.uint8), 1.5 * scale, 0.01, 6.0)


def _denoise(img: Frame, scale: float) -> Frame:
    return np.asarray(cv2.GaussianBlur(img, (0, 0), 0.6 * scale), dtype=np.uint8)


def _otsu(img: Frame, _scale: float) -> Frame:
    smooth = cv2.GaussianBlur(img, (3, 3), 0)
    _, out = cv2.threshold(smooth, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return np.asarray(out, dtype=np.uint8)


def _adaptive(img: Frame, _scale: float) -> Frame:
    block = max(15, (min(img.shape[:2]) // 8) | 1)
    smooth = cv2.GaussianBlur(img, (3, 3), 0)
    out = cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, 7)
    return np.asarray(out, dtype=np.uint8)


# Tried on each candidate crop, in order of value per cost (measured on the degraded test frames).
_REGION_VARIANTS: tuple[tuple[str, Callable[[Frame, float], Frame]], ...] = (
    ("region", _as_is),
    ("region:contrast", _contrast),
    ("region:sharpen", _sharpen),
    ("region:bars", _bars),
    ("region:denoise", _denoise),
    ("region:otsu", _otsu),
    ("region:adaptive", _adaptive),
)


# ----------------------------------------------------------------------------------------- candidates


@dataclass(frozen=True, slots=True)
class _Region:
    centre: tuple[float, float]
    size: tuple[float, float]  # (w, h) of the minimum-area box, original pixels
    box_angle: float  # degrees, as cv2.minAreaRect gives it
    score: float


def _find_regions(gray: Frame) -> list[_Region]:
    """Barcode-like blobs: dense strong gradients, merged by morphology; best (largest, densest) first."""
    h, w = gray.shape
    f = min(1.0, _DETECT_SIDE / max(h, w))
    small = cv2.resize(gray, (round(w * f), round(h * f)), interpolation=cv2.INTER_AREA) if f < 1 else gray
    gx = cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)
    mag = cv2.magnitude(gx, gy)
    density = cv2.blur(mag, (7, 7))
    peak = float(density.max())
    if peak <= 0:
        return []
    dens8 = cv2.convertScaleAbs(density, alpha=255.0 / peak)
    _, mask = cv2.threshold(dens8, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (11, 11)))
    mask = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (7, 7)))
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    min_side = 12
    regions = []
    for c in contours:
        (cx, cy), (bw, bh), ang = cv2.minAreaRect(c)
        if min(bw, bh) < min_side or bw * bh > 0.8 * small.shape[0] * small.shape[1]:
            continue
        area = float(cv2.contourArea(c))
        fill = area / max(1.0, bw * bh)
        inside = np.zeros(mask.shape, np.uint8)
        cv2.drawContours(inside, [c], -1, 255, -1)
        strength = float(cv2.mean(dens8, mask=inside)[0])
        regions.append(_Region((cx / f, cy / f), (bw / f, bh / f), float(ang), area * fill * strength))
    regions.sort(key=lambda r: r.score, reverse=True)
    return regions[:_MAX_CANDIDATES]


def _bar_angle(gray: Frame, region: _Region) -> float:
    """Direction (degrees) of the dominant gradient inside the region; 1D bars are perpendicular to it.

    Uses the structure tensor; falls back to the box angle when the texture has no dominant direction (QR).
    """
    cx, cy = region.centre
    half = max(region.size) / 2
    x0, x1 = max(0, int(cx - half)), min(gray.shape[1], int(cx + half) + 1)
    y0, y1 = max(0, int(cy - half)), min(gray.shape[0], int(cy + half) + 1)
    patch = gray[y0:y1, x0:x1]
    if patch.shape[0] < 5 or patch.shape[1] < 5:
        return 0.0
    gx = cv2.Sobel(patch, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(patch, cv2.CV_32F, 0, 1, ksize=3)
    jxx, jyy, jxy = float((gx * gx).sum()), float((gy * gy).sum()), float((gx * gy).sum())
    total = jxx + jyy
    if total <= 0:
        return 0.0
    coherence = math.hypot(jxx - jyy, 2 * jxy) / total
    if coherence < 0.35:
        return region.box_angle
    return math.degrees(0.5 * math.atan2(2 * jxy, jxx - jyy))


def _warp_crop(
    gray: Frame, centre: tuple[float, float], angle: float, size: tuple[float, float], scale: float
) -> tuple[Frame, Affine]:
    cx, cy = centre
    ow, oh = max(8, int(size[0] * scale)), max(8, int(size[1] * scale))
    m = cv2.getRotationMatrix2D((cx, cy), angle, scale)
    m[0, 2] += ow / 2 - cx
    m[1, 2] += oh / 2 - cy
    crop = cv2.warpAffine(gray, m, (ow, oh), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(crop, dtype=np.uint8), cv2.invertAffineTransform(m).astype(np.float64)


def _module_px(crop: Frame) -> float | None:
    """Rough width of one module (narrowest bar or QR cell) in ``crop``'s pixels, from the run lengths of the
    busiest rows of a binarised copy; None when nothing looks like bars."""
    _, binary = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    edges = np.diff(binary.astype(np.int8), axis=1) != 0
    per_row = edges.sum(axis=1)
    if per_row.max() < 8:
        return None
    busy = np.argsort(per_row)[-max(3, len(per_row) // 6) :]
    runs: list[npt.NDArray[np.intp]] = [np.diff(np.flatnonzero(edges[r])) for r in busy]
    lengths = np.concatenate(runs) if runs else np.empty(0)
    if lengths.size < 8:
        return None
    return float(np.median(lengths)) / 1.5  # bars/spaces are 1–4 modules wide; their median is ~1.5


def _region_crop(gray: Frame, region: _Region) -> tuple[Frame, Affine, float]:
    """The region cut out, turned so its dominant gradient is horizontal (bars upright), enlarged until a
    module is about ``_MODULE_TARGET`` pixels wide (zbar needs ~2–3 px per module).

    Returns the crop, its crop->frame mapping and the enlargement factor.
    """
    angle = _bar_angle(gray, region)
    bw, bh = region.size
    turn = math.radians(region.box_angle - angle)
    side_w = bw * abs(math.cos(turn)) + bh * abs(math.sin(turn))
    side_h = bw * abs(math.sin(turn)) + bh * abs(math.cos(turn))
    size = (side_w * 1.3 + 24, side_h * 1.3 + 24)
    crop, to_orig = _warp_crop(gray, region.centre, angle, size, 1.0)
    module = _module_px(crop)
    scale = 1.0 if module is None else min(_MAX_UPSCALE, max(1.0, _MODULE_TARGET / module))
    scale = min(scale, math.sqrt(_MAX_CROP_PIXELS / (size[0] * size[1])))
    if scale > 1.05:
        crop, to_orig = _warp_crop(gray, region.centre, angle, size, scale)
    else:
        scale = 1.0
    return crop, to_orig, scale


def _rotated_frame(gray: Frame, angle: float) -> tuple[Frame, Affine]:
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    c, s = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * s + w * c), int(h * c + w * s)
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(gray, m, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.asarray(out, dtype=np.uint8), cv2.invertAffineTransform(m).astype(np.float64)


def _scaled(gray: Frame, factor: float) -> tuple[Frame, Affine]:
    out = cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return np.asarray(out, dtype=np.uint8), np.array([[1 / factor, 0.0, 0.0], [0.0, 1 / factor, 0.0]])


def _frame_attempts(gray: Frame) -> Iterator[tuple[str, Callable[[], tuple[Frame, Affine]]]]:
    """Whole-frame fallbacks, lazily (each is built only if the budget allows trying it)."""
    yield "frame:clahe", lambda: (_clahe(gray), _IDENTITY)
    yield "frame:rot45", lambda: _rotated_frame(gray, 45.0)
    yield "frame:rot-45", lambda: _rotated_frame(gray, -45.0)
    if max(gray.shape) <= 800:
        yield "frame:x2", lambda: _scaled(gray, 2.0)


# ----------------------------------------------------------------------------------------- entry point


def _dedupe(codes: Iterable[DecodedCode]) -> list[DecodedCode]:
    seen: set[tuple[str, str]] = set()
    out = []
    for c in codes:
        key = (c.symbology, c.code)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _inside(point: tuple[float, float], rect: tuple[int, int, int, int], pad: float) -> bool:
    x, y, w, h = rect
    return x - pad <= point[0] <= x + w + pad and y - pad <= point[1] <= y + h + pad


class _Budget:
    """Per-frame time budget. Predicts an attempt's cost from zbar's measured time per pixel so a large
    attempt is skipped rather than started just before the deadline and overrunning it."""

    def __init__(self, budget_ms: float) -> None:
        self.start = time.perf_counter()
        self.deadline = self.start + budget_ms / 1000.0 if math.isfinite(budget_ms) else math.inf
        self.sec_per_px = 0.0

    def spent(self) -> bool:
        return time.perf_counter() >= self.deadline

    def allows(self, pixels: int) -> bool:
        return time.perf_counter() + pixels * self.sec_per_px <= self.deadline

    def learn(self, pixels: int, seconds: float) -> None:
        rate = seconds / max(1, pixels)
        self.sec_per_px = rate if self.sec_per_px == 0 else 0.7 * self.sec_per_px + 0.3 * rate


def decode_frame(
    frame: FrameLike,
    *,
    budget_ms: float = 25.0,
    symbologies: Iterable[str] = DEFAULT_SYMBOLOGIES,
) -> list[DecodedCode]:
    """Every distinct code readable in ``frame`` (BGR, BGRA or gray, uint8), positioned in its pixels.

    The plain passes (zxing-cpp, then zbar if zxing-cpp found nothing) always run; ``budget_ms`` bounds the
    fallbacks after them (0 = none, ``math.inf`` = all).
    Raises ValueError for a frame that is not an 8-bit image or an unknown symbology name.
    """
    budget = _Budget(budget_ms)
    wanted = frozenset(symbologies)
    _zbar_symbols(wanted)  # validates the names
    gray = _to_gray(frame)
    shape = gray.shape

    matrix = frozenset({"DATAMATRIX"}) & wanted

    def attempt(image: Frame, to_orig: Affine, method: str) -> list[tuple[DecodedCode, int]]:
        t0 = time.perf_counter()
        hits = _zbar(image, to_orig, method, wanted, shape)
        if matrix and not hits:
            hits = _zxing(image, to_orig, method, matrix, shape, thorough=False)
        budget.learn(image.size, time.perf_counter() - t0)
        return hits

    plain = _zxing(gray, _IDENTITY, "plain", wanted, shape)
    if not plain:
        t0 = time.perf_counter()
        plain = _zbar(gray, _IDENTITY, "plain:zbar", wanted, shape)
        budget.learn(gray.size, time.perf_counter() - t0)
    if plain or budget.spent():
        return _dedupe(code for code, _ in plain)

    # Fallbacks bend the pixels hard, which can make zbar misread a short EAN/UPC (one mod-10 check digit).
    # A weak such read (few agreeing scan lines) is only believed when a second attempt reads it too.
    found: list[DecodedCode] = []
    weak: dict[tuple[str, str], int] = {}

    def accept(hits: list[tuple[DecodedCode, int]]) -> bool:
        accepted = False
        for code, quality in hits:
            if code.symbology in _CHECK_DIGIT_ONLY and quality < _WEAK_QUALITY:
                key = (code.symbology, code.code)
                weak[key] = weak.get(key, 0) + 1
                if weak[key] < 2:
                    continue
            found.append(code)
            accepted = True
        return accepted

    regions = _find_regions(gray)
    if not regions:
        return []  # nothing barcode-like in view (an empty counter): don't burn the budget on every frame
    for region in regions:
        if budget.spent():
            return _dedupe(found)
        if any(_inside(region.centre, c.rect, 8) for c in found):
            continue  # already read this one
        crop, to_orig, scale = _region_crop(gray, region)
        for name, variant in _REGION_VARIANTS:
            if not budget.allows(crop.size):
                break
            if accept(attempt(variant(crop, scale), to_orig, name)):
                break
    if found:
        return _dedupe(found)

    for name, build in _frame_attempts(gray):
        if not budget.allows(gray.size * (4 if name == "frame:x2" else 2 if "rot" in name else 1)):
            continue
        image, to_orig = build()
        if accept(attempt(image, to_orig, name)):
            break
    return _dedupe(found)
