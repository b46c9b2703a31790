"""``ocop-pos server …``: run the central server and administer it from its own machine.

``add-store``, ``add-terminal`` (prints a one-time registration code), ``revoke-terminal`` (a lost or stolen
till: its credential is refused from then on), ``add-admin``, ``import-catalogue``, ``migrate``, ``backup`` /
``restore`` (``pos.server.backup``), ``verify-anchors`` (``pos.server.anchors``), ``fingerprint`` (the certificate
tills pin); e-invoices a store has head office send (``einvoice-relay`` sets its provider account, ``einvoice-send``
sends what is due — the server does that by itself too — ``einvoice-list``, ``einvoice-retry``). The work is in
those modules; the handlers here only parse and print.

``ocop-pos server`` alone serves on 127.0.0.1:8750 with an embedded SQLite database (no set-up); beyond loopback it
needs TLS (``--ssl-certfile``/``--ssl-keyfile``) or ``--allow-plain-http`` (``pos.server.transport``). Set
``--database-url`` (or ``OCOP_SERVER_DATABASE_URL``) to a PostgreSQL URL in production; ``--workers N`` runs N
processes on it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select

from pos.server.settings import ServerSettings


def register(sub: Any) -> None:
    p = sub.add_parser(
        "server", help="the central server (serve, add stores and terminals, import a catalogue)"
    )
    p.add_argument("--database-url", help="sqlite:///path or postgresql+psycopg://user:pass@host/db")
    p.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 8750)")
    p.add_argument("--workers", type=int, default=1, help="server processes (PostgreSQL only)")
    p.add_argument("--ssl-certfile", help="TLS certificate (PEM): serve HTTPS")
    p.add_argument("--ssl-keyfile", help="TLS private key (PEM)")
    p.add_argument(
        "--allow-plain-http",
        action="store_true",
        default=None,
        help="serve plain HTTP beyond loopback (only on a network protected otherwise)",
    )
    p.set_defaults(handler=_serve)
    s = p.add_subparsers(dest="server_cmd", metavar="ACTION")
    q = s.add_parser("serve", help="serve the API (the default)")
    q.set_defaults(handler=_serve)
    q = s.add_parser("migrate", help="create or upgrade the server database and exit")
    q.set_defaults(handler=_migrate)
    q = s.add_parser("add-store", help="create a store (or update its details)")
    q.add_argument("--code", required=True)
    q.add_argument("--name", required=True)
    for opt in ("address", "commune", "district", "tax-code", "phone"):
        q.add_argument(f"--{opt}", default="")
    q.add_argument("--province", default="Quảng Ninh")
    q.set_defaults(handler=_add_store)
    q = s.add_parser(
        "add-terminal", help="add a terminal to a store and print its one-time registration code"
    )
    q.add_argument("--store", required=True, help="store code")
    q.add_argument("--code", required=True, help="terminal code, e.g. T01")
    q.add_argument("--name", default="")
    q.set_defaults(handler=_add_terminal)
    q = s.add_parser(
        "add-staff",
        help="add (or change) a staff member of a store; every till of the store follows at its next sync "
        "(PIN from OCOP_POS_NEW_PIN or asked for twice; only its store-peppered hash is kept)",
    )
    q.add_argument("--store", required=True, help="store code")
    q.add_argument("--code", required=True, help="staff code, e.g. HO01")
    q.add_argument("--name", required=True)
    q.add_argument("--role", required=True, choices=["cashier", "shift_lead", "manager", "admin"])
    q.add_argument("--keep-pin", action="store_true", help="change name or role only (an existing person)")
    q.set_defaults(handler=_add_staff)
    q = s.add_parser(
        "deactivate-staff", help="deactivate a store's staff member (at every till after its sync)"
    )
    q.add_argument("--store", required=True, help="store code")
    q.add_argument("--code", required=True, help="staff code")
    q.set_defaults(handler=_deactivate_staff)
    q = s.add_parser(
        "revoke-terminal",
        help="revoke a terminal's credential: its requests are refused from now on (its data stays)",
    )
    q.add_argument("--store", required=True, help="store code")
    q.add_argument("--code", required=True, help="terminal code, e.g. T01")
    q.set_defaults(handler=_revoke_terminal)
    q = s.add_parser(
        "verify-anchors",
        help="check every till's journal anchors: exit 1 if a till's history was rewritten or cut back",
    )
    q.set_defaults(handler=_verify_anchors)
    q = s.add_parser("backup", help="write a backup of the server database, verified by restoring it")
    q.add_argument("--out", type=Path, help="folder (default: <server home>/backups)")
    q.set_defaults(handler=_backup)
    q = s.add_parser("restore", help="replace the server database by a backup (stop the server first)")
    q.add_argument("file", type=Path)
    q.add_argument("--force", action="store_true", help="replace a database that holds data")
    q.set_defaults(handler=_restore)
    q = s.add_parser(
        "fingerprint", help="print the SHA-256 fingerprint of the server's certificate (tills pin it)"
    )
    q.add_argument("--cert", type=Path, help="a PEM certificate (default: --ssl-certfile)")
    q.set_defaults(handler=_fingerprint)
    q = s.add_parser("add-admin", help="create a head-office API token (printed once)")
    q.add_argument("--name", required=True)
    q.set_defaults(handler=_add_admin)
    q = s.add_parser(
        "add-user",
        help="create a web office account (password from OCOP_POS_NEW_PASSWORD or asked for)",
    )
    q.add_argument("username")
    q.add_argument("--role", required=True, choices=["admin", "centre", "accountant"])
    q.add_argument("--store", action="append", default=[], help="store code a centre manager sees (repeat)")
    q.add_argument("--name", default="", help="the person's name as the office shows it")
    q.set_defaults(handler=_add_user)
    q = s.add_parser(
        "seed-demo",
        help="fill the database with a demo network: centres, tills, a year of sales (COPY on PostgreSQL)",
    )
    q.add_argument("--stores", type=int, default=30)
    q.add_argument("--tills", type=int, default=60)
    q.add_argument("--days", type=int, default=365)
    q.add_argument("--seed", type=int, default=2026)
    q.add_argument("--sales-per-till-day", type=float, default=150.0, help="average sales per till and day")
    q.set_defaults(handler=_seed_demo)
    q = s.add_parser(
        "demo",
        help="serve a demo network (seeded on first start: 6 centres, 10 tills, 60 days) with demo office accounts",
    )
    q.set_defaults(handler=_demo)
    q = s.add_parser(
        "screenshots", help="save every office page as PNG (1366x768 and a tablet) with Chromium"
    )
    q.add_argument("--out", type=Path, required=True)
    q.add_argument("--username", default="admin")
    q.add_argument("--url", default="", help="a running server (default: one started on this database)")
    q.set_defaults(handler=_screenshots)
    q = s.add_parser("import-catalogue", help="import products from a CSV or XLSX file (all rows or none)")
    q.add_argument("file", type=Path)
    q.set_defaults(handler=_import)
    q = s.add_parser(
        "einvoice-relay",
        help="set the provider account head office sends a store's e-invoices with (secret from "
        "OCOP_POS_PROVIDER_SECRET, else asked)",
    )
    q.add_argument("--store", required=True, help="store code")
    q.add_argument("--provider", default="sepay", choices=["sepay"])
    q.add_argument("--base-url", default="", help="the provider's API address (default: its production one)")
    q.add_argument("--client-id", default="")
    q.add_argument("--provider-account-id", default="")
    q.add_argument("--off", action="store_true", help="stop relaying for this store (the account is kept)")
    q.set_defaults(handler=_einvoice_relay)
    q = s.add_parser(
        "einvoice-send",
        help="send the relayed e-invoices that are due (the server does it by itself; this is for a timer)",
    )
    q.add_argument("--once", action="store_true", help="one round, then exit (else: keep sending)")
    q.add_argument("--interval", type=float, default=30.0, help="seconds between rounds (default 30)")
    q.set_defaults(handler=_einvoice_send)
    q = s.add_parser("einvoice-list", help="e-invoices and where each is (newest first)")
    q.add_argument("--store", help="store code (default: every store)")
    q.add_argument(
        "--state", action="append", choices=["pending", "sent", "accepted", "rejected", "corrected"]
    )
    q.add_argument("--limit", type=int, default=50)
    q.set_defaults(handler=_einvoice_list)
    q = s.add_parser("einvoice-retry", help="offer a rejected relayed e-invoice again (by its sale id)")
    q.add_argument("sale_id")
    q.set_defaults(handler=_einvoice_retry)
    q = s.add_parser(
        "publish",
        help="put products on the public pages and the feed (or --withdraw them), with descriptions",
    )
    q.add_argument("skus", nargs="*", help="SKUs (none with --all)")
    q.add_argument("--all", action="store_true", help="every active product")
    q.add_argument("--withdraw", action="store_true", help="take them out of public")
    for lang in ("vi", "en", "zh", "ko"):
        q.add_argument(f"--description-{lang}", help=f"the page's description in {lang}")
    q.set_defaults(handler=_publish)
    q = s.add_parser("producer-site", help="a producer's own web site for its products' public pages")
    q.add_argument("producer", help="producer code")
    q.add_argument("website", help="https://… (empty: none)")
    q.set_defaults(handler=_producer_site)


def _settings(args: argparse.Namespace) -> ServerSettings:
    return ServerSettings.from_env(
        database_url=args.database_url,
        host=getattr(args, "host", None),
        port=getattr(args, "port", None),
        ssl_certfile=getattr(args, "ssl_certfile", None),
        ssl_keyfile=getattr(args, "ssl_keyfile", None),
        allow_plain_http=getattr(args, "allow_plain_http", None),
    )


def _engine(args: argparse.Namespace) -> Engine:
    from pos.server.db import make_engine, upgrade

    engine = make_engine(_settings(args).database_url)
    upgrade(engine)
    return engine


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from pos.server.app import create_app
    from pos.server.models import AdminToken
    from pos.server.transport import plain_http_refusal

    settings = _settings(args)
    refused = plain_http_refusal(settings)
    if refused is not None:
        vi, en = refused
        print(f"ocop-pos: {vi if (args.lang or 'vi') == 'vi' else en}", file=sys.stderr)
        return 2
    tls = {"ssl_certfile": settings.ssl_certfile, "ssl_keyfile": settings.ssl_keyfile or None}
    tls = tls if settings.ssl_certfile else {}
    engine = _engine(args)
    with engine.connect() as conn:
        admins = conn.execute(select(func.count()).select_from(AdminToken)).scalar_one()
        conn.rollback()
    where = "SQLite " + settings.database_url.split("///", 1)[-1] if settings.is_sqlite else "PostgreSQL"
    scheme = "https" if tls else "http"
    print(
        f"OCOP POS server on {scheme}://{settings.host}:{settings.port} (database: {where}); API docs at /docs"
    )
    if not admins:
        print("No head-office token yet: create one with `ocop-pos server add-admin --name NAME`.")
    if args.workers > 1:
        if settings.is_sqlite:
            print("ocop-pos: several workers need PostgreSQL; serving with one.", file=sys.stderr)
        else:
            engine.dispose()
            os.environ.update(settings.to_env())
            uvicorn.run(
                "pos.server.app:app_from_env",
                factory=True,
                host=settings.host,
                port=settings.port,
                workers=args.workers,
                log_level="info",
                **tls,  # type: ignore[arg-type]
            )
            return 0
    uvicorn.run(
        create_app(settings, engine=engine, migrate=False),
        host=settings.host,
        port=settings.port,
        log_level="info",
        **tls,  # type: ignore[arg-type]
    )
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from pos.server.db import current_revision

    engine = _engine(args)
    print(f"Server database at schema {current_revision(engine)}")
    return 0


def _add_store(args: argparse.Namespace) -> int:
    from pos.server.provisioning import add_store

    add_store(
        _engine(args),
        args.code,
        args.name,
        address=args.address,
        commune=args.commune,
        district=args.district,
        province=args.province,
        tax_code=args.tax_code,
        phone=args.phone,
    )
    print(
        f"Store {args.code} ready. Add its tills with `ocop-pos server add-terminal --store {args.code} --code T01`."
    )
    return 0


def _add_terminal(args: argparse.Namespace) -> int:
    from pos.server.provisioning import add_terminal

    issued = add_terminal(
        _engine(args), args.store, args.code, name=args.name, ttl_hours=_settings(args).provision_ttl_hours
    )
    print(f"Terminal {issued.terminal_code} of store {issued.store_code}.")
    print(f"One-time registration code (valid until {issued.expires_at:%Y-%m-%d %H:%M} UTC): {issued.code}")
    settings = _settings(args)
    if settings.ssl_certfile:
        from pos.server.transport import certificate_fingerprint

        fp = certificate_fingerprint(settings.ssl_certfile)
        print(
            f"On the till: ocop-pos register --server https://THIS-SERVER:{settings.port} --code {issued.code} "
            f"--fingerprint {fp}"
        )
    else:
        print(
            f"On the till: ocop-pos register --server https://SERVER --code {issued.code} (or http:// on loopback)"
        )
    return 0


def _store_id(conn: Any, code: str) -> str:
    from pos.server.errors import ApiError
    from pos.server.models import Store

    sid = conn.execute(select(Store.id).where(Store.code == code)).scalar()
    if sid is None:
        raise ApiError(404, "unknown_store", f"Không có cửa hàng {code}", f"No store {code}")
    return str(sid)


def _add_staff(args: argparse.Namespace) -> int:
    from pos.cli.staff import _new_pin
    from pos.server.db import write_tx
    from pos.server.office import audit
    from pos.server.rules import set_staff

    pin = None if args.keep_pin else _new_pin()
    with write_tx(_engine(args)) as conn:
        sid = _store_id(conn, args.store)
        staff_id, created = set_staff(
            conn, sid, code=args.code, name=args.name, role=args.role, pin=pin, by="cli"
        )
        audit.record(
            conn,
            None,
            "staff_add" if created else "staff_change",
            f"{args.store} {args.code.upper()}",
            store_id=sid,
            username="cli",
            detail={"staff_id": staff_id, "role": args.role, "pin_set": pin is not None},
        )
    print(
        f"Staff {args.code.upper()} of store {args.store} {'added' if created else 'changed'}: every till of the "
        "store follows at its next sync."
    )
    return 0


def _deactivate_staff(args: argparse.Namespace) -> int:
    from pos.server.db import write_tx
    from pos.server.office import audit
    from pos.server.rules import deactivate_staff

    with write_tx(_engine(args)) as conn:
        sid = _store_id(conn, args.store)
        staff_id = deactivate_staff(conn, sid, args.code, by="cli")
        audit.record(
            conn,
            None,
            "staff_deactivate",
            f"{args.store} {args.code.upper()}",
            store_id=sid,
            username="cli",
            detail={"staff_id": staff_id},
        )
    print(f"Staff {args.code.upper()} of store {args.store} deactivated at the next sync of each till.")
    return 0


def _revoke_terminal(args: argparse.Namespace) -> int:
    from pos.server.provisioning import revoke_terminal

    if not revoke_terminal(_engine(args), args.store, args.code):
        vi = f"Không có máy {args.code} của cửa hàng {args.store}"
        en = f"No terminal {args.code} in store {args.store}"
        print(f"ocop-pos: {vi if (args.lang or 'vi') == 'vi' else en}", file=sys.stderr)
        return 1
    print(
        f"Terminal {args.code} of store {args.store} revoked: its credential and any unused registration code no "
        "longer work; its sales and events stay on the server. To bring the till back, issue a new code with "
        f"`ocop-pos server add-terminal --store {args.store} --code {args.code}`."
    )
    return 0


def _add_admin(args: argparse.Namespace) -> int:
    from pos.server.provisioning import add_admin

    token = add_admin(_engine(args), args.name)
    print(f"Head-office token for {args.name} (shown once; keep it secret):\n{token}")
    return 0


def _add_user(args: argparse.Namespace) -> int:
    from pos.server.office.accounts import create_user, new_password

    engine = _engine(args)
    create_user(engine, args.username, args.role, args.store, new_password(), name=args.name)
    where = f" ({', '.join(args.store)})" if args.store else ""
    print(f"Office account {args.username}: {args.role}{where}. Sign in at /office/login.")
    return 0


def _seed_demo(args: argparse.Namespace) -> int:
    from pos.demo.network import SeedPlan, seed_network

    plan = SeedPlan(
        stores=args.stores,
        tills=args.tills,
        days=args.days,
        seed=args.seed,
        sales_per_till_day=args.sales_per_till_day,
    )
    report = seed_network(_engine(args), plan, progress=lambda m: print(m, flush=True))
    print(
        f"Seeded {report.stores} centres, {report.tills} tills, {report.sales:,} sales "
        f"({report.lines:,} lines) over {args.days} days in {report.seconds:.0f} s."
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    from pos.demo.network import DEMO_PLAN, prepare_demo

    engine = _engine(args)
    print(
        "Preparing the demo network ({stores} centres, {tills} tills, {days} days) on first start…".format(
            **DEMO_PLAN
        ),
        flush=True,
    )
    made = prepare_demo(engine, progress=lambda m: print(m, flush=True))
    engine.dispose()
    for username, role, password in made:
        print(f"Office account {username} ({role}), password {password}")
    settings = _settings(args)
    print(f"The web office: http://{settings.host}:{settings.port}/office/", flush=True)
    print(
        f"Public pages: http://{settings.host}:{settings.port}/01/08931306705370 (a label's GS1 Digital Link), "
        f"feed: http://{settings.host}:{settings.port}/feed/products.xml",
        flush=True,
    )
    return _serve(args)


def _screenshots(args: argparse.Namespace) -> int:
    from pos.server.office.screenshots import take_screenshots

    saved = take_screenshots(_settings(args), args.out, username=args.username, url=args.url)
    print(f"Saved {len(saved)} screenshots in {args.out}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from pos.server.errors import ApiError
    from pos.server.importer import import_file

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"ocop-pos: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    try:
        out = import_file(_engine(args), data, args.file.name)
    except ApiError as exc:
        lang = args.lang or "vi"
        print(f"ocop-pos: {exc.vi if lang == 'vi' else exc.en}", file=sys.stderr)
        for d in exc.details:
            print(f"  row {d.get('row', '?')}: {d.get('msg', '')}", file=sys.stderr)
        return 1
    print(
        f"Imported {out.rows} products ({out.products_created} new, {out.products_updated} updated), "
        f"{out.producers_created} new producers, {out.categories_created} new categories."
    )
    return 0


def _say(args: argparse.Namespace, vi: str, en: str) -> str:
    return vi if (args.lang or "vi") == "vi" else en


def _einvoice_relay(args: argparse.Namespace) -> int:
    import getpass

    from pos.server.einvoice_relay import RelayError, set_relay

    secret = os.environ.get("OCOP_POS_PROVIDER_SECRET")
    if secret is None and not args.off and sys.stdin.isatty():
        secret = getpass.getpass("Client secret (Enter: keep the stored one): ") or None
    try:
        set_relay(
            _engine(args),
            args.store,
            provider=args.provider,
            base_url=args.base_url,
            client_id=args.client_id,
            client_secret=secret,
            provider_account_id=args.provider_account_id,
            active=not args.off,
        )
    except RelayError as exc:
        print(f"ocop-pos: {_say(args, exc.vi, exc.en)}", file=sys.stderr)
        return 1
    state = "off" if args.off else "on"
    print(f"E-invoice relay for store {args.store}: {state} ({args.provider})")
    return 0


def _einvoice_send(args: argparse.Namespace) -> int:
    import time

    from pos.server.einvoice_relay import Relay, release_lease

    settings = _settings(args)
    relay = Relay(_engine(args), timeout_s=float(settings.einvoice_timeout_s))
    try:
        while True:
            report = relay.round()
            for store in report.stores:
                r = store.result
                line = f"{store.store_code}\taccepted {r.accepted}\tsent {r.sent}\trejected {r.rejected}"
                print(line + (f"\tunreachable: {r.unreachable}" if r.unreachable else ""))
                for problem in r.problems:
                    print(f"{store.store_code}\t{problem}", file=sys.stderr)
            if report.held_by_another:
                print(
                    _say(
                        args, "Một tiến trình khác đang gửi; thử lại sau", "Another process is sending; later"
                    ),
                    file=sys.stderr,
                )
            if args.once:
                return 1 if report.unreachable else 0
            time.sleep(max(1.0, args.interval if not report.moved else 1.0))
    except KeyboardInterrupt:
        return 0
    finally:
        release_lease(relay.engine, relay.holder)
        relay.close()


def _einvoice_list(args: argparse.Namespace) -> int:
    from pos.server.einvoices import invoice_rows, store_ids_for

    engine = _engine(args)
    stores = store_ids_for(engine, [args.store]) if args.store else None
    for r in invoice_rows(engine, store_ids=stores, states=args.state or (), limit=args.limit):
        why = f"\t{r.last_error}" if r.last_error else ""
        print(f"{r.store_code}\t{r.receipt}\t{r.code}\t{r.total}\t{r.via}\t{r.state}{why}")
    return 0


def _einvoice_retry(args: argparse.Namespace) -> int:
    from pos.server.einvoices import retry

    if not retry(_engine(args), args.sale_id):
        print(
            "ocop-pos: "
            + _say(
                args,
                "Chỉ gửi lại được hoá đơn bị từ chối mà văn phòng gửi thay",
                "Only a rejected invoice head office relays is offered again",
            ),
            file=sys.stderr,
        )
        return 1
    print(f"{args.sale_id}: pending")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from pos.server.db import write_tx
    from pos.server.public.publishing import publish

    if bool(args.all) == bool(args.skus):
        print("ocop-pos: " + _say(args, "Cho mã hàng hoặc --all", "Give SKUs or --all"), file=sys.stderr)
        return 2
    texts = {lang: getattr(args, f"description_{lang}") for lang in ("vi", "en", "zh", "ko")}
    with write_tx(_engine(args)) as conn:
        n = publish(
            conn,
            None if args.all else args.skus,
            published=not args.withdraw,
            descriptions={k: v for k, v in texts.items() if v is not None},
        )
    print(f"{n} {'withdrawn' if args.withdraw else 'published'}")
    return 0


def _producer_site(args: argparse.Namespace) -> int:
    from pos.server.db import write_tx
    from pos.server.public.publishing import set_website

    with write_tx(_engine(args)) as conn:
        set_website(conn, args.producer, args.website)
    print(f"{args.producer}: {args.website or '-'}")
    return 0


def _verify_anchors(args: argparse.Namespace) -> int:
    from pos.server.anchors import check_anchors
    from pos.server.db import read_tx

    with read_tx(_engine(args)) as conn:
        reports = check_anchors(conn)
    for r in reports:
        print(r.message(), file=sys.stdout if r.ok else sys.stderr)
    if not reports:
        print("no anchors yet: no till has uploaded since anchors were introduced")
    return 0 if all(r.ok for r in reports) else 1


def _fingerprint(args: argparse.Namespace) -> int:
    from pos.server.transport import certificate_fingerprint
    from pos.sync.fingerprints import pretty

    cert = args.cert or _settings(args).ssl_certfile
    if not cert:
        print("ocop-pos: no certificate: give --cert FILE or --ssl-certfile", file=sys.stderr)
        return 2
    fp = certificate_fingerprint(cert)
    print(fp)
    print(f"SHA-256 {pretty(fp)}")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from pos.server.backup import backup_server
    from pos.server.settings import server_home

    result = backup_server(_engine(args), args.out or server_home() / "backups")
    print(
        f"{result.path}: verified by restoring it — {len(result.digests)} tables, {result.rows} rows identical"
    )
    return 0


def _restore(args: argparse.Namespace) -> int:
    from pos.server.backup import restore_server
    from pos.server.db import make_engine

    engine = make_engine(_settings(args).database_url)
    digests, aside = restore_server(engine, args.file, force=args.force)
    engine.dispose()
    print(
        f"restored {args.file}: {len(digests)} tables, {sum(d.rows for d in digests.values())} rows, as backed up"
    )
    if aside is not None:
        print(f"the replaced database is kept as {aside}")
    return 0
