"""Product pictures for the quick keys and search results: taken from any photo, kept small under the till's home.

A shop photographs its goods with a phone; the photo is several megabytes and any shape. The till keeps a square-ish
PNG of at most ``MAX_SIDE`` pixels a side under ``<home>/pictures/`` and stores its path relative to the home in
``products.picture`` (so a restored backup in another home still finds it). Head office's picture, when a sync
brings one, wins; a product head office has no picture for keeps the till's own (``pos.sync.catalogue_apply``).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import Engine, text

from pos.db import write_tx
from pos.inventory.prices import CatalogueEditError
from pos.models.values import utcnow
from pos.staff.audit import AuditEvent, record
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission, require

PICTURES_DIR = "pictures"
MAX_SIDE = 320
MAX_SOURCE_BYTES = 40 * 1024 * 1024


def _not_a_picture(source: Path, why: str) -> CatalogueEditError:
    return CatalogueEditError(
        f"Không dùng được ảnh {source.name}: {why}",
        f"Cannot use the picture {source.name}: {why}",
        code="bad_picture",
    )


def import_picture(home: Path, sku: str, source: Path) -> str:
    """Copy ``source`` (JPEG, PNG, WebP… anything Pillow reads) as a PNG of at most ``MAX_SIDE`` pixels a side;
    returns the path relative to ``home``. The file is written aside and renamed, so a failure leaves nothing."""
    from PIL import Image, UnidentifiedImageError  # only when a picture is chosen

    try:
        if source.stat().st_size > MAX_SOURCE_BYTES:
            raise _not_a_picture(source, "tệp quá lớn (> 40 MB) / file too large (> 40 MB)")
        with Image.open(source) as opened:
            opened.load()
            picture = opened.convert("RGBA")
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise _not_a_picture(source, str(exc) or exc.__class__.__name__) from exc
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    folder = home / PICTURES_DIR
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9._-]", "_", sku.strip()) or "product"
    target = folder / f"{name}.png"
    part = folder / f".{name}.part.png"
    try:
        picture.save(part, format="PNG", optimize=True)
        part.replace(target)
    finally:
        part.unlink(missing_ok=True)
    return f"{PICTURES_DIR}/{target.name}"


def set_picture(
    engine: Engine,
    actor: StaffMember,
    product_id: str,
    picture: str | None,
    *,
    approval: Approval | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Give a product its picture (a path relative to the home, from :func:`import_picture`), or none."""
    now = now or utcnow()
    with write_tx(engine) as conn:
        approver = require(actor, Permission.EDIT_CATALOGUE, approval)
        row = conn.execute(text("SELECT sku FROM products WHERE id = :p"), {"p": product_id}).first()
        if row is None:
            raise CatalogueEditError("Không có sản phẩm này", "No such product", code="no_product")
        conn.execute(
            text("UPDATE products SET picture = :pic, updated_at = :now WHERE id = :p"),
            {"pic": picture, "now": now, "p": product_id},
        )
        record(
            conn,
            AuditEvent(
                "product_edit",
                actor,
                approver,
                "product",
                product_id,
                detail={"sku": row[0], "picture": picture},
            ),
            now=now,
        )
    if approval is not None:
        approval.spend()
