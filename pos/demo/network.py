"""``ocop-pos server seed-demo`` and ``demo``: a realistic demo network for the office — centres, tills, cashiers, a year of sales.

Rows are generated here and bulk-loaded (``COPY`` on PostgreSQL, ``executemany`` on SQLite), never through HTTP:
three million sales through the ingest path would take hours and prove nothing new. The patterns are what the
province's centres see: weekends busier than weekdays, tourist sites with a summer peak (June–August) and the
weeks before Tết, the airport steady all year, a midday and an early-evening rush, one to four lines a sale,
cash, VietQR and card, a few returns, a shift per till and day with the occasional cash difference, weekly
deliveries that keep most shelves stocked (some run low). Products are the demo catalogue's
(``resources/demo/catalogue.json``, prices demo values). Every sale is internally consistent: lines add up to the
total, VAT rows are ``pos.vat``'s breakdown of the lines at the rate of the day, payments add up to the total.
The roll-ups and stock on hand are rebuilt from the loaded rows at the end (``pos.server.rollups.rebuild``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import time
import uuid
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select, text

from pos.demo.catalogue import load_demo_file
from pos.demo.public import publish_demo
from pos.models.catalogue import ocop_expiry
from pos.server import rollups
from pos.server.catalogue import upsert_categories, upsert_producers, upsert_products
from pos.server.db import is_postgres, write_tx
from pos.server.models import (
    ConsignmentTerm,
    OfficeUser,
    Payment,
    Product,
    Sale,
    SaleLine,
    SaleVat,
    ShiftEvent,
    StockMove,
    StockThreshold,
    Store,
    Terminal,
    utcnow,
)
from pos.server.office.accounts import create_user
from pos.server.office.formats import LOCAL_TZ
from pos.server.schemas import CategoryIn, ProducerIn, ProductIn
from pos.vat import VatSchedule, breakdown

Progress = Callable[[str], None]

#: (code, name, district, kind, tills weight). Kinds: centre (town OCOP centre), tourist, airport, border.
SITES = (
    ("QN-HL01", "Trung tâm OCOP Hạ Long", "Hạ Long", "centre"),
    ("QN-BC01", "Điểm bán OCOP Bãi Cháy", "Hạ Long", "tourist"),
    ("QN-TC01", "Điểm bán OCOP cảng Tuần Châu", "Hạ Long", "tourist"),
    ("QN-SW01", "Điểm bán OCOP Sun World Hạ Long", "Hạ Long", "tourist"),
    ("QN-VD01", "Điểm bán OCOP Cảng hàng không Vân Đồn", "Vân Đồn", "airport"),
    ("QN-VD02", "Trung tâm OCOP Vân Đồn", "Vân Đồn", "centre"),
    ("QN-QL01", "Điểm bán OCOP Quan Lạn", "Vân Đồn", "tourist"),
    ("QN-CT01", "Điểm bán OCOP đảo Cô Tô", "Cô Tô", "tourist"),
    ("QN-MC01", "Trung tâm OCOP Móng Cái", "Móng Cái", "centre"),
    ("QN-MC02", "Điểm bán OCOP cửa khẩu Bắc Luân", "Móng Cái", "border"),
    ("QN-TR01", "Điểm bán OCOP bãi biển Trà Cổ", "Móng Cái", "tourist"),
    ("QN-UB01", "Trung tâm OCOP Uông Bí", "Uông Bí", "centre"),
    ("QN-YT01", "Điểm bán OCOP Yên Tử", "Uông Bí", "tourist"),
    ("QN-CP01", "Trung tâm OCOP Cẩm Phả", "Cẩm Phả", "centre"),
    ("QN-DT01", "Trung tâm OCOP Đông Triều", "Đông Triều", "centre"),
    ("QN-DT02", "Điểm bán OCOP chùa Ngọa Vân", "Đông Triều", "tourist"),
    ("QN-QY01", "Trung tâm OCOP Quảng Yên", "Quảng Yên", "centre"),
    ("QN-QY02", "Điểm bán OCOP bãi cọc Bạch Đằng", "Quảng Yên", "tourist"),
    ("QN-TY01", "Trung tâm OCOP Tiên Yên", "Tiên Yên", "centre"),
    ("QN-BL01", "Trung tâm OCOP Bình Liêu", "Bình Liêu", "centre"),
    ("QN-BL02", "Điểm bán OCOP cửa khẩu Hoành Mô", "Bình Liêu", "border"),
    ("QN-DH01", "Trung tâm OCOP Đầm Hà", "Đầm Hà", "centre"),
    ("QN-HH01", "Trung tâm OCOP Hải Hà", "Hải Hà", "centre"),
    ("QN-BCH1", "Trung tâm OCOP Ba Chẽ", "Ba Chẽ", "centre"),
    ("QN-HL02", "Điểm bán OCOP chợ Hạ Long I", "Hạ Long", "centre"),
    ("QN-HL03", "Điểm bán OCOP Cột 8", "Hạ Long", "centre"),
    ("QN-HL04", "Điểm bán OCOP đảo Ti Tốp (tàu du lịch)", "Hạ Long", "tourist"),
    ("QN-CP02", "Điểm bán OCOP Vũng Đục", "Cẩm Phả", "centre"),
    ("QN-VD03", "Điểm bán OCOP bến Cái Rồng", "Vân Đồn", "tourist"),
    ("QN-HL05", "Điểm bán OCOP Bảo tàng Quảng Ninh", "Hạ Long", "tourist"),
)
KIND_WEIGHT = {"centre": 0.8, "tourist": 1.1, "airport": 1.6, "border": 0.9}
HOURS = {"centre": "07:30-21:00", "tourist": "07:00-22:00", "airport": "05:30-22:30", "border": "07:00-18:00"}
CASHIER_NAMES = (
    "Nguyễn Thị Lan",
    "Trần Văn Hùng",
    "Phạm Thu Hà",
    "Lê Minh Tuấn",
    "Hoàng Thị Mai",
    "Vũ Đức Anh",
    "Đặng Thị Hương",
    "Bùi Quang Huy",
    "Đỗ Thị Ngọc",
    "Ngô Văn Nam",
    "Dương Thị Thảo",
    "Lý Văn Phúc",
)


@dataclass(frozen=True)
class SeedPlan:
    stores: int = 30
    tills: int = 60
    days: int = 365
    seed: int = 2026
    sales_per_till_day: float = 150.0
    end: dt.date | None = None  # the last business day (default: today, local)


@dataclass
class SeedReport:
    stores: int = 0
    tills: int = 0
    sales: int = 0
    lines: int = 0
    shift_events: int = 0
    seconds: float = 0.0


@dataclass
class _Till:
    id: str
    code: str
    store_id: str
    store_code: str
    kind: str
    hours: tuple[int, int]  # opening, closing (minutes after midnight)
    cashiers: list[tuple[str, str]]
    receipt_no: int = 0
    z_no: int = 0


@dataclass
class _Product:
    id: str
    price: int
    vat_class: str
    weighed: bool
    weight: float
    food: bool
    name_vi: str
    sku: str
    unit: str
    stars: int | None


@dataclass
class _Rows:
    sales: list[tuple[Any, ...]] = field(default_factory=list)
    lines: list[tuple[Any, ...]] = field(default_factory=list)
    vat: list[tuple[Any, ...]] = field(default_factory=list)
    payments: list[tuple[Any, ...]] = field(default_factory=list)
    shifts: list[tuple[Any, ...]] = field(default_factory=list)
    moves: list[tuple[Any, ...]] = field(default_factory=list)


SALE_COLS = (
    "id",
    "store_id",
    "terminal_id",
    "terminal_code",
    "receipt_no",
    "kind",
    "original_sale_id",
    "created_at",
    "business_date",
    "received_at",
    "cashier_id",
    "cashier_name",
    "approved_by",
    "shift_id",
    "lang",
    "subtotal",
    "discount_total",
    "total",
    "vat_total",
    "change_due",
    "note",
    "doc_hash",
)
LINE_COLS = (
    "id",
    "sale_id",
    "line_no",
    "product_id",
    "sku",
    "name_vi",
    "name_en",
    "unit",
    "code",
    "qty_milli",
    "unit_price",
    "line_discount",
    "sale_discount",
    "amount",
    "vat_rate",
    "ocop_stars",
    "batch",
    "expiry",
    "original_line_id",
)
VAT_COLS = ("sale_id", "rate_pct", "gross", "vat")
PAY_COLS = (
    "id",
    "sale_id",
    "seq",
    "method",
    "amount",
    "tendered",
    "currency",
    "foreign_amount",
    "fx_rate_milli",
    "reference",
)
SHIFT_COLS = ("id", "store_id", "terminal_id", "shift_id", "kind", "at", "staff_id", "data", "received_at")
MOVE_COLS = (
    "id",
    "store_id",
    "terminal_id",
    "product_id",
    "qty_milli",
    "kind",
    "reason",
    "batch",
    "expiry",
    "unit_cost",
    "staff_id",
    "created_at",
    "received_at",
)


_EPOCH = dt.datetime(1970, 1, 1)


def _uuid4(rng: random.Random) -> str:
    """A random id from the seeded generator (the same network every run of the same seed)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _uuid7(rng: random.Random, at: dt.datetime) -> str:
    """A UUIDv7-shaped id for ``at`` (ids sort by time, as the tills' own ids do); built as text, it is the
    generator's hottest line."""
    ms = (at - _EPOCH) // dt.timedelta(milliseconds=1)
    r = rng.getrandbits(64)
    h = f"{ms & 0xFFFFFFFFFFFF:012x}7{r & 0xFFF:03x}{8 | (r >> 12) & 3:x}{(r >> 14) & 0xFFF:03x}{(r >> 16):012x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def season(day: dt.date, kind: str) -> float:
    """How busy a day is against an ordinary weekday, by the kind of site."""
    weekend = day.weekday() >= 5
    f = 1.0
    if kind in ("tourist", "border"):
        f *= 1.45 if weekend else 0.9
        # Summer: June to August (school holidays, Hạ Long's high season), shoulder in April-May and September.
        summer = math.exp(-(((day.timetuple().tm_yday - 200) / 38) ** 2))
        f *= 0.55 + 1.25 * summer
    elif kind == "airport":
        f *= 1.1 if day.weekday() in (4, 6) else 1.0
        f *= 0.9 + 0.35 * math.exp(-(((day.timetuple().tm_yday - 200) / 45) ** 2))
    else:
        f *= 1.25 if weekend else 1.0
    # The weeks before Tết (late January / early February): gift boxes everywhere; the holiday itself is quiet.
    for tet in (dt.date(2025, 1, 29), dt.date(2026, 2, 17), dt.date(2027, 2, 6), dt.date(2028, 1, 26)):
        d = (tet - day).days
        if 0 < d <= 21:
            f *= 1.0 + 1.2 * (1 - d / 21)
        elif -4 <= d <= 0:
            f *= 0.35
    # 30/4–1/5 and 2/9 holidays.
    if (day.month, day.day) in ((4, 30), (5, 1), (9, 2), (9, 1)):
        f *= 1.8 if kind != "centre" else 1.3
    return f


