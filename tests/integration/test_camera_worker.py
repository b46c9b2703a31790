"""CameraWorker on real video files (MJPG .avi written here), plus a fake camera only where hardware is the
edge under test (a USB camera being unplugged and plugged back)."""

from __future__ import annotations

import argparse
import itertools
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from pos.cli import camera as camera_commands
from pos.devices.camera import CameraState, CameraStatus, CameraWorker, CapturedFrame, FrameMailbox
from pos.devices.frame_decoder import DecodedCode, Frame, decode_frame
from pos.devices.scan_dedup import ScanDeduper
from tests import imaging
from tests.fake_camera import FakeCamera

EAN = imaging.SAMPLE_CODES["EAN13"][1]


@pytest.fixture(scope="module")
def pass_twice_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("video") / "label-passes-twice.avi"
    n = imaging.write_video(path, imaging.label_passes_twice_frames("EAN13", fps=15.0), 15.0, (640, 480))
    assert n >= 60  # ~4.5 s at 15 fps
    return path


@pytest.fixture(scope="module")
def indexed_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("video") / "indexed-30fps.avi"
    imaging.write_video(path, (imaging.indexed_frame(i) for i in range(60)), 30.0, (320, 240))
    return path


class Recorder:
    """Collects callbacks with the thread each one ran on."""

    def __init__(self) -> None:
        self.codes: list[DecodedCode] = []
        self.statuses: list[CameraStatus] = []
        self.frames: list[int] = []
        self.code_threads: set[int] = set()
        self.status_threads: set[int] = set()
        self.lock = threading.Lock()

    def on_code(self, code: DecodedCode) -> None:
        with self.lock:
            self.codes.append(code)
            self.code_threads.add(threading.get_ident())

    def on_status(self, status: CameraStatus) -> None:
        with self.lock:
            self.statuses.append(status)
            self.status_threads.add(threading.get_ident())

    def on_frame(self, frame: Frame, codes: list[DecodedCode]) -> None:
        with self.lock:
            self.frames.append(len(codes))

    def states(self) -> list[CameraState]:
        with self.lock:
            return [s.state for s in self.statuses]


