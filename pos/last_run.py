"""Did the till's last run end cleanly? A marker file in the till's home says a run is under way.

``ocop-pos run`` writes ``<home>/till.running`` as it starts (the process's identity, when it started, where its
fault dumps go) and removes it when the till closes normally. Found at the next start with its process gone, it
means the last run did not end: the till crashed, was killed, or the computer lost power or was reset. Which of
these is told apart by what was left behind:

* a **crash** leaves a dump in ``faults.log`` (``pos.logs.enable_fault_log``) after the point its run started at;
* a **restart** (power cut, reset, shut down with the till open): the machine's boot id changed since (Linux);
* anything else — killed by the system (out of memory), by a person (task manager, ``kill -9``) — is **killed**.

When it stopped is the dump's time for a crash, else the last sign of life: the marker is touched every minute
while the till runs (``Run.heartbeat``) and the till's log is written as things happen; the later of the two.

The process is recognised by its boot id, pid and start time (Linux ``/proc``), so a pid reused by another
program after a crash is not mistaken for a till still running; a till that really is running on the same home
refuses a second one (two tills on one database would overwrite each other's open cart).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pos.errors import PosError
from pos.files import fsync_dir
from pos.logs import LOG_NAME, FaultLog, enable_fault_log

MARKER_NAME = "till.running"
#: How much of a fault dump is kept for the notice and the log (a dump of every thread can be long).
DUMP_CHARS = 4000
#: This process, whatever its pid (a restart inside the process — after restoring a backup — is not a new run).
_PROCESS_TOKEN = uuid.uuid4().hex

log = logging.getLogger("ocop_pos.last_run")

KINDS = ("crash", "restart", "killed")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _utc_from_timestamp(ts: float) -> dt.datetime:
    return dt.datetime.fromtimestamp(ts, dt.UTC).replace(tzinfo=None)


class AlreadyRunning(PosError):
    """Another till process is running on this home (same database): a second one is refused."""


@dataclass(frozen=True, slots=True)
class UncleanStop:
    """The last run did not end cleanly. Times are naive UTC, like every stored time of the till."""

    kind: str  # one of KINDS
    started_at: dt.datetime
    stopped_at: dt.datetime  # the dump's time (crash), else the last sign of life
    log_path: Path  # the file to read: the fault dump for a crash, else the till's log
    pid: int
    dump: str = ""  # the start of the fault dump (crash only)

    def summary(self) -> str:
        """One line for the log (English, like the rest of the log)."""
        what = {
            "crash": "crashed",
            "restart": "stopped when the computer restarted or lost power",
            "killed": "was killed or lost power",
        }[self.kind]
        return (
            f"the last run of the till (pid {self.pid}, started {self.started_at:%Y-%m-%d %H:%M:%S} UTC) {what} "
            f"at about {self.stopped_at:%Y-%m-%d %H:%M:%S} UTC; see {self.log_path}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "started_at": self.started_at.isoformat(),
            "stopped_at": self.stopped_at.isoformat(),
            "log_path": str(self.log_path),
            "pid": self.pid,
            "dump": self.dump,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UncleanStop:
        return cls(
            kind=str(data["kind"]),
            started_at=dt.datetime.fromisoformat(data["started_at"]),
            stopped_at=dt.datetime.fromisoformat(data["stopped_at"]),
            log_path=Path(data["log_path"]),
            pid=int(data["pid"]),
            dump=str(data.get("dump", "")),
        )


# --- who is this process -------------------------------------------------------------------------------------
def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip() or None
    except OSError:
        return None


def _proc_start(pid: int) -> str | None:
    """The process's start time in clock ticks after boot (Linux), None if there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()  # the name in brackets may hold spaces
    return fields[19] if len(fields) > 19 else None  # field 22 of proc(5), counted from field 3


def _on_linux() -> bool:
    return sys.platform.startswith("linux") and Path("/proc/self/stat").exists()


def _alive(doc: dict[str, Any]) -> bool:
    """Whether the process the marker names is still running (a till on this home)."""
    pid = int(doc.get("pid", 0))
    if pid <= 0:
        return False
    if _on_linux():
        if doc.get("boot_id") and doc["boot_id"] != _boot_id():
            return False
        start = _proc_start(pid)
        return start is not None and start == doc.get("proc_start")
    if (
        os.name == "posix"
    ):  # no start time to compare: a live pid is taken as the till (the message says how out)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    # Windows: os.kill(pid, 0) would end the process. A reused pid is likelier than two tills on one home, and
    # refusing wrongly would keep the shop from selling: the process is taken as gone.
    return False


# --- the marker ------------------------------------------------------------------------------------------------
def marker_path(home: Path) -> Path:
    return home / MARKER_NAME


