"""Telling a keyboard-wedge barcode scanner from a person typing, using only key timing.

A USB scanner in keyboard mode "types" its code a few milliseconds per key and ends it with Enter. The GUI hands
every key event of the window to :class:`WedgeDecoder`, which holds printable keys back for a moment: a fast burst
ended by a terminator becomes one :class:`Scan` (so the code never lands in a text field and its Enter never
presses a button), anything else goes back out as :class:`Typed` keys, in order, at most ``max_gap_ms`` late.

The decoder is pure and deterministic: time is passed in (milliseconds, from a monotonic clock) and the GUI
calls :meth:`WedgeDecoder.poll` from a timer armed for :meth:`WedgeDecoder.next_deadline_ms`. Results never
depend on when ``poll`` runs, only on the keys' own timestamps; a late timer only delays typed keys.

Known limit: a human key pressed less than ``max_gap_ms`` before a scan starts cannot be told apart from the
scan's first character; key streams carry nothing else to go on.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from pos.errors import ConfigError

__all__ = [
    "ENTER",
    "MODIFIER_KEYS",
    "Action",
    "Scan",
    "Typed",
    "WedgeConfig",
    "WedgeDecoder",
    "replay",
    "simulate_keystrokes",
]

ENTER = "Enter"
TAB = "Tab"
# Other spellings of the same keys, as Qt names or raw control characters might arrive.
_ALIASES = {"Return": ENTER, "\r": ENTER, "\n": ENTER, "\t": TAB}
# Pressed on their own they change nothing; a scanner presses Shift around capitals in the middle of a code.
MODIFIER_KEYS = frozenset(
    {
        "Shift",
        "Control",
        "Ctrl",
        "Alt",
        "AltGr",
        "Meta",
        "Super",
        "Hyper",
        "CapsLock",
        "NumLock",
        "ScrollLock",
    }
)


def _canonical(key: str) -> str:
    return _ALIASES.get(key, key)


@dataclass(frozen=True)
class WedgeConfig:
    """How the shop's scanner is set up.

    ``max_gap_ms``: the longest pause between two keystrokes of one scan (scanners: 1–10 ms; people: 80 ms and
    more). ``min_length``: shorter bursts are typing. ``prefix``: if set, a scan must start with it (it is
    stripped). ``suffix``: if set, it ends a scan by itself (it is stripped; an Enter right after it is eaten).
    ``terminators``: key names that end a scan ("Enter"; add "Tab" for scanners set to send Tab).
    ``hold_ms``: how long a lone first key waits before it is judged human; defaults to ``max_gap_ms``.
    """

    max_gap_ms: float = 35.0
    min_length: int = 4
    prefix: str = ""
    suffix: str = ""
    terminators: tuple[str, ...] = (ENTER,)
    hold_ms: float | None = None

    def __post_init__(self) -> None:
        if not self.max_gap_ms > 0:
            raise ConfigError(
                "Khoảng cách phím tối đa của máy quét phải lớn hơn 0 ms",
                "The scanner's maximum key gap must be more than 0 ms",
            )
        if isinstance(self.min_length, bool) or not isinstance(self.min_length, int) or self.min_length < 1:
            raise ConfigError(
                "Độ dài mã quét tối thiểu phải từ 1 trở lên", "The minimum scan length must be at least 1"
            )
        if self.hold_ms is None:
            object.__setattr__(self, "hold_ms", self.max_gap_ms)
        elif not 0 < self.hold_ms <= self.max_gap_ms:
            raise ConfigError(
                "Thời gian giữ phím đầu phải lớn hơn 0 và không quá khoảng cách phím tối đa",
                "The first-key hold must be more than 0 and at most the maximum key gap",
            )
        terminators = tuple(_canonical(key) for key in self.terminators)
        if any(len(key) < 2 or key in MODIFIER_KEYS for key in terminators):
            raise ConfigError(
                "Phím kết thúc mã quét phải là phím có tên như Enter hoặc Tab",
                "Scan terminators must be named keys such as Enter or Tab",
            )
        object.__setattr__(self, "terminators", terminators)
        if not terminators and not self.suffix:
            raise ConfigError(
                "Cần ít nhất một phím kết thúc hoặc một hậu tố cho máy quét",
                "The scanner needs at least one terminator key or a suffix",
            )
        if self.suffix and self.prefix and (self.suffix in self.prefix):
            raise ConfigError(
                "Tiền tố của máy quét không được chứa hậu tố",
                "The scanner prefix must not contain the suffix",
            )


@dataclass(frozen=True)
class Scan:
    """One complete code read by the scanner (prefix and suffix removed)."""

    code: str


@dataclass(frozen=True)
class Typed:
    """Keys a person typed, to be delivered to the focused widget in this order."""

    keys: tuple[str, ...]


Action: TypeAlias = Scan | Typed


class WedgeDecoder:
    """Splits one window's key stream into scans and human typing (see the module docstring)."""

    def __init__(self, config: WedgeConfig | None = None) -> None:
        self.config = config if config is not None else WedgeConfig()
        cfg = self.config
        self._gap = float(cfg.max_gap_ms)
        self._hold = float(cfg.hold_ms if cfg.hold_ms is not None else cfg.max_gap_ms)
        self._terminators = frozenset(cfg.terminators)
        self._buffer: list[str] = []
        self._first_ms = 0.0
        self._last_ms = 0.0
        # Keys arriving before this time continue a burst already handed out as typing: never a scan.
        self._human_until: float | None = None
        # Terminators arriving before this time belong to the scan just emitted (Enter after a suffix, CR+LF).
        self._swallow_until: float | None = None

    # -- public API -------------------------------------------------------------------------------------

    def feed(self, key: str, now_ms: float) -> list[Action]:
        """Take one key press: a single character, or a key name ("Enter", "Tab", "Backspace", ...).

        Returns what to do now; usually nothing, since printable keys are held until their burst is judged.
        Modifier keys alone and empty keys are ignored and do not break a scan.
        """
        actions: list[Action] = []
        self._expire(now_ms, actions)
        name = _canonical(key)
        if not name or name in MODIFIER_KEYS:
            return actions
        if len(name) == 1:
            self._on_character(key, now_ms, actions)
        elif name in self._terminators:
            self._on_terminator(key, now_ms, actions)
        else:
            self._on_other_key(key, actions)
        return actions

    def poll(self, now_ms: float) -> list[Action]:
        """Hand out held keys whose burst has gone quiet for too long to be a scan."""
        actions: list[Action] = []
        self._expire(now_ms, actions)
        return actions

    def next_deadline_ms(self) -> float | None:
        """When :meth:`poll` must run next for held keys to come out on time; None if nothing is held."""
        if not self._buffer:
            return None
        if len(self._buffer) == 1:
            return self._first_ms + self._hold
        return self._last_ms + self._gap

    def flush(self) -> list[Action]:
        """Hand out every held key now, e.g. when the window loses focus or the till closes."""
        actions: list[Action] = []
        if self._buffer:
            self._human_until = self._last_ms + self._gap
            self._release(actions)
        return actions

    @property
    def pending(self) -> tuple[str, ...]:
        """Keys currently held back (for diagnostics)."""
        return tuple(self._buffer)

    @property
    def held_count(self) -> int:
        """How many keys are held back (what :attr:`pending` would count, without copying them)."""
        return len(self._buffer)

    # -- the state machine ------------------------------------------------------------------------------

    def _expire(self, now_ms: float, actions: list[Action]) -> None:
        deadline = self.next_deadline_ms()
        if deadline is not None and now_ms >= deadline:
            # A scanner that pauses this long is not a scanner: whatever follows closely is typing too.
            self._human_until = self._last_ms + self._gap
            self._release(actions)
        if self._human_until is not None and now_ms >= self._human_until:
            self._human_until = None
        if self._swallow_until is not None and now_ms >= self._swallow_until:
            self._swallow_until = None

    def _on_character(self, key: str, now_ms: float, actions: list[Action]) -> None:
        self._swallow_until = None
        if not self._buffer:
            if self._human_until is not None:
                self._human_until = now_ms + self._gap
                _emit_typed(actions, (key,))
                return
            self._buffer.append(key)
            self._first_ms = self._last_ms = now_ms
            return
        self._buffer.append(key)
        self._last_ms = now_ms
        suffix = self.config.suffix
        if suffix and "".join(self._buffer[-len(suffix) :]) == suffix:
            code = self._scan_code(self._buffer[: -len(suffix)])
            if code is not None:
                self._emit_scan(code, now_ms, actions)

    def _on_terminator(self, key: str, now_ms: float, actions: list[Action]) -> None:
        if self._buffer:
            code = self._scan_code(self._buffer)
            if code is not None:
                self._emit_scan(code, now_ms, actions)
                return
            self._buffer.append(key)
            self._release(actions)
            return
        if self._swallow_until is not None:
            self._swallow_until = now_ms + self._gap
            return
        self._human_until = None
        _emit_typed(actions, (key,))

    def _on_other_key(self, key: str, actions: list[Action]) -> None:
        # Scanners send no Backspace, Escape or arrows: a person is at the keyboard, so nothing here is a scan.
        self._buffer.append(key)
        self._release(actions)
        self._human_until = None
        self._swallow_until = None

    def _scan_code(self, chars: Sequence[str]) -> str | None:
        text = "".join(chars)
        prefix = self.config.prefix
        if prefix:
            if not text.startswith(prefix):
                return None
            text = text[len(prefix) :]
        return text if len(text) >= self.config.min_length else None

    def _emit_scan(self, code: str, now_ms: float, actions: list[Action]) -> None:
        actions.append(Scan(code))
        self._buffer.clear()
        self._human_until = None
        self._swallow_until = now_ms + self._gap

    def _release(self, actions: list[Action]) -> None:
        if self._buffer:
            _emit_typed(actions, tuple(self._buffer))
            self._buffer.clear()


