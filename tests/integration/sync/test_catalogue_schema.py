"""The catalogue is defined once, by the wire (``pos.sync.wire``), and everything else follows it.

Every field a catalogue document carries has a column of the right kind and size on both sides: in the till's and
head office's models, and in the databases their migrations build (SQLite for the till, SQLite and PostgreSQL for
head office); a column neither side calls its own is carried by the wire. Head office's input bodies, the till's
lookup, head office's spreadsheet import and the till's own edit forms name only fields the wire carries. A product
with every field set at head office arrives whole in the till's tables and lookups.

This is the checklist of docs/sync.md ("Where the catalogue is defined");
``test_a_field_added_to_the_wire_alone_is_named_on_every_side`` shows that a field added to the wire alone fails it,
naming the missing column on each side.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel
from sqlalchemy import BigInteger, Boolean, Date, DateTime, Engine, Integer, String, Text, inspect, text
from sqlalchemy.types import TypeEngine
from sync_helpers import LiveServer, register

from pos.barcodes import with_check_digit
from pos.catalogue.lookup import ProductInfo
from pos.db import open_database
from pos.inventory.producers import ProducerInput
from pos.inventory.products import ProductInput
from pos.models import Base
from pos.models.catalogue import OCOP_LEVELS, PRODUCER_KINDS
from pos.models.store_ops import ProducerDetail
from pos.server.db import make_engine, upgrade
from pos.server.importer import fields_of
from pos.server.models import ServerBase
from pos.server.schemas import CategoryIn, ProducerIn, ProductIn, ProductPatch, PromotionIn
from pos.sync.rounds import client_for, sync_round
from pos.sync.state import stored_promotions
from pos.sync.wire import (
    PRODUCT_COLUMNS,
    CategoryDoc,
    OcopLevel,
    ProducerDoc,
    ProducerKind,
    ProductDoc,
    ProductFields,
    PromotionDoc,
    PromotionFields,
    VatClassDoc,
    VatRateDoc,
)
from pos.till.terminal import Terminal
from tests.pg import create_database, drop_database

Prop = dict[str, Any]  # one field's JSON schema, as pydantic writes it
INT32 = 2**31 - 1


# --- what the wire asks of each table ----------------------------------------------------------------------


def _props(model: type[BaseModel]) -> dict[str, Prop]:
    return dict(model.model_json_schema()["properties"])


def wire_tables(product: type[ProductDoc] = ProductDoc) -> dict[str, dict[str, tuple[str, Prop]]]:
    """Table → column → (the field that needs it, its JSON schema): what the documents carry, table by table."""
    p = _props(product)
    products = {c: (f"{product.__name__}.{c}", p[c]) for c in p if c != "barcodes"}
    promotions = {c: (f"PromotionDoc.{c}", s) for c, s in _props(PromotionDoc).items()}
    # head office keeps a promotion's stores as one space-separated text
    promotions["store_codes"] = ("PromotionDoc.store_codes", {"type": "string"})
    rate = _props(VatRateDoc)
    return {
        "categories": {c: (f"CategoryDoc.{c}", s) for c, s in _props(CategoryDoc).items()},
        "producers": {c: (f"ProducerDoc.{c}", s) for c, s in _props(ProducerDoc).items()},
        "products": products,
        "barcodes": {
            "code": (f"{product.__name__}.barcodes[]", p["barcodes"]["items"]),
            "product_id": (f"{product.__name__}.id", p["id"]),
        },
        "vat_rates": {
            "vat_class": ("VatClassDoc.vat_class", _props(VatClassDoc)["vat_class"]),
            "valid_from": ("VatRateDoc.valid_from", rate["valid_from"]),
            "rate_pct": ("VatRateDoc.rate_pct", rate["rate_pct"]),
        },
        "promotions": promotions,
    }


# --- each side's tables ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    type: TypeEngine[Any]
    nullable: bool


@dataclass(frozen=True)
class Side:
    """One side's catalogue tables, as its models declare them or as its migrated database has them."""

    name: str
    fix: str  # where a missing column is added
    tables: Mapping[str, Mapping[str, Column]]
    own: Mapping[str, frozenset[str]]  # columns that are this side's alone, never on the wire
    wide_integers: bool  # every INTEGER holds 64 bits (SQLite)


