"""``ocop-pos register`` and ``ocop-pos sync``: join a server, and sync from the command line.

``sync --once`` runs one round and exits 0 only if the outbox is empty afterwards (1 if anything is left unsent,
e.g. the server is unreachable or head office has quarantined an entry). ``sync`` alone keeps syncing in the
foreground until Ctrl-C (a till without the GUI, or a kiosk).
"""

from __future__ import annotations

import argparse
import signal
import threading
from typing import Any

from pos.cli import EXIT_USAGE
from pos.cli.output import add_format_options, emit_record, error, for_script
from pos.db import open_database
from pos.settings import load_settings
from pos.sync import outbox, state
from pos.sync.errors import RejectedError, SyncError
from pos.sync.fingerprints import pretty
from pos.sync.identity import Adoption
from pos.sync.registration import register_terminal
from pos.sync.rounds import DEFAULT_BATCH, client_for, sync_round
from pos.sync.status import SyncStatus
from pos.sync.worker import SyncWorker


def register(sub: Any) -> None:
    p = sub.add_parser("register", help="register this till with the central server (one-time code)")
    p.add_argument("--server", help="server address, e.g. http://10.0.0.5:8750 (in the QR code already)")
    p.add_argument(
        "--code", required=True, help="the one-time code from head office, or its QR code's text as scanned"
    )
    p.add_argument(
        "--fingerprint",
        help="SHA-256 fingerprint of the server's certificate (https; from `ocop-pos server add-terminal` or "
        "the office's QR code)",
    )
    p.set_defaults(handler=_register)
    p = sub.add_parser("sync", help="send the outbox and fetch catalogue changes")
    p.add_argument("--once", action="store_true", help="one round; exit 1 if anything is left unsent")
    p.add_argument("--batch", type=int, default=None, help=f"sales per upload (default {DEFAULT_BATCH})")
    p.add_argument("--status", action="store_true", help="only show the queue and the last sync")
    add_format_options(p)
    p.set_defaults(handler=_sync)


def _register(args: argparse.Namespace) -> int:
    from pos.errors import ConfigError
    from pos.sync.registration_qr import parse_registration_qr

    server, code, fingerprint = parse_registration_qr(args.code)
    server = args.server or server
    if not server:
        raise ConfigError(
            "Cần địa chỉ máy chủ (--server) hoặc mã QR từ văn phòng",
            "The server address is needed (--server), or the QR code from head office",
        )
    settings = load_settings()
    engine = open_database(settings.db_path)
    try:
        reg = register_terminal(
            settings, engine, server, code, fingerprint=args.fingerprint or fingerprint, send_stock=True
        )
    finally:
        engine.dispose()
    print(
        f"Registered: terminal {reg.terminal_code} of store {reg.store_code} ({reg.store_name}) at {reg.server_url}."
    )
    if reg.cert_sha256:
        print(f"Server certificate pinned: SHA-256 {pretty(reg.cert_sha256)}")
    print("Run `ocop-pos sync --once` to send sales and fetch the catalogue.")
    return 0


def _print_counts(engine: Any, lang: str) -> outbox.OutboxCounts:
    counts = outbox.counts(engine)
    last = state.last_success(engine)
    when = f"{last:%Y-%m-%d %H:%M:%S} UTC" if last else ("chưa bao giờ" if lang == "vi" else "never")
    if lang == "vi":
        print(
            f"Chờ gửi: {counts.total} (bị cách ly: {counts.quarantined}); lần đồng bộ thành công cuối: {when}"
        )
    else:
        print(
            f"Waiting to send: {counts.total} (quarantined: {counts.quarantined}); last successful sync: {when}"
        )
    return counts


