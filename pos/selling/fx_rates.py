"""Exchange rates for taking foreign cash (USD, CNY, KRW…) from tourists, as a manager sets them.

Rates are đồng per unit of the currency, kept in thousandths (``rate_milli``) so KRW at 18,35 ₫ is exact. They
live in the terminal's ``terminal_state`` table (one JSON document), are set by a manager at the till and are
read at every payment, so a changed rate applies from the next tender. Change is always given in đồng
(``pos.payments.tenders``).

Head office may set rates too (``pos.sync.rules_apply``, ``source`` ``office``): its rate wins for that currency
(the till refuses to change it) and may carry a ``valid_until``. A rate past it is refused at the tender
(``check_rate``) — a till that could not reach head office to get a fresh rate takes đồng, card or QR instead; no
manager override, since the rate is head office's decision (docs/sync.md, "Rules from head office").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

from sqlalchemy import Engine, text

from pos.db import write_tx
from pos.errors import PaymentError
from pos.payments.fx_store import MAX_RATE_MILLI as MAX_RATE_MILLI
from pos.payments.fx_store import STATE_KEY as STATE_KEY

#: Currencies a Quảng Ninh counter commonly sees, in the order the payment screen offers them.
COMMON_CURRENCIES = ("USD", "CNY", "KRW", "EUR", "JPY")
_CURRENCY_RE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True, slots=True)
class FxRate:
    currency: str
    rate_milli: int
    set_by: str
    set_at: dt.datetime
    valid_until: dt.datetime | None = None  # naive UTC; None: no end
    source: str = "till"  # or "office"

    def expired(self, now: dt.datetime | None = None) -> bool:
        now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
        return self.valid_until is not None and now > self.valid_until

    def value_of(self, foreign_amount: int) -> int:
        """What ``foreign_amount`` units are worth in đồng (rounded half up), as ``Tender.fx_cash`` counts it."""
        return (2 * foreign_amount * self.rate_milli + 1000) // 2000


def parse_rate(raw: str) -> int:
    """A rate as typed, in thousandths of a đồng: ``25.400`` → 25 400 000, ``18,35`` or ``18.35`` → 18 350.

    A comma is the decimal mark (Vietnamese usage); a dot followed by exactly three digits groups thousands,
    otherwise it is a decimal mark too. At most three decimals.
    """
    s = raw.strip().replace(" ", "").replace("\u00a0", "").replace("₫", "").replace("đ", "")
    if "," in s:
        whole, _, frac = s.partition(",")
        whole = whole.replace(".", "")
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
        whole, frac = s.replace(".", ""), ""
    else:
        whole, _, frac = s.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 3:
        raise PaymentError(f"Tỷ giá không hợp lệ: {raw!r}", f"Not a valid rate: {raw!r}")
    value = int(whole) * 1000 + int((frac + "000")[:3])
    if not 0 < value <= MAX_RATE_MILLI:
        raise PaymentError(f"Tỷ giá không hợp lệ: {raw!r}", f"Not a valid rate: {raw!r}")
    return value


def parse_fx_entry(entry: str) -> tuple[str, int | None]:
    """A rate as a manager types it: ``USD 25.400`` → ("USD", 25 400 000); ``KRW 0`` → ("KRW", None), withdrawn."""
    parts = entry.split()
    if len(parts) != 2:
        raise PaymentError(
            "Nhập mã tiền tệ và tỷ giá, ví dụ USD 25.400", "Type a currency and a rate, e.g. USD 25.400"
        )
    currency, rate = parts
    return currency.upper(), None if rate == "0" else parse_rate(rate)


def format_rate(rate_milli: int) -> str:
    """Vietnamese style: 25 400 000 → ``25.400``, 18 350 → ``18,35``."""
    whole, frac = divmod(rate_milli, 1000)
    grouped = f"{whole:,}".replace(",", ".")
    return grouped if frac == 0 else f"{grouped},{f'{frac:03d}'.rstrip('0')}"


def load_fx_rates(engine: Engine) -> dict[str, FxRate]:
    """The rates in force, by currency code (empty when no manager has set any)."""
    with engine.connect() as conn:
        value = conn.execute(
            text("SELECT value FROM terminal_state WHERE key = :k"), {"k": STATE_KEY}
        ).scalar()
        conn.rollback()
    if value is None:
        return {}
    try:
        raw = json.loads(str(value))
        return {
            code: FxRate(
                code,
                int(r["rate_milli"]),
                str(r.get("set_by", "")),
                dt.datetime.fromisoformat(r["set_at"]),
                dt.datetime.fromisoformat(r["valid_until"]) if r.get("valid_until") else None,
                str(r.get("source", "till")),
            )
            for code, r in raw.items()
        }
    except (ValueError, KeyError, TypeError):
        return {}


def set_fx_rate(
    engine: Engine, currency: str, rate_milli: int | None, set_by: str, now: dt.datetime | None = None
) -> None:
    """Set (or with ``rate_milli=None`` withdraw) the rate of ``currency``. The caller checked the permission."""
    code = currency.strip().upper()
    if not _CURRENCY_RE.fullmatch(code) or code == "VND":
        raise PaymentError(f"Mã tiền tệ không hợp lệ: {currency}", f"Not a currency code: {currency}")
    if rate_milli is not None and not 0 < rate_milli <= MAX_RATE_MILLI:
        raise PaymentError("Tỷ giá không hợp lệ", "Not a valid rate")
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with write_tx(engine) as conn:
        value = conn.execute(
            text("SELECT value FROM terminal_state WHERE key = :k"), {"k": STATE_KEY}
        ).scalar()
        try:
            rates = json.loads(str(value)) if value is not None else {}
        except ValueError:
            rates = {}
        if isinstance(rates.get(code), dict) and rates[code].get("source") == "office":
            raise PaymentError(
                f"Tỷ giá {code} do văn phòng đặt; chỉ văn phòng đổi được",
                f"Head office sets the {code} rate; only head office can change it",
            )
        if rate_milli is None:
            rates.pop(code, None)
        else:
            rates[code] = {"rate_milli": rate_milli, "set_by": set_by, "set_at": now.isoformat()}
        conn.execute(
            text(
                "INSERT INTO terminal_state (key, value) VALUES (:k, :v) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value"
            ),
            {"k": STATE_KEY, "v": json.dumps(rates, sort_keys=True)},
        )


def check_rate(rate: FxRate | None, currency: str, now: dt.datetime | None = None) -> None:
    """Refuse foreign cash at a rate that has run out (or that no longer exists). Raises ``PaymentError``."""
    if rate is None:
        raise PaymentError(
            f"Chưa có tỷ giá {currency}: không nhận ngoại tệ này", f"No {currency} rate is set: not taken"
        )
    if rate.expired(now):
        until = rate.valid_until
        assert until is not None
        local = (until + dt.timedelta(hours=7)).strftime("%d/%m/%Y %H:%M")
        raise PaymentError(
            f"Tỷ giá {currency} của văn phòng đã hết hạn ({local}); máy chưa nhận được tỷ giá mới. Không nhận "
            f"{currency} lúc này — hãy thu bằng tiền đồng, thẻ hoặc QR.",
            f"Head office's {currency} rate expired ({local}) and this till has no newer one yet. {currency} "
            "cannot be taken now — take đồng, card or QR instead.",
            code="fx_rate_expired",
        )