def _emit_typed(actions: list[Action], keys: tuple[str, ...]) -> None:
    """Append typed keys, joining them to a Typed just before so one call yields one delivery."""
    if actions and isinstance(actions[-1], Typed):
        actions[-1] = Typed(actions[-1].keys + keys)
    else:
        actions.append(Typed(keys))


def simulate_keystrokes(
    code: str,
    start_ms: float,
    gap_ms: float,
    *,
    prefix: str = "",
    suffix: str = "",
    terminator: str | None = ENTER,
) -> list[tuple[str, float]]:
    """The (key, time) presses a keyboard-wedge scanner makes for ``code``: one key every ``gap_ms``.

    The prefix, the code and the suffix are typed a character at a time, then the terminator (None: none).
    """
    keys: list[str] = [*prefix, *code, *suffix]
    if terminator is not None:
        keys.append(terminator)
    return [(key, start_ms + index * gap_ms) for index, key in enumerate(keys)]


def replay(
    decoder: WedgeDecoder,
    events: Iterable[tuple[str, float]],
    *,
    poll_interval_ms: float | None = None,
) -> list[tuple[float, Action]]:
    """Run time-ordered ``(key, time)`` presses through ``decoder`` as the GUI would; return ``(time, action)``.

    With ``poll_interval_ms`` None the timer is an ideal single-shot timer armed at each
    :meth:`WedgeDecoder.next_deadline_ms`; otherwise it ticks every ``poll_interval_ms`` from the first key.
    After the last key the timer runs until nothing is held.
    """
    if poll_interval_ms is not None and not poll_interval_ms > 0:
        raise ValueError("poll_interval_ms must be positive")
    out: list[tuple[float, Action]] = []

    def run_timer(until: float | None) -> None:
        while (deadline := decoder.next_deadline_ms()) is not None:
            when = deadline
            if poll_interval_ms is not None:
                # The first tick of a periodic timer at or after the deadline.
                when = max(deadline, math.ceil(deadline / poll_interval_ms) * poll_interval_ms)
            if until is not None and when > until:
                return
            out.extend((when, action) for action in decoder.poll(when))
            if decoder.next_deadline_ms() == deadline:
                raise RuntimeError(f"the decoder held keys past its own deadline {deadline} ms")

    last_time: float | None = None
    for key, time_ms in events:
        if last_time is not None and time_ms < last_time:
            raise ValueError("key events must be in time order")
        last_time = time_ms
        run_timer(time_ms)
        out.extend((time_ms, action) for action in decoder.feed(key, time_ms))
    run_timer(None)
    return out