def _minute_of_sale(rng: random.Random, opens: int, closes: int) -> int:
    """A minute of the day: a late-morning and an early-evening rush, a quiet early afternoon."""
    span = closes - opens
    while True:
        peak = rng.random()
        centre = opens + span * (0.3 if peak < 0.45 else 0.78 if peak < 0.85 else 0.5)
        m = int(rng.gauss(centre, span * 0.14))
        if opens + 2 <= m <= closes - 3:
            return m


class _Generator:
    def __init__(
        self, plan: SeedPlan, products: list[_Product], tills: list[_Till], rng: random.Random
    ) -> None:
        self.plan = plan
        self.products = products
        self.tills = tills
        self.rng = rng
        self.vat = VatSchedule.default()
        weights = [p.weight for p in products]
        total = sum(weights)
        self.cum = []
        acc = 0.0
        for w in weights:
            acc += w / total
            self.cum.append(acc)
        self.sold: dict[tuple[str, str], int] = {}
        self.stock: dict[tuple[str, str], int] = {}

    def pick(self) -> _Product:
        import bisect

        return self.products[min(len(self.products) - 1, bisect.bisect_left(self.cum, self.rng.random()))]

    def day(self, day: dt.date, now: dt.datetime) -> _Rows:
        """One business day of every till; nothing later than ``now`` (today's shifts are still open)."""
        rows = _Rows()
        rng = self.rng
        for till in self.tills:
            base = self.plan.sales_per_till_day * KIND_WEIGHT[till.kind] * season(day, till.kind)
            n = max(0, int(rng.gauss(base, math.sqrt(base) * 1.3)))
            opens, closes = till.hours
            midnight = _utc(day, 0)
            shift_id = _uuid7(rng, _utc(day, opens))
            cashier_id, cashier_name = till.cashiers[
                (day.toordinal() + zlib.crc32(till.id.encode())) % len(till.cashiers)
            ]
            float_ = 2_000_000
            cash_in = cash_out = 0
            net = sales_count = 0
            by_method: dict[str, int] = {}
            shift_vat: dict[int, list[int]] = {}  # rate → [gross, vat], as the Z report sums them
            returns_total = 0
            minutes = sorted(_minute_of_sale(rng, opens, closes) for _ in range(n))
            minutes = [m for m in minutes if midnight + dt.timedelta(minutes=m + 1) <= now]
            recent: list[tuple[str, list[tuple[str, _Product, int, int, int]], int]] = []
            items: list[tuple[_Product, int, int, int, str | None]]
            for minute in minutes:
                at = midnight + dt.timedelta(seconds=minute * 60 + rng.randrange(60))
                if recent and rng.random() < 0.006:
                    kind = "return"
                    orig_id, orig_lines, _orig_total = recent[rng.randrange(len(recent))]
                    take = orig_lines[: 1 + (len(orig_lines) > 1 and rng.random() < 0.3)]
                    items = [(p, -q, -amt, rate, lid) for lid, p, q, amt, rate in take]
                    original: str | None = orig_id
                else:
                    kind = "sale"
                    original = None
                    items = []
                    k = 1 + (rng.random() < 0.45) + (rng.random() < 0.25) + (rng.random() < 0.1)
                    chosen: dict[str, _Product] = {}
                    for _ in range(k):
                        p = self.pick()
                        chosen[p.id] = p
                    for p in chosen.values():
                        if p.weighed:
                            q = rng.choice((250, 300, 500, 500, 750, 1000, 1500))
                        else:
                            q = 1000 * (1 if rng.random() < 0.8 else rng.choice((2, 2, 3, 4, 6)))
                        amount = (p.price * q + 500) // 1000
                        items.append((p, q, amount, self.vat.rate(p.vat_class, day), None))
                till.receipt_no += 1
                sale_id = _uuid7(rng, at)
                discount = 0
                if kind == "sale" and rng.random() < 0.04:
                    discount = (sum(i[2] for i in items) * 5 // 100) // 1000 * 1000
                lines: list[tuple[str, _Product, int, int, int]] = []
                line_amounts = []
                left = discount
                for no, (p, q, amount, rate, orig_line) in enumerate(items, start=1):
                    share = 0
                    if discount:
                        share = (
                            left
                            if no == len(items)
                            else discount * amount // max(1, sum(i[2] for i in items))
                        )
                        left -= share
                    final = amount - share
                    lid = _uuid7(rng, at)
                    lines.append((lid, p, q, final, rate))
                    line_amounts.append((rate, final))
                    rows.lines.append(
                        (
                            lid,
                            sale_id,
                            no,
                            p.id,
                            p.sku,
                            p.name_vi,
                            "",
                            p.unit,
                            "",
                            q,
                            p.price,
                            0,
                            share,
                            final,
                            rate,
                            p.stars,
                            None,
                            None,
                            orig_line,
                        )
                    )
                    self.sold[(till.store_id, p.id)] = self.sold.get((till.store_id, p.id), 0) + q
                total = sum(a for _, a in line_amounts)
                vat_rows = breakdown(line_amounts)
                for v in vat_rows:
                    rows.vat.append((sale_id, v.rate_pct, v.gross, v.vat))
                    acc = shift_vat.setdefault(v.rate_pct, [0, 0])
                    acc[0] += v.gross
                    acc[1] += v.vat
                if kind == "return":
                    returns_total += total
                r = rng.random()
                method = "cash" if kind == "return" or r < 0.55 else ("vietqr" if r < 0.9 else "card")
                tendered = change = 0
                if method == "cash" and total > 0:
                    tendered = -(-total // 50_000) * 50_000 if rng.random() < 0.7 else total
                    change = tendered - total
                    cash_in += total
                elif method == "cash":
                    cash_out += total
                ref = "" if method == "cash" else f"FT{rng.randrange(10**9):09d}"
                rows.payments.append((_uuid7(rng, at), sale_id, 1, method, total, tendered, "VND", 0, 0, ref))
                by_method[method] = by_method.get(method, 0) + total
                net += total
                sales_count += kind == "sale"
                rows.sales.append(
                    (
                        sale_id,
                        till.store_id,
                        till.id,
                        till.code,
                        till.receipt_no,
                        kind,
                        original,
                        at,
                        day,
                        at + dt.timedelta(seconds=rng.randrange(2, 90)),
                        cashier_id,
                        cashier_name,
                        None,
                        shift_id,
                        "vi",
                        total + discount,
                        discount,
                        total,
                        sum(v.vat for v in vat_rows),
                        change,
                        "",
                        hashlib.sha256(sale_id.encode()).hexdigest(),
                    )
                )
                if kind == "sale":
                    recent.append((sale_id, lines, total))
                    if len(recent) > 40:
                        recent.pop(0)
            # The shift: opened with a float, closed with a blind count; now and then the count differs.
            opened = _utc(day, opens - 10)
            closed = _utc(day, closes + 5)
            if opened > now:
                continue
            till.z_no += 1
            expected = float_ + cash_in + cash_out
            diff = 0
            roll = rng.random()
            if roll < 0.03:
                diff = rng.choice((-1, 1)) * rng.choice((10_000, 20_000, 50_000, 100_000, 200_000, 500_000))
            unsent = rng.randrange(1, 6) if roll > 0.996 else 0
            kind_close = "close_unsent" if unsent else "close"
            rows.shifts.append(
                (
                    _uuid7(rng, opened),
                    till.store_id,
                    till.id,
                    shift_id,
                    "open",
                    opened,
                    cashier_id,
                    json.dumps(
                        {"terminal_code": till.code, "opening_float": float_, "opened_by_name": cashier_name}
                    ),
                    opened + dt.timedelta(seconds=30),
                )
            )
            if closed > now:
                continue
            rows.shifts.append(
                (
                    _uuid7(rng, closed),
                    till.store_id,
                    till.id,
                    shift_id,
                    kind_close,
                    closed,
                    cashier_id,
                    json.dumps(
                        {
                            "terminal_code": till.code,
                            "z_no": till.z_no,
                            "expected_cash": expected,
                            "counted_cash": expected + diff,
                            "over_short": diff,
                            "unsent_sales": unsent,
                            "approved_by": None,
                            "override_by": cashier_id if unsent else None,
                            "reason": "Mất mạng cuối ca" if unsent else "",
                            "closed_by_name": cashier_name,
                            "net_total": net,
                            "sales_count": sales_count,
                            "by_method": by_method,
                            "returns_total": returns_total,
                            "vat": [[rate, g, v] for rate, (g, v) in sorted(shift_vat.items())],
                        },
                        ensure_ascii=False,
                    ),
                    closed + dt.timedelta(seconds=40),
                )
            )
        return rows

    def deliveries(self, day: dt.date, stores: Sequence[str], *, opening: bool) -> list[tuple[Any, ...]]:
        """Goods received: opening stock on the first day, then every Monday enough for the coming week (what sold
        last week and a margin); a few products are always delivered short, so the low-stock list has something
        to say."""
        rows = []
        at = _utc(day, 7 * 60)
        for store_id in stores:
            for p in self.products:
                key = (store_id, p.id)
                sold = self.sold.pop(key, 0)
                have = self.stock.get(key, 0) - sold
                if opening:
                    target = int(max(4, p.weight * 40)) * 1000 if not p.weighed else 20_000
                else:
                    short = zlib.crc32(f"{store_id}/{p.sku}".encode()) % 17 == 0  # the same every run
                    target = int(sold * (0.7 if short else 1.4)) // 1000 * 1000 + (0 if short else 2000)
                q = target - have
                self.stock[key] = have + max(0, q)
                if q <= 0:
                    continue
                kind, reason = (
                    ("opening", "Tồn đầu kỳ (dữ liệu mẫu)")
                    if opening
                    else ("receive", "Nhập hàng tuần (dữ liệu mẫu)")
                )
                expiry = day + dt.timedelta(days=self.rng.choice((20, 45, 90, 180))) if p.food else None
                batch = f"L{day:%y%m%d}" if p.food else None
                rows.append(
                    (
                        _uuid7(self.rng, at),
                        store_id,
                        None,
                        p.id,
                        q,
                        kind,
                        reason,
                        batch,
                        expiry,
                        0,
                        None,
                        at,
                        at,
                    )
                )
        return rows


def _utc(day: dt.date, minute: int) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(0), tzinfo=LOCAL_TZ) + dt.timedelta(minutes=minute)
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _minutes(text_: str) -> tuple[int, int]:
    a, b = text_.split("-")
    return int(a[:2]) * 60 + int(a[3:]), int(b[:2]) * 60 + int(b[3:])


# --- writing ---------------------------------------------------------------------------------------------------


def _write(conn: Connection, table: Table, cols: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    if is_postgres(conn):
        raw = conn.connection.dbapi_connection
        assert raw is not None
        with raw.cursor() as cur, cur.copy(f"COPY {table.name} ({', '.join(cols)}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for r in rows:
                copy.write_row(r)
        return
    # SQLite: the DB-API's executemany on plain tuples, values stored as SQLAlchemy stores them (5× the ORM insert).
    from pos.server.bulk import sqlite_value

    sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})"
    conn.exec_driver_sql(sql, [tuple(sqlite_value(v) for v in r) for r in rows])


def _catalogue(conn: Connection, rng: random.Random, start: dt.date) -> None:
    """The demo catalogue at head office (if the server has none yet) and consignment terms for the
    co-operatives' and households' goods."""
    if conn.execute(select(Product.id).limit(1)).first() is None:
        data = load_demo_file()
        upsert_categories(conn, [CategoryIn(**c) for c in data["categories"]])
        upsert_producers(
            conn,
            [
                ProducerIn(
                    code=p["code"],
                    name=p["name"],
                    kind=p["kind"],
                    commune=p.get("commune", ""),
                    district=p.get("district", ""),
                    address=p.get("address", ""),
                    phone=p.get("phone", ""),
                )
                for p in data["producers"]
            ],
        )
        products = []
        for p in data["products"]:
            ocop = p.get("ocop") or {}
            rated = dt.date.fromisoformat(ocop["rated_on"]) if ocop.get("rated_on") else None
            products.append(
                ProductIn(
                    sku=p["sku"],
                    name_vi=p["name_vi"],
                    name_en=p.get("name_en", ""),
                    name_zh=p.get("name_zh", ""),
                    name_ko=p.get("name_ko", ""),
                    unit=p.get("unit", "cái"),
                    price=p["price"],
                    cost=p.get("cost", 0),
                    vat_class=p.get("vat_class", "reduced"),
                    category_code=p.get("category"),
                    producer_code=p.get("producer"),
                    ocop_stars=ocop.get("stars"),
                    ocop_level=ocop.get("level"),
                    ocop_certificate_no=ocop.get("certificate_no"),
                    ocop_rated_on=rated,
                    ocop_expires_on=ocop_expiry(rated) if rated else None,
                    trace_code=p.get("traceability_code"),
                    weighed=bool(p.get("weighed")),
                    plu=int(p["plu"]) if p.get("plu") else None,
                    barcodes=p.get("barcodes", []),
                )
            )
        upsert_products(conn, products)
    if conn.execute(select(ConsignmentTerm.product_id).limit(1)).first() is None:
        rows = conn.execute(
            text(
                "SELECT p.id FROM products p JOIN producers r ON r.id = p.producer_id "
                "WHERE r.kind IN ('cooperative', 'household') ORDER BY p.sku"
            )
        ).scalars()
        terms = [
            {
                "product_id": pid,
                "valid_from": start,
                "consigned": True,
                "commission_bp": rng.choice((1500, 1800, 2000, 2500)),
            }
            for pid in rows
        ]
        if terms:
            conn.execute(insert(ConsignmentTerm), terms)


def _products(conn: Connection, rng: random.Random) -> list[_Product]:
    out = []
    for pid, price, vat_class, weighed, category, name, sku, unit, stars in conn.execute(
        text(
            "SELECT id, price, vat_class, weighed, category_code, name_vi, sku, unit, ocop_stars FROM products "
            "WHERE active ORDER BY sku"
        )
    ):
        price = int(price)
        # Popularity: cheaper goods sell more often; a few favourites sell a lot.
        weight = (1.0 / math.sqrt(max(price, 5000) / 50_000)) * rng.choice((0.5, 1, 1, 1.5, 3))
        food = category not in ("crafts", "herbal") if category else True
        out.append(
            _Product(
                str(pid),
                price,
                str(vat_class),
                bool(weighed),
                weight,
                food,
                str(name),
                str(sku),
                str(unit),
                stars,
            )
        )
    return out


def _stores_and_tills(conn: Connection, plan: SeedPlan, rng: random.Random) -> list[_Till]:
    sites = list(SITES)
    while len(sites) < plan.stores:
        n = len(sites) + 1
        sites.append((f"QN-X{n:02d}", f"Điểm bán OCOP số {n}", "Hạ Long", "centre"))
    sites = sites[: plan.stores]
    now = utcnow()
    existing = {str(c) for c in conn.execute(select(Store.code)).scalars()}
    for code, name, district, kind in sites:
        if code not in existing:
            conn.execute(
                insert(Store),
                [
                    {
                        "id": _uuid4(rng),
                        "code": code,
                        "name": name,
                        "address": f"{district}, Quảng Ninh",
                        "commune": "",
                        "district": district,
                        "province": "Quảng Ninh",
                        "tax_code": "",
                        "phone": "",
                        "opening_hours": HOURS[kind],
                        "active": True,
                        "created_at": now,
                    }
                ],
            )
    store_ids = dict(conn.execute(select(Store.code, Store.id)).all())
    # Tills: one each, then the busiest sites get more (weighted by their kind).
    counts = {code: 1 for code, *_ in sites}
    order = sorted(sites, key=lambda s: -KIND_WEIGHT[s[3]])
    i = 0
    while sum(counts.values()) < plan.tills:
        counts[order[i % len(order)][0]] += 1
        i += 1
    tills = []
    for code, _name, _district, kind in sites:
        sid = str(store_ids[code])
        cashiers = [(_uuid4(rng), rng.choice(CASHIER_NAMES)) for _ in range(rng.randint(2, 4))]
        for n in range(1, counts[code] + 1):
            tcode = f"T{n:02d}"
            tid = conn.execute(
                select(Terminal.id).where(Terminal.store_id == sid, Terminal.code == tcode)
            ).scalar()
            if tid is None:
                tid = _uuid4(rng)
                conn.execute(
                    insert(Terminal),
                    [
                        {
                            "id": tid,
                            "store_id": sid,
                            "code": tcode,
                            "name": "",
                            "token_hash": hashlib.sha256(uuid.uuid4().bytes).hexdigest(),
                            "provision_hash": None,
                            "provision_expires_at": None,
                            "registered_at": now - dt.timedelta(days=plan.days + 3),
                            "hostname": f"{code.lower()}-{tcode.lower()}",
                            "app_version": "0.1.0",
                            "last_seen_at": now - dt.timedelta(seconds=rng.randrange(5, 600)),
                            "clock_skew_s": rng.randrange(-3, 4),
                            "unsent_count": 0,
                            "printer_state": "ok",
                            "camera_state": "ok" if rng.random() < 0.5 else "",
                            "status_at": now,
                            "active": True,
                            "created_at": now,
                        }
                    ],
                )
            tills.append(_Till(str(tid), tcode, sid, code, kind, _minutes(HOURS[kind]), cashiers))
    # One till has been silent since this morning, one reports its printer out of paper (something to see).
    if len(tills) > 3:
        conn.execute(
            text("UPDATE terminals SET last_seen_at = :t WHERE id = :i"),
            {"t": now - dt.timedelta(hours=5), "i": tills[2].id},
        )
        conn.execute(
            text("UPDATE terminals SET printer_state = 'paper_out', unsent_count = 14 WHERE id = :i"),
            {"i": tills[3].id},
        )
    return tills


def seed_network(engine: Engine, plan: SeedPlan, *, progress: Progress | None = None) -> SeedReport:
    """Build the demo network into ``engine``'s (migrated) database; returns what was loaded."""
    say = progress or (lambda _m: None)
    started = time.perf_counter()
    rng = random.Random(plan.seed)
    end = plan.end or dt.datetime.now(LOCAL_TZ).date()
    start = end - dt.timedelta(days=plan.days - 1)
    report = SeedReport()
    with write_tx(engine) as conn:
        _catalogue(conn, rng, start - dt.timedelta(days=30))
        products = _products(conn, rng)
        tills = _stores_and_tills(conn, plan, rng)
        store_ids = sorted({t.store_id for t in tills})
        thresholds = [
            {"store_id": "*", "product_id": p.id, "low_milli": 3000 if not p.weighed else 2000}
            for p in products
        ]
        conn.execute(text("DELETE FROM stock_thresholds WHERE store_id = '*'"))
        conn.execute(insert(StockThreshold), thresholds)
    report.stores, report.tills = len(store_ids), len(tills)
    gen = _Generator(plan, products, tills, rng)
    now = utcnow()
    tables = {
        "sales": Sale.__table__,
        "lines": SaleLine.__table__,
        "vat": SaleVat.__table__,
        "payments": Payment.__table__,
        "shifts": ShiftEvent.__table__,
        "moves": StockMove.__table__,
    }
    day = start
    chunk = _Rows()
    chunk.moves.extend(gen.deliveries(start, store_ids, opening=True))

    def flush() -> None:
        with write_tx(engine) as conn:
            _write(conn, tables["sales"], SALE_COLS, chunk.sales)  # type: ignore[arg-type]
            _write(conn, tables["lines"], LINE_COLS, chunk.lines)  # type: ignore[arg-type]
            _write(conn, tables["vat"], VAT_COLS, chunk.vat)  # type: ignore[arg-type]
            _write(conn, tables["payments"], PAY_COLS, chunk.payments)  # type: ignore[arg-type]
            _write(conn, tables["shifts"], SHIFT_COLS, chunk.shifts)  # type: ignore[arg-type]
            _write(conn, tables["moves"], MOVE_COLS, chunk.moves)  # type: ignore[arg-type]
        report.sales += len(chunk.sales)
        report.lines += len(chunk.lines)
        report.shift_events += len(chunk.shifts)
        for name in ("sales", "lines", "vat", "payments", "shifts", "moves"):
            getattr(chunk, name).clear()

    while day <= end:
        if day.weekday() == 0 and day != start:
            chunk.moves.extend(gen.deliveries(day, store_ids, opening=False))
        rows = gen.day(day, now)
        for name in ("sales", "lines", "vat", "payments", "shifts", "moves"):
            getattr(chunk, name).extend(getattr(rows, name))
        if len(chunk.sales) >= 60_000 or day == end:
            flush()
            say(f"  {day:%Y-%m-%d}: {report.sales:,} sales loaded ({time.perf_counter() - started:.0f} s)")
        day += dt.timedelta(days=1)
    say("  roll-ups and stock on hand from the loaded rows …")
    with write_tx(engine) as conn:
        rollups.rebuild(conn)
        publish_demo(conn)  # the public pages and the feed (pos.server.public)
        if is_postgres(conn):
            for t in (
                "sales",
                "sale_lines",
                "sale_vat",
                "payments",
                "shift_events",
                "stock_moves",
                "rollup_lines",
                "rollup_receipts",
                "rollup_payments",
                "rollup_vat",
                "stock_on_hand",
            ):
                conn.execute(text(f"ANALYZE {t}"))
    report.seconds = time.perf_counter() - started
    return report


#: The demo network ``./tasks run-server`` starts with (embedded SQLite; ``seed-demo`` makes the year-sized one).
DEMO_PLAN = {"stores": 6, "tills": 10, "days": 60}
DEMO_PASSWORD = "ocop-demo-2026"
DEMO_USERS = (
    ("admin", "admin", (), "Văn phòng tỉnh (demo)"),
    ("halong", "centre", ("QN-HL01",), "Quản lý TT Hạ Long (demo)"),
    ("ketoan", "accountant", (), "Kế toán (demo)"),
)


def prepare_demo(engine: Engine, progress: object = None) -> list[tuple[str, str, str]]:
    """A demo network on an empty server database, and demo accounts if there are none; returns the accounts
    made as (user name, role, password)."""
    with engine.connect() as conn:
        has_sales = conn.execute(select(Sale.id).limit(1)).first() is not None
        has_users = conn.execute(select(func.count()).select_from(OfficeUser)).scalar_one() > 0
        conn.rollback()
    if not has_sales:
        seed_network(engine, SeedPlan(**DEMO_PLAN), progress=progress)  # type: ignore[arg-type]
    else:
        with write_tx(engine) as conn:
            publish_demo(conn)  # a demo database made before the public pages existed
    made = []
    if not has_users:
        for username, role, stores, name in DEMO_USERS:
            create_user(engine, username, role, stores, DEMO_PASSWORD, name=name)
            made.append((username, role, DEMO_PASSWORD))
    return made
