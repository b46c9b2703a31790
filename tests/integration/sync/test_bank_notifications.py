"""Bank notifications on the real server (SQLite and PostgreSQL): each source's documented payload is stored once,
replays store nothing, a bad key or signature is refused with nothing stored, and a till waiting on its VietQR
sees the transfer confirmed — whether the notification came before or after it asked."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from bank_payloads import ACCOUNT, CASSO_KEY, SEPAY_KEY, casso, post_casso, post_sepay, sepay
from sync_helpers import LiveServer, ServerDb, manager, register

from pos.selling.transfer import TransferRequest, request_transfer
from pos.shop.profile import ShopProfile, save_profile
from pos.sync.transfer_watch import TransferWatcher, Watched, ask_once
from pos.till.terminal import Terminal


@pytest.fixture
def bank_server(server_db: ServerDb) -> Iterator[LiveServer]:
    live = LiveServer(server_db, bank_sepay_api_key=SEPAY_KEY, bank_casso_secret=CASSO_KEY).start()
    yield live
    live.stop()


def _count(server: LiveServer) -> int:
    return int(server.scalar("SELECT count(*) FROM bank_transfers"))  # type: ignore[arg-type]


def _status(server: LiveServer, source: str, txn: str) -> str:
    return str(
        server.scalar("SELECT status FROM bank_transfers WHERE source = :s AND txn_id = :t", s=source, t=txn)
    )


def _till_with_account(make_till: Callable[..., Terminal], server: LiveServer) -> Terminal:
    till = make_till("T01", empty=True)
    save_profile(
        till.engine,
        manager(till),
        ShopProfile(
            name="OCOP Hạ Long", bank_bin="VCB", bank_account=ACCOUNT, bank_account_name="Nguyen Van Duc"
        ),
    )
    register(till, server)
    return till


def test_sepay_payload_stored_once_and_bad_key_refused(bank_server: LiveServer) -> None:
    body = sepay(92704, "chuyen tien mua hang", 2_277_000)
    first = post_sepay(bank_server.url, body)
    assert first.status_code == 200 and first.json()["success"] is True
    assert _count(bank_server) == 1 and _status(bank_server, "sepay", "92704") == "unmatched"
    assert int(bank_server.scalar("SELECT amount FROM bank_transfers")) == 2_277_000  # type: ignore[arg-type]

    again = post_sepay(bank_server.url, body)  # SePay retries until it gets a success
    assert again.status_code == 200 and again.json()["transactions"][0]["new"] is False
    assert _count(bank_server) == 1

    other = sepay(92705, "T01-000001", 150_000)
    for key in ("wrong-key", None, "Bearer"):
        refused = post_sepay(bank_server.url, other, key)
        assert refused.status_code == 401 and refused.json()["error"]["code"] == "bad_credentials"
    assert _count(bank_server) == 1

    out = post_sepay(bank_server.url, sepay(92706, "tra tien nha cung cap", 500_000, kind="out"))
    assert out.status_code == 200 and _status(bank_server, "sepay", "92706") == "outgoing"

    assert post_sepay(bank_server.url, {**other, "transferAmount": 150_000.5}).status_code == 422
    assert _count(bank_server) == 2


def test_casso_payload_signed_stored_once_and_forgeries_refused(bank_server: LiveServer) -> None:
    body = casso(4521, "giao dich thu nghiem Bánh đa", 599_000)
    ok = post_casso(bank_server.url, body)
    assert ok.status_code == 200 and ok.json()["success"] is True
    assert _count(bank_server) == 1 and _status(bank_server, "casso", "4521") == "unmatched"
    assert post_casso(bank_server.url, body).status_code == 200
    assert _count(bank_server) == 1

    forged = casso(4522, "T01-000001", 150_000)
    assert post_casso(bank_server.url, forged, "not-the-key").status_code == 401
    tampered = casso(4522, "T01-000001", 15_000_000)  # signed for 150 000, sent for 15 000 000
    assert post_casso(bank_server.url, tampered, sign_body=forged).status_code == 401
    assert _count(bank_server) == 1

    spent = post_casso(bank_server.url, casso(4523, "chuyen tien ra", -200_000))
    assert spent.status_code == 200 and _status(bank_server, "casso", "4523") == "outgoing"


def test_a_source_without_a_key_is_refused(server: LiveServer) -> None:
    assert post_sepay(server.url, sepay(1, "x", 1000), None).status_code == 401
    assert post_sepay(server.url, sepay(1, "x", 1000), "anything").status_code == 401
    assert _count(server) == 0


def test_till_waiting_on_its_qr_sees_the_transfer_confirmed(
    bank_server: LiveServer, make_till: Callable[..., Terminal]
) -> None:
    till = _till_with_account(make_till, bank_server)
    transfer = request_transfer(till.engine, till.code, 185_000)
    assert transfer.reference == "T01-000001"
    assert ask_once(till.engine, transfer.question()).state == "waiting"  # type: ignore[union-attr]

    answers: list[Watched] = []
    settled = threading.Event()

    def on_answer(w: Watched) -> None:
        answers.append(w)
        if w.answer is not None and w.answer.state == "confirmed":
            settled.set()

    watcher = TransferWatcher(till.engine, transfer.question(), on_answer, interval_s=0.05).start()
    # the customer's bank writes the message its own way: no hyphen, lower case, words around it
    post_sepay(bank_server.url, sepay(1001, "MBVCB.123 t01000001 thanh toan OCOP", 185_000))
    assert settled.wait(60)
    watcher.join()
    confirmed = answers[-1].answer
    assert confirmed is not None and confirmed.amount == 185_000 and confirmed.source == "sepay"
    assert confirmed.transaction_id == "1001" and str(confirmed.bank_time) == "2026-12-07 14:02:37"
    assert _status(bank_server, "sepay", "1001") == "matched"


def test_notification_before_the_till_asks_still_confirms(
    bank_server: LiveServer, make_till: Callable[..., Terminal]
) -> None:
    till = _till_with_account(make_till, bank_server)
    transfer = request_transfer(till.engine, till.code, 320_000)
    post_casso(bank_server.url, casso(7001, f"{transfer.reference} CHUYEN KHOAN", 320_000))
    assert _status(bank_server, "casso", "7001") == "unmatched"
    answer = ask_once(till.engine, transfer.question())
    assert answer is not None and answer.state == "confirmed" and answer.amount == 320_000
    assert _status(bank_server, "casso", "7001") == "matched"
    assert ask_once(till.engine, transfer.question()).state == "confirmed"  # type: ignore[union-attr]


def _transfer(till: Terminal, amount: int) -> TransferRequest:
    return request_transfer(till.engine, till.code, amount)


def test_other_amounts_are_flagged_never_accepted(
    bank_server: LiveServer, make_till: Callable[..., Terminal]
) -> None:
    till = _till_with_account(make_till, bank_server)
    transfer = _transfer(till, 500_000)
    assert ask_once(till.engine, transfer.question()).state == "waiting"  # type: ignore[union-attr]
    post_sepay(bank_server.url, sepay(2001, "T01-000001", 50_000))  # partial
    assert _status(bank_server, "sepay", "2001") == "short"
    flagged = ask_once(till.engine, transfer.question())
    assert flagged is not None and flagged.state == "flagged" and flagged.amount == 50_000
    post_sepay(bank_server.url, sepay(2002, "T01-000001", 5_000_000))  # a zero too many
    assert _status(bank_server, "sepay", "2002") == "over"
    assert ask_once(till.engine, transfer.question()).state == "flagged"  # type: ignore[union-attr]
    post_sepay(bank_server.url, sepay(2003, "T01-000001", 500_000))
    assert ask_once(till.engine, transfer.question()).state == "confirmed"  # type: ignore[union-attr]
    post_sepay(bank_server.url, sepay(2004, "T01-000001", 500_000))  # paid twice
    assert _status(bank_server, "sepay", "2004") == "duplicate"
    # another shop's account with the same till code and number is not this sale
    post_sepay(bank_server.url, sepay(2005, "T01-000001", 500_000, account="999888777"))
    assert _status(bank_server, "sepay", "2005") == "unmatched"


def test_without_a_source_the_till_is_told_to_confirm_by_hand(
    server: LiveServer, make_till: Callable[..., Terminal]
) -> None:
    till = _till_with_account(make_till, server)
    assert ask_once(till.engine, _transfer(till, 10_000).question()).state == "off"  # type: ignore[union-attr]
