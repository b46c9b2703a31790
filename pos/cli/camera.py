"""Command-line tools for the camera scanner.

* ``scan-image FILE...`` reads still images (a photo of a label, a screenshot) with the same decoder the camera
  uses and prints ``SYMBOLOGY<TAB>CODE`` per code found — handy to check that a printed label will scan, and
  scriptable: the exit status is 1 when any image yields nothing or cannot be read.
* ``camera-test [--source X]`` shows what a shop's webcam reads, live, until Ctrl-C — the first thing to run
  when a camera is installed at a till.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

import cv2
import numpy as np

from pos.devices.camera import CameraState, CameraStatus, CameraWorker, parse_source, quiet_opencv_logs
from pos.devices.frame_decoder import DEFAULT_SYMBOLOGIES, SYMBOLOGIES, DecodedCode, Frame, decode_frame

_STILL_BUDGET_MS = 2000.0  # a still image is read once: spend time to get it right


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``scan-image`` and ``camera-test`` to the ``ocop-pos`` command line."""
    p = subparsers.add_parser(
        "scan-image",
        help="đọc mã vạch/QR trong ảnh — read barcodes and QR codes in image files",
        description="Print SYMBOLOGY<TAB>CODE for each code found in each image. "
        "Exit status 1 when an image has no readable code or cannot be opened.",
    )
    p.add_argument(
        "files", nargs="+", metavar="FILE", type=Path, help="image files (PNG, JPEG, BMP, TIFF, WebP)"
    )
    _add_decoder_options(p, default_budget=_STILL_BUDGET_MS)
    p.set_defaults(handler=scan_image)

    c = subparsers.add_parser(
        "camera-test",
        help="thử camera: in mã đọc được đến khi bấm Ctrl-C — show codes a webcam reads, until Ctrl-C",
        description="Open a camera (index), a video file or a stream URL and print SYMBOLOGY<TAB>CODE for "
        "each scan, as the till would add it. Status messages go to standard error.",
    )
    c.add_argument("--source", default="0", help="camera index (0, 1…), video file or stream URL (default 0)")
    c.add_argument("--width", type=int, default=1280, help="requested capture width (camera only)")
    c.add_argument("--height", type=int, default=720, help="requested capture height (camera only)")
    c.add_argument("--seconds", type=float, default=None, help="stop after this long (default: until Ctrl-C)")
    c.add_argument(
        "--fast", action="store_true", help="read a video file as fast as possible, not in real time"
    )
    _add_decoder_options(c, default_budget=50.0)
    c.set_defaults(handler=camera_test)


def _add_decoder_options(parser: argparse.ArgumentParser, default_budget: float) -> None:
    parser.add_argument(
        "--symbology",
        action="append",
        choices=SYMBOLOGIES,
        help="only look for this symbology (repeatable; default: all of them)",
    )
    parser.add_argument(
        "--budget-ms",
        type=float,
        default=default_budget,
        help=f"time allowed per image/frame for the harder decoding passes (default {default_budget:g})",
    )


def _lang(args: argparse.Namespace) -> str:
    return getattr(args, "lang", None) or "vi"


def _say(args: argparse.Namespace, vi: str, en: str) -> None:
    print(f"ocop-pos: {vi if _lang(args).startswith('vi') else en}", file=sys.stderr)


def read_image(path: Path) -> Frame | None:
    """The image at ``path`` as BGR pixels, or None when it is missing or not an image.

    Reads the bytes and decodes them (rather than ``cv2.imread``) so paths with Vietnamese letters work on
    Windows too.
    """
    try:
        data = np.fromfile(str(path), dtype=np.uint8)
    except OSError:
        return None
    if data.size == 0:
        return None
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    return None if image is None else np.asarray(image, dtype=np.uint8)


def _format(code: DecodedCode) -> str:
    return f"{code.symbology}\t{code.code}"


def scan_image(args: argparse.Namespace) -> int:
    """``scan-image``: decode each file; 0 when every file gave at least one code, else 1."""
    symbologies = frozenset(args.symbology) if args.symbology else DEFAULT_SYMBOLOGIES
    status = 0
    for path in args.files:
        image = read_image(path)
        if image is None:
            _say(
                args,
                f"không đọc được ảnh {path} (không có tệp hoặc không phải ảnh)",
                f"cannot read image {path} (missing, or not an image)",
            )
            status = 1
            continue
        codes = decode_frame(image, budget_ms=args.budget_ms, symbologies=symbologies)
        if not codes:
            _say(
                args, f"{path}: không tìm thấy mã vạch hay mã QR nào", f"{path}: no barcode or QR code found"
            )
            status = 1
        for code in codes:
            print(_format(code), flush=True)
    return status


def camera_test(args: argparse.Namespace) -> int:
    """``camera-test``: print each scan live until Ctrl-C, ``--seconds`` or the end of a video file.

    Exit status 1 when the source could never be opened.
    """
    lang = _lang(args)
    symbologies = frozenset(args.symbology) if args.symbology else DEFAULT_SYMBOLOGIES
    quiet_opencv_logs()
    print_lock = threading.Lock()
    opened = threading.Event()

    def on_code(code: DecodedCode) -> None:
        with print_lock:
            print(_format(code), flush=True)

    def on_status(status: CameraStatus) -> None:
        if status.state is CameraState.RUNNING:
            opened.set()
        with print_lock:
            print(f"[{status.state.value}] {status.message(lang)}", file=sys.stderr, flush=True)

    worker = CameraWorker(
        parse_source(args.source),
        on_code=on_code,
        on_status=on_status,
        width=args.width,
        height=args.height,
        realtime=not args.fast,
        budget_ms=args.budget_ms,
        symbologies=symbologies,
    )
    deadline = None if args.seconds is None else time.monotonic() + args.seconds
    worker.start()
    try:
        while worker.is_alive():
            if deadline is not None and time.monotonic() >= deadline:
                break
            worker.join(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()
    stats = worker.stats()
    with print_lock:
        print(
            f"frames: captured {stats['frames_captured']}, decoded {stats['frames_decoded']}, "
            f"dropped {stats['frames_dropped']}; scans {stats['codes_emitted']}",
            file=sys.stderr,
        )
    return 0 if opened.is_set() else 1