TILL_TABLES = ("categories", "producers", "products", "barcodes", "vat_rates")  # promotions: JSON in state
SERVER_TABLES = (*TILL_TABLES, "promotions")
TILL_OWN = {"products": frozenset({"search_text", "updated_at"}), "producers": frozenset({"updated_at"})}
SERVER_OWN = {t: frozenset({"updated_at"}) for t in ("products", "producers", "categories", "promotions")}
TILL_MODELS = "pos/models/catalogue_columns.py (pos/models/catalogue.py for what is the till's alone)"
SERVER_MODELS = (
    "pos/models/catalogue_columns.py (pos/server/models/catalogue.py for what is head office's alone)"
)


def models_side(base: type[Any], till: bool) -> Side:
    tables = {
        t: {c.name: Column(c.type, bool(c.nullable)) for c in base.metadata.tables[t].columns}
        for t in (TILL_TABLES if till else SERVER_TABLES)
    }
    if till:
        return Side("the till's models", TILL_MODELS, tables, TILL_OWN, wide_integers=True)
    return Side("head office's models", SERVER_MODELS, tables, SERVER_OWN, wide_integers=False)


def database_side(
    engine: Engine,
    till: bool,
    *,
    names: tuple[str, ...] | None = None,
    own: Mapping[str, frozenset[str]] | None = None,
) -> Side:
    """The side's tables ``names`` (default: the catalogue's) as its migrations built them."""
    found = inspect(engine)
    tables = {
        t: {c["name"]: Column(c["type"], bool(c["nullable"])) for c in found.get_columns(t)}
        for t in (names or (TILL_TABLES if till else SERVER_TABLES))
    }
    dialect = engine.dialect.name
    if till:
        fix = "a new migration in migrations/terminal/versions/"
        return Side("the till's migrated database", fix, tables, own or TILL_OWN, wide_integers=True)
    fix = "a new migration in migrations/server/versions/"
    return Side(
        f"head office's migrated {dialect} database", fix, tables, own or SERVER_OWN, dialect == "sqlite"
    )


# --- the comparison ----------------------------------------------------------------------------------------


def _value_schema(prop: Prop) -> tuple[Prop, bool]:
    """(the schema of a present value, whether the field may be null)."""
    branches = prop.get("anyOf", [prop])
    values = [b for b in branches if b.get("type") != "null"]
    return values[0], len(values) < len(branches)


def _kind_problem(prop: Prop, col: Column, wide_integers: bool) -> str | None:
    """What is wrong with ``col`` for a value of ``prop``, or None."""
    value, optional = _value_schema(prop)
    t = col.type
    kind, fmt = value.get("type"), value.get("format")
    if optional != col.nullable:
        return f"{'NULL' if col.nullable else 'NOT NULL'}, but the field is {'optional' if optional else 'required'}"
    if fmt == "date-time":
        return None if isinstance(t, DateTime) else f"{t}, but the field is a date and time (DateTime)"
    if fmt == "date":
        return None if isinstance(t, Date) else f"{t}, but the field is a date (Date)"
    if kind == "boolean":
        return None if isinstance(t, Boolean) else f"{t}, but the field is yes/no (Boolean)"
    if kind == "integer":
        extremes = value.get("enum") or [value.get("maximum", 2**63), value.get("minimum", 0)]
        wide = max(abs(e) for e in extremes) > INT32
        if not isinstance(t, Integer):
            return f"{t}, but the field is a whole number (Integer)"
        if wide and not (wide_integers or isinstance(t, BigInteger)):
            return f"{t}, but the field goes up to {value.get('maximum')} (BigInteger)"
        return None
    if kind == "string":
        if not isinstance(t, String):
            return f"{t}, but the field is text (String)"
        if "enum" in value:
            longest = max(len(str(e)) for e in value["enum"])
            ok = t.length is None or t.length >= longest
            return None if ok else f"{t}, but the field has values of {longest} characters"
        if isinstance(t, Text) and t.length is None:
            return None  # TEXT holds text of any length
        if t.length != value.get("maxLength"):
            return f"{t}, but the field holds up to {value.get('maxLength', 'any number of')} characters"
        return None
    return f"{t}, and the field's kind {value} has no column kind in this test"


