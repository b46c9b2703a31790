"""The keyboard-wedge decoder: scans come out whole and once, human typing comes out intact and in order.

Time is simulated (milliseconds passed in), so nothing here depends on how busy the machine is.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos.devices.wedge import (
    Action,
    Scan,
    Typed,
    WedgeConfig,
    WedgeDecoder,
    replay,
    simulate_keystrokes,
)
from pos.errors import ConfigError


def _scans(actions: list[tuple[float, Action]]) -> list[str]:
    return [action.code for _, action in actions if isinstance(action, Scan)]


def _typed(actions: list[tuple[float, Action]]) -> list[str]:
    return [key for _, action in actions if isinstance(action, Typed) for key in action.keys]


def _merged(actions: list[tuple[float, Action]]) -> list[Action]:
    """The action sequence with neighbouring Typed joined: what a widget ends up receiving."""
    out: list[Action] = []
    for _, action in actions:
        if isinstance(action, Typed) and out and isinstance(out[-1], Typed):
            out[-1] = Typed(out[-1].keys + action.keys)
        else:
            out.append(action)
    return out


def _run(
    events: Sequence[tuple[str, float]], config: WedgeConfig | None = None
) -> list[tuple[float, Action]]:
    return replay(WedgeDecoder(config), events)


def _human(keys: str | list[str], start_ms: float, gap_ms: float) -> list[tuple[str, float]]:
    return [(key, start_ms + i * gap_ms) for i, key in enumerate(keys)]


# -- examples -----------------------------------------------------------------------------------------


def test_one_scan() -> None:
    actions = _run(simulate_keystrokes("8935049500124", 1000, 2))
    assert [a for _, a in actions] == [Scan("8935049500124")]


def test_slow_human_code_then_enter_is_not_a_scan() -> None:
    events = [*_human("8935049500124", 0, 120), ("Enter", 13 * 120 + 150)]
    actions = _run(events)
    assert _scans(actions) == []
    assert _typed(actions) == [*"8935049500124", "Enter"]


def test_human_just_slower_than_the_gap_is_not_a_scan() -> None:
    events = [*_human("12345678", 0, 36), ("Enter", 8 * 36)]
    actions = _run(events)
    assert _scans(actions) == []
    assert _typed(actions) == [*"12345678", "Enter"]


def test_gap_boundary_is_strict() -> None:
    config = WedgeConfig(max_gap_ms=35)
    just_inside = [*_human("1234", 0, 34.9), ("Enter", 4 * 34.9)]
    assert _scans(_run(just_inside, config)) == ["1234"]
    at_limit = [*_human("1234", 0, 35.0), ("Enter", 4 * 35.0)]
    assert _scans(_run(at_limit, config)) == []


def test_too_short_burst_is_typing_with_its_enter() -> None:
    actions = _run(simulate_keystrokes("123", 0, 2))
    assert [a for _, a in actions] == [Typed(("1", "2", "3", "Enter"))]


def test_human_enter_alone_is_delivered() -> None:
    decoder = WedgeDecoder()
    assert decoder.feed("Enter", 0) == [Typed(("Enter",))]
    assert decoder.next_deadline_ms() is None


def test_enter_of_a_scan_is_consumed_and_a_later_human_enter_is_not() -> None:
    events = [*simulate_keystrokes("ABCD1234", 0, 3), ("Enter", 24 + 1), ("Enter", 24 + 300)]
    actions = _run(events)
    # The scanner's Enter ends the scan; a second Enter 1 ms later (CR+LF scanners) is eaten too;
    # the cashier's Enter 300 ms later is theirs.
    assert [a for _, a in actions] == [Scan("ABCD1234"), Typed(("Enter",))]


def test_human_key_right_after_a_scan_is_not_glued_on() -> None:
    scan_a = simulate_keystrokes("11112222", 0, 2)
    end_a = scan_a[-1][1]
    events = [*scan_a, ("x", end_a + 1), *simulate_keystrokes("33334444", end_a + 90, 2)]
    actions = _run(events)
    assert [a for _, a in actions] == [Scan("11112222"), Typed(("x",)), Scan("33334444")]


@pytest.mark.parametrize("rate", [20, 50, 100])
def test_back_to_back_scans_are_never_merged_or_dropped(rate: int) -> None:
    period = 1000 / rate
    codes = [f"{n:08d}" for n in range(200)]
    events: list[tuple[str, float]] = []
    for n, code in enumerate(codes):
        start = max(n * period, events[-1][1] if events else 0.0)  # never before the previous Enter
        events += simulate_keystrokes(code, start, 2)
    actions = _run(events)
    assert _scans(actions) == codes
    assert _typed(actions) == []


def test_scans_with_zero_time_between_them() -> None:
    events = simulate_keystrokes("AAAA1111", 0, 2)
    events += simulate_keystrokes("BBBB2222", events[-1][1], 2)
    events += simulate_keystrokes("CCCC3333", events[-1][1], 0)
    assert _scans(_run(events)) == ["AAAA1111", "BBBB2222", "CCCC3333"]


def test_ean13_at_20_per_second_with_human_typing_between() -> None:
    events = simulate_keystrokes("8936012345678", 0, 2)
    events += _human("12", 200, 150)  # cashier types a quantity
    events += simulate_keystrokes("8936012345685", 600, 2)
    events += simulate_keystrokes("8936012345692", 650, 2)
    actions = _run(events)
    assert _scans(actions) == ["8936012345678", "8936012345685", "8936012345692"]
    assert _typed(actions) == ["1", "2"]


def test_modifiers_do_not_break_a_scan_and_are_not_delivered() -> None:
    events = [("Shift", 0), ("A", 1), ("b", 3), ("Shift", 4), ("C", 5), ("1", 7), ("Enter", 9)]
    actions = _run(events)
    assert [a for _, a in actions] == [Scan("AbC1")]
    decoder = WedgeDecoder()
    assert decoder.feed("Shift", 0) == []
    assert decoder.feed("Control", 100) == []
    assert decoder.next_deadline_ms() is None


def test_group_separator_inside_a_gs1_code_stays_in_the_scan() -> None:
    code = "0108936012345678\x1d10LOT42"
    assert _scans(_run(simulate_keystrokes(code, 0, 1))) == [code]


def test_other_named_keys_flush_held_keys_in_order() -> None:
    decoder = WedgeDecoder()
    assert decoder.feed("a", 0) == []
    assert decoder.feed("b", 10) == []
    assert decoder.feed("Backspace", 20) == [Typed(("a", "b", "Backspace"))]
    assert decoder.feed("Escape", 500) == [Typed(("Escape",))]
    assert decoder.feed("F1", 600) == [Typed(("F1",))]


def test_named_key_in_a_fast_burst_makes_it_typing() -> None:
    events = [*_human("1234", 0, 2), ("Backspace", 8), *_human("5678", 10, 2), ("Enter", 18)]
    actions = _run(events)
    assert _scans(actions) == ["5678"]
    assert _typed(actions) == ["1", "2", "3", "4", "Backspace"]


def test_tab_is_typing_unless_configured_as_a_terminator() -> None:
    events = simulate_keystrokes("12345678", 0, 2, terminator="Tab")
    default = _run(events)
    assert _scans(default) == []
    assert _typed(default) == [*"12345678", "Tab"]
    with_tab = _run(events, WedgeConfig(terminators=("Enter", "Tab")))
    assert [a for _, a in with_tab] == [Scan("12345678")]


@pytest.mark.parametrize("terminator", ["Return", "\r", "\n"])
def test_enter_aliases_end_a_scan(terminator: str) -> None:
    events = simulate_keystrokes("12345678", 0, 2, terminator=terminator)
    assert [a for _, a in _run(events)] == [Scan("12345678")]


def test_alias_is_delivered_as_it_was_fed() -> None:
    assert WedgeDecoder().feed("Return", 0) == [Typed(("Return",))]


def test_prefix_is_required_and_stripped() -> None:
    config = WedgeConfig(prefix="@@")
    scanned = _run(simulate_keystrokes("8935049500124", 0, 2, prefix="@@"), config)
    assert [a for _, a in scanned] == [Scan("8935049500124")]
    unprefixed = _run(simulate_keystrokes("8935049500124", 0, 2), config)
    assert _scans(unprefixed) == []
    assert _typed(unprefixed) == [*"8935049500124", "Enter"]


def test_min_length_counts_the_code_without_prefix() -> None:
    config = WedgeConfig(prefix="]E0", min_length=4)
    assert _scans(_run(simulate_keystrokes("123", 0, 2, prefix="]E0"), config)) == []
    assert _scans(_run(simulate_keystrokes("1234", 0, 2, prefix="]E0"), config)) == ["1234"]


def test_suffix_alone_ends_a_scan() -> None:
    config = WedgeConfig(suffix="#", terminators=())
    events = simulate_keystrokes("AAAA1111", 0, 2, suffix="#", terminator=None)
    events += simulate_keystrokes("BBBB2222", events[-1][1], 2, suffix="#", terminator=None)
    actions = _run(events, config)
    assert [a for _, a in actions] == [Scan("AAAA1111"), Scan("BBBB2222")]


def test_suffix_then_enter_is_one_scan_and_the_enter_is_eaten() -> None:
    config = WedgeConfig(suffix="#")
    events = simulate_keystrokes("AAAA1111", 0, 2, suffix="#")
    events += [("Enter", events[-1][1] + 400)]
    actions = _run(events, config)
    assert [a for _, a in actions] == [Scan("AAAA1111"), Typed(("Enter",))]


def test_human_typing_the_suffix_slowly_is_typing() -> None:
    config = WedgeConfig(suffix="#", terminators=())
    actions = _run(_human("12#34#", 0, 150), config)
    assert _scans(actions) == []
    assert _typed(actions) == list("12#34#")


def test_multi_character_suffix() -> None:
    config = WedgeConfig(suffix="\x03\x04", terminators=())
    events = simulate_keystrokes("12345678", 0, 2, suffix="\x03\x04", terminator=None)
    assert [a for _, a in _run(events, config)] == [Scan("12345678")]


def test_deadlines_and_poll() -> None:
    decoder = WedgeDecoder(WedgeConfig(max_gap_ms=35))
    assert decoder.next_deadline_ms() is None
    assert decoder.feed("a", 100) == []
    assert decoder.next_deadline_ms() == 135
    assert decoder.poll(134.9) == []
    assert decoder.feed("b", 120) == []
    assert decoder.next_deadline_ms() == 155
    assert decoder.pending == ("a", "b")
    assert decoder.poll(140) == []
    assert decoder.poll(155) == [Typed(("a", "b"))]
    assert decoder.next_deadline_ms() is None
    assert decoder.poll(1000) == []


def test_late_poll_is_caught_up_by_the_next_key() -> None:
    decoder = WedgeDecoder()
    decoder.feed("a", 0)
    # The timer never fired; the next key notices the held one is long expired.
    assert decoder.feed("b", 500) == [Typed(("a",))]
    assert decoder.feed("Enter", 900) == [Typed(("b", "Enter"))]


def test_flush_hands_out_held_keys() -> None:
    decoder = WedgeDecoder()
    decoder.feed("1", 0)
    decoder.feed("2", 2)
    assert decoder.flush() == [Typed(("1", "2"))]
    assert decoder.flush() == []
    # What the scanner still sends right after the flush is typing: never a truncated scan.
    after = [decoder.feed(key, 4 + i * 2) for i, key in enumerate("345678")] + [decoder.feed("Enter", 20)]
    assert [a for batch in after for a in batch if isinstance(a, Scan)] == []


def test_short_hold_never_produces_a_truncated_scan() -> None:
    """A lone first key is released after hold_ms; if the scanner was just slow, the rest must not become
    a scan of the code minus its first character."""
    config = WedgeConfig(max_gap_ms=35, hold_ms=10)
    events = simulate_keystrokes("8935049500124", 0, 20)
    actions = _run(events, config)
    assert _scans(actions) == []
    assert _typed(actions) == [*"8935049500124", "Enter"]
    # A fast scanner is still recognised with the short hold.
    assert _scans(_run(simulate_keystrokes("8935049500124", 0, 2), config)) == ["8935049500124"]


def test_short_hold_releases_a_lone_key_sooner() -> None:
    decoder = WedgeDecoder(WedgeConfig(max_gap_ms=35, hold_ms=12))
    decoder.feed("a", 0)
    assert decoder.next_deadline_ms() == 12
    assert decoder.poll(12) == [Typed(("a",))]


def test_empty_key_is_ignored() -> None:
    decoder = WedgeDecoder()
    assert decoder.feed("", 0) == []
    assert decoder.next_deadline_ms() is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_gap_ms": 0},
        {"max_gap_ms": -5},
        {"min_length": 0},
        {"min_length": True},
        {"hold_ms": 0},
        {"hold_ms": 50},
        {"terminators": ("a",)},
        {"terminators": ("Shift",)},
        {"terminators": ()},
        {"prefix": "#!", "suffix": "#"},
    ],
)
def test_bad_config_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(ConfigError) as info:
        WedgeConfig(**kwargs)  # type: ignore[arg-type]
    assert info.value.vi and info.value.en


def test_config_defaults() -> None:
    config = WedgeConfig()
    assert (config.max_gap_ms, config.min_length, config.prefix, config.suffix) == (35.0, 4, "", "")
    assert config.terminators == ("Enter",)
    assert config.hold_ms == 35.0
    assert WedgeConfig(terminators=("Return", "\t")).terminators == ("Enter", "Tab")


def test_simulate_keystrokes() -> None:
    assert simulate_keystrokes("12", 10, 2.5) == [("1", 10), ("2", 12.5), ("Enter", 15)]
    assert simulate_keystrokes("1", 0, 1, prefix="]", suffix="#", terminator=None) == [
        ("]", 0),
        ("1", 1),
        ("#", 2),
    ]


def test_replay_refuses_unordered_events() -> None:
    with pytest.raises(ValueError):
        replay(WedgeDecoder(), [("a", 10), ("b", 5)])
    with pytest.raises(ValueError):
        replay(WedgeDecoder(), [], poll_interval_ms=0)


# -- property tests -----------------------------------------------------------------------------------

SCAN_ALPHABET = string.ascii_uppercase + string.digits
HUMAN_ALPHABET = string.ascii_lowercase + " ,"
HUMAN_NAMED = ["Enter", "Backspace", "Enter"]


@dataclass
class Session:
    """A till's key stream: scanner bursts and cashier typing, with what should come out of it."""

    events: list[tuple[str, float]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    human: list[tuple[str, float]] = field(default_factory=list)

    @property
    def end(self) -> float:
        return self.events[-1][1] if self.events else 0.0


@st.composite
def sessions(
    draw: st.DrawFn,
    *,
    scan_alphabet: str = SCAN_ALPHABET,
    human_alphabet: str = HUMAN_ALPHABET,
    rate: int | None = None,
    config: WedgeConfig | None = None,
) -> Session:
    config = config or WedgeConfig()
    jitter = draw(st.randoms(use_true_random=False))  # per-keystroke gaps: cheap to draw, still replayable
    session = Session()
    previous = None
    last_scan_start = -1e9
    for _ in range(draw(st.integers(min_value=1, max_value=14))):
        kind = draw(st.sampled_from(["scan", "scan", "human"]))
        if kind == "scan":
            code = draw(st.text(alphabet=scan_alphabet, min_size=config.min_length, max_size=24))
            if previous == "human":
                start = session.end + draw(st.floats(min_value=80, max_value=400))
            elif rate is not None:
                start = max(last_scan_start + 1000 / rate, session.end)
            else:
                start = session.end + draw(st.floats(min_value=0, max_value=100))
            keys = [*config.prefix, *code, *config.suffix, *(config.terminators[:1] or ())]
            burst_max = draw(st.sampled_from([0.0, 2.0, 10.0]))
            t = start
            for key in keys:
                session.events.append((key, t))
                t += jitter.uniform(0, burst_max)
            session.codes.append(code)
            last_scan_start = start
        else:
            count = draw(st.integers(min_value=1, max_value=6))
            for _ in range(count):
                key = draw(st.sampled_from([*human_alphabet, *HUMAN_NAMED]))
                t = session.end + draw(st.floats(min_value=80, max_value=400))
                session.events.append((key, t))
                session.human.append((key, t))
        previous = kind
    return session


def _check_session(session: Session, config: WedgeConfig | None = None) -> list[tuple[float, Action]]:
    config = config or WedgeConfig()
    actions = replay(WedgeDecoder(config), session.events)
    assert _scans(actions) == session.codes
    assert _typed(actions) == [key for key, _ in session.human]
    return actions


@settings(max_examples=200, deadline=None)
@given(sessions())
def test_scans_and_typing_come_out_exactly_once_in_order(session: Session) -> None:
    actions = _check_session(session)
    for _, action in actions:
        if isinstance(action, Typed):
            assert not set(action.keys) & set(SCAN_ALPHABET)


@settings(max_examples=100, deadline=None)
@given(sessions(rate=20))
def test_twenty_scans_per_second(session: Session) -> None:
    _check_session(session)


@settings(max_examples=100, deadline=None)
@given(sessions(rate=50))
def test_fifty_scans_per_second(session: Session) -> None:
    _check_session(session)


@settings(max_examples=100, deadline=None)
@given(sessions(scan_alphabet=string.digits + "abc", human_alphabet=string.digits + "abc"))
def test_same_characters_for_scans_and_typing(session: Session) -> None:
    _check_session(session)


PREFIX_SUFFIX_CONFIGS = [
    WedgeConfig(prefix="]C1"),
    WedgeConfig(suffix="~"),
    WedgeConfig(suffix="~", terminators=()),
    WedgeConfig(prefix="@", suffix="~", terminators=("Tab",)),
    WedgeConfig(min_length=8),
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(PREFIX_SUFFIX_CONFIGS), st.data())
def test_prefix_suffix_configurations(config: WedgeConfig, data: st.DataObject) -> None:
    session = data.draw(sessions(config=config))
    _check_session(session, config)


@settings(max_examples=120, deadline=None)
@given(sessions())
def test_result_does_not_depend_on_the_timer(session: Session) -> None:
    """Ideal single-shot timer, a 10 ms tick, a 1 ms tick, or no timer at all: same scans, same keys."""
    reference = _merged(replay(WedgeDecoder(), session.events))
    for interval in (10.0, 1.0, 7.3):
        assert _merged(replay(WedgeDecoder(), session.events, poll_interval_ms=interval)) == reference
    no_timer = WedgeDecoder()
    untimed: list[tuple[float, Action]] = []
    for key, t in session.events:
        untimed.extend((t, a) for a in no_timer.feed(key, t))
    untimed.extend((0.0, a) for a in no_timer.poll(session.end + 1000))
    assert _merged(untimed) == reference


@settings(max_examples=120, deadline=None)
@given(sessions())
def test_typed_keys_are_late_by_at_most_the_gap(session: Session) -> None:
    config = WedgeConfig()
    actions = replay(WedgeDecoder(config), session.events)
    delivered = [(key, when) for when, action in actions if isinstance(action, Typed) for key in action.keys]
    assert len(delivered) == len(session.human)
    for (key, when), (pressed_key, pressed_at) in zip(delivered, session.human, strict=True):
        assert key == pressed_key
        assert pressed_at <= when <= pressed_at + config.max_gap_ms
