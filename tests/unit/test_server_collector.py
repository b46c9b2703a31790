"""The collector pause around ingest: nestable, from several threads, and the collector comes back afterwards."""

from __future__ import annotations

import gc
import threading

from pos.server import collector


def test_the_collector_is_off_inside_and_back_on_after_the_last_pause_ends() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
        with collector.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause is still in progress
    assert gc.isenabled()


def test_overlapping_pauses_in_threads_leave_it_on_and_an_error_does_not_leave_it_off() -> None:
    inside = threading.Barrier(3)
    release = threading.Event()

    def batch() -> None:
        with collector.paused():
            inside.wait()
            release.wait()

    threads = [threading.Thread(target=batch) for _ in range(2)]
    for t in threads:
        t.start()
    inside.wait()
    assert not gc.isenabled()
    release.set()
    for t in threads:
        t.join()
    assert gc.isenabled()
    try:
        with collector.paused():
            raise RuntimeError("a batch that fails")
    except RuntimeError:
        pass
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_process_stays_off() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