def gaps(wire: Mapping[str, Mapping[str, tuple[str, Prop]]], side: Side) -> list[str]:
    """Every way ``side``'s tables differ from what the wire carries, as sentences that name the column."""
    out = []
    for table, columns in side.tables.items():
        carried = wire[table]
        own = side.own.get(table, frozenset())
        for name, (field, prop) in carried.items():
            if name not in columns:
                out.append(f"{field} has no column {table}.{name} in {side.name}: add it to {side.fix}")
                continue
            problem = _kind_problem(prop, columns[name], side.wide_integers)
            if problem:
                out.append(f"{table}.{name} in {side.name} is {problem} ({field})")
        for name in sorted(set(columns) - set(carried) - own):
            out.append(
                f"{table}.{name} in {side.name} is not carried by the wire: add it to the document in "
                "pos/sync/wire.py, or list it as that side's own in this test"
            )
    return out


# --- the sides, built for real -----------------------------------------------------------------------------


@pytest.fixture
def till_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(tmp_path / "till.sqlite3")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def server_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty head-office database built by its migrations, on each dialect."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'server.sqlite3'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    pg = request.getfixturevalue("pg_server")
    if pg is None:
        pytest.fail("PostgreSQL is needed: install Debian's `postgresql` package (./tasks test does)")
    engine = make_engine(create_database(pg, "ocop_schema"))
    upgrade(engine)
    yield engine
    engine.dispose()
    drop_database(pg, "ocop_schema")


def test_every_field_on_the_wire_has_its_column_in_both_models() -> None:
    wire = wire_tables()
    assert gaps(wire, models_side(Base, till=True)) == []
    assert gaps(wire, models_side(ServerBase, till=False)) == []


def test_every_field_on_the_wire_has_its_column_in_the_tills_database(till_engine: Engine) -> None:
    assert gaps(wire_tables(), database_side(till_engine, till=True)) == []


def test_every_field_on_the_wire_has_its_column_in_head_offices_database(server_engine: Engine) -> None:
    assert gaps(wire_tables(), database_side(server_engine, till=False)) == []


def test_a_field_added_to_the_wire_alone_is_named_on_every_side(
    till_engine: Engine, server_engine: Engine
) -> None:
    """What a forgotten column looks like: the check above, on a wire with one more product field."""

    class WiderProductDoc(ProductDoc):
        shelf_life_days: int | None = None

    wire = wire_tables(WiderProductDoc)
    sides = [
        models_side(Base, till=True),
        models_side(ServerBase, till=False),
        database_side(till_engine, till=True),
        database_side(server_engine, till=False),
    ]
    for side in sides:
        assert gaps(wire, side) == [
            f"WiderProductDoc.shelf_life_days has no column products.shelf_life_days in {side.name}: "
            f"add it to {side.fix}"
        ]
    assert "a new migration in migrations/server/versions/" in sides[3].fix
    # and the other ways a side drifts: a column the wire lacks, a column of another size
    till = models_side(Base, till=True)
    products = dict(till.tables["products"])
    products["shelf_life_days"] = products.pop("plu")
    products["sku"] = Column(String(20), nullable=False)
    drifted = Side(till.name, till.fix, {"products": products}, till.own, till.wide_integers)
    assert gaps(wire_tables(), drifted) == [
        "products.sku in the till's models is VARCHAR(20), but the field holds up to 40 characters (ProductDoc.sku)",
        f"ProductDoc.plu has no column products.plu in the till's models: add it to {TILL_MODELS}",
        "products.shelf_life_days in the till's models is not carried by the wire: add it to the document in "
        "pos/sync/wire.py, or list it as that side's own in this test",
    ]


# --- the other lists that name product fields --------------------------------------------------------------


def _bounds(prop: Prop) -> dict[str, Any]:
    value, _ = _value_schema(prop)
    return {k: value.get(k) for k in ("type", "format", "maxLength", "maximum", "minimum", "enum", "items")}


