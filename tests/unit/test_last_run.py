"""How the last run ended (``pos.last_run``) and the fault log (``pos.logs``): real child processes that end
cleanly, are killed with SIGKILL, or crash in native code; a till still running refuses a second one; a reused pid
is not taken for a running till; uncaught errors of any thread reach the log."""

from __future__ import annotations

import datetime as dt
import faulthandler
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.last_run import MARKER_NAME, AlreadyRunning, UncleanStop, _boot_id, begin_run, end_run, marker_path
from pos.logs import FAULT_LOG_MAX_BYTES, FAULT_LOG_NAME, LOG_NAME, enable_fault_log, setup_logging

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fault_handler_back_to_stderr() -> Iterator[None]:
    """begin_run points the process's fault handler at a test's folder: give it back to stderr after."""
    yield
    faulthandler.enable(file=sys.__stderr__, all_threads=True)


def child(home: Path, then: str) -> subprocess.CompletedProcess[str]:
    """A process that starts a run on ``home`` and then does ``then`` (Python)."""
    code = (
        "import faulthandler, os, signal, sys\n"
        "from pathlib import Path\n"
        "from pos.last_run import begin_run\n"
        f"home = Path({str(home)!r})\n"
        "run = begin_run(home, home / 'logs')\n"
        "print(os.getpid(), flush=True)\n"
        f"{then}\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_a_clean_end_leaves_nothing_to_report(tmp_path: Path) -> None:
    done = child(tmp_path, "run.end()")
    assert done.returncode == 0, done.stderr
    assert not marker_path(tmp_path).exists()
    run = begin_run(tmp_path, tmp_path / "logs")
    assert run.previous is None
    run.end()


def test_a_killed_run_is_reported_with_its_last_sign_of_life(tmp_path: Path) -> None:
    done = child(tmp_path, "run.heartbeat(); os.kill(os.getpid(), signal.SIGKILL)")
    assert done.returncode == -signal.SIGKILL
    pid = int(done.stdout.split()[0])
    doc = json.loads(marker_path(tmp_path).read_text(encoding="utf-8"))
    assert doc["pid"] == pid and doc["fault_log"] == str(tmp_path / "logs" / FAULT_LOG_NAME)
    # it ran for two hours: its last heartbeat was 90 s ago, and it wrote its log 30 s ago
    now = time.time()
    doc["started_at"] = dt.datetime.fromtimestamp(now - 7200, dt.UTC).replace(tzinfo=None).isoformat()
    marker_path(tmp_path).write_text(json.dumps(doc), encoding="utf-8")
    os.utime(marker_path(tmp_path), (now - 90, now - 90))
    (tmp_path / "logs" / LOG_NAME).write_text("…\n", encoding="utf-8")
    os.utime(tmp_path / "logs" / LOG_NAME, (now - 30, now - 30))

    run = begin_run(tmp_path, tmp_path / "logs")
    stop = run.previous
    assert stop is not None and stop.kind == "killed" and stop.pid == pid and stop.dump == ""
    assert stop.log_path == tmp_path / "logs" / LOG_NAME
    last_sign = dt.datetime.fromtimestamp(now - 30, dt.UTC).replace(tzinfo=None)
    assert abs((stop.stopped_at - last_sign).total_seconds()) < 1  # the later of the heartbeat and the log
    assert stop.started_at.isoformat() == doc["started_at"]
    assert f"pid {pid}" in stop.summary() and "was killed or lost power" in stop.summary()
    run.end()
    assert begin_run(tmp_path, tmp_path / "logs").previous is None  # told once


def test_a_crash_in_native_code_leaves_its_traceback_in_the_fault_log(tmp_path: Path) -> None:
    done = child(
        tmp_path,
        "def deep_in_the_till():\n    faulthandler._sigsegv()\ndeep_in_the_till()",
    )
    assert done.returncode == -signal.SIGSEGV
    run = begin_run(tmp_path, tmp_path / "logs")
    stop = run.previous
    assert stop is not None and stop.kind == "crash" and stop.log_path == tmp_path / "logs" / FAULT_LOG_NAME
    assert "Segmentation fault" in stop.dump and "deep_in_the_till" in stop.dump
    dump = (tmp_path / "logs" / FAULT_LOG_NAME).read_text(encoding="utf-8")
    assert (
        "deep_in_the_till" in dump and dump.count("--- ocop-pos pid") == 2
    )  # the crashed run's and this one's
    run.end()


def test_a_run_after_a_power_cut_is_told_apart_by_the_boot_id(tmp_path: Path) -> None:
    assert _boot_id() is not None  # the test machine is Linux
    done = child(tmp_path, "os.kill(os.getpid(), signal.SIGKILL)")
    assert done.returncode == -signal.SIGKILL
    marker = marker_path(tmp_path)
    doc = json.loads(marker.read_text(encoding="utf-8"))
    doc["boot_id"] = "00000000-0000-0000-0000-000000000000"  # as if written before the machine restarted
    marker.write_text(json.dumps(doc), encoding="utf-8")
    stop = begin_run(tmp_path, tmp_path / "logs").previous
    assert stop is not None and stop.kind == "restart"
    end_run(tmp_path)


def test_a_till_still_running_refuses_a_second_and_a_reused_pid_does_not(tmp_path: Path) -> None:
    code = (
        "import sys, time\nfrom pathlib import Path\nfrom pos.last_run import begin_run\n"
        f"begin_run(Path({str(tmp_path)!r}), Path({str(tmp_path / 'logs')!r}))\n"
        "print('ready', flush=True)\ntime.sleep(60)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    running = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert running.stdout is not None and running.stdout.readline().strip() == "ready"
        with pytest.raises(AlreadyRunning) as refused:
            begin_run(tmp_path, tmp_path / "logs")
        assert refused.value.code == "already_running" and str(marker_path(tmp_path)) in refused.value.en
        end_run(tmp_path)  # not this process's marker: left alone
        assert marker_path(tmp_path).exists()
        # the same pid, another process (its start time differs): the run it names is over
        marker = marker_path(tmp_path)
        doc = json.loads(marker.read_text(encoding="utf-8"))
        doc["proc_start"] = "1"
        marker.write_text(json.dumps(doc), encoding="utf-8")
        stop = begin_run(tmp_path, tmp_path / "logs").previous
        assert stop is not None and stop.pid == running.pid and stop.kind == "killed"
        end_run(tmp_path)
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait()


def test_a_restart_inside_the_process_keeps_what_the_first_start_found(tmp_path: Path) -> None:
    """After a corrupt database is restored, ``ocop-pos run`` starts again in the same process."""
    done = child(tmp_path, "os.kill(os.getpid(), signal.SIGKILL)")
    assert done.returncode == -signal.SIGKILL
    first = begin_run(tmp_path, tmp_path / "logs")
    second = begin_run(tmp_path, tmp_path / "logs")
    assert first.previous is not None and second.previous == first.previous
    assert UncleanStop.from_dict(first.previous.to_dict()) == first.previous
    second.end()
    assert not (tmp_path / MARKER_NAME).exists()


def test_an_unreadable_marker_still_counts_as_a_run_that_did_not_end(tmp_path: Path) -> None:
    marker_path(tmp_path).write_text('{"pid": 12', encoding="utf-8")  # cut short (not our atomic write)
    stop = begin_run(tmp_path, tmp_path / "logs").previous
    assert stop is not None and stop.kind == "killed"
    end_run(tmp_path)


def test_the_fault_log_is_kept_open_and_rotated_when_large(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / FAULT_LOG_NAME).write_bytes(b"x" * (FAULT_LOG_MAX_BYTES + 1))
    fault = enable_fault_log(logs)
    assert (logs / (FAULT_LOG_NAME + ".1")).stat().st_size == FAULT_LOG_MAX_BYTES + 1
    assert fault.offset == (logs / FAULT_LOG_NAME).stat().st_size
    assert (
        (logs / FAULT_LOG_NAME)
        .read_text(encoding="utf-8")
        .startswith(f"--- ocop-pos pid {os.getpid()} started")
    )
    assert faulthandler.is_enabled()  # where a dump goes is shown by the crash test above


def test_uncaught_errors_of_worker_threads_reach_the_log(tmp_path: Path) -> None:
    root = logging.getLogger()
    before_handlers, before_level = list(root.handlers), root.level
    before_hooks = (sys.excepthook, threading.excepthook)
    try:
        path = setup_logging(tmp_path)

        def worker() -> None:
            raise ValueError("the printer thread failed")

        thread = threading.Thread(target=worker, name="PrintWorker")
        thread.start()
        thread.join()
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "CRITICAL PrintWorker ocop_pos: uncaught exception in thread PrintWorker" in text
        assert "ValueError: the printer thread failed" in text
    finally:
        for handler in [h for h in root.handlers if h not in before_handlers]:
            root.removeHandler(handler)
            handler.close()
        root.setLevel(before_level)
        sys.excepthook, threading.excepthook = before_hooks