def _write_marker(path: Path, doc: dict[str, Any]) -> None:
    """Written aside, synced, renamed over: after a power cut the marker is whole or absent, never half."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)


def _mtime(path: Path) -> dt.datetime | None:
    try:
        return _utc_from_timestamp(path.stat().st_mtime)
    except OSError:
        return None


def _read_dump(path: Path, offset: int) -> str | None:
    """What the fault handler wrote after ``offset`` (None when nothing)."""
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read(DUMP_CHARS * 4)
    except OSError:
        return None
    text = data.decode("utf-8", errors="replace").strip()
    return text[:DUMP_CHARS] if text else None


def _verdict(doc: dict[str, Any], marker: Path, log_dir: Path) -> UncleanStop:
    """How the run the marker describes ended, from what it left behind."""
    marker_time = _mtime(marker) or _utcnow()
    try:
        started = dt.datetime.fromisoformat(str(doc["started_at"]))
    except (KeyError, ValueError):
        started = marker_time
    pid = int(doc.get("pid", 0) or 0)
    fault_path = Path(str(doc.get("fault_log") or log_dir / "faults.log"))
    dump = _read_dump(fault_path, int(doc.get("fault_offset", 0) or 0)) if doc.get("fault_log") else None
    if dump is not None:
        return UncleanStop("crash", started, _mtime(fault_path) or marker_time, fault_path, pid, dump)
    main_log = log_dir / LOG_NAME
    seen = [t for t in (marker_time, _mtime(main_log)) if t is not None and t >= started]
    stopped = max(seen) if seen else started
    booted_since = bool(doc.get("boot_id")) and _boot_id() not in (None, doc.get("boot_id"))
    return UncleanStop("restart" if booted_since else "killed", started, stopped, main_log, pid)


def _previous(marker: Path, log_dir: Path) -> UncleanStop | None:
    """The last run's unclean stop, None if it ended cleanly; refuses if it is still running."""
    try:
        raw = marker.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except OSError:
        raw = ""
    try:
        doc = json.loads(raw)
        if not isinstance(doc, dict):
            raise ValueError(raw)
    except ValueError:
        doc = {}  # unreadable: still a run that did not end
    if doc.get("token") == _PROCESS_TOKEN:  # this very process started before (a restart after a restore)
        prev = doc.get("previous")
        return UncleanStop.from_dict(prev) if isinstance(prev, dict) else None
    if _alive(doc):
        raise AlreadyRunning(
            f"Máy bán hàng đang chạy trên máy tính này (tiến trình {doc.get('pid')}). Hãy dùng cửa sổ đang mở. "
            f"Nếu không có cửa sổ nào mở, xoá tệp {marker} rồi mở lại.",
            f"The till is already running on this computer (process {doc.get('pid')}). Use the open window. "
            f"If no till window is open, delete {marker} and start again.",
            code="already_running",
        )
    return _verdict(doc, marker, log_dir)


@dataclass
class Run:
    """This run of the till: how the last one ended, where fault dumps go; ``end`` when the till closes."""

    marker: Path
    previous: UncleanStop | None
    fault_log: FaultLog

    def heartbeat(self) -> None:
        """A sign of life (a crash's time is known to within one beat). Never raises: it must not stop the till."""
        try:
            os.utime(self.marker)
        except FileNotFoundError:  # never written (logged at start), or removed by hand
            return
        except OSError as exc:
            log.warning("cannot touch %s: %s", self.marker, exc)

    def end(self) -> None:
        """The till closed normally: the next start has nothing to report."""
        end_run(self.marker.parent)


def end_run(home: Path) -> None:
    """This process's run on ``home`` ended normally (closed, or a start that failed and said why): the marker
    goes. A marker of another process (a till running, or one that stopped unexpectedly) is left alone."""
    marker = marker_path(home)
    try:
        doc = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(doc, dict) or doc.get("token") != _PROCESS_TOKEN:
        return
    try:
        marker.unlink(missing_ok=True)
        fsync_dir(home)
    except OSError as exc:
        log.warning("cannot remove %s: %s", marker, exc)


def begin_run(home: Path, log_dir: Path, *, now: dt.datetime | None = None) -> Run:
    """Start a run of the till on ``home``: read how the last one ended, enable the fault log, write the marker.

    Raises :class:`AlreadyRunning` when a till process is running on this home now.
    """
    marker = marker_path(home)
    previous = _previous(marker, log_dir)  # before anything of this run touches the logs
    fault = enable_fault_log(log_dir)
    doc = {
        "pid": os.getpid(),
        "token": _PROCESS_TOKEN,
        "boot_id": _boot_id(),
        "proc_start": _proc_start(os.getpid()) if _on_linux() else None,
        "started_at": (now or _utcnow()).isoformat(),
        "fault_log": str(fault.path),
        "fault_offset": fault.offset,
        "previous": previous.to_dict() if previous is not None else None,
    }
    try:
        _write_marker(marker, doc)
    except OSError as exc:  # the till still sells; only the next start cannot tell how this run ended
        log.error("cannot write %s: %s", marker, exc)
    return Run(marker, previous, fault)
