"""Who may do what in the office: roles, their permissions, and the stores a person's pages are scoped to.

Three roles: the province's **admin** (everything, every store), a **centre** manager (the pages of their own
stores only; may issue till codes and dismiss quarantined entries there) and an **accountant** (reports, shifts
and settlements, read-only; every store unless given some). ``authorize`` is the one check every page, export and
form action goes through: it refuses a permission the role lacks and a store outside the person's scope, before any
query runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, select

from pos.errors import PosError
from pos.server.models import Store


class Perm(StrEnum):
    NETWORK = "network"
    REPORTS = "reports"
    SHIFTS = "shifts"
    STOCK = "stock"
    STOCK_EDIT = "stock_edit"
    SETTLEMENT = "settlement"
    CATALOGUE = "catalogue"
    CATALOGUE_EDIT = "catalogue_edit"
    CENTRES = "centres"
    CENTRES_EDIT = "centres_edit"
    TILLS_EDIT = "tills_edit"
    QUARANTINE = "quarantine"
    QUARANTINE_DISMISS = "quarantine_dismiss"
    USERS = "users"
    AUDIT = "audit"


ROLES = ("admin", "centre", "accountant")
ROLE_NAMES = {
    "admin": ("Quản trị tỉnh", "Province administrator"),
    "centre": ("Quản lý trung tâm", "Centre manager"),
    "accountant": ("Kế toán", "Accountant"),
}
ROLE_PERMS: dict[str, frozenset[Perm]] = {
    "admin": frozenset(Perm),
    "centre": frozenset(
        {
            Perm.NETWORK,
            Perm.REPORTS,
            Perm.SHIFTS,
            Perm.STOCK,
            Perm.STOCK_EDIT,
            Perm.CATALOGUE,
            Perm.CENTRES,
            Perm.TILLS_EDIT,
            Perm.QUARANTINE,
            Perm.QUARANTINE_DISMISS,
        }
    ),
    "accountant": frozenset({Perm.REPORTS, Perm.SHIFTS, Perm.SETTLEMENT}),
}


class Refused(PosError):
    """Not for this person: answered 403 with the reason and nothing else."""

    code = "refused"


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in person as every page sees them. ``store_ids`` None: every store."""

    user_id: str
    username: str
    name: str
    role: str
    store_ids: frozenset[str] | None
    csrf: str
    session_id: str

    def may(self, perm: Perm) -> bool:
        return perm in ROLE_PERMS.get(self.role, frozenset())

    def sees(self, store_id: str) -> bool:
        return self.store_ids is None or store_id in self.store_ids


@dataclass(frozen=True, slots=True)
class StoreRef:
    id: str
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Scope:
    """What a request may read: ``store_ids`` None is every store; ``store`` is the one store asked for, if any."""

    store_ids: tuple[str, ...] | None
    store: StoreRef | None
    stores: tuple[StoreRef, ...]  # the stores this person may pick from (the filter's choices)

    def ids(self) -> tuple[str, ...] | None:
        if self.store is not None:
            return (self.store.id,)
        return self.store_ids


def visible_stores(conn: Connection, viewer: Viewer) -> tuple[StoreRef, ...]:
    rows = conn.execute(select(Store.id, Store.code, Store.name).order_by(Store.code)).all()
    return tuple(StoreRef(str(i), str(c), str(n)) for i, c, n in rows if viewer.sees(str(i)))


def authorize(conn: Connection, viewer: Viewer, perm: Perm, store_code: str | None = None) -> Scope:
    """The one check: the permission, then the store asked for (unknown and foreign stores are refused alike, so
    a refusal does not even tell whether the store exists)."""
    if not viewer.may(perm):
        raise Refused(
            "Tài khoản của bạn không có quyền xem hoặc làm việc này",
            "Your account may not see or do this",
        )
    stores = visible_stores(conn, viewer)
    store = None
    if store_code:
        store = next((s for s in stores if s.code == store_code), None)
        if store is None:
            raise Refused(
                f"Bạn không có quyền với cửa hàng {store_code[:20]}",
                f"You have no access to store {store_code[:20]}",
            )
    ids = None if viewer.store_ids is None else tuple(s.id for s in stores)
    return Scope(ids, store, stores)


def require_store(scope: Scope, store_id: str) -> None:
    """A record found by id (a till, a quarantined entry, a shift) must belong to a store in scope."""
    if scope.store_ids is not None and store_id not in scope.store_ids:
        raise Refused("Bạn không có quyền với mục này", "You have no access to this record")