def wedge_config(raw: Mapping[str, Any]) -> WedgeConfig:
    """The ``[scanner]`` section of config.toml as a :class:`WedgeConfig` (unknown keys refused, types checked)."""
    allowed = {"max_gap_ms", "min_length", "prefix", "suffix", "terminators", "hold_ms"}
    unknown = set(raw) - allowed
    if unknown:
        names = ", ".join(sorted(unknown))
        raise ConfigError(f"[scanner] có mục lạ: {names}", f"[scanner] has unknown keys: {names}")
    values = dict(raw)
    if "terminators" in values:
        terms = values["terminators"]
        if isinstance(terms, str):
            terms = [terms]
        if not isinstance(terms, list | tuple) or not all(isinstance(t, str) for t in terms):
            raise ConfigError(
                "[scanner] terminators phải là danh sách tên phím", "[scanner] terminators must be key names"
            )
        values["terminators"] = tuple(terms)
    for key in ("prefix", "suffix"):
        if key in values and not isinstance(values[key], str):
            raise ConfigError(f"[scanner] {key} phải là chuỗi", f"[scanner] {key} must be a string")
    for key in ("max_gap_ms", "hold_ms"):
        if key in values and (isinstance(values[key], bool) or not isinstance(values[key], int | float)):
            raise ConfigError(f"[scanner] {key} phải là số", f"[scanner] {key} must be a number")
    return WedgeConfig(**values)
