"""The persistent print queue against a real TCP fake printer and real SQLite files.

Nothing here asserts on elapsed time: the tests wait for events (a state reported, the queue idle, bytes received)
with generous timeouts and then check what happened, in what order, how many times.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from pos.errors import DatabaseError, PosError
from pos.receipts.connections import PrinterConnection, make_connection
from pos.receipts.printer_config import PrinterConfig
from pos.receipts.queue import REPRINT_BANNER, PrintQueue, QueueState, drawer_pulse
from tests.fake_printer import FakePrinter

WAIT = 15.0  # generous upper bound for anything to happen; never an assertion on speed
PULSE_PIN2 = bytes.fromhex("1b700019fa")
PULSE_PIN5 = bytes.fromhex("1b700119fa")


def receipt(n: int, size: int = 300) -> bytes:
    """A distinct job body with no DLE EOT inside (a printer would take that as a status query)."""
    body = f"HOA DON {n:05d}\n".encode() + bytes((32 + (n + i) % 90) for i in range(size))
    return b"\x1b@" + body + b"\x1dV\x00"


class StateLog:
    """on_status callback that keeps every state and lets a test wait for one."""

    def __init__(self) -> None:
        self.states: list[QueueState] = []
        self._cond = threading.Condition()

    def __call__(self, state: QueueState) -> None:
        with self._cond:
            self.states.append(state)
            self._cond.notify_all()

    def wait_for(self, predicate: Callable[[QueueState], bool], timeout: float = WAIT) -> QueueState:
        with self._cond:
            assert self._cond.wait_for(lambda: any(predicate(s) for s in self.states), timeout), self.states
            return next(s for s in self.states if predicate(s))


@pytest.fixture
def tcp_printer() -> Iterator[FakePrinter]:
    with FakePrinter() as fake:
        yield fake


def network(fake: FakePrinter) -> Callable[[], PrinterConnection]:
    config = PrinterConfig(
        kind="network",
        host=fake.host,
        port=fake.port,
        connect_timeout_s=2.0,
        write_timeout_s=5.0,
        status_timeout_s=0.3,
    )
    return lambda: make_connection(config)


MakeQueue = Callable[..., PrintQueue]


@pytest.fixture
def make_queue(tmp_path: Path) -> Iterator[MakeQueue]:
    """Queues on tmp_path/queue.sqlite3 with tiny backoff delays; all closed (threads joined) after the test."""
    made: list[PrintQueue] = []

    def make(factory: Callable[[], PrinterConnection], **options: object) -> PrintQueue:
        settings: dict[str, object] = {"retry_initial_s": 0.01, "retry_max_s": 0.05, **options}
        queue = PrintQueue(tmp_path / "queue.sqlite3", factory, **settings)  # type: ignore[arg-type]
        made.append(queue)
        return queue

    yield make
    for queue in made:
        queue.close()
    assert not [t for t in threading.enumerate() if t.name == "print-queue"]


def test_prints_exact_bytes(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    log = StateLog()
    queue = make_queue(network(tcp_printer), on_status=log)
    queue.start()
    job_id = queue.submit(receipt(1), kind="receipt", ref="HD-0001")
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [receipt(1)]
    job = queue.job(job_id)
    assert job is not None
    assert (job.state, job.kind, job.ref, job.attempts, job.data) == (
        "done",
        "receipt",
        "HD-0001",
        0,
        receipt(1),
    )
    assert job.printed_at is not None
    final = log.wait_for(lambda s: s.pending == 0 and s.printer_status is not None)
    assert final.online and final.last_error_vi is None
    assert final.printer_status is not None and final.printer_status.can_print


def test_dead_printer_keeps_twenty_jobs_then_prints_them_in_order_once(
    tcp_printer: FakePrinter, make_queue: MakeQueue
) -> None:
    tcp_printer.play_dead()
    log = StateLog()
    queue = make_queue(network(tcp_printer), on_status=log)
    queue.start()
    jobs = [receipt(n) for n in range(20)]
    ids = [queue.submit(data, kind="receipt", ref=f"HD-{n:04d}") for n, data in enumerate(jobs)]
    # Every submit returned while the printer was dead: all 20 are stored, none printed.
    assert ids == sorted(ids) and len(set(ids)) == 20
    assert queue.pending() == 20
    assert tcp_printer.received() == b""
    offline = log.wait_for(lambda s: not s.online)
    assert offline.last_error_vi is not None and "Máy in tắt hoặc không kết nối được" in offline.last_error_vi
    assert offline.last_error_en is not None and "connection refused" in offline.last_error_en
    log.wait_for(lambda s: not s.online and s.pending == 20)

    tcp_printer.come_back()
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == jobs
    assert all(job.state == "done" for job in map(queue.job, ids) if job is not None)
    log.wait_for(lambda s: s.online and s.pending == 0 and s.last_error_vi is None)


def test_submit_from_many_threads(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    queue = make_queue(network(tcp_printer))
    queue.start()
    submitted: dict[int, bytes] = {}
    lock = threading.Lock()

    def cashier(start: int) -> None:
        for n in range(start, start + 10):
            job_id = queue.submit(receipt(n), kind="receipt", ref=str(n))
            with lock:
                submitted[job_id] = receipt(n)

    threads = [threading.Thread(target=cashier, args=(k * 100,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [submitted[job_id] for job_id in sorted(submitted)]


def test_connection_dropped_mid_job_resends_the_whole_job(
    tcp_printer: FakePrinter, make_queue: MakeQueue
) -> None:
    """The torn part prints on paper (as on any printer), then the job arrives whole and the queue moves on."""
    first, second = receipt(1, size=5000), receipt(2)
    tcp_printer.drop_after(100)
    queue = make_queue(network(tcp_printer))
    first_id = queue.submit(first, kind="receipt", ref="HD-1")
    queue.submit(second, kind="receipt", ref="HD-2")
    queue.start()
    assert queue.wait_idle(WAIT)
    jobs = tcp_printer.jobs()
    assert jobs[0] == first[:100]  # the torn print
    assert jobs.count(first) >= 1  # the whole job, intact, at least once
    assert jobs[-1] == second and jobs.count(second) == 1  # and the queue moved on
    job = queue.job(first_id)
    assert job is not None and job.state == "done" and job.attempts >= 1
    assert job.last_error is not None and "Lost the connection to the printer" in job.last_error


@pytest.mark.parametrize(
    ("problem", "words"), [("paper_out", "Hết giấy"), ("cover_open", "Nắp máy in đang mở")]
)
def test_job_waits_while_printer_reports_a_problem(
    tcp_printer: FakePrinter, make_queue: MakeQueue, problem: str, words: str
) -> None:
    getattr(tcp_printer, problem)()
    log = StateLog()
    queue = make_queue(network(tcp_printer), on_status=log)
    queue.start()
    queue.submit(receipt(7), kind="receipt", ref="HD-7")
    waiting = log.wait_for(lambda s: s.printer_status is not None and not s.printer_status.can_print)
    assert not waiting.online and waiting.pending == 1
    assert waiting.last_error_vi == f"Đang chờ máy in: {words}"
    # The worker keeps asking (more than one status round) and never sends the job meanwhile.
    assert tcp_printer.wait_until(lambda p: p.status_queries() >= 8)
    assert tcp_printer.jobs() == [] and queue.pending() == 1

    tcp_printer.clear_status()
    queue.retry_now()
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [receipt(7)]
    log.wait_for(lambda s: s.online and s.pending == 0)


def test_paper_out_still_opens_the_drawer_for_a_cash_sale(
    tcp_printer: FakePrinter, make_queue: MakeQueue
) -> None:
    """Change must be given while the receipts wait for paper: a real-time pulse, once, then no ESC p later."""
    tcp_printer.paper_out()
    log = StateLog()
    queue = make_queue(network(tcp_printer), on_status=log)
    card = queue.submit(receipt(1), kind="receipt", ref="HD-1")
    cash = queue.submit(receipt(2), kind="receipt", ref="HD-2", open_drawer=True)
    kick = queue.kick_drawer(ref="manual")
    queue.start()
    log.wait_for(lambda s: s.printer_status is not None and s.printer_status.paper_end)
    assert tcp_printer.wait_until(lambda p: p.status_queries() >= 12)  # several rounds of asking
    assert tcp_printer.pulses() == [(0, 1)]  # DLE DC4 1 0 1, once for both waiting drawer requests
    assert tcp_printer.jobs() == []
    assert [job.id for job in queue.pending_jobs()] == [card, cash]
    done_kick = queue.job(kick)
    assert done_kick is not None and done_kick.state == "done"

    tcp_printer.clear_status()
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [receipt(1), receipt(2)]  # no second pulse with the receipt
    assert tcp_printer.pulses() == [(0, 1)]


def test_printer_without_status_answers_still_prints(make_queue: MakeQueue) -> None:
    with FakePrinter(answer_status=False) as tcp_printer:
        queue = make_queue(network(tcp_printer))
        queue.start()
        queue.submit(receipt(1), kind="receipt", ref="1")
        queue.submit(receipt(2), kind="receipt", ref="2")
        assert queue.wait_idle(WAIT)
        assert tcp_printer.jobs() == [receipt(1), receipt(2)]
        assert queue.state().printer_status is None
        queue.close()


def test_pending_jobs_survive_a_restart(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    tcp_printer.play_dead()
    log = StateLog()
    first = make_queue(network(tcp_printer), on_status=log)
    first.start()
    jobs = [receipt(n) for n in range(3)]
    for n, data in enumerate(jobs):
        first.submit(data, kind="receipt", ref=str(n))
    log.wait_for(lambda s: not s.online)
    assert first.stop(timeout=WAIT)
    first.close()

    tcp_printer.come_back()
    second = make_queue(network(tcp_printer))
    assert second.pending() == 3
    second.start()
    assert second.wait_idle(WAIT)
    assert tcp_printer.jobs() == jobs


def test_one_worker_per_queue_file(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    first = make_queue(network(tcp_printer))
    first.start()
    second = make_queue(network(tcp_printer))
    with pytest.raises(DatabaseError) as caught:
        second.start()
    assert "đang được một chương trình khác dùng" in caught.value.vi
    assert first.stop(timeout=WAIT)
    second.start()  # free once the first one stopped
    second.submit(receipt(1), kind="receipt", ref="1")
    assert second.wait_idle(WAIT)
    assert tcp_printer.jobs() == [receipt(1)]


@pytest.mark.parametrize(("pin", "pulse"), [(0, PULSE_PIN2), (1, PULSE_PIN5)])
def test_drawer_kick_bytes(tcp_printer: FakePrinter, make_queue: MakeQueue, pin: int, pulse: bytes) -> None:
    assert drawer_pulse(pin) == pulse
    queue = make_queue(network(tcp_printer), drawer_pin=pin)
    queue.start()
    queue.kick_drawer(ref="manual")
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [pulse]


def test_drawer_pulse_goes_in_the_same_job_after_the_receipt(
    tcp_printer: FakePrinter, make_queue: MakeQueue
) -> None:
    queue = make_queue(network(tcp_printer))
    queue.start()
    job_id = queue.submit(receipt(1), kind="receipt", ref="HD-1", open_drawer=True)
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [receipt(1) + PULSE_PIN2]
    stored = queue.job(job_id)
    assert stored is not None and stored.data == receipt(1) and stored.open_drawer


def test_stale_drawer_pulse_is_left_out(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    """A printer back after the sale prints the receipt but does not spring the drawer open."""
    tcp_printer.play_dead()
    log = StateLog()
    queue = make_queue(network(tcp_printer), on_status=log, drawer_max_age_s=0.000001)
    queue.start()
    queue.submit(receipt(1), kind="receipt", ref="HD-1", open_drawer=True)
    kick = queue.kick_drawer(ref="manual")
    log.wait_for(lambda s: not s.online)
    tcp_printer.come_back()
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [receipt(1)]
    stored = queue.job(kick)
    assert stored is not None and stored.state == "expired"


def test_reprint_marks_the_copy(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    queue = make_queue(network(tcp_printer))
    queue.start()
    queue.submit(receipt(1), kind="receipt", ref="HD-1", open_drawer=True)
    queue.submit(receipt(2), kind="receipt", ref="HD-2")
    queue.kick_drawer()
    assert queue.wait_idle(WAIT)

    last = queue.last_job("receipt")
    assert last is not None and last.ref == "HD-2"
    by_ref = queue.last_job("receipt", ref="HD-1")
    assert by_ref is not None
    copy_id = queue.reprint(by_ref.id)
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs()[-1] == REPRINT_BANNER + receipt(1)  # no drawer pulse on a reprint
    copy = queue.job(copy_id)
    assert copy is not None and copy.reprint_of == by_ref.id and not copy.open_drawer

    again = queue.reprint(copy_id)  # a reprint of the reprint still carries one banner
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs()[-1] == REPRINT_BANNER + receipt(1)
    stored = queue.job(again)
    assert stored is not None and stored.reprint_of == by_ref.id
    latest = queue.last_job("receipt")
    assert latest is not None and latest.id == last.id  # reprints are not "the last receipt"

    drawer = queue.last_job("drawer")
    assert drawer is not None
    with pytest.raises(PosError):
        queue.reprint(drawer.id)
    with pytest.raises(PosError):
        queue.reprint(10_000)


def test_cancel_a_pending_job(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    queue = make_queue(network(tcp_printer))
    dropped = queue.submit(receipt(1), kind="receipt", ref="1")
    kept = queue.submit(receipt(2), kind="receipt", ref="2")
    assert [job.id for job in queue.pending_jobs()] == [dropped, kept]
    assert queue.cancel(dropped)
    queue.start()
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [receipt(2)]
    assert not queue.cancel(kept)  # already printed


def test_purge_forgets_old_finished_jobs_only(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    queue = make_queue(network(tcp_printer), keep_days=30)
    queue.start()
    done = queue.submit(receipt(1), kind="receipt", ref="1")
    assert queue.wait_idle(WAIT)
    assert queue.stop(timeout=WAIT)
    waiting = queue.submit(receipt(2), kind="receipt", ref="2")
    stored = queue.job(done)
    assert stored is not None
    assert queue.purge(now=stored.created_at + timedelta(days=29)) == 0
    assert queue.purge(now=stored.created_at + timedelta(days=31)) == 1
    assert queue.job(done) is None
    pending = queue.job(waiting)
    assert pending is not None and pending.state == "pending"


def test_file_connection_through_the_queue(tmp_path: Path, make_queue: MakeQueue) -> None:
    target = tmp_path / "printer.bin"
    config = PrinterConfig(kind="file", path=str(target))
    queue = make_queue(lambda: make_connection(config))
    queue.start()
    queue.submit(receipt(1), kind="receipt", ref="1", open_drawer=True)
    queue.submit(receipt(2), kind="receipt", ref="2")
    assert queue.wait_idle(WAIT)
    assert target.read_bytes() == receipt(1) + PULSE_PIN2 + receipt(2)


def test_no_printer_configured_keeps_jobs_and_says_why(make_queue: MakeQueue) -> None:
    log = StateLog()
    queue = make_queue(lambda: make_connection(PrinterConfig()), on_status=log)
    queue.start()
    queue.submit(receipt(1), kind="receipt", ref="1")
    state = log.wait_for(lambda s: not s.online)
    assert state.message("vi") == "Chưa cấu hình máy in" and state.message("en") == "No printer is configured"
    assert queue.pending() == 1


def test_broken_status_callback_does_not_stop_printing(
    tcp_printer: FakePrinter, make_queue: MakeQueue
) -> None:
    calls: list[QueueState] = []

    def broken(state: QueueState) -> None:
        calls.append(state)
        raise RuntimeError("GUI went away")

    queue = make_queue(network(tcp_printer), on_status=broken)
    queue.start()
    queue.submit(receipt(1), kind="receipt", ref="1")
    queue.submit(receipt(2), kind="receipt", ref="2")
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [receipt(1), receipt(2)]
    assert calls


def test_crashing_connection_factory_is_retried(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    attempts: list[int] = []
    working = network(tcp_printer)

    def flaky() -> PrinterConnection:
        attempts.append(1)
        if len(attempts) < 3:
            raise RuntimeError("driver hiccup")
        return working()

    queue = make_queue(flaky)
    queue.start()
    queue.submit(receipt(1), kind="receipt", ref="1")
    assert queue.wait_idle(WAIT)
    assert tcp_printer.jobs() == [receipt(1)] and len(attempts) == 3


def test_wait_idle_is_false_while_jobs_cannot_print(make_queue: MakeQueue, tcp_printer: FakePrinter) -> None:
    queue = make_queue(network(tcp_printer))  # never started
    queue.submit(receipt(1), kind="receipt", ref="1")
    assert not queue.wait_idle(0.05)
    assert tcp_printer.jobs() == []


def test_submit_rejects_nothing_to_print(tcp_printer: FakePrinter, make_queue: MakeQueue) -> None:
    queue = make_queue(network(tcp_printer))
    with pytest.raises(ValueError):
        queue.submit(b"", kind="receipt", ref="1")
    with pytest.raises(ValueError):
        queue.submit(b"x", kind="", ref="1")
    with pytest.raises(ValueError):
        make_queue(network(tcp_printer), drawer_pin=2)


def test_queue_file_from_a_newer_version_is_refused(tmp_path: Path, tcp_printer: FakePrinter) -> None:
    path = tmp_path / "queue.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version = 99")
    db.close()
    with pytest.raises(DatabaseError) as caught:
        PrintQueue(path, network(tcp_printer))
    assert "phiên bản mới hơn" in caught.value.vi


def test_queue_file_is_wal_and_the_job_is_on_disk_at_once(
    tmp_path: Path, make_queue: MakeQueue, tcp_printer: FakePrinter
) -> None:
    make_queue(network(tcp_printer)).submit(receipt(1), kind="receipt", ref="1")
    with sqlite3.connect(tmp_path / "queue.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        # The job is readable by another connection as soon as submit returned.
        assert db.execute("SELECT ref, state FROM print_job").fetchall() == [("1", "pending")]
    db.close()
