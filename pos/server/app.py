"""The FastAPI application. ``create_app(settings)`` builds one; uvicorn workers call ``app_from_env``.

The app is stateless: the engine is the only thing it holds, and every request authenticates from scratch, so any
number of processes can serve behind a load balancer on one PostgreSQL database.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine

from pos.server import errors
from pos.server.db import epoch, make_engine, read_tx, upgrade
from pos.server.einvoice_relay import Relay, RelayWorker
from pos.server.limits import BodyLimit
from pos.server.models import utcnow
from pos.server.office import routes as office
from pos.server.public import routes as public
from pos.server.routes_bank import router as bank_router
from pos.server.routes_einvoices import router as einvoices_router
from pos.server.routes_office import router as office_router
from pos.server.routes_tills import router as tills_router
from pos.server.settings import ServerSettings
from pos.server.transport import PlainHttpGuard

DESCRIPTION = """
Central server of OCOP POS. Tills register with a one-time code, upload their outbox (sales, returns, stock and
shift events) idempotently, pull catalogue changes and exchange the states of their e-invoices. Head office
manages stores, terminals and the catalogue, reads consolidated reports and the e-invoices, and sends those of
the stores set to relay. Bank-notification services (SePay, Casso) post incoming transfers to
`/api/v1/bank/{source}` with their own key or signature; tills ask whether the VietQR they show was paid.
Authentication: `Authorization: Bearer <token>` — a terminal credential for the `tills`
endpoints, a head-office token (`ocop-pos server add-admin`) for the others. Every error answers
`{"error": {"code", "message_vi", "message_en", "details"}}`.
"""


#: How often scheduled prices are looked at (a price set for a day applies within this of midnight).
PRICE_CHECK_S = 300


#: How often sales stored by ingest are folded into the office's roll-ups (pages also fold before they read).
ROLLUP_EVERY_S = 5


async def _fold_rollups(engine: Engine) -> None:
    """Fold queued sales into the roll-ups (``pos.server.rollups``) every few seconds, in a worker thread."""
    from pos.server.rollups import catch_up

    while True:
        with contextlib.suppress(Exception):  # a database hiccup: the queue waits for the next turn
            await run_in_threadpool(catch_up, engine)
        await asyncio.sleep(ROLLUP_EVERY_S)


async def _apply_prices(engine: Engine) -> None:
    """Apply due scheduled prices at start and every few minutes, in a worker thread."""
    from pos.server.office.prices import apply_due_prices

    while True:
        with contextlib.suppress(Exception):  # a database hiccup: try again next time
            await run_in_threadpool(apply_due_prices, engine)
        await asyncio.sleep(PRICE_CHECK_S)


def create_app(
    settings: ServerSettings | None = None, *, engine: Engine | None = None, migrate: bool = True
) -> FastAPI:
    settings = settings or ServerSettings.from_env()
    engine = engine or make_engine(settings.database_url, pool_size=settings.pool_size)
    if migrate:
        upgrade(engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """The e-invoice relay runs beside the API for as long as the app serves (``pos.server.einvoice_relay``),
        and so does the office's check for scheduled prices whose day has come, and the roll-ups' fold."""
        prices = asyncio.create_task(_apply_prices(engine))
        folds = asyncio.create_task(_fold_rollups(engine))
        worker: RelayWorker | None = None
        if settings.einvoice_relay:
            worker = RelayWorker(
                Relay(engine, timeout_s=float(settings.einvoice_timeout_s)),
                interval_s=float(settings.einvoice_interval_s),
            )
            worker.start()
        app.state.einvoice_relay = worker
        try:
            yield
        finally:
            prices.cancel()
            folds.cancel()
            if worker is not None:
                worker.stop()
            app.state.einvoice_relay = None

    app = FastAPI(
        title="OCOP POS server",
        version="1",
        description=DESCRIPTION,
        docs_url="/docs",
        openapi_url="/openapi.json",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.settings = settings
    app.state.einvoice_relay = None
    errors.install(app)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(PlainHttpGuard, allow=settings.allow_plain_http)  # outermost: refused before anything
    app.include_router(tills_router)
    app.include_router(office_router)
    app.include_router(einvoices_router)
    app.include_router(bank_router)
    office.install(app)
    public.install(app, settings)

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, Any]:
        """Liveness and database check (no authentication)."""
        with read_tx(engine) as conn:
            ep = epoch(conn)
        return {"ok": True, "epoch": ep, "time": utcnow().isoformat()}

    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` worker processes: settings from ``OCOP_SERVER_*`` variables."""
    return create_app(ServerSettings.from_env())
