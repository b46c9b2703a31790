"""A USB webcam (or a video file, or a network stream) as a barcode scanner.

Two threads, no Qt (the GUI wraps this with signals):

* the *capture* thread — the ``CameraWorker`` thread itself — opens the OpenCV ``VideoCapture`` (on that
  thread: some backends insist on being used from the thread that opened them), reads frames as fast as the
  source gives them and posts each into a one-slot mailbox. When decoding falls behind, the unread frame in
  the slot is replaced by the newer one and counted as dropped: frames are never queued, so what the cashier
  holds up *now* is what gets decoded, with no growing lag;
* the *decode* thread takes the newest frame, runs the decoder, feeds the codes to a ``ScanDeduper`` and calls
  ``on_code`` once per emitted scan, ``on_frame`` for an optional (rate-limited) preview.

Every failure becomes a ``CameraStatus`` given to ``on_status`` (with a Vietnamese and an English message);
nothing is raised into the caller. A camera or stream that stops giving frames (unplugged, Wi-Fi camera
dropped) is reopened with a growing back-off until it comes back or ``stop()`` is called. A video file plays at
its native frame rate (``realtime=False`` reads it as fast as possible — still through the mailbox, so frames
are still dropped when the decoder is slower); its codes are timed with the file's media time.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import cv2
import numpy as np

from pos.devices.frame_decoder import DEFAULT_SYMBOLOGIES, DecodedCode, Frame, decode_frame
from pos.devices.scan_dedup import ScanDeduper

log = logging.getLogger(__name__)

Source = int | str | os.PathLike[str]
Decoder = Callable[[Frame], list[DecodedCode]]


class CameraState(enum.Enum):
    OPENING = "opening"
    RUNNING = "running"
    NO_CAMERA = "no_camera"
    UNPLUGGED = "unplugged"
    ENDED = "ended"
    STOPPED = "stopped"


@dataclass(frozen=True)
class CameraStatus:
    """What the camera is doing, for the status bar: a state and the same message in Vietnamese and English."""

    state: CameraState
    source: str
    vi: str
    en: str

    def message(self, lang: str = "vi") -> str:
        return self.vi if lang.startswith("vi") else self.en


class Capture(Protocol):
    """The part of ``cv2.VideoCapture`` the worker uses (a test may stand in a fake camera at this edge)."""

    def isOpened(self) -> bool: ...

    def read(self) -> tuple[bool, Any]: ...

    def get(self, prop_id: int) -> float: ...

    def set(self, prop_id: int, value: float) -> bool: ...

    def release(self) -> None: ...


CaptureFactory = Callable[[int | str], Capture]


def parse_source(text: str | int) -> int | str:
    """A command-line/setting value as a source: "0" or "1" -> camera index, anything else a path or URL."""
    if isinstance(text, int):
        return text
    stripped = text.strip()
    return int(stripped) if stripped.isdigit() else stripped


def _kind(source: int | str) -> str:
    if isinstance(source, int):
        return "camera"
    return "stream" if "://" in source else "file"


def quiet_opencv_logs() -> None:
    """Silence OpenCV's own warnings ("can't open camera by index" on every retry) for the whole process;
    the worker reports the same facts as statuses. For the CLI and the GUI to call once at start."""
    with contextlib.suppress(AttributeError):  # an OpenCV build without the logging module
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)


def _open_cv_capture(source: int | str) -> Capture:
    cap: Capture = cv2.VideoCapture(source)
    return cap


@dataclass(frozen=True)
class CapturedFrame:
    """A frame as read: its position in the capture order, its time (s) and pixels."""

    index: int
    timestamp: float
    image: Frame


class FrameMailbox:
    """A one-slot mailbox: ``put`` replaces what is unread (and says so); ``take`` waits for the newest."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._item: CapturedFrame | None = None
        self._closed = False

    def put(self, item: CapturedFrame) -> bool:
        """Leave ``item`` for the reader; True when it replaced a frame nobody had taken (a drop)."""
        with self._cond:
            replaced = self._item is not None
            self._item = item
            self._cond.notify()
            return replaced

    def take(self, timeout: float | None = None) -> CapturedFrame | None:
        """The newest unread frame, waiting up to ``timeout``; None on timeout or once closed and empty."""
        with self._cond:
            if self._item is None and not self._closed:
                self._cond.wait(timeout)
            item, self._item = self._item, None
            return item

    def close(self, *, discard: bool = False) -> bool:
        """No more frames will come. With ``discard`` the unread frame is thrown away (returns True if one was)."""
        with self._cond:
            self._closed = True
            dropped = discard and self._item is not None
            if discard:
                self._item = None
            self._cond.notify_all()
            return dropped

    @property
    def closed(self) -> bool:
        with self._cond:
            return self._closed and self._item is None


