"""A crash is survivable: the real till process (``ocop-pos run``, offscreen) is killed or crashes in the middle
of a sale; started again, it has the same cart, says that it stopped unexpectedly, when, and where the log is.
Told to stop (SIGTERM: the computer shutting down), it closes cleanly and keeps the cart, with nothing to report.

The child (``till_child.py``) signs in and sells by real key events inside its own event loop, then reports the
cart it holds; the parent kills it with SIGKILL (or the child crashes in native code from a Qt slot: SIGSEGV, or
aborts: SIGABRT), starts it again, and reads what the second run shows.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from pos.last_run import MARKER_NAME
from pos.logs import FAULT_LOG_NAME, LOG_NAME
from tests.conftest_ui import demo_template

__all__ = ["demo_template"]

ROOT = Path(__file__).resolve().parents[2]
CASHIER, SHIFT_LEAD = "Nguyễn Thị Lan", "Trần Văn Hùng"


@pytest.fixture
def home(demo_template: Path, tmp_path: Path) -> Path:
    """A demo till's home (catalogue, staff, an open shift) of its own."""
    target = tmp_path / "home"
    shutil.copytree(demo_template, target)
    return target


def start(home: Path, mode: str) -> subprocess.Popen[str]:
    env = {**os.environ, "OCOP_POS_HOME": str(home), "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.till_child", mode],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def report_of(child: subprocess.Popen[str]) -> dict[str, Any]:
    """The child's JSON report (its first line starting with "{")."""
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("{"):
            return dict(json.loads(line))
    child.wait(timeout=30)
    raise AssertionError(
        f"the till reported nothing (exit {child.returncode}): {child.stderr.read()[-3000:]}"
    )  # type: ignore[union-attr]


def sell_then(home: Path, mode: str) -> tuple[dict[str, Any], int]:
    """A first run that sells and then ends as ``mode`` says; its report and exit status."""
    child = start(home, "sell" if mode in ("kill", "term") else mode)
    try:
        sold = report_of(child)
        if mode == "kill":
            child.send_signal(signal.SIGKILL)
        elif mode == "term":  # the computer shutting down, a service manager stopping the till
            child.send_signal(signal.SIGTERM)
        status = child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return sold, status


def start_again(home: Path) -> dict[str, Any]:
    """The second run: what it shows, then a normal close."""
    child = start(home, "inspect")
    try:
        shown = report_of(child)
        assert child.wait(timeout=60) == 0, child.stderr.read()[-3000:]  # type: ignore[union-attr]
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return shown


def check_sold(sold: dict[str, Any]) -> None:
    assert not sold["notice_visible"]  # the first run: nothing to report
    assert sold["cart_at_start"]["lines"] == []
    lines = sold["cart"]["lines"]
    assert [(sku, qty) for sku, qty, *_ in lines] == [("QN-0038", 1000), ("QN-0012", 1000), ("QN-0101", 2000)]
    assert [price for _, _, price, *_ in lines] == [390_000, 240_000, 45_000]
    assert sold["cart"]["sale_discount"] == [5, 0]
    assert sold["cart"]["total"] == 684_000  # (390 000 + 240 000 + 2 × 45 000) less 5 %


def test_a_till_killed_mid_sale_comes_back_with_the_same_cart_and_says_so(home: Path) -> None:
    sold, status = sell_then(home, "kill")
    assert status == -signal.SIGKILL
    check_sold(sold)
    assert (home / MARKER_NAME).exists()  # the run did not end

    shown = start_again(home)
    assert shown["cart_at_start"] == sold["cart"]  # the same lines, quantities, prices and discounts
    assert shown["cart"] == sold["cart"]
    log = home / "logs" / LOG_NAME
    assert shown["notice_visible"] and str(log) in shown["notice"]
    assert shown["notice"].startswith("Máy bán hàng đã dừng đột ngột vào khoảng ")  # killed: no dump
    assert "đang chờ trên màn hình bán hàng" in shown["notice"]
    assert (
        shown["signed_in"] == SHIFT_LEAD
    )  # another person signs in: the cart is the till's, its starter named
    assert (
        "được khôi phục sau khi máy dừng đột ngột" in shown["sale_notice"] and CASHIER in shown["sale_notice"]
    )
    assert not (home / MARKER_NAME).exists()  # the second run closed normally
    text = log.read_text(encoding="utf-8")
    assert f"(pid {sold['pid']}," in text and "was killed or lost power" in text
    assert "the sale in progress was restored: 3 lines, total 684000" in text


@pytest.mark.parametrize(
    ("mode", "signum", "fatal"),
    [("segv", signal.SIGSEGV, "Segmentation fault"), ("abort", signal.SIGABRT, "Aborted")],
)
def test_a_till_that_crashes_leaves_the_traceback_in_the_fault_log(
    home: Path, mode: str, signum: int, fatal: str
) -> None:
    sold, status = sell_then(home, mode)
    assert status == -signum
    check_sold(sold)
    faults = home / "logs" / FAULT_LOG_NAME
    dump = faults.read_text(encoding="utf-8")
    assert f"--- ocop-pos pid {sold['pid']} started" in dump
    assert f"Fatal Python error: {fatal}" in dump
    assert "crash_in_a_slot" in dump and "till_child.py" in dump  # the Python stack of the thread that died
    assert "Thread 0x" in dump or "Current thread 0x" in dump  # every thread's

    shown = start_again(home)
    assert shown["notice_visible"] and str(faults) in shown["notice"]
    assert "chương trình bị lỗi" in shown["notice"]  # a crash, with its dump
    assert shown["cart"] == sold["cart"]
    text = (home / "logs" / LOG_NAME).read_text(encoding="utf-8")
    assert "crashed at about" in text and "crash_in_a_slot" in text  # the dump is in the till's log too


def test_a_till_told_to_stop_closes_cleanly_and_keeps_the_cart(home: Path) -> None:
    sold, status = sell_then(home, "term")
    assert status == 0  # closed as by its close button
    check_sold(sold)
    assert not (home / MARKER_NAME).exists()
    assert "signal 15: closing the till" in (home / "logs" / LOG_NAME).read_text(encoding="utf-8")

    shown = start_again(home)
    assert not shown["notice_visible"]  # nothing went wrong
    assert shown["cart"] == sold["cart"]  # and the customer's basket is still there
    assert "Giao dịch đang bán dở lúc tắt máy đã được khôi phục" in shown["sale_notice"]
