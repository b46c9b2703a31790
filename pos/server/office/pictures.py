"""Product pictures kept by head office: any photo Pillow reads becomes a PNG of at most 480 px a side, written
aside and renamed into place; anything else is refused and changes nothing. Shown in the office and on the public
product pages (``pos.server.public``); the tills keep their own pictures (``docs/office.md``)."""

from __future__ import annotations

import io
import os
from pathlib import Path

from pos.errors import PosError
from pos.server.settings import ServerSettings, default_files_dir

MAX_SIDE = 480


def folder(settings: ServerSettings) -> Path:
    path = Path(settings.files_dir or default_files_dir()) / "pictures"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _name(product_id: str) -> str:
    safe = "".join(ch for ch in product_id if ch.isalnum() or ch == "-")[:36]
    if not safe:
        raise PosError("Mã sản phẩm lạ", "Unknown product id")
    return safe + ".png"


def save_picture(settings: ServerSettings, product_id: str, data: bytes) -> Path:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            img.load()
            if img.width * img.height > 40_000_000:
                raise PosError("Ảnh quá lớn", "The picture is too large")
            pic = img.convert("RGBA") if img.mode in ("P", "LA", "RGBA") else img.convert("RGB")
            pic.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            pic.save(out, "PNG", optimize=True)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise PosError("Tệp không phải ảnh đọc được", "The file is not a readable picture") from exc
    target = folder(settings) / _name(product_id)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(out.getvalue())
    os.replace(tmp, target)
    return target


def picture_url(settings: ServerSettings, product_id: str) -> str | None:
    name = _name(product_id)
    return f"/office/pictures/{name}" if (folder(settings) / name).is_file() else None