@pytest.mark.parametrize(
    ("body", "doc", "body_only", "doc_only"),
    [
        (ProductIn, ProductDoc, {"producer_code"}, {"producer_id"}),
        (ProducerIn, ProducerDoc, set(), set()),
        (CategoryIn, CategoryDoc, set(), set()),
        (PromotionIn, PromotionDoc, set(), {"id"}),
    ],
)
def test_head_office_enters_what_tills_receive(
    body: type[BaseModel], doc: type[BaseModel], body_only: set[str], doc_only: set[str]
) -> None:
    """The input bodies share the documents' fields (``…Fields`` in the wire), bounded alike."""
    b, d = _props(body), _props(doc)
    assert set(b) - body_only == set(d) - doc_only, (
        f"{body.__name__} and {doc.__name__} carry different fields"
    )
    different = {f for f in set(b) & set(d) if _bounds(b[f]) != _bounds(d[f])}
    assert different == set(), f"{body.__name__} bounds these fields unlike {doc.__name__}"


def test_a_product_patch_changes_product_fields_within_their_bounds() -> None:
    patch, product = _props(ProductPatch), _props(ProductIn)
    assert set(patch) <= set(product)
    assert {f for f in patch if _bounds(patch[f]) != _bounds(product[f])} == set()


def test_the_tills_lookup_reads_columns_the_wire_carries() -> None:
    read = [f.name for f in fields(ProductInfo) if f.name != "stock_milli"]
    assert set(read) <= set(PRODUCT_COLUMNS), set(read) - set(PRODUCT_COLUMNS)


def test_the_tills_lists_of_kinds_are_the_wires() -> None:
    assert get_args(ProducerKind) == PRODUCER_KINDS
    assert get_args(OcopLevel) == OCOP_LEVELS


def test_the_tills_own_edit_forms_name_fields_the_wire_carries() -> None:
    """The manager's product and producer forms (a shop's own products) edit the same fields, under the same names;
    a producer's contact and notes are the till's own (``producer_details``)."""
    product = {f.name for f in fields(ProductInput)}
    assert product <= set(ProductDoc.model_fields), product - set(ProductDoc.model_fields)
    details = {c.name for c in ProducerDetail.__table__.columns} - {"producer_id"}
    producer = {f.name for f in fields(ProducerInput)}
    assert producer <= set(ProducerDoc.model_fields) | details, (
        producer - set(ProducerDoc.model_fields) - details
    )


@pytest.mark.parametrize(
    ("doc", "required"),
    [
        (ProductDoc, {"id", "sku", "name_vi", "price", "vat_class"}),
        (ProducerDoc, {"id", "code", "name", "kind"}),
        (CategoryDoc, {"code", "name_vi"}),
        (PromotionDoc, {"id", "code", "name_vi", "kind", "value", "scope"}),
    ],
)
def test_fields_added_later_have_defaults(doc: type[BaseModel], required: set[str]) -> None:
    """A till of the new version gets documents without a new field from a server of the old one (and an old till
    ignores the field it does not know): every field but the first ones needs a default."""
    assert {f for f, info in doc.model_fields.items() if info.is_required()} == required


def test_head_offices_spreadsheet_sets_fields_the_wire_carries() -> None:
    from pos.server.importer import _FIELDS

    assert fields_of(set(_FIELDS)) <= set(ProductDoc.model_fields)


# --- a product with every field, from head office to the till's scan ---------------------------------------


def _fill(model: type[BaseModel], **given: Any) -> dict[str, Any]:
    """A body for ``model`` with every field set to a value other than its default: text at its full length (in
    Vietnamese letters), numbers at their maximum, the last choice of a list — so a field added to the wire is
    carried by this round trip without a word here, and a value at the wire's bound must fit both databases."""
    out: dict[str, Any] = {}
    for name, prop in _props(model).items():
        if name in given:
            out[name] = given[name]
            continue
        value, _ = _value_schema(prop)
        if "enum" in value:
            out[name] = value["enum"][-1]
        elif value.get("format") == "date":
            out[name] = "2026-02-03"
        elif value["type"] == "string":
            out[name] = (name + "-" + "Ừ" * value["maxLength"])[: value["maxLength"]]
        elif value["type"] == "integer":
            out[name] = value["maximum"]
        elif value["type"] == "boolean":
            out[name] = not prop.get("default", False)
        else:
            raise AssertionError(f"{model.__name__}.{name}: give it a value in this test ({value})")
    for name, field in model.model_fields.items():
        default = field.get_default(call_default_factory=True)
        assert name in given or out[name] != default, f"{model.__name__}.{name} is left at its default"
    return out


