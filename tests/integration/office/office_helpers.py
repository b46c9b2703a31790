"""Helpers of the office tests: the seeded network's plan and accounts, signing in, reading forms' CSRF tokens.
(A module of its own name, not ``conftest``: two test folders each have a ``conftest``.)"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import httpx
from sqlalchemy import Engine, insert, select, text

from pos.demo.network import SeedPlan, seed_network
from pos.server.db import make_engine, upgrade, write_tx
from pos.server.models import Quarantine, Store, Terminal, utcnow
from pos.server.office.users import add_user

PASSWORD = "correct horse battery"
USERS = {"admin": ("admin", ()), "hl": ("centre", ("QN-HL01",)), "kt": ("accountant", ())}
HOME = "QN-HL01"
OTHER = "QN-BC01"
PLAN = SeedPlan(stores=4, tills=6, days=21, seed=7, sales_per_till_day=18)


@dataclass
class Office:
    dialect: str
    url: str
    engine: Engine
    base: str

    def client(self, user: str | None = None) -> httpx.Client:
        c = httpx.Client(base_url=self.base, timeout=60)
        if user is not None:
            sign_in(c, user)
        return c

    def scalar(self, sql: str, **params: object) -> object:
        with self.engine.connect() as c:
            v = c.execute(text(sql), params).scalar()
            c.rollback()
        return v


def sign_in(c: httpx.Client, user: str, password: str = PASSWORD) -> httpx.Response:
    form = c.get("/office/login")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf, form.text[:500]
    return c.post(
        "/office/login",
        data={"username": user, "password": password, "csrf": csrf.group(1), "next": "/office/"},
    )


def csrf_of(c: httpx.Client, path: str = "/office/") -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', c.get(path).text)
    assert m
    return m.group(1)


def seed(url: str) -> Engine:
    engine = make_engine(url)
    upgrade(engine)
    seed_network(engine, PLAN)
    with write_tx(engine) as conn:
        for name, (role, stores) in USERS.items():
            add_user(conn, name, role, PASSWORD, stores=stores, name=name.upper())
        # A quarantined entry at each of two stores.
        for code in (HOME, OTHER):
            sid, tid = conn.execute(
                select(Store.id, Terminal.id)
                .join(Terminal, Terminal.store_id == Store.id)
                .where(Store.code == code)
                .limit(1)
            ).one()
            conn.execute(
                insert(Quarantine),
                [
                    {
                        "store_id": sid,
                        "terminal_id": tid,
                        "entity": "sale",
                        "entity_id": f"bad-{code}",
                        "code": "totals",
                        "reason_vi": "Tổng không khớp",
                        "reason_en": "Totals differ",
                        "doc": '{"type": "sale"}',
                        "first_received_at": utcnow(),
                        "last_received_at": utcnow(),
                        "times_received": 1,
                        "status": "open",
                        "resolved_note": "",
                    }
                ],
            )
    return engine


def period() -> tuple[dt.date, dt.date]:
    """The seeded days (the plan ends today, local)."""
    from pos.server.office.formats import local_now

    end = local_now().date()
    return end - dt.timedelta(days=PLAN.days - 1), end