def _no_camera_status(source: int | str) -> CameraStatus:
    kind = _kind(source)
    if kind == "camera":
        return CameraStatus(
            CameraState.NO_CAMERA,
            str(source),
            f"Không tìm thấy camera (số {source}). Hãy cắm camera USB rồi thử lại.",
            f"No camera found (index {source}). Plug in a USB camera and try again.",
        )
    if kind == "stream":
        return CameraStatus(
            CameraState.NO_CAMERA,
            str(source),
            f"Không kết nối được luồng video {source}. Kiểm tra mạng và địa chỉ camera.",
            f"Cannot connect to the video stream {source}. Check the network and the camera address.",
        )
    return CameraStatus(
        CameraState.NO_CAMERA,
        str(source),
        f"Không mở được tệp video {source} (không có hoặc hỏng).",
        f"Cannot open the video file {source} (missing or damaged).",
    )


class CameraWorker(threading.Thread):
    """Scans codes from a camera index, a video file or a stream URL until stopped (or the file ends).

    Callbacks run on the worker's threads — ``on_status`` on the capture thread, ``on_code``/``on_frame`` on
    the decode thread — never on the caller's; a GUI must hand them over to its own thread. An exception in a
    callback or in the decoder is logged and the worker carries on.

    ``source``: camera index, video file path or stream URL (``parse_source`` turns "0" into 0).
    ``decoder``: frame -> codes; default ``decode_frame`` with ``budget_ms``/``symbologies``.
    ``deduper``: decides which reads are new scans; default ``ScanDeduper()`` (2 s cooldown, 3 frames).
    ``width``/``height``/``fps``/``fourcc``: hints for a camera (ignored for files); MJPG lets cheap USB
    webcams deliver 720p at full rate. ``realtime``: play a file at its own frame rate (False: as fast as
    it can be read). ``preview_fps``: most ``on_frame`` calls per second (0 = none). ``max_decode_fps``:
    most frames decoded per second (None = as many as the CPU allows). ``max_capture_fps``: most reads per
    second from a camera or stream (None = no limit): a real camera blocks in ``read()`` until its next frame,
    but a driver or stream that returns at once would otherwise spin a core and starve the till's GUI thread
    of the GIL (ignored for files, whose pace is ``realtime``). ``max_read_failures``: consecutive
    failed reads that mean "unplugged"; ``retry_delays_s``: back-off between reopen attempts (the last one
    repeats). ``capture_factory``: opens a source (default ``cv2.VideoCapture``).
    """

    def __init__(
        self,
        source: Source,
        *,
        on_code: Callable[[DecodedCode], None] | None = None,
        on_status: Callable[[CameraStatus], None] | None = None,
        on_frame: Callable[[Frame, list[DecodedCode]], None] | None = None,
        decoder: Decoder | None = None,
        deduper: ScanDeduper[tuple[str, str]] | None = None,
        width: int | None = 1280,
        height: int | None = 720,
        fps: float | None = None,
        fourcc: str | None = "MJPG",
        realtime: bool = True,
        preview_fps: float = 10.0,
        max_decode_fps: float | None = 15.0,
        max_capture_fps: float | None = 120.0,
        budget_ms: float = 50.0,
        symbologies: frozenset[str] = DEFAULT_SYMBOLOGIES,
        max_read_failures: int = 5,
        retry_delays_s: Sequence[float] = (0.5, 1.0, 2.0, 4.0, 5.0),
        capture_factory: CaptureFactory | None = None,
    ) -> None:
        super().__init__(name="camera-capture", daemon=True)
        self.source: int | str = source if isinstance(source, int) else parse_source(os.fspath(source))
        self.kind = _kind(self.source)
        self._on_code = on_code
        self._on_status = on_status
        self._on_frame = on_frame
        self._decoder: Decoder = decoder or (
            lambda frame: decode_frame(frame, budget_ms=budget_ms, symbologies=symbologies)
        )
        self.deduper: ScanDeduper[tuple[str, str]] = deduper or ScanDeduper()
        self._hints = (width, height, fps, fourcc)
        self.realtime = realtime
        self._preview_interval = 1.0 / preview_fps if preview_fps > 0 else None
        self._decode_interval = 1.0 / max_decode_fps if max_decode_fps else 0.0
        self._capture_interval = 1.0 / max_capture_fps if max_capture_fps else 0.0
        self._max_read_failures = max(1, max_read_failures)
        self._retry_delays = tuple(retry_delays_s) or (1.0,)
        self._factory: CaptureFactory = capture_factory or _open_cv_capture
        self._stop_event = threading.Event()
        self._mailbox = FrameMailbox()
        self._decode_thread = threading.Thread(target=self._decode_loop, name="camera-decode", daemon=True)
        self._count_lock = threading.Lock()
        self.frames_captured = 0
        self.frames_decoded = 0
        self.frames_dropped = 0
        self.codes_emitted = 0
        self.status: CameraStatus | None = None

    # ------------------------------------------------------------------ control

    def stop(self, timeout: float | None = 5.0) -> bool:
        """Ask both threads to finish and wait for them; True when they have. Safe to call more than once,
        and from a callback (which runs on a worker thread: then it only asks, it cannot wait for itself)."""
        self._stop_event.set()
        if self._mailbox.close(discard=True):
            with self._count_lock:
                self.frames_dropped += 1
        if threading.current_thread() in (self, self._decode_thread):
            return False
        if self.is_alive():
            self.join(timeout)
        return not self.is_alive()

    @property
    def stopping(self) -> bool:
        return self._stop_event.is_set()

    def __enter__(self) -> CameraWorker:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ capture thread

    def run(self) -> None:
        self._decode_thread.start()
        outcome = "stopped"
        try:
            outcome = self._capture_loop()
        except Exception:  # never let a backend surprise kill the till
            log.exception("camera capture loop failed")
        finally:
            if self._mailbox.close(discard=self.stopping):
                with self._count_lock:
                    self.frames_dropped += 1
            self._decode_thread.join()
        if outcome == "ended":
            self._set_status(
                CameraState.ENDED,
                "Nguồn video đã hết, ngừng quét.",
                "The video source has ended; scanning stopped.",
            )
        elif outcome == "stopped":
            self._set_status(CameraState.STOPPED, "Đã tắt camera.", "Camera stopped.")
        # "failed" (a file that cannot be opened): the NO_CAMERA status stays the last word

    def _capture_loop(self) -> str:
        """Runs until stop ("stopped"), the end of a file ("ended") or a file that cannot be opened ("failed");
        a camera or stream is retried for as long as it takes."""
        attempt = 0
        index = 0
        self._set_status(
            CameraState.OPENING,
            "Đang mở camera…" if self.kind != "file" else "Đang mở video…",
            "Opening the camera…" if self.kind != "file" else "Opening the video…",
        )
        while not self.stopping:
            cap = self._open()
            if cap is None:
                if self.status is None or self.status.state != CameraState.UNPLUGGED:
                    self._publish(_no_camera_status(self.source))
                if self.kind == "file":
                    return "failed"
                self._backoff(attempt)
                attempt += 1
                continue
            try:
                reconnected = attempt > 0 or index > 0
                attempt = 0
                self._set_status(
                    CameraState.RUNNING,
                    "Camera đã kết nối lại, đang quét mã." if reconnected else "Camera đang quét mã.",
                    "Camera reconnected; scanning." if reconnected else "Camera is scanning.",
                )
                index, finished = self._read_frames(cap, index)
            finally:
                self._release(cap)
            if finished:
                return "ended"
            if self.stopping:
                break
            self._set_status(
                CameraState.UNPLUGGED,
                "Mất tín hiệu camera (bị rút dây?). Đang thử kết nối lại…",
                "The camera stopped sending frames (unplugged?). Trying to reconnect…",
            )
            self._backoff(attempt)
            attempt += 1
        return "stopped"

    def _open(self) -> Capture | None:
        try:
            cap = self._factory(self.source)
        except Exception:
            log.exception("opening camera source %r failed", self.source)
            return None
        if not cap.isOpened():
            self._release(cap)
            return None
        if self.kind == "camera":
            width, height, fps, fourcc = self._hints
            if fourcc:
                cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*fourcc))
            if width:
                cap.set(cv2.CAP_PROP_FRAME_WIDTH, width)
            if height:
                cap.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
            if fps:
                cap.set(cv2.CAP_PROP_FPS, fps)
            cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # keep the driver from queueing stale frames too
        return cap

    def _read_frames(self, cap: Capture, index: int) -> tuple[int, bool]:
        """Read until stop, end of file (-> finished) or repeated failures (-> not finished: reconnect)."""
        file_fps = 0.0
        if self.kind == "file":
            file_fps = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
            if not (0.0 < file_fps < 1000.0):
                file_fps = 25.0
        started = time.monotonic()
        last_read = -1e9
        media_index = 0
        failures = 0
        while not self.stopping:
            if self.kind == "file" and self.realtime:
                due = started + media_index / file_fps
                delay = due - time.monotonic()
                if delay > 0 and self._stop_event.wait(delay):
                    break
            elif self.kind != "file" and self._capture_interval:
                delay = last_read + self._capture_interval - time.monotonic()
                if delay > 0 and self._stop_event.wait(delay):
                    break
                last_read = time.monotonic()
            try:
                ok, image = cap.read()
            except Exception:
                log.exception("camera read failed")
                ok, image = False, None
            if not ok or image is None or image.size == 0:
                if self.kind == "file":
                    return index, True
                failures += 1
                if failures >= self._max_read_failures:
                    return index, False
                self._stop_event.wait(0.05)
                continue
            failures = 0
            stamp = media_index / file_fps if self.kind == "file" else time.monotonic()
            replaced = self._mailbox.put(CapturedFrame(index, stamp, np.asarray(image, dtype=np.uint8)))
            with self._count_lock:
                self.frames_captured += 1
                if replaced:
                    self.frames_dropped += 1
            index += 1
            media_index += 1
        return index, False

    def _backoff(self, attempt: int) -> None:
        self._stop_event.wait(self._retry_delays[min(attempt, len(self._retry_delays) - 1)])

    @staticmethod
    def _release(cap: Capture) -> None:
        try:
            cap.release()
        except Exception:
            log.exception("releasing camera failed")

    # ------------------------------------------------------------------ decode thread

    def _decode_loop(self) -> None:
        last_preview = -1e9
        last_decode = -1e9
        while True:
            # at most max_decode_fps: a till needs ~10 reads a second, not a whole CPU core
            rest = last_decode + self._decode_interval - time.monotonic()
            if rest > 0 and self._stop_event.wait(rest):
                if self._mailbox.close(discard=True):
                    with self._count_lock:
                        self.frames_dropped += 1
                return
            item = self._mailbox.take(timeout=0.5)
            if item is None:
                if self._mailbox.closed:
                    return
                continue
            last_decode = time.monotonic()
            try:
                codes = self._decoder(item.image)
            except Exception:
                log.exception("frame decoder failed")
                codes = []
            with self._count_lock:
                self.frames_decoded += 1
            by_key = {(c.symbology, c.code): c for c in codes}
            for key in self.deduper.update(list(by_key), item.timestamp):
                with self._count_lock:
                    self.codes_emitted += 1
                self._call(self._on_code, by_key[key])
            if self._on_frame is not None and self._preview_interval is not None:
                now = time.monotonic()
                if now - last_preview >= self._preview_interval:
                    last_preview = now
                    self._call(self._on_frame, item.image, codes)

    # ------------------------------------------------------------------ helpers

    def _set_status(self, state: CameraState, vi: str, en: str) -> None:
        self._publish(CameraStatus(state, str(self.source), vi, en))

    def _publish(self, status: CameraStatus) -> None:
        if self.status == status:
            return  # the retry loop would repeat the same status every few seconds
        self.status = status
        self._call(self._on_status, status)

    @staticmethod
    def _call(callback: Callable[..., None] | None, *args: object) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:
            log.exception("camera callback %r failed", callback)

    def stats(self) -> dict[str, int]:
        """A snapshot of the counters (for a diagnostics screen or a log line)."""
        with self._count_lock:
            return {
                "frames_captured": self.frames_captured,
                "frames_decoded": self.frames_decoded,
                "frames_dropped": self.frames_dropped,
                "codes_emitted": self.codes_emitted,
            }
