"""The till's side of the chain anchors (``pos.server.anchors``): what an upload says about the journal, and the
check of the journal against what the server kept.

Each upload carries the journal's head and the till's own hash of the entry the server anchored last (its number
comes back in every answer and is kept in ``terminal_state``). ``check_against_server`` compares every anchor the
server holds with the local journal: an edited sale whose chain was recomputed changes the hash of every later
entry, so it shows at the first anchor after it — back to the newest anchor; a journal cut back lacks anchored
entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.sync import state
from pos.sync.client import SyncClient
from pos.sync.wire import NO_ENTRY, ChainPoint

ANCHOR_SEQ = "sync.anchor_seq"


def chain_points(engine: Engine) -> list[ChainPoint]:
    """The journal's head, then this till's hash of the server's newest anchored entry (``NO_ENTRY`` if gone)."""
    with engine.connect() as conn:
        head = conn.execute(text("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")).first()
        anchored = state.get(conn, ANCHOR_SEQ)
        witness = None
        if anchored and anchored.isdigit() and (head is None or int(anchored) != int(head[0])):
            found = conn.execute(
                text("SELECT hash FROM journal WHERE seq = :s"), {"s": int(anchored)}
            ).scalar()
            witness = ChainPoint(seq=int(anchored), hash=str(found) if found else NO_ENTRY)
        conn.rollback()
    points = [] if head is None else [ChainPoint(seq=int(head[0]), hash=str(head[1]))]
    return points + ([witness] if witness is not None else [])


def remember_anchor(engine: Engine, anchor_seq: int | None) -> None:
    """The newest entry the server anchored (from an upload's answer)."""
    if anchor_seq is not None and str(anchor_seq) != state.read(engine, ANCHOR_SEQ):
        state.write(engine, ANCHOR_SEQ, str(anchor_seq))


@dataclass(frozen=True)
class AnchorProblem:
    seq: int
    receipt: str
    vi: str
    en: str

    def message(self, lang: str = "en") -> str:
        return f"#{self.seq} ({self.receipt}): {self.vi if lang == 'vi' else self.en}"


def check_against_server(engine: Engine, anchors: Sequence[ChainPoint]) -> list[AnchorProblem]:
    """Every anchor compared with the local journal, oldest first; empty when they all match."""
    with engine.connect() as conn:
        local = {
            int(seq): (str(h), f"{code}-{int(no):06d}")
            for seq, h, code, no in conn.execute(
                text("SELECT seq, hash, terminal_code, receipt_no FROM journal")
            )
        }
        conn.rollback()
    problems = []
    for a in anchors:
        mine = local.get(a.seq)
        if mine is None:
            problems.append(
                AnchorProblem(
                    a.seq,
                    "?",
                    f"mục nhật ký {a.seq} máy chủ đã ghi nhận không còn trên máy (nhật ký bị cắt bớt)",
                    f"journal entry {a.seq}, which the server anchored, is gone (the journal was cut back)",
                )
            )
        elif mine[0] != a.hash:
            problems.append(
                AnchorProblem(
                    a.seq,
                    mine[1],
                    f"mục nhật ký {a.seq} khác với bản máy chủ đã ghi nhận: lịch sử đã bị viết lại",
                    f"journal entry {a.seq} differs from the one the server anchored: history was rewritten",
                )
            )
    return problems


def verify_against_server(engine: Engine, client: SyncClient) -> tuple[int, list[AnchorProblem]]:
    """Fetch this till's anchors from its server through ``client`` (``pos.sync.rounds.client_for``) and check the
    journal against them: (anchors, problems). Raises ``SyncError`` when the server cannot be asked."""
    anchors = client.anchors().anchors
    return len(anchors), check_against_server(engine, anchors)