def _rows(engine: Engine, sql: str, **params: object) -> list[dict[str, Any]]:
    with engine.connect() as c:
        rows = [dict(r._mapping) for r in c.execute(text(sql), params)]
        c.rollback()
    return rows


def _product(engine: Engine, sku: str) -> dict[str, Any]:
    (row,) = _rows(engine, f"SELECT {', '.join(PRODUCT_COLUMNS)} FROM products WHERE sku = :s", s=sku)
    codes = _rows(engine, "SELECT code FROM barcodes WHERE product_id = :p ORDER BY code", p=row["id"])
    return ProductDoc(**row, barcodes=[r["code"] for r in codes]).model_dump()


def _producer(engine: Engine, code: str) -> dict[str, Any]:
    (row,) = _rows(engine, "SELECT * FROM producers WHERE code = :c", c=code)
    return ProducerDoc(**row).model_dump()


def _category(engine: Engine, code: str) -> dict[str, Any]:
    (row,) = _rows(engine, "SELECT * FROM categories WHERE code = :c", c=code)
    return CategoryDoc(**row).model_dump()


MakeTill = Callable[..., Terminal]
GTIN = with_check_digit("893000000077")


def test_a_product_with_every_field_arrives_whole_at_the_till(
    server: LiveServer, make_till: MakeTill
) -> None:
    category = _fill(CategoryIn, code="SCHEMA-CAT")
    producer = _fill(ProducerIn, id=None, code="SCHEMA-HTX")
    sku = "SCHEMA-" + "X" * 33
    product = _fill(
        ProductIn,
        id=None,
        sku=sku,
        vat_class="SCHEMA",
        category_code="SCHEMA-CAT",
        producer_code="SCHEMA-HTX",
        barcodes=[GTIN, "SCHEMA-CODE"],
        active=True,  # to be found by a scan below
    )
    promotion = _fill(PromotionIn, target="SCHEMA-HTX", store_codes=["QN-HL01"], starts_on="2026-02-03")
    rates = [{"valid_from": "2000-01-01", "rate_pct": 10}, {"valid_from": "2026-02-03", "rate_pct": 5}]
    with server.admin() as admin:
        for path, body in [
            ("vat-classes/SCHEMA", {"rates": rates}),
            ("categories", [category]),
            ("producers", [producer]),
            ("products", [product]),
            ("promotions", promotion),
        ]:
            r = admin.put(f"/api/v1/catalogue/{path}", json=body)
            assert r.status_code == 200, (path, r.text)
    till = make_till("T01", empty=True)
    register(till, server)
    with client_for(till.engine) as client:
        sync_round(till.engine, client)

    arrived = _product(till.engine, sku)
    assert arrived == _product(server.engine, sku)
    for name in ProductFields.model_fields:  # what head office entered, not only what it stored
        if name not in ("id", "barcodes", "ocop_rated_on", "ocop_expires_on"):
            assert arrived[name] == product[name], name
    assert arrived["ocop_rated_on"] == arrived["ocop_expires_on"] == dt.date(2026, 2, 3)
    assert _producer(till.engine, "SCHEMA-HTX") == _producer(server.engine, "SCHEMA-HTX")
    assert _category(till.engine, "SCHEMA-CAT") == _category(server.engine, "SCHEMA-CAT")
    till_rates = _rows(till.engine, "SELECT valid_from, rate_pct FROM vat_rates WHERE vat_class = 'SCHEMA'")
    assert [(str(r["valid_from"]), r["rate_pct"]) for r in till_rates] == [
        (r["valid_from"], r["rate_pct"]) for r in rates
    ]
    with till.engine.connect() as c:
        (stored,) = [p for p in stored_promotions(c) if p["code"] == promotion["code"]]
    expected = PromotionIn.model_validate(promotion).model_dump(mode="json")
    assert {k: stored[k] for k in PromotionFields.model_fields} == expected

    # and the lookup the cart prices from reads it as stored
    info = till.catalogue.resolve(GTIN).product
    looked_up = {f.name: getattr(info, f.name) for f in fields(ProductInfo) if f.name != "stock_milli"}
    assert looked_up == {k: arrived[k] for k in looked_up}