def _sync(args: argparse.Namespace) -> int:
    settings = load_settings()
    lang = args.lang or settings.terminal.lang
    engine = open_database(settings.db_path)
    try:
        if for_script(args) and not args.status:
            error("ocop-pos: --tsv and --json go with --status")
            return EXIT_USAGE
        if args.status and for_script(args):
            counts, last = outbox.counts(engine), state.last_success(engine)
            emit_record(
                args,
                {"queued": counts.total, "quarantined": counts.quarantined, "last_success_utc": last},
            )
            return 0 if counts.total == 0 else 1
        if args.status:
            return 0 if _print_counts(engine, lang).total == 0 else 1
        batch = args.batch or settings.sync.batch_size
        if args.once:
            return _once(engine, batch, lang)
        from pos.logs import setup_logging  # left running for days: what went wrong must be in the log

        setup_logging(settings.log_dir)
        return _forever(engine, batch, settings.sync.interval_s, lang)
    finally:
        engine.dispose()


def _once(engine: Any, batch: int, lang: str) -> int:
    try:
        with client_for(engine) as client:
            report = sync_round(engine, client, batch_size=batch)
    except SyncError as exc:
        error(f"ocop-pos: {exc.message(lang)}")
        if isinstance(exc, RejectedError) and exc.status == 401:
            error(
                "Máy chủ không còn nhận khoá của máy này (đã bị thu hồi?). Xin văn phòng mã đăng ký mới rồi chạy "
                "`ocop-pos register --server URL --code MÃ`; giao dịch chưa gửi vẫn được giữ trên máy."
                if lang == "vi"
                else "The server no longer accepts this till's credential (revoked?). Ask head office for a new "
                "registration code, then run `ocop-pos register --server URL --code CODE`; unsent sales stay on "
                "this till."
            )
        _print_counts(engine, lang)
        return 1
    up = report.upload
    print(
        f"Sent {up.sent} entries in {up.batches} batches: {up.held} held by the server, "
        f"{len(up.quarantined)} quarantined; {report.catalogue_changes} catalogue changes applied."
    )
    for q in up.quarantined[:20]:
        print(f"  quarantined {q.id}: {q.message_vi if lang == 'vi' else q.message_en}")
    _print_identity(report.adopted, report.unmatched, lang)
    _print_rejected(report.rejected, lang)
    return 0 if _print_counts(engine, lang).total == 0 else 1


def _print_identity(adopted: list[Adoption], unmatched: list[str], lang: str) -> None:
    """What joining head office did to the till's own products (``pos.sync.identity``)."""
    if adopted:
        print(
            f"{len(adopted)} sản phẩm của máy nhận mã của văn phòng (giữ nguyên tồn kho và lịch sử)."
            if lang == "vi"
            else f"{len(adopted)} of this till's products took head office's ids (stock and history kept)."
        )
    if unmatched:
        listed = ", ".join(unmatched[:20]) + (" …" if len(unmatched) > 20 else "")
        print(
            f"{len(unmatched)} sản phẩm của máy không có trong danh mục của văn phòng (vẫn bán được trên máy): {listed}"
            if lang == "vi"
            else f"{len(unmatched)} of this till's products are not in head office's catalogue (still sold here): "
            f"{listed}"
        )


def _print_rejected(rejected: list[dict[str, str]], lang: str) -> None:
    """Head office's price rules this till could not apply (``pos.sync.price_rules``; also in the audit log)."""
    if rejected:
        listed = ", ".join(f"{r['product_id']} ({r['reason']})" for r in rejected[:20])
        print(
            f"{len(rejected)} giá của văn phòng không áp dụng được trên máy: {listed}"
            if lang == "vi"
            else f"{len(rejected)} of head office's prices could not be applied on this till: {listed}"
        )


def _forever(engine: Any, batch: int, interval_s: int, lang: str) -> int:
    done = threading.Event()

    def show(s: SyncStatus) -> None:
        if s.syncing:
            return
        state_text = "online" if s.online else "offline"
        err = f" — {s.last_error(lang)}" if s.last_error_en else ""
        print(f"[{state_text}] queued {s.queued} (quarantined {s.quarantined}){err}", flush=True)

    worker = SyncWorker(engine, interval_s=float(interval_s), batch_size=batch, on_status=show)
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    worker.start()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        worker.stop()
    return 0