def _wait_for(predicate: object, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(0.01)
    return False


def test_label_passing_twice_is_scanned_exactly_twice(pass_twice_video: Path) -> None:
    rec = Recorder()
    worker = CameraWorker(
        pass_twice_video, on_code=rec.on_code, on_status=rec.on_status, on_frame=rec.on_frame, preview_fps=5.0
    )
    started = time.monotonic()
    worker.start()
    worker.join(30)
    elapsed = time.monotonic() - started
    assert not worker.is_alive()
    assert [(c.symbology, c.code) for c in rec.codes] == [("EAN13", EAN), ("EAN13", EAN)]
    # callbacks come from the worker's threads, never from the caller's
    assert threading.get_ident() not in rec.code_threads | rec.status_threads
    assert rec.states() == [CameraState.OPENING, CameraState.RUNNING, CameraState.ENDED]
    assert rec.statuses[-1].message("en") == "The video source has ended; scanning stopped."
    assert "hết" in rec.statuses[-1].message("vi")
    # real-time pacing: a 4.5 s clip takes about 4.5 s (generous bounds: it is a pacing check, not a benchmark)
    assert elapsed >= 3.5
    stats = worker.stats()
    assert stats["frames_captured"] == stats["frames_decoded"] + stats["frames_dropped"]
    assert stats["codes_emitted"] == 2
    # preview was rate limited (5 per second at most) but did happen
    assert 1 <= len(rec.frames) <= elapsed * 5 + 1


def test_slow_decoder_gets_the_newest_frames_and_older_ones_are_dropped(indexed_video: Path) -> None:
    decoded: list[tuple[int, int]] = []  # (index read from the pixels, frames captured when it was done)
    decoder_threads: set[int] = set()
    worker: CameraWorker

    def slow_decoder(frame: Frame) -> list[DecodedCode]:
        index = imaging.read_frame_index(frame)
        decoder_threads.add(threading.get_ident())
        time.sleep(0.2)
        decoded.append((index, worker.frames_captured))
        return []

    worker = CameraWorker(indexed_video, decoder=slow_decoder, realtime=True, max_decode_fps=None)
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    stats = worker.stats()
    assert stats["frames_captured"] == 60
    assert stats["frames_dropped"] > 0
    assert stats["frames_decoded"] + stats["frames_dropped"] == 60
    indices = [i for i, _ in decoded]
    assert indices == sorted(set(indices))  # strictly increasing
    assert any(b - a > 1 for a, b in itertools.pairwise(indices))  # with gaps
    assert len(decoded) < 30  # ~2 s of video at 5 decodes/s; a queue would have decoded all 60
    # nothing queued: the frame taken after a decode is at least the newest one captured by its end
    for (_, captured_by_end), (next_index, _) in itertools.pairwise(decoded):
        assert next_index >= captured_by_end - 1, decoded
    assert indices[-1] == 59  # the last frame of the clip is decoded, not some stale early one
    assert threading.get_ident() not in decoder_threads


def test_fast_mode_still_goes_through_the_one_slot_mailbox(indexed_video: Path) -> None:
    seen: list[int] = []

    def decoder(frame: Frame) -> list[DecodedCode]:
        seen.append(imaging.read_frame_index(frame))
        time.sleep(0.05)
        return []

    worker = CameraWorker(indexed_video, decoder=decoder, realtime=False)
    worker.start()
    worker.join(30)
    stats = worker.stats()
    assert stats["frames_captured"] == 60
    assert stats["frames_dropped"] > 0
    assert stats["frames_decoded"] + stats["frames_dropped"] == 60
    assert seen == sorted(set(seen)) and seen[-1] == 59  # the final frame is decoded, never lost


def test_missing_video_file_reports_no_camera_and_ends(tmp_path: Path) -> None:
    rec = Recorder()
    worker = CameraWorker(tmp_path / "không-có.avi", on_status=rec.on_status)
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    assert rec.states() == [CameraState.OPENING, CameraState.NO_CAMERA]
    assert "Cannot open the video file" in rec.statuses[-1].en
    assert worker.stop() is True


def test_absent_camera_reports_no_camera_keeps_retrying_and_stops_cleanly() -> None:
    opened = []

    def factory(source: int | str) -> object:
        import cv2

        opened.append(source)
        return cv2.VideoCapture("/nonexistent/camera-device.avi")  # a real capture that cannot open

    rec = Recorder()
    worker = CameraWorker(7, on_status=rec.on_status, capture_factory=factory, retry_delays_s=(0.01,))  # type: ignore[arg-type]
    worker.start()
    assert _wait_for(lambda: len(opened) >= 3)
    assert worker.is_alive()  # a shop may plug the camera in later
    assert rec.states()[:2] == [CameraState.OPENING, CameraState.NO_CAMERA]
    assert rec.states().count(CameraState.NO_CAMERA) == 1  # not repeated on every retry
    assert "camera USB" in rec.statuses[1].vi and "index 7" in rec.statuses[1].en
    assert worker.stop(timeout=5) is True
    assert rec.states()[-1] == CameraState.STOPPED


def test_real_absent_camera_index_never_raises() -> None:
    rec = Recorder()
    worker = CameraWorker(97, on_status=rec.on_status, retry_delays_s=(0.05,))
    worker.start()
    assert _wait_for(lambda: CameraState.NO_CAMERA in rec.states() or CameraState.RUNNING in rec.states())
    assert worker.stop(timeout=10) is True
    if CameraState.RUNNING in rec.states():
        pytest.skip("this machine really has a camera at index 97")
    assert rec.states()[-1] == CameraState.STOPPED


def usb_camera(frames: list[Frame], fail_after: int | None) -> FakeCamera:
    """A USB webcam at 60 frames a second: serves rendered frames, then (unplugged) every read fails."""
    return FakeCamera(frames, delay_s=1 / 60, fail_after=fail_after)


def test_unplugged_camera_is_reported_and_reconnected() -> None:
    label = imaging.degraded_frame("EAN13", "plain", 0)
    empty = imaging.empty_frame(0)
    cameras: list[FakeCamera | None] = [
        usb_camera([label], fail_after=20),  # works, then the cable is pulled
        None,  # still unplugged: opening fails...
        None,
        usb_camera([empty] * 5 + [label] * 5, fail_after=None),  # ...plugged back in
    ]
    made: list[FakeCamera] = []

    class NotOpened(FakeCamera):
        def isOpened(self) -> bool:
            return False

    def factory(source: int | str) -> FakeCamera:
        cam = cameras.pop(0) if cameras else usb_camera([label], fail_after=None)
        cam = cam if cam is not None else NotOpened([None])
        made.append(cam)
        return cam

    rec = Recorder()
    worker = CameraWorker(
        0,
        on_code=rec.on_code,
        on_status=rec.on_status,
        capture_factory=factory,
        retry_delays_s=(0.02, 0.05),
        deduper=ScanDeduper(cooldown_s=0.0, absent_frames=2),
        width=1280,
        height=720,
    )
    worker.start()
    assert _wait_for(lambda: rec.states().count(CameraState.RUNNING) >= 2 and len(rec.codes) >= 2)
    assert worker.stop() is True
    states = rec.states()
    assert states[:3] == [CameraState.OPENING, CameraState.RUNNING, CameraState.UNPLUGGED]
    assert states[3] == CameraState.RUNNING and "reconnected" in rec.statuses[3].en
    assert CameraState.NO_CAMERA not in states  # while unplugged, failures to reopen keep saying so
    assert states[-1] == CameraState.STOPPED
    assert all(c.code == EAN for c in rec.codes)
    assert all(cam.released for cam in made)
    import cv2

    assert made[0].settings[cv2.CAP_PROP_FRAME_WIDTH] == 1280
    assert made[0].settings[cv2.CAP_PROP_BUFFERSIZE] == 1


def test_a_camera_that_never_blocks_is_read_at_most_max_capture_fps() -> None:
    """Unpaced, such a capture loop reads hundreds of thousands of frames a second and starves the GUI thread.
    Only an upper bound is asserted: a slow machine reads fewer frames, never more."""
    cam = FakeCamera([imaging.empty_frame(0)])  # a driver (or stream) whose read() returns at once
    worker = CameraWorker(
        0, capture_factory=lambda _source: cam, decoder=lambda _frame: [], max_capture_fps=50
    )
    started = time.monotonic()
    worker.start()
    assert _wait_for(lambda: cam.reads >= 1)
    time.sleep(0.5)
    assert worker.stop() is True
    elapsed = time.monotonic() - started
    assert cam.reads <= 50 * elapsed + 2


def test_failing_callbacks_and_decoder_do_not_kill_the_worker(pass_twice_video: Path) -> None:
    calls = {"decoder": 0, "code": 0}

    def flaky_decoder(frame: Frame) -> list[DecodedCode]:
        calls["decoder"] += 1
        if calls["decoder"] % 2:
            raise RuntimeError("decoder hiccup")
        return decode_frame(frame)

    def bad_on_code(code: DecodedCode) -> None:
        calls["code"] += 1
        raise RuntimeError("GUI bug")

    def bad_on_status(status: CameraStatus) -> None:
        raise RuntimeError("GUI bug")

    worker = CameraWorker(
        pass_twice_video, decoder=flaky_decoder, on_code=bad_on_code, on_status=bad_on_status, realtime=False
    )
    worker.start()
    worker.join(30)
    assert not worker.is_alive()
    assert worker.status is not None and worker.status.state == CameraState.ENDED
    assert calls["decoder"] == worker.frames_decoded > 0


def test_stop_is_prompt_and_idempotent(pass_twice_video: Path) -> None:
    rec = Recorder()
    worker = CameraWorker(pass_twice_video, on_status=rec.on_status)
    assert worker.stop() is True  # before start: nothing to do
    worker = CameraWorker(pass_twice_video, on_status=rec.on_status)
    worker.start()
    assert _wait_for(lambda: worker.frames_captured > 3)
    assert worker.stop(timeout=5) is True
    assert worker.stop() is True
    assert rec.states()[-1] == CameraState.STOPPED
    stats = worker.stats()
    assert stats["frames_captured"] == stats["frames_decoded"] + stats["frames_dropped"]


def test_mailbox_keeps_only_the_newest() -> None:
    box = FrameMailbox()
    img = np.zeros((2, 2), np.uint8)
    assert box.put(CapturedFrame(0, 0.0, img)) is False
    assert box.put(CapturedFrame(1, 0.1, img)) is True  # frame 0 dropped
    taken = box.take(timeout=0)
    assert taken is not None and taken.index == 1
    assert box.take(timeout=0) is None
    box.put(CapturedFrame(2, 0.2, img))
    box.close()
    assert not box.closed  # still holds frame 2 for the reader
    taken = box.take()
    assert taken is not None and taken.index == 2
    assert box.closed and box.take() is None
    box2 = FrameMailbox()
    box2.put(CapturedFrame(0, 0.0, img))
    assert box2.close(discard=True) is True and box2.take() is None


def test_camera_test_command_on_a_video_file(
    pass_twice_video: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default=None)
    camera_commands.register(parser.add_subparsers())
    # Paced like a real camera: with --fast a loaded machine may drop every frame that shows the label.
    args = parser.parse_args(["--lang", "en", "camera-test", "--source", str(pass_twice_video)])
    assert args.handler(args) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [f"EAN13\t{EAN}"] * 2 or captured.out.splitlines() == [
        f"EAN13\t{EAN}"
    ]
    assert "[ended] The video source has ended" in captured.err
    assert "frames: captured" in captured.err

    args = parser.parse_args(["camera-test", "--source", "/nonexistent/cam.avi"])
    assert args.handler(args) == 1
    assert "Không mở được tệp video" in capsys.readouterr().err


def test_stop_from_inside_a_callback(pass_twice_video: Path) -> None:
    """A GUI may stop the camera from on_code (e.g. "one scan then close"): no deadlock, one scan."""
    rec = Recorder()
    box: list[CameraWorker] = []

    def on_code(code: DecodedCode) -> None:
        rec.on_code(code)
        assert box[0].stop() is False  # cannot wait for its own thread; asks and returns

    worker = CameraWorker(pass_twice_video, on_code=on_code, on_status=rec.on_status)
    box.append(worker)
    worker.start()
    worker.join(15)
    assert not worker.is_alive()
    assert len(rec.codes) == 1
    assert rec.states()[-1] == CameraState.STOPPED
