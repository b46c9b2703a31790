"""A webcam as a second scanner, with an optional live preview the cashier can hide.

``pos.devices.camera.CameraWorker`` does the work on its own threads and calls back from them; the
:class:`CameraBridge` turns those callbacks into Qt signals, so codes, preview frames and status reach the GUI
thread by queued connections. A code read by the camera goes down the same path as a keyboard-wedge scan.
The camera is used only when ``config.toml`` has a ``[camera]`` section with a ``source`` (index, file or URL).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from pos.devices.camera import CameraStatus, CameraWorker, Source
from pos.devices.frame_decoder import DecodedCode
from pos.devices.scan_dedup import ScanDeduper
from ui.i18n import core_words, tr
from ui.qt import QT_TR_NOOP, QFrame, QHBoxLayout, QImage, QLabel, QObject, QPixmap, Qt, QVBoxLayout, Signal
from ui.theme import set_role
from ui.widgets import ActionButton

#: ``[camera]`` keys for the scan deduper: seconds before the same code counts again after leaving the view, and
#: (optional) seconds after which a code held in view counts again.
DEDUP_OPTIONS = ("cooldown_s", "repeat_after_s")
WORKER_OPTIONS = (
    "width",
    "height",
    "fps",
    "fourcc",
    "preview_fps",
    "max_decode_fps",
    "max_capture_fps",
    "budget_ms",
)


class CameraBridge(QObject):
    """Owns a :class:`CameraWorker`; re-emits its callbacks as signals on the GUI thread."""

    code = Signal(str)
    frame = Signal(QImage)
    status = Signal(str, str, str)  # state (pos.devices.camera.CameraState value), vi, en

    def __init__(
        self, source: Source, options: Mapping[str, Any] | None = None, **worker_kwargs: Any
    ) -> None:
        super().__init__()
        options = options or {}
        kwargs = {k: v for k, v in options.items() if k in WORKER_OPTIONS}
        dedup = {k: options[k] for k in DEDUP_OPTIONS if k in options}
        if dedup:
            kwargs["deduper"] = ScanDeduper(**dedup)
        kwargs.update(worker_kwargs)
        self.worker = CameraWorker(
            source,
            on_code=self._on_code,
            on_status=self._on_status,
            on_frame=self._on_frame,
            **kwargs,
        )
        self.preview = True

    def start(self) -> None:
        self.worker.start()

    def stop(self) -> None:
        self.worker.stop()

    def _on_code(self, decoded: DecodedCode) -> None:
        self.code.emit(decoded.code)

    def _on_status(self, status: CameraStatus) -> None:
        self.status.emit(status.state.value, status.vi, status.en)

    def _on_frame(self, image: np.ndarray, codes: list[DecodedCode]) -> None:
        if not self.preview:
            return
        self.frame.emit(to_qimage(with_boxes(image, codes)))


def with_boxes(image: np.ndarray, codes: list[DecodedCode]) -> np.ndarray:
    """A copy of the frame with a green outline round each code read in it, so the cashier sees what was read."""
    if not codes:
        return image
    import cv2

    marked = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image.copy()
    thickness = max(2, min(marked.shape[:2]) // 160)
    for code in codes:
        points = np.array(code.polygon if len(code.polygon) >= 3 else _corners(code.rect), dtype=np.int32)
        cv2.polylines(marked, [points.reshape(-1, 1, 2)], True, (60, 200, 60), thickness)
    return marked


def _corners(rect: tuple[int, int, int, int]) -> list[tuple[int, int]]:
    x, y, w, h = rect
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]


def to_qimage(image: np.ndarray) -> QImage:
    """An OpenCV frame (BGR or grey, uint8) as a QImage that owns its pixels."""
    if image.ndim == 2:
        h, w = image.shape
        return QImage(image.data, w, h, image.strides[0], QImage.Format.Format_Grayscale8).copy()
    h, w = image.shape[:2]
    rgb = np.ascontiguousarray(image[:, :, 2::-1])
    return QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888).copy()


class CameraPanel(QFrame):
    """The preview: the camera's view, its status line and a Hide button. Hiding stops only the preview."""

    def __init__(self, bridge: CameraBridge, on_hide: Callable[[], None]) -> None:
        super().__init__()
        self.setObjectName("Card")
        self.bridge = bridge
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        top = QHBoxLayout()
        self.status = QLabel()
        set_role(self.status, "muted")
        self.status.setWordWrap(True)
        top.addWidget(self.status, 1)
        self.hide_button = ActionButton(QT_TR_NOOP("Hide camera"), "", "camera", "quiet", on_click=on_hide)
        top.addWidget(self.hide_button)
        lay.addLayout(top)
        self.view = QLabel()
        self.view.setObjectName("CameraView")
        self.view.setMinimumHeight(150)
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.view, 1)
        self._status = ("", "")
        bridge.frame.connect(self.show_frame)
        bridge.status.connect(self.show_status)
        self.show_status("", "", "")

    def show_frame(self, image: QImage) -> None:
        if not self.isVisible():
            return
        self.view.setPixmap(
            QPixmap.fromImage(image).scaled(
                self.view.size(), Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
            )
        )

    def show_status(self, _state: str, vi: str, en: str) -> None:
        self._status = (vi, en)
        text = core_words(vi, en)
        self.status.setText(text or tr("Camera scanner: hold the barcode up to the camera"))

    def retranslate(self) -> None:
        self.show_status("", *self._status)
