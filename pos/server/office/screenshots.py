"""``ocop-pos server screenshots --out DIR``: every office page as PNG, at 1366×768 (a laptop) and 800×1280 (a
tablet held upright), in Vietnamese and English, so a person can look at what the office shows."""

from __future__ import annotations

import socket
import threading
import time
from pathlib import Path

from sqlalchemy import Engine, select

from pos.errors import ConfigError
from pos.server.db import make_engine, read_tx, upgrade, write_tx
from pos.server.models import OfficeUser, Producer, Product, Quarantine, ShiftEvent, Store
from pos.server.office import sessions
from pos.server.office.browser import Browser
from pos.server.security import digest
from pos.server.settings import ServerSettings

SIZES = {"laptop": (1366, 768), "tablet": (800, 1280)}


def page_paths(engine: Engine) -> list[tuple[str, str]]:
    """(name, path) of every page worth a picture, detail pages with a real record of the database."""
    with read_tx(engine) as conn:
        store = conn.execute(select(Store.code).order_by(Store.code)).scalar() or ""
        shift = conn.execute(
            select(ShiftEvent.id).where(ShiftEvent.kind == "close").order_by(ShiftEvent.at.desc()).limit(1)
        ).scalar()
        producer = conn.execute(
            select(Producer.code).where(Producer.kind == "cooperative").order_by(Producer.code)
        ).scalar()
        entry = conn.execute(select(Quarantine.id).order_by(Quarantine.id).limit(1)).scalar()
        sku = conn.execute(select(Product.sku).order_by(Product.sku)).scalar()
    out = [
        ("network", "/office/"),
        ("reports-store", "/office/reports"),
        ("reports-day", "/office/reports?group=day"),
        ("reports-producer", "/office/reports?group=producer"),
        ("reports-method", "/office/reports?group=method"),
        ("shifts", "/office/shifts"),
        ("stock", f"/office/stock?store={store}"),
        ("stock-low", "/office/stock?view=low"),
        ("stock-expiry", "/office/stock?view=expiry"),
        ("stock-valuation", "/office/stock?view=valuation"),
        ("transfers", "/office/stock/transfers"),
        ("settlement", "/office/settlement"),
        ("catalogue", "/office/catalogue"),
        ("producers", "/office/catalogue/producers"),
        ("promotions", "/office/catalogue/promotions"),
        ("centres", "/office/centres"),
        ("centre", f"/office/centres/{store}"),
        ("rules", f"/office/rules?store={store}"),
        ("quarantine", "/office/quarantine?status=all"),
        ("people", "/office/people"),
        ("audit", "/office/audit"),
    ]
    if sku:
        out += [
            ("product", f"/office/catalogue/products/{sku}"),
            ("stock-card", f"/office/stock/moves?store={store}&q={sku}"),
        ]
    if shift:
        out.append(("shift", f"/office/shifts/{shift}"))
    if producer:
        out.append(("statement", f"/office/settlement/{producer}"))
    if entry:
        out.append(("quarantine-entry", f"/office/quarantine/{entry}"))
    return out


def _serve(settings: ServerSettings) -> tuple[str, object]:
    import uvicorn

    from pos.server.app import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def take_screenshots(
    settings: ServerSettings, out: Path, *, username: str = "admin", url: str = ""
) -> list[Path]:
    """Sign ``username`` in (a session made straight in the database: whoever runs this holds the database
    anyway) and save every page in both sizes and languages."""
    engine = make_engine(settings.database_url)
    upgrade(engine)
    with write_tx(engine) as conn:
        uid = conn.execute(select(OfficeUser.id).where(OfficeUser.username == username)).scalar()
        if uid is None:
            raise ConfigError(
                f"Không có tài khoản {username}", f"No office account {username} (ocop-pos server add-user)"
            )
        token = sessions.start(conn, str(uid), "screenshots")
    server = None
    if not url:
        url, server = _serve(settings)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    try:
        for size, (w, h) in SIZES.items():
            for lang in ("vi", "en"):
                b = Browser(w, h)
                try:
                    b.driver.get(url + "/office/login")
                    b.driver.add_cookie({"name": sessions.COOKIE, "value": token, "path": "/"})
                    b.driver.add_cookie({"name": "ocop_lang", "value": lang, "path": "/"})
                    for name, path in page_paths(engine):
                        b.driver.get(url + path)
                        target = out / f"{name}-{size}-{lang}.png"
                        b.full_screenshot(target)
                        saved.append(target)
                finally:
                    b.close()
    finally:
        if server is not None:
            server.should_exit = True  # type: ignore[attr-defined]
        with write_tx(engine) as conn:
            sessions.end(conn, digest(token))
        engine.dispose()
    return saved
