"""Catalogue: products (prices, scheduled prices, consignment terms, low-stock thresholds, pictures), producers and
promotions; the product list exports in the columns the import reads, so a spreadsheet round-trips."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError
from sqlalchemy import delete, func, insert, or_, select

from pos.errors import PosError
from pos.money import parse_vnd
from pos.reports.table import Column, Table
from pos.server import catalogue as cat
from pos.server.importer import import_rows, read_rows
from pos.server.models import (
    Barcode,
    Category,
    ConsignmentTerm,
    Producer,
    Product,
    Promotion,
    ScheduledPrice,
    StockThreshold,
    Store,
    StorePrice,
)
from pos.server.office import audit
from pos.server.office.access import Perm
from pos.server.office.formats import local
from pos.server.office.pages import (
    Action,
    ActionContext,
    Field,
    Page,
    PageContext,
    PageView,
    Redirect,
    register,
)
from pos.server.office.pictures import picture_url, save_picture
from pos.server.office.prices import clear_store_price, schedule
from pos.server.public.publishing import page_state, publish
from pos.server.schemas import ProducerIn, ProductPatch, PromotionIn

FIELDS = (Field("q", "text", "Tìm (mã, tên, mã vạch)", "Search (SKU, name, barcode)"),)


def _money(text: str, what: tuple[str, str]) -> int:
    try:
        return parse_vnd(text)
    except PosError as exc:
        raise PosError(f"{what[0]}: {exc.vi}", f"{what[1]}: {exc.en}") from exc


def _invalid(exc: ValidationError) -> PosError:
    parts = [f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg', '')}" for e in exc.errors()[:3]]
    return PosError("Dữ liệu không hợp lệ — " + "; ".join(parts), "Invalid input — " + "; ".join(parts))


def build(ctx: PageContext) -> PageView:
    q = ctx.params.get("q", "").lower()
    codes = (
        select(func.aggregate_strings(Barcode.code, " "))
        .where(Barcode.product_id == Product.id)
        .scalar_subquery()
    )
    upcoming = (
        select(func.min(ScheduledPrice.valid_from))
        .where(ScheduledPrice.product_id == Product.id, ScheduledPrice.applied_at.is_(None))
        .scalar_subquery()
    )
    stmt = (
        select(
            Product.sku,
            Product.name_vi,
            Product.name_en,
            Product.unit,
            Product.price,
            Product.cost,
            Product.vat_class,
            Product.category_code,
            func.coalesce(Producer.code, ""),
            Product.ocop_stars,
            codes,
            Product.active,
            upcoming,
        )
        .outerjoin(Producer, Producer.id == Product.producer_id)
        .order_by(Product.sku)
    )
    if q:
        like = f"%{q}%"
        stmt = stmt.where(
            or_(
                func.lower(Product.sku).like(like),
                func.lower(Product.name_vi).like(like),
                func.lower(Product.name_en).like(like),
                Product.id.in_(select(Barcode.product_id).where(Barcode.code.like(like))),
            )
        )
    rows = [
        (
            sku,
            vi,
            en,
            unit,
            int(price),
            int(cost),
            vat,
            cat_ or "",
            prod,
            stars,
            code or "",
            ctx.t("có", "yes") if active else ctx.t("ngừng", "no"),
            up,
        )
        for sku, vi, en, unit, price, cost, vat, cat_, prod, stars, code, active, up in ctx.conn.execute(stmt)
    ]
    table = Table(
        "products",
        "Sản phẩm",
        "Products",
        (
            Column("sku", "sku", "sku"),
            Column("name_vi", "name_vi", "name_vi"),
            Column("name_en", "name_en", "name_en"),
            Column("unit", "unit", "unit"),
            Column("price", "price", "price", "money"),
            Column("cost", "cost", "cost", "money"),
            Column("vat_class", "vat_class", "vat_class"),
            Column("category", "category", "category"),
            Column("producer_code", "producer_code", "producer_code"),
            Column("ocop_stars", "ocop_stars", "ocop_stars", "int"),
            Column("barcodes", "barcodes", "barcodes"),
            Column("active", "active", "active"),
            Column("next_price_on", "Giá mới từ", "New price from", "date"),
        ),
        tuple(rows),
    )
    return PageView(
        tables=[table],
        template="catalogue.html",
        notes=[
            ctx.t(
                "Tệp xuất dùng đúng các cột của tệp nhập: sửa trong Excel rồi nhập lại.",
                "The export has the import's columns: edit it in a spreadsheet and import it again.",
            )
        ],
        extra={"links": {"products": {"sku": lambda r: f"/office/catalogue/products/{r[0]}"}}, "limit": 300},
    )


def import_file(ctx: ActionContext) -> Redirect:
    data = ctx.files.get("file")
    if not data:
        raise PosError("Chọn tệp CSV hoặc XLSX", "Choose a CSV or XLSX file")
    out = import_rows(ctx.conn, read_rows(data))
    audit.record(
        ctx.conn, ctx.viewer, "catalogue_import", f"{out.rows} rows", ip=ctx.ip, detail=out.model_dump()
    )
    return Redirect(
        "/office/catalogue",
        f"Đã nhập {out.rows} sản phẩm ({out.products_created} mới, {out.products_updated} cập nhật)",
        f"Imported {out.rows} products ({out.products_created} new, {out.products_updated} updated)",
    )


# --- one product --------------------------------------------------------------------------------------------


def _product(ctx: PageContext | ActionContext) -> Any:
    sku = ctx.path_params.get("sku", "")[:40]
    row = ctx.conn.execute(select(Product).where(Product.sku == sku)).mappings().first()
    if row is None:
        raise PosError(f"Không có mã hàng {sku}", f"No product {sku}", code="not_found")
    return row


def build_product(ctx: PageContext) -> PageView:
    p = _product(ctx)
    stores = {
        str(i): (str(c), str(n))
        for i, c, n in ctx.conn.execute(select(Store.id, Store.code, Store.name).order_by(Store.code))
        if ctx.viewer.sees(str(i))
    }
    network = ("", "Toàn mạng lưới", "Whole network")
    prices = [
        (
            vf,
            at.strftime("%H:%M") if at else "",
            int(price),
            stores.get(str(sid), (str(sid),))[0] if sid else "*",
            by,
            local(created),
            local(applied),
        )
        for vf, at, price, sid, by, created, applied in ctx.conn.execute(
            select(
                ScheduledPrice.valid_from,
                ScheduledPrice.valid_time,
                ScheduledPrice.price,
                ScheduledPrice.store_id,
                ScheduledPrice.created_by,
                ScheduledPrice.created_at,
                ScheduledPrice.applied_at,
            )
            .where(ScheduledPrice.product_id == p["id"])
            .order_by(ScheduledPrice.valid_from.desc(), ScheduledPrice.created_at.desc())
        )
        if sid is None or str(sid) in stores
    ]
    own = [
        (str(sid), stores[str(sid)][0], stores[str(sid)][1], int(price), by, local(at))
        for sid, price, by, at in ctx.conn.execute(
            select(StorePrice.store_id, StorePrice.price, StorePrice.set_by, StorePrice.set_at)
            .where(StorePrice.product_id == p["id"])
            .order_by(StorePrice.store_id)
        )
        if str(sid) in stores
    ]
    terms = ctx.conn.execute(
        select(ConsignmentTerm.valid_from, ConsignmentTerm.consigned, ConsignmentTerm.commission_bp)
        .where(ConsignmentTerm.product_id == p["id"])
        .order_by(ConsignmentTerm.valid_from.desc())
    ).all()
    low = ctx.conn.execute(
        select(StockThreshold.low_milli).where(
            StockThreshold.store_id == "*", StockThreshold.product_id == p["id"]
        )
    ).scalar()
    table = Table(
        "prices",
        "Giá theo ngày",
        "Prices by date",
        (
            Column("valid_from", "Áp dụng từ", "From", "date"),
            Column("valid_time", "Giờ", "Time"),
            Column("price", "Giá", "Price", "money"),
            Column("store", "Trung tâm (* toàn mạng)", "Centre (* network)"),
            Column("by", "Người đặt", "Set by"),
            Column("created", "Lúc đặt", "Set at", "datetime"),
            Column("applied", "Đã áp dụng lúc", "Applied at", "datetime"),
        ),
        tuple(prices),
    )
    categories = ctx.conn.execute(select(Category.code, Category.name_vi).order_by(Category.code)).all()
    producers = ctx.conn.execute(
        select(Producer.id, Producer.code, Producer.name).order_by(Producer.code)
    ).all()
    return PageView(
        tables=[table],
        title=f"{p['sku']} · {p['name_vi']}",
        template="product.html",
        extra={
            "p": p,
            "terms": [(vf, c, bp / 100) for vf, c, bp in terms],
            "low": None if low is None else Decimal(int(low)) / 1000,
            "categories": categories,
            "producers": producers,
            "picture": picture_url(ctx.settings, str(p["id"])),
            "public": page_state(ctx.conn, str(p["id"])),
            "tomorrow": (ctx.today + dt.timedelta(days=1)).isoformat(),
            "scopes": [network, *((i, c, n) for i, (c, n) in stores.items())],
            "store_prices": own,
        },
    )


def edit_product(ctx: ActionContext) -> Redirect:
    p = _product(ctx)
    f = ctx.form
    values: dict[str, Any] = {
        "name_vi": f.get("name_vi", "").strip(),
        "name_en": f.get("name_en", "").strip(),
        "unit": f.get("unit", "").strip() or "cái",
        "cost": _money(f.get("cost", "0") or "0", ("Giá vốn", "Cost")),
        "vat_class": f.get("vat_class", "").strip(),
        "category_code": f.get("category_code") or None,
        "ocop_stars": int(f["ocop_stars"]) if f.get("ocop_stars", "").isdigit() else None,
        "active": f.get("active") == "1",
    }
    for lang in (
        "zh",
        "ko",
    ):  # the tourists' names (empty: the Vietnamese name is shown); kept when not posted
        if f"name_{lang}" in f:
            values[f"name_{lang}"] = f[f"name_{lang}"].strip()
    try:
        patch = ProductPatch(**values)
    except ValidationError as exc:
        raise _invalid(exc) from exc
    cat.patch_product(ctx.conn, str(p["id"]), patch)
    producer = f.get("producer_id") or None
    if producer != p["producer_id"]:
        from sqlalchemy import update

        conn = ctx.conn
        conn.execute(update(Product).where(Product.id == p["id"]).values(producer_id=producer))
        cat.log_changes(conn, "product", [str(p["id"])])
    audit.record(
        ctx.conn,
        ctx.viewer,
        "product_edit",
        str(p["sku"]),
        ip=ctx.ip,
        detail={**values, "producer_id": producer},
    )
    return Redirect(f"/office/catalogue/products/{p['sku']}", "Đã lưu sản phẩm", "Product saved")


def _store_scope(ctx: ActionContext) -> tuple[str | None, str]:
    """The store a price is for (None: the network) and its code, refused if the person may not see it."""
    sid = ctx.form.get("store_id", "")[:36]
    if not sid:
        return None, "*"
    code = ctx.conn.execute(select(Store.code).where(Store.id == sid)).scalar()
    if code is None or not ctx.viewer.sees(sid):
        raise PosError("Không có trung tâm này", "No such centre", code="not_found")
    return sid, str(code)


def set_price(ctx: ActionContext) -> Redirect:
    """A price from a date, for the network or one centre (its own price, above the network's)."""
    p = _product(ctx)
    price = _money(ctx.form.get("price", ""), ("Giá", "Price"))
    try:
        valid_from = dt.date.fromisoformat(ctx.form.get("valid_from", "")[:10])
    except ValueError:
        raise PosError("Ngày áp dụng không hợp lệ", "Not a valid date") from None
    store_id, store_code = _store_scope(ctx)
    raw_time = ctx.form.get("valid_time", "").strip()[:5]
    try:
        at = dt.time.fromisoformat(raw_time) if raw_time else None
    except ValueError:
        raise PosError("Giờ áp dụng không hợp lệ (HH:MM)", "Not a valid time (HH:MM)") from None
    schedule(ctx.conn, str(p["id"]), price, valid_from, ctx.viewer.username, store_id, at)
    audit.record(
        ctx.conn,
        ctx.viewer,
        "price_schedule",
        str(p["sku"]),
        store_id=store_id,
        ip=ctx.ip,
        detail={
            "price": price,
            "valid_from": valid_from.isoformat(),
            "valid_time": at.strftime("%H:%M") if at else "",
            "store": store_code,
        },
    )
    where_vi, where_en = ("", "") if store_id is None else (f" tại {store_code}", f" at {store_code}")
    return Redirect(
        f"/office/catalogue/products/{p['sku']}",
        f"Giá {price:,} ₫ từ {valid_from:%d/%m/%Y}{where_vi}".replace(",", "."),
        f"Price {price:,} ₫ from {valid_from:%Y-%m-%d}{where_en}",
    )


def clear_price(ctx: ActionContext) -> Redirect:
    """A centre sells at the network price again (its own price and its prices to come are dropped)."""
    p = _product(ctx)
    store_id, store_code = _store_scope(ctx)
    if store_id is None:
        raise PosError("Chọn một trung tâm", "Choose a centre")
    clear_store_price(ctx.conn, store_id, str(p["id"]))
    audit.record(
        ctx.conn, ctx.viewer, "store_price_clear", str(p["sku"]), ip=ctx.ip, detail={"store": store_code}
    )
    return Redirect(
        f"/office/catalogue/products/{p['sku']}",
        f"{store_code} bán theo giá toàn mạng lưới",
        f"{store_code} sells at the network price",
    )


def _bp(text: str) -> int:
    try:
        d = Decimal(text.strip().rstrip("%").replace(",", "."))
    except InvalidOperation:
        d = Decimal(-1)
    bp = d * 100
    if not d.is_finite() or bp != bp.to_integral_value() or not 0 <= bp <= 10_000:
        raise PosError("Hoa hồng 0–100%, tối đa 2 số lẻ", "Commission 0–100 %, two decimals at most")
    return int(bp)


def set_terms(ctx: ActionContext) -> Redirect:
    p = _product(ctx)
    consigned = ctx.form.get("consigned") == "1"
    bp = _bp(ctx.form.get("commission", "0") or "0")
    try:
        valid_from = dt.date.fromisoformat(ctx.form.get("valid_from", "")[:10])
    except ValueError:
        raise PosError("Ngày áp dụng không hợp lệ", "Not a valid date") from None
    ctx.conn.execute(
        delete(ConsignmentTerm).where(
            ConsignmentTerm.product_id == p["id"], ConsignmentTerm.valid_from == valid_from
        )
    )
    ctx.conn.execute(
        insert(ConsignmentTerm),
        [{"product_id": p["id"], "valid_from": valid_from, "consigned": consigned, "commission_bp": bp}],
    )
    audit.record(
        ctx.conn,
        ctx.viewer,
        "consignment",
        str(p["sku"]),
        ip=ctx.ip,
        detail={"consigned": consigned, "commission_bp": bp, "valid_from": valid_from.isoformat()},
    )
    cat.log_changes(ctx.conn, "product", [str(p["id"])])  # the tills' own statements use the same terms
    return Redirect(
        f"/office/catalogue/products/{p['sku']}", "Đã lưu điều khoản ký gửi", "Consignment terms saved"
    )


def set_threshold(ctx: ActionContext) -> Redirect:
    p = _product(ctx)
    raw = ctx.form.get("low", "").strip().replace(",", ".")
    ctx.conn.execute(
        delete(StockThreshold).where(StockThreshold.store_id == "*", StockThreshold.product_id == p["id"])
    )
    if raw:
        try:
            milli = Decimal(raw) * 1000
        except InvalidOperation:
            milli = Decimal(-1)
        if not milli.is_finite() or milli < 0 or milli != milli.to_integral_value() or milli > 10**9:
            raise PosError(
                "Ngưỡng là số ≥ 0, tối đa 3 số lẻ", "The threshold is a number ≥ 0 with 3 decimals at most"
            )
        ctx.conn.execute(
            insert(StockThreshold), [{"store_id": "*", "product_id": p["id"], "low_milli": int(milli)}]
        )
    audit.record(ctx.conn, ctx.viewer, "stock_rule", str(p["sku"]), ip=ctx.ip, detail={"low": raw})
    return Redirect(
        f"/office/catalogue/products/{p['sku']}", "Đã lưu ngưỡng sắp hết", "Low-stock threshold saved"
    )


def set_picture(ctx: ActionContext) -> Redirect:
    p = _product(ctx)
    data = ctx.files.get("picture")
    if not data:
        raise PosError("Chọn một ảnh", "Choose a picture")
    save_picture(ctx.settings, str(p["id"]), data)
    audit.record(ctx.conn, ctx.viewer, "picture", str(p["sku"]), ip=ctx.ip, detail={"bytes": len(data)})
    return Redirect(f"/office/catalogue/products/{p['sku']}", "Đã lưu ảnh", "Picture saved")


def set_public(ctx: ActionContext) -> Redirect:
    """Publish or withdraw the product's public page (GS1 Digital Link and the feed), with its descriptions."""
    p = _product(ctx)
    published = ctx.form.get("published") == "1"
    texts = {lang: ctx.form.get(f"description_{lang}", "") for lang in ("vi", "en", "zh", "ko")}
    publish(ctx.conn, [str(p["sku"])], published=published, descriptions=texts)
    audit.record(
        ctx.conn, ctx.viewer, "public_page", str(p["sku"]), ip=ctx.ip, detail={"published": published}
    )
    return Redirect(
        f"/office/catalogue/products/{p['sku']}",
        "Đã công bố trang sản phẩm" if published else "Đã thôi công bố",
        "Product page published" if published else "Product page withdrawn",
    )


# --- producers and promotions ------------------------------------------------------------------------------


def build_producers(ctx: PageContext) -> PageView:
    n = dict(ctx.conn.execute(select(Product.producer_id, func.count()).group_by(Product.producer_id)).all())
    rows = [
        (code, name, kind, district, phone, f"{bank} {acct}".strip(), int(n.get(pid, 0)))
        for pid, code, name, kind, district, phone, bank, acct in ctx.conn.execute(
            select(
                Producer.id,
                Producer.code,
                Producer.name,
                Producer.kind,
                Producer.district,
                Producer.phone,
                Producer.bank_bin,
                Producer.bank_account,
            ).order_by(Producer.code)
        )
    ]
    table = Table(
        "producers",
        "Nhà sản xuất",
        "Producers",
        (
            Column("code", "Mã", "Code"),
            Column("name", "Tên", "Name"),
            Column("kind", "Loại hình", "Kind"),
            Column("district", "Huyện/thị", "District"),
            Column("phone", "Điện thoại", "Phone"),
            Column("bank", "Tài khoản (BIN, số)", "Account (BIN, number)"),
            Column("products", "Số sản phẩm", "Products", "int"),
        ),
        tuple(rows),
    )
    return PageView(tables=[table], template="producers.html")


def save_producer(ctx: ActionContext) -> Redirect:
    f = ctx.form
    try:
        item = ProducerIn(
            code=f.get("code", "").strip(),
            name=f.get("name", "").strip(),
            kind=f.get("kind", "cooperative"),  # type: ignore[arg-type]
            district=f.get("district", "").strip(),
            commune=f.get("commune", "").strip(),
            address=f.get("address", "").strip(),
            phone=f.get("phone", "").strip(),
            bank_bin=f.get("bank_bin", "").strip(),
            bank_account=f.get("bank_account", "").replace(" ", ""),
        )
    except ValidationError as exc:
        raise _invalid(exc) from exc
    cat.upsert_producers(ctx.conn, [item])
    audit.record(ctx.conn, ctx.viewer, "producer_save", item.code, ip=ctx.ip, detail=item.model_dump())
    return Redirect("/office/catalogue/producers", f"Đã lưu {item.code}", f"Saved {item.code}")


def build_promotions(ctx: PageContext) -> PageView:
    rows = [
        (
            code,
            name,
            kind,
            int(value),
            scope,
            target,
            s,
            e,
            stores or ctx.t("mọi nơi", "everywhere"),
            ctx.t("có", "yes") if active else ctx.t("không", "no"),
        )
        for code, name, kind, value, scope, target, s, e, stores, active in ctx.conn.execute(
            select(
                Promotion.code,
                Promotion.name_vi,
                Promotion.kind,
                Promotion.value,
                Promotion.scope,
                Promotion.target,
                Promotion.starts_on,
                Promotion.ends_on,
                Promotion.store_codes,
                Promotion.active,
            ).order_by(Promotion.code)
        )
    ]
    table = Table(
        "promotions",
        "Khuyến mãi",
        "Promotions",
        (
            Column("code", "Mã", "Code"),
            Column("name", "Tên", "Name"),
            Column("kind", "Kiểu", "Kind"),
            Column("value", "Mức", "Value", "int"),
            Column("scope", "Áp dụng cho", "Scope"),
            Column("target", "Đối tượng", "Target"),
            Column("starts", "Từ", "From", "date"),
            Column("ends", "Đến", "To", "date"),
            Column("stores", "Trung tâm", "Centres"),
            Column("active", "Hiệu lực", "Active"),
        ),
        tuple(rows),
    )
    return PageView(tables=[table], template="promotions.html")


def save_promotion(ctx: ActionContext) -> Redirect:
    f = ctx.form

    def day(name: str) -> dt.date | None:
        v = f.get(name, "").strip()
        try:
            return dt.date.fromisoformat(v) if v else None
        except ValueError:
            raise PosError(f"Ngày không hợp lệ: {v[:20]}", f"Not a date: {v[:20]}") from None

    try:
        item = PromotionIn(
            code=f.get("code", "").strip(),
            name_vi=f.get("name_vi", "").strip(),
            name_en=f.get("name_en", "").strip(),
            kind=f.get("kind", "percent"),  # type: ignore[arg-type]
            value=int(f.get("value", "0") or 0) if f.get("value", "0").strip().isdigit() else -1,
            scope=f.get("scope", "all"),  # type: ignore[arg-type]
            target=f.get("target", "").strip(),
            starts_on=day("starts_on"),
            ends_on=day("ends_on"),
            store_codes=[c for c in f.get("store_codes", "").replace(",", " ").split() if c],
            active=f.get("active") == "1",
        )
    except ValidationError as exc:
        raise _invalid(exc) from exc
    if item.kind == "percent" and item.value > 100:
        raise PosError("Khuyến mãi phần trăm tối đa 100%", "A percent promotion is at most 100%")
    if item.scope != "all" and not item.target:
        raise PosError("Cần mã đối tượng", "A target is needed for this scope")
    if item.starts_on and item.ends_on and item.ends_on < item.starts_on:
        raise PosError("Ngày kết thúc trước ngày bắt đầu", "The end date is before the start date")
    cat.upsert_promotion(ctx.conn, item)
    audit.record(
        ctx.conn, ctx.viewer, "promotion_save", item.code, ip=ctx.ip, detail=item.model_dump(mode="json")
    )
    return Redirect("/office/catalogue/promotions", f"Đã lưu {item.code}", f"Saved {item.code}")


register(
    Page("catalogue", "Danh mục", "Catalogue", Perm.CATALOGUE, build, FIELDS),
    Page("catalogue/products/{sku}", "Sản phẩm", "Product", Perm.CATALOGUE, build_product, nav=False),
    Page("catalogue/producers", "Nhà sản xuất", "Producers", Perm.CATALOGUE, build_producers, nav=False),
    Page("catalogue/promotions", "Khuyến mãi", "Promotions", Perm.CATALOGUE, build_promotions, nav=False),
    Action("catalogue/import", Perm.CATALOGUE_EDIT, import_file),
    Action("catalogue/products/{sku}", Perm.CATALOGUE_EDIT, edit_product),
    Action("catalogue/products/{sku}/price", Perm.CATALOGUE_EDIT, set_price),
    Action("catalogue/products/{sku}/price/clear", Perm.CATALOGUE_EDIT, clear_price),
    Action("catalogue/products/{sku}/terms", Perm.CATALOGUE_EDIT, set_terms),
    Action("catalogue/products/{sku}/threshold", Perm.CATALOGUE_EDIT, set_threshold),
    Action("catalogue/products/{sku}/picture", Perm.CATALOGUE_EDIT, set_picture),
    Action("catalogue/products/{sku}/public", Perm.CATALOGUE_EDIT, set_public),
    Action("catalogue/producers", Perm.CATALOGUE_EDIT, save_producer),
    Action("catalogue/promotions", Perm.CATALOGUE_EDIT, save_promotion),
)
