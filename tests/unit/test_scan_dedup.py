"""ScanDeduper: one emission per item presented, whatever the decoder's flicker."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos.devices.scan_dedup import ScanDeduper

JAR = "8935049501237"
TEA = "8935049500018"


def _play(
    deduper: ScanDeduper[str], frames: list[set[str]], fps: float = 10.0, start: float = 0.0
) -> list[str]:
    """Feed frames at ``fps`` and return every emission, in order."""
    out: list[str] = []
    for i, seen in enumerate(frames):
        out += deduper.update(sorted(seen), start + i / fps)
    return out


def test_emitted_once_while_it_stays_in_view() -> None:
    d: ScanDeduper[str] = ScanDeduper()
    assert d.update([JAR], 0.0) == [JAR]
    for i in range(1, 100):
        assert d.update([JAR], i * 0.1) == []
    assert d.in_view() == {JAR}


def test_a_few_missed_frames_are_not_leaving() -> None:
    d: ScanDeduper[str] = ScanDeduper(cooldown_s=0.0, absent_frames=3)
    frames = [{JAR}, {JAR}, set(), set(), {JAR}, set(), {JAR}, {JAR}, set(), set(), {JAR}]
    assert _play(d, frames) == [JAR]


def test_second_identical_jar_after_leaving_the_view() -> None:
    d: ScanDeduper[str] = ScanDeduper(cooldown_s=1.0, absent_frames=3)
    # jar 1 for 1 s, empty counter 1 s, jar 2 for 1 s (10 fps)
    frames = [{JAR}] * 10 + [set()] * 10 + [{JAR}] * 10
    assert _play(d, frames) == [JAR, JAR]


def test_absent_frames_counts_processed_frames_not_time() -> None:
    d: ScanDeduper[str] = ScanDeduper(cooldown_s=0.0, absent_frames=3)
    assert d.update([JAR], 0.0) == [JAR]
    assert d.update([], 10.0) == []  # a long but single missed frame (slow decoder): still in view
    assert d.update([JAR], 10.1) == []
    assert d.update([], 10.2) == []
    assert d.update([], 10.3) == []
    assert d.update([], 10.4) == []  # third consecutive miss: it has left
    assert d.in_view() == set()
    assert d.update([JAR], 10.5) == [JAR]


def test_coming_back_within_the_cooldown_is_the_same_item() -> None:
    d: ScanDeduper[str] = ScanDeduper(cooldown_s=2.0, absent_frames=2)
    assert d.update([JAR], 0.0) == [JAR]
    assert d.update([], 0.1) == []
    assert d.update([], 0.2) == []  # gone...
    assert d.update([JAR], 0.5) == []  # ...but back within 2 s of its scan: flicker, not a second jar
    assert d.update([JAR], 2.5) == []  # and staying in view past the cooldown does not emit it either
    assert d.update([], 2.6) == []
    assert d.update([], 2.7) == []
    assert d.update([JAR], 3.0) == [JAR]  # gone again, and 3 s after the scan: a new jar


def test_repeat_after_while_held_in_view() -> None:
    d: ScanDeduper[str] = ScanDeduper(cooldown_s=0.5, absent_frames=3, repeat_after_s=1.0)
    frames = [{JAR}] * 25  # 2.4 s at 10 fps
    assert _play(d, frames) == [JAR, JAR, JAR]  # at 0.0, 1.0 and 2.0 s


def test_repeat_never_faster_than_cooldown() -> None:
    d: ScanDeduper[str] = ScanDeduper(cooldown_s=2.0, absent_frames=3, repeat_after_s=0.5)
    assert _play(d, [{JAR}] * 30) == [JAR, JAR]  # 0.0 and 2.0 s


def test_codes_are_independent_and_order_is_kept() -> None:
    d: ScanDeduper[str] = ScanDeduper(cooldown_s=0.0, absent_frames=2)
    assert d.update([TEA, JAR, TEA], 0.0) == [TEA, JAR]
    assert d.update([JAR], 0.1) == []
    assert d.update([JAR], 0.2) == []  # TEA missed twice: left
    assert d.update([JAR, TEA], 0.3) == [TEA]
    assert d.in_view() == {JAR, TEA}


def test_reset_forgets_everything() -> None:
    d: ScanDeduper[str] = ScanDeduper()
    assert d.update([JAR], 0.0) == [JAR]
    d.reset()
    assert d.update([JAR], 0.1) == [JAR]


def test_any_hashable_key() -> None:
    d: ScanDeduper[tuple[str, str]] = ScanDeduper()
    assert d.update([("EAN13", JAR), ("QRCODE", JAR)], 0.0) == [("EAN13", JAR), ("QRCODE", JAR)]


@pytest.mark.parametrize(
    "kwargs",
    [{"cooldown_s": -1.0}, {"absent_frames": 0}, {"repeat_after_s": 0.0}, {"repeat_after_s": -2.0}],
)
def test_rejects_nonsense_settings(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        ScanDeduper(**kwargs)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    presence=st.lists(st.booleans(), min_size=1, max_size=80),
    gaps=st.lists(st.floats(min_value=0.01, max_value=1.0), min_size=80, max_size=80),
    cooldown=st.floats(min_value=0.0, max_value=3.0),
    absent=st.integers(min_value=1, max_value=5),
)
def test_properties_of_emissions(
    presence: list[bool], gaps: list[float], cooldown: float, absent: int
) -> None:
    d: ScanDeduper[str] = ScanDeduper(cooldown_s=cooldown, absent_frames=absent)
    now = 0.0
    emitted_at: list[int] = []
    times: list[float] = []
    for i, here in enumerate(presence):
        now += gaps[i]
        times.append(now)
        if d.update([JAR] if here else [], now):
            emitted_at.append(i)
    # emitted only on frames where it is seen, and the first sighting is always emitted
    assert all(presence[i] for i in emitted_at)
    if any(presence):
        assert emitted_at and emitted_at[0] == presence.index(True)
    for a, b in itertools.pairwise(emitted_at):
        # never twice within the cooldown...
        assert times[b] - times[a] >= cooldown
        # ...and only after it was out of view for `absent` consecutive processed frames in between
        run = best = 0
        for here in presence[a + 1 : b]:
            run = 0 if here else run + 1
            best = max(best, run)
        assert best >= absent
    # an appearance after a long enough absence, past the cooldown, is never swallowed
    last = emitted_at[-1] if emitted_at else None
    if last is not None:
        misses = 0
        for j in range(last + 1, len(presence)):
            if presence[j] and misses >= absent and times[j] - times[last] >= cooldown:
                pytest.fail(f"re-appearance at frame {j} after {misses} misses was not emitted")
            misses = 0 if presence[j] else misses + 1
