"""The office's pages, each a small module that registers itself here (``register``), imported by ``ALL``.

A page is a permission, the filters it reads, and a ``build`` function that runs one query and returns
``pos.reports.table.Table``s (and charts drawn from the same rows). The routes (``pos.server.office.routes``) turn
every page into ``GET /office/<path>`` for the HTML and ``?format=csv|xlsx`` for the files, after the one
permission check; form actions (``Action``) are ``POST`` routes that also check the session's CSRF token and write
an audit entry in the same transaction as the change.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup
from sqlalchemy import Connection

from pos.errors import PosError
from pos.reports.table import Table
from pos.server.office.access import Perm, Scope, Viewer
from pos.server.settings import ServerSettings

#: Page modules, in the order of the navigation bar.
ALL = (
    "network",
    "reports",
    "einvoices",
    "shifts",
    "stock",
    "stock_transfers",
    "settlement",
    "bank",
    "catalogue",
    "centres",
    "rules",
    "quarantine",
    "people",
)


class BadFilter(PosError):
    code = "bad_filter"


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    vi: str
    en: str


@dataclass(frozen=True, slots=True)
class Field:
    """A filter in the page's form: ``date``, ``month``, ``store``, ``choice``, ``text`` or ``flag``."""

    name: str
    kind: str
    vi: str
    en: str
    choices: tuple[Choice, ...] = ()

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass
class PageContext:
    conn: Connection
    viewer: Viewer
    scope: Scope
    params: dict[str, Any]
    lang: str
    now: dt.datetime  # UTC, naive
    today: dt.date  # the province's calendar day
    settings: ServerSettings
    path_params: Mapping[str, str] = field(default_factory=dict)

    def t(self, vi: str, en: str) -> str:
        return vi if self.lang == "vi" else en


@dataclass
class PageView:
    tables: list[Table] = field(default_factory=list)
    charts: list[Markup] = field(default_factory=list)
    subtitle: str = ""
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    template: str | None = None
    title: str = ""
    #: The table the CSV export writes (XLSX writes them all).
    csv_table: int = 0


@dataclass(frozen=True, slots=True)
class Page:
    path: str  # under /office/, e.g. "reports" or "shifts/{event_id}"
    vi: str
    en: str
    perm: Perm
    build: Callable[[PageContext], PageView]
    fields: tuple[Field, ...] = ()
    defaults: Callable[[dt.date], dict[str, Any]] | None = None
    template: str = "page.html"
    nav: bool = True
    exports: tuple[str, ...] = ("csv", "xlsx")

    def title(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en

    @property
    def url(self) -> str:
        return "/office/" + self.path


@dataclass(frozen=True, slots=True)
class Redirect:
    url: str
    flash_vi: str = ""
    flash_en: str = ""


@dataclass
class ActionContext:
    conn: Connection  # inside the write transaction that also gets the audit entry
    viewer: Viewer
    scope: Scope
    form: Mapping[str, str]
    files: Mapping[str, bytes]
    lang: str
    ip: str
    settings: ServerSettings
    path_params: Mapping[str, str] = field(default_factory=dict)
    base_url: str = ""

    def t(self, vi: str, en: str) -> str:
        return vi if self.lang == "vi" else en


@dataclass(frozen=True, slots=True)
class Action:
    """A form post: ``POST /office/<path>``; the page it belongs to is where errors are shown."""

    path: str
    perm: Perm
    handle: Callable[[ActionContext], Redirect | PageView]
    #: The form field naming the store the action is for (checked against the person's stores), or None.
    store_field: str | None = "store"


PAGES: list[Page] = []
ACTIONS: list[Action] = []


def register(*items: Page | Action) -> None:
    for item in items:
        (PAGES if isinstance(item, Page) else ACTIONS).append(item)  # type: ignore[arg-type]


def load_all() -> None:
    """Import every page module (each registers its pages and actions when first imported; importing one module
    on its own elsewhere must not hide the others)."""
    for name in ALL:
        importlib.import_module(f"pos.server.office.pages.{name}")


def parse_params(page: Page, raw: Mapping[str, str], today: dt.date) -> dict[str, Any]:
    """The page's filters from the query string, typed and checked; defaults for those not given."""
    out: dict[str, Any] = dict(page.defaults(today)) if page.defaults else {}
    for f in page.fields:
        value = (raw.get(f.name) or "").strip()
        if not value:
            if f.kind == "flag":
                out.setdefault(f.name, False)
            continue
        if f.kind == "date":
            try:
                out[f.name] = dt.date.fromisoformat(value[:10])
            except ValueError:
                raise BadFilter(f"Ngày không hợp lệ: {value[:20]}", f"Not a date: {value[:20]}") from None
        elif f.kind == "month":
            try:
                out[f.name] = dt.date.fromisoformat(value[:7] + "-01")
            except ValueError:
                raise BadFilter(f"Tháng không hợp lệ: {value[:20]}", f"Not a month: {value[:20]}") from None
        elif f.kind == "choice":
            if value not in {c.value for c in f.choices}:
                raise BadFilter(f"Giá trị lạ: {value[:20]}", f"Unknown value: {value[:20]}")
            out[f.name] = value
        elif f.kind == "flag":
            out[f.name] = value in ("1", "on", "true", "yes")
        else:  # text, store
            out[f.name] = value[:100]
    if "date_from" in out and "date_to" in out and out["date_to"] < out["date_from"]:
        raise BadFilter("Ngày kết thúc trước ngày bắt đầu", "The end date is before the start date")
    if "date_from" in out and "date_to" in out and (out["date_to"] - out["date_from"]).days > 3 * 366:
        raise BadFilter("Khoảng ngày tối đa 3 năm", "Three years at most")
    return out
