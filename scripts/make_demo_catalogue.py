"""Generate ``resources/demo/catalogue.json``, the demo catalogue of a Quảng Ninh OCOP retail centre.

Why a generator instead of a hand-edited JSON file: barcodes need correct EAN-13 check digits, costs, stock,
certificate and traceability numbers must be unique and plausible, and the whole file must be reproducible
byte for byte. All data lives in the tables below; randomness comes from one fixed seed.

The 21 products flagged ``real`` carry real facts (name, producer, OCOP stars, year rated) copied from public
provincial and press pages (see ``resources/demo/README.md``). Everything else is invented demo data.

Usage::

    python scripts/make_demo_catalogue.py            # (re)write resources/demo/catalogue.json
    python scripts/make_demo_catalogue.py --check    # exit 1 if the committed file differs
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SEED = 20261129
#: Ratings are judged "expired" relative to this day (OCOP certificates last 3 years).
REFERENCE_DAY = dt.date(2026, 11, 29)
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "resources" / "demo" / "catalogue.json"

LOCALITIES = (
    "Hạ Long",
    "Cẩm Phả",
    "Uông Bí",
    "Móng Cái",
    "Vân Đồn",
    "Tiên Yên",
    "Bình Liêu",
    "Ba Chẽ",
    "Đầm Hà",
    "Hải Hà",
    "Cô Tô",
    "Quảng Yên",
    "Đông Triều",
)
UNITS = ("hộp", "chai", "gói", "cái", "kg", "lọ", "túi", "hũ", "bộ")
VAT_CLASSES = ("reduced", "std10", "vat5", "vat0")

SOURCE_PEARL = "https://thuonghieuquangninh.gov.vn/?p=3978"
SOURCE_4STAR_2023 = "https://doanhnghiephoinhap.vn/quang-ninh-39-san-pham-dat-tieu-chuan-4-sao-va-1-san-pham-tiem-nang-5-sao-ocop.html"
SOURCE_40_PRODUCTS = "https://nongthon.vietnamtourism.gov.vn/40-san-pham-dat-4-sao-ocop-quang-ninh-nam-2023/"

ABOUT = (
    "Demo data: a fictional OCOP retail centre in Quảng Ninh. The 21 real products' facts (product name, "
    "producer, OCOP stars, year rated) come from public Quảng Ninh provincial and press pages "
    f"({SOURCE_PEARL}, {SOURCE_4STAR_2023}, {SOURCE_40_PRODUCTS}; see resources/demo/README.md). "
    "Prices, barcodes, costs, certificate numbers, exact rating dates, traceability codes, stock, "
    "producer addresses and phone numbers, and the invented producers, products and their localities are "
    "invented for demonstration and are not real."
)

SHOP: dict[str, str] = {
    "name": "Trung tâm OCOP Quảng Ninh (demo)",
    "address": "Số 8 đường Hạ Long, phường Bãi Cháy, Hạ Long, Quảng Ninh",
    "tax_code": "5701234567",
    "phone": "0203 399 9000",
    "footer_vi": "Cảm ơn quý khách! Sản phẩm OCOP Quảng Ninh – chất lượng từ mỗi làng quê. Đổi hàng trong 7 ngày kèm hóa đơn.",
    "footer_en": "Thank you! Genuine OCOP products of Quảng Ninh. Exchanges within 7 days with this receipt.",
    "bank_bin": "970436",
    "bank_account": "1019990000",
    "bank_account_name": "TRUNG TAM OCOP QUANG NINH DEMO",
}

CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("seafood", "Hải sản tươi & khô", "Fresh & dried seafood"),
    ("processed", "Thực phẩm chế biến", "Processed foods"),
    ("snacks", "Bánh, mứt & đồ ăn vặt", "Cakes, preserves & snacks"),
    ("farm", "Nông sản, thịt & trứng", "Farm produce, meat & eggs"),
    ("tea", "Trà & chè", "Tea"),
    ("drinks", "Nước uống", "Water & soft drinks"),
    ("spirits", "Rượu", "Wines & spirits"),
    ("herbal", "Dược liệu & tinh dầu", "Herbs & essential oils"),
    ("crafts", "Thủ công mỹ nghệ & trang sức", "Crafts & jewellery"),
    ("gifts", "Quà tặng & lưu niệm", "Gifts & souvenirs"),
)


@dataclass(frozen=True)
class Producer:
    """One producer; ``real`` ones are named in the public sources, the rest are invented."""

    key: str
    name: str
    kind: str  # company | cooperative | household
    commune: str
    district: str
    street: str
    real: bool = False


@dataclass(frozen=True)
class Variant:
    """One sellable size or packaging (one SKU) of a product family."""

    name_vi: str
    name_en: str
    unit: str
    price: int
    favourite: bool = False
    plu: str | None = None  # set => weighed, price per kg
    old_barcode: bool = False  # also carries the barcode of the previous packaging
    barcoded: bool = True
    stock: int | None = None  # fixed stock (out of stock / low) instead of a drawn one


@dataclass(frozen=True)
class Family:
    """Sizes of one product share producer, category, VAT class and the OCOP certificate."""

    producer: str
    category: str
    vat: str
    stars: int | None  # None => not an OCOP-rated item
    rated: str | int | None  # exact ISO date, or a year (day drawn from the seed)
    variants: tuple[Variant, ...]
    real: bool = False
    real_name: str | None = None  # the product name as the source gives it


def V(name_vi: str, name_en: str, unit: str, price: int, **kw: Any) -> Variant:
    """Short constructor so the tables below stay readable."""
    return Variant(name_vi, name_en, unit, price, **kw)


def F(
    producer: str,
    category: str,
    vat: str,
    stars: int | None,
    rated: str | int | None,
    *variants: Variant,
    real_name: str | None = None,
) -> Family:
    """Short constructor; ``real_name`` marks a family taken from the public sources."""
    return Family(producer, category, vat, stars, rated, tuple(variants), real_name is not None, real_name)


# --------------------------------------------------------------------------------------------------------------
# Producers. The first 13 are the real producers of the 21 real products (two of them unnamed in the sources:
# placeholders, see README). Their districts, communes, addresses and phones are demo assignments.
# --------------------------------------------------------------------------------------------------------------
# fmt: off
PRODUCERS: tuple[Producer, ...] = (
    Producer("ngoctrai", "Công ty CP Ngọc trai Hạ Long", "company", "phường Tuần Châu", "Hạ Long", "Khu du lịch Tuần Châu", True),
    Producer("quyhoa", "Công ty TNHH Thương mại dịch vụ và Xuất nhập khẩu Quy Hoa", "company", "thị trấn Quảng Hà", "Hải Hà", "Khu 4", True),
    Producer("thienthuan", "Công ty CP khai thác khoáng sản Thiên Thuận Tường", "company", "xã Quảng Minh", "Hải Hà", "Thôn 5", True),
    Producer("lamsanbache", "HTX kinh doanh dịch vụ lâm sản ngoài gỗ Ba Chẽ", "cooperative", "thị trấn Ba Chẽ", "Ba Chẽ", "Khu 3", True),
    Producer("biaruou", "Công ty CP Xây dựng và sản xuất Bia - Rượu - Nước giải khát", "company", "phường Quang Hanh", "Cẩm Phả", "Tổ 2, khu 6", True),
    Producer("khoangqh", "Công ty CP nước khoáng Quang Hanh", "company", "phường Quang Hanh", "Cẩm Phả", "Tổ 5, khu 4", True),
    Producer("viethoang", "HTX Việt Hoàng", "cooperative", "phường Phương Đông", "Uông Bí", "Tổ 8, khu 5", True),
    Producer("dongtien", "HTX chăn nuôi và dịch vụ Đồng Tiến", "cooperative", "xã Đồng Rui", "Tiên Yên", "Thôn Đồng Tiến", True),
    Producer("leminh", "HTX sản xuất kinh doanh dịch vụ Lê Minh", "cooperative", "xã Đông Xá", "Vân Đồn", "Thôn 7", True),
    Producer("longhai", "Công ty TNHH Long Hải", "company", "phường Đông Mai", "Quảng Yên", "Khu 2", True),
    Producer("dapthanh", "Công ty CP Kinh doanh lâm sản Đạp Thanh", "company", "xã Đạp Thanh", "Ba Chẽ", "Thôn Khe Mằn", True),
    Producer("cotomuc", "Cơ sở sản xuất mực ống Cô Tô khô", "household", "thị trấn Cô Tô", "Cô Tô", "Khu 1", True),
    Producer("phuongthuy", "Cơ sở sản xuất đông trùng hạ thảo Phương Thùy", "household", "phường Hà Khánh", "Hạ Long", "Tổ 3, khu 4", True),
    # Invented producers (demo data).
    Producer("hongaifood", "Công ty TNHH Thực phẩm Biển Hồng Gai", "company", "phường Hồng Gai", "Hạ Long", "Số 42 phố Bến Đoan"),
    Producer("thuha", "Hộ kinh doanh Trần Thị Thu Hà", "household", "phường Hà Lầm", "Hạ Long", "Tổ 6, khu 2"),
    Producer("dongson", "HTX Nông lâm nghiệp Đồng Sơn", "cooperative", "xã Đồng Sơn", "Hạ Long", "Thôn Khe Càn"),
    Producer("thandahatu", "Công ty TNHH Mỹ nghệ Than đá Hà Tu", "company", "phường Hà Tu", "Hạ Long", "Số 15 đường Vũ Văn Hiếu"),
    Producer("baobi", "Công ty TNHH In và Bao bì Bãi Cháy", "company", "phường Bãi Cháy", "Hạ Long", "Số 120 đường Hạ Long"),
    Producer("thongnhat", "HTX Dịch vụ nông nghiệp Thống Nhất", "cooperative", "xã Thống Nhất", "Hạ Long", "Thôn Đồng Chanh"),
    Producer("thaoduocqh", "Công ty TNHH Thảo dược Quang Hanh", "company", "phường Quang Hanh", "Cẩm Phả", "Tổ 1, khu 7"),
    Producer("vancuong", "Hộ kinh doanh Phạm Văn Cường", "household", "phường Cẩm Đông", "Cẩm Phả", "Tổ 4, khu Tân Lập"),
    Producer("mongduong", "Công ty CP Tranh than Mông Dương", "company", "phường Mông Dương", "Cẩm Phả", "Tổ 2, khu 3"),
    Producer("duonghuy", "HTX Nông nghiệp Dương Huy", "cooperative", "xã Dương Huy", "Cẩm Phả", "Thôn Khe Sím"),
    Producer("thuongyencong", "HTX Nông lâm nghiệp Thượng Yên Công", "cooperative", "xã Thượng Yên Công", "Uông Bí", "Thôn Năm Mẫu"),
    Producer("duoclieuyentu", "Công ty TNHH Dược liệu Yên Tử", "company", "phường Phương Nam", "Uông Bí", "Số 9 đường Trần Nhân Tông"),
    Producer("vantuan", "Hộ kinh doanh Nguyễn Văn Tuấn", "household", "phường Vàng Danh", "Uông Bí", "Tổ 11, khu 7"),
    Producer("haisantraco", "Công ty TNHH Hải sản Trà Cổ", "company", "phường Trà Cổ", "Móng Cái", "Khu Nam Thọ"),
    Producer("vanninh", "HTX Nước mắm Vạn Ninh", "cooperative", "xã Vạn Ninh", "Móng Cái", "Thôn Tràng Vĩ"),
    Producer("thimai", "Hộ kinh doanh Lương Thị Mai", "household", "phường Ka Long", "Móng Cái", "Số 27 phố Hữu Nghị"),
    Producer("chehaison", "HTX Chè Hải Sơn", "cooperative", "xã Hải Sơn", "Móng Cái", "Thôn Pò Hèn"),
    Producer("sasungquanlan", "HTX Sá sùng Quan Lạn", "cooperative", "xã Quan Lạn", "Vân Đồn", "Thôn Đoài"),
    Producer("baitulong", "Công ty TNHH Thủy sản Bái Tử Long", "company", "xã Bản Sen", "Vân Đồn", "Thôn Nà Na"),
    Producer("mamcairong", "HTX Nước mắm Cái Rồng", "cooperative", "thị trấn Cái Rồng", "Vân Đồn", "Khu 8"),
    Producer("vanhai", "Hộ kinh doanh Hoàng Văn Hải", "household", "xã Đông Xá", "Vân Đồn", "Thôn 12"),
    Producer("vanthang", "Hộ kinh doanh Vũ Văn Thắng", "household", "xã Minh Châu", "Vân Đồn", "Thôn Quan Lạn"),
    Producer("gadoity", "HTX Gà đồi Tiên Yên", "cooperative", "xã Phong Dụ", "Tiên Yên", "Thôn Khe Quang"),
    Producer("thilan", "Hộ kinh doanh Chu Thị Lan", "household", "thị trấn Tiên Yên", "Tiên Yên", "Phố Lý Thường Kiệt"),
    Producer("halau", "HTX Dược liệu Hà Lâu", "cooperative", "xã Hà Lâu", "Tiên Yên", "Thôn Pạc Sủi"),
    Producer("dongngu", "HTX Nông nghiệp Đông Ngũ", "cooperative", "xã Đông Ngũ", "Tiên Yên", "Thôn Khe Lìm"),
    Producer("hoanhmo", "HTX Miến dong Hoành Mô", "cooperative", "xã Hoành Mô", "Bình Liêu", "Thôn Nà Sa"),
    Producer("lythihoa", "Hộ kinh doanh Lỷ Thị Hoa", "household", "xã Đồng Tâm", "Bình Liêu", "Thôn Khe Tiền"),
    Producer("dongvan", "HTX Nông nghiệp Đồng Văn", "cooperative", "xã Đồng Văn", "Bình Liêu", "Thôn Ngàn Chi"),
    Producer("hoibinhlieu", "Công ty TNHH Tinh dầu Hồi Bình Liêu", "company", "thị trấn Bình Liêu", "Bình Liêu", "Khu Bình Công"),
    Producer("thanhson", "HTX Trà hoa vàng Thanh Sơn", "cooperative", "xã Thanh Sơn", "Ba Chẽ", "Thôn Khe Nháng"),
    Producer("namson", "HTX Ba kích Nam Sơn", "cooperative", "xã Nam Sơn", "Ba Chẽ", "Thôn Làng Mới"),
    Producer("vanlam", "Hộ kinh doanh Triệu Văn Lâm", "household", "xã Đồn Đạc", "Ba Chẽ", "Thôn Khe Lọng"),
    Producer("vanson", "Hộ kinh doanh Bàn Văn Sơn", "household", "xã Lương Mông", "Ba Chẽ", "Thôn Tân Tiến"),
    Producer("limxanh", "Công ty TNHH Dược liệu Lim xanh Ba Chẽ", "company", "thị trấn Ba Chẽ", "Ba Chẽ", "Khu 5"),
    Producer("thuysandh", "HTX Thủy sản Đầm Hà", "cooperative", "xã Đại Bình", "Đầm Hà", "Thôn Đầm Buôn"),
    Producer("thinga", "Hộ kinh doanh Nguyễn Thị Nga", "household", "xã Tân Bình", "Đầm Hà", "Thôn Bình Hồ"),
    Producer("quangtan", "HTX Nông nghiệp Quảng Tân", "cooperative", "xã Quảng Tân", "Đầm Hà", "Thôn Tân Hợp"),
    Producer("quequangson", "HTX Quế Quảng Sơn", "cooperative", "xã Quảng Sơn", "Hải Hà", "Thôn Tài Chi"),
    Producer("chequanglong", "HTX Chè Quảng Long", "cooperative", "xã Quảng Long", "Hải Hà", "Thôn 9"),
    Producer("sahaiha", "Công ty TNHH Tinh dầu Sả Hải Hà", "company", "xã Quảng Thắng", "Hải Hà", "Thôn 3"),
    Producer("thanhlan", "HTX Dịch vụ nghề cá Thanh Lân", "cooperative", "xã Thanh Lân", "Cô Tô", "Thôn 1"),
    Producer("thituyet", "Hộ kinh doanh Lê Thị Tuyết", "household", "xã Đồng Tiến", "Cô Tô", "Thôn Nam Hà"),
    Producer("cotoxanh", "Công ty TNHH Hải sản Cô Tô Xanh", "company", "thị trấn Cô Tô", "Cô Tô", "Khu 3"),
    Producer("haan", "HTX Dịch vụ thủy sản Hà An", "cooperative", "phường Hà An", "Quảng Yên", "Khu Bắc Hà"),
    Producer("thihang", "Hộ kinh doanh Bùi Thị Hằng", "household", "phường Quảng Yên", "Quảng Yên", "Số 33 phố Ngô Quyền"),
    Producer("yenhung", "Công ty TNHH Thực phẩm Yên Hưng", "company", "phường Cộng Hòa", "Quảng Yên", "Khu 3"),
    Producer("gomkimsen", "HTX Gốm Kim Sen", "cooperative", "phường Kim Sơn", "Đông Triều", "Khu Vĩnh Hòa"),
    Producer("gomxuanson", "Công ty TNHH Gốm sứ Xuân Sơn", "company", "phường Xuân Sơn", "Đông Triều", "Khu Trại Lốc"),
    Producer("binhkhe", "HTX Vải chín sớm Bình Khê", "cooperative", "xã Bình Khê", "Đông Triều", "Thôn Trại Mới"),
    Producer("ansinh", "HTX Nông nghiệp An Sinh", "cooperative", "xã An Sinh", "Đông Triều", "Thôn Thượng Thông"),
    Producer("trangluong", "Công ty CP Thực phẩm Yên Tử Tràng Lương", "company", "xã Tràng Lương", "Đông Triều", "Thôn Khe Ngát"),
)
# fmt: on

# --------------------------------------------------------------------------------------------------------------
# Product families. Prices are retail đồng (2026), always whole thousands. ``plu`` marks weighed items.
# --------------------------------------------------------------------------------------------------------------
REAL_4STAR_2023 = "2023-12-29"

# fmt: off
FAMILIES: tuple[Family, ...] = (
    # ---- The 21 real products (facts from the public sources) ----
    F("ngoctrai", "crafts", "reduced", 5, "2021-12-24",
      V("Ngọc trai Akoya hoa tai bạc 925 (7–7,5 mm)", "Akoya pearl earrings, 925 silver (7–7.5 mm)", "bộ", 1_950_000, stock=6),
      V("Ngọc trai Akoya vòng cổ 45 cm (6,5–7 mm)", "Akoya pearl necklace, 45 cm (6.5–7 mm)", "cái", 13_800_000, stock=3),
      real_name="Ngọc trai Akoya"),
    F("ngoctrai", "crafts", "reduced", 5, "2021-12-24",
      V("Ngọc trai Tahiti mặt dây chuyền vàng 18K (9–10 mm)", "Tahitian pearl pendant, 18K gold (9–10 mm)", "cái", 8_900_000, stock=4),
      real_name="Ngọc trai Tahiti"),
    F("ngoctrai", "crafts", "reduced", 5, "2021-12-24",
      V("Ngọc trai Southsea nhẫn vàng 18K (11–12 mm)", "South Sea pearl ring, 18K gold (11–12 mm)", "cái", 16_500_000, stock=2),
      real_name="Ngọc trai Southsea"),
    F("quyhoa", "tea", "reduced", 5, "2022-12-20",
      V("Trà hoa vàng Quy Hoa hộp 50 g", "Quy Hoa golden camellia tea, 50 g box", "hộp", 420_000, favourite=True),
      V("Trà hoa vàng Quy Hoa túi lọc hộp 20 gói", "Quy Hoa golden camellia tea, 20 tea bags", "hộp", 240_000),
      real_name="Trà hoa vàng Quy Hoa"),
    F("thienthuan", "farm", "vat5", 4, REAL_4STAR_2023,
      V("Thịt lợn hương ba chỉ khay 500 g", "Huong pig pork belly, 500 g tray", "hộp", 135_000),
      V("Thịt lợn hương nạc thăn khay 500 g", "Huong pig pork loin, 500 g tray", "hộp", 150_000),
      real_name="Thịt lợn hương"),
    F("thienthuan", "farm", "vat5", 4, REAL_4STAR_2023,
      V("Thịt lợn hướng nạc nguồn gốc từ châu Âu nạc vai khay 500 g", "Lean pork (European breed), shoulder, 500 g tray", "hộp", 89_000),
      V("Thịt lợn hướng nạc nguồn gốc từ châu Âu sườn non khay 500 g", "Lean pork (European breed), baby ribs, 500 g tray", "hộp", 99_000),
      real_name="Thịt lợn hướng nạc nguồn gốc từ châu Âu"),
    F("lamsanbache", "spirits", "std10", 4, REAL_4STAR_2023,
      V("Rượu nấm lim xanh Ba Chẽ chai 500 ml", "Ba Chẽ lingzhi (lim xanh) liquor, 500 ml", "chai", 320_000),
      real_name="Rượu nấm lim xanh Ba Chẽ"),
    F("lamsanbache", "spirits", "std10", 4, REAL_4STAR_2023,
      V("Rượu ba kích Ba Chẽ chai 500 ml", "Ba Chẽ morinda root liquor, 500 ml", "chai", 240_000, favourite=True, old_barcode=True),
      V("Rượu ba kích Ba Chẽ chai 750 ml", "Ba Chẽ morinda root liquor, 750 ml", "chai", 350_000),
      V("Rượu ba kích Ba Chẽ hộp quà 2 chai 500 ml", "Ba Chẽ morinda root liquor, gift box of 2 × 500 ml", "bộ", 520_000),
      real_name="Rượu ba kích Ba Chẽ"),
    F("biaruou", "spirits", "std10", 4, REAL_4STAR_2023,
      V("Rượu ba kích đặc sản Quảng Ninh chai 500 ml", "Quảng Ninh morinda root liquor, 500 ml", "chai", 175_000, old_barcode=True),
      V("Rượu ba kích đặc sản Quảng Ninh hộp quà chai 700 ml", "Quảng Ninh morinda root liquor, 700 ml gift box", "hộp", 290_000),
      real_name="Rượu ba kích đặc sản Quảng Ninh"),
    F("biaruou", "drinks", "reduced", 4, REAL_4STAR_2023,
      V("Nước uống đóng chai Quang Hanh chai 500 ml", "Quang Hanh bottled drinking water, 500 ml", "chai", 6_000, favourite=True, old_barcode=True),
      V("Nước uống đóng chai Quang Hanh chai 1,5 l", "Quang Hanh bottled drinking water, 1.5 l", "chai", 12_000),
      real_name="Nước uống đóng chai Quang Hanh"),
    F("khoangqh", "drinks", "reduced", 4, REAL_4STAR_2023,
      V("Nước khoáng thiên nhiên Quang Hanh (bổ sung ga chất lượng cao) chai thủy tinh 450 ml", "Quang Hanh sparkling natural mineral water, 450 ml glass bottle", "chai", 15_000),
      V("Nước khoáng thiên nhiên Quang Hanh (bổ sung ga chất lượng cao) chai 500 ml", "Quang Hanh sparkling natural mineral water, 500 ml", "chai", 10_000),
      real_name="Nước khoáng thiên nhiên Quang Hanh (bổ sung ga chất lượng cao)"),
    F("khoangqh", "drinks", "reduced", 4, REAL_4STAR_2023,
      V("Nước khoáng thiên nhiên Quang Hanh Fresh chai 500 ml", "Quang Hanh Fresh natural mineral water, 500 ml", "chai", 8_000, favourite=True),
      real_name="Nước khoáng thiên nhiên Quang Hanh Fresh"),
    F("khoangqh", "drinks", "reduced", 4, REAL_4STAR_2023,
      V("Nước khoáng Quang Hanh Fresh vị chanh muối chai 350 ml", "Quang Hanh Fresh mineral water, salted lemon, 350 ml", "chai", 12_000),
      real_name="Nước khoáng Quang Hanh Fresh vị chanh muối"),
    F("viethoang", "spirits", "std10", 4, REAL_4STAR_2023,
      V("Rượu đông trùng hạ thảo Vietcor chai 500 ml", "Vietcor cordyceps liquor, 500 ml", "chai", 590_000),
      V("Rượu đông trùng hạ thảo Vietcor chai 300 ml", "Vietcor cordyceps liquor, 300 ml", "chai", 360_000),
      real_name="Rượu đông trùng hạ thảo Vietcor"),
    F("dongtien", "farm", "vat5", 4, REAL_4STAR_2023,
      V("Trứng vịt biển Đồng Rui hộp 10 quả", "Đồng Rui sea-duck eggs, box of 10", "hộp", 48_000, favourite=True),
      V("Trứng vịt biển Đồng Rui khay 30 quả", "Đồng Rui sea-duck eggs, tray of 30", "hộp", 135_000),
      real_name="Trứng vịt biển Đồng Rui"),
    F("leminh", "spirits", "std10", 4, REAL_4STAR_2023,
      V("Rượu sim Quý Chuẩn chai 500 ml", "Quý Chuẩn rose myrtle wine, 500 ml", "chai", 165_000),
      V("Rượu sim Quý Chuẩn chai 350 ml", "Quý Chuẩn rose myrtle wine, 350 ml", "chai", 125_000),
      real_name="Rượu sim Quý Chuẩn"),
    F("longhai", "farm", "vat5", 4, REAL_4STAR_2023,
      V("Nấm kim châm gói 150 g", "Enoki mushrooms, 150 g pack", "gói", 15_000),
      real_name="Nấm kim châm"),
    F("longhai", "farm", "vat5", 4, REAL_4STAR_2023,
      V("Nấm đùi gà gói 300 g", "King oyster mushrooms, 300 g pack", "gói", 38_000),
      real_name="Nấm đùi gà"),
    F("cotomuc", "seafood", "vat5", 4, REAL_4STAR_2023,
      V("Mực ống Cô Tô khô túi 250 g", "Cô Tô dried squid, 250 g bag", "túi", 520_000),
      V("Mực ống Cô Tô khô hộp 500 g", "Cô Tô dried squid, 500 g box", "hộp", 1_000_000, old_barcode=True),
      real_name="Mực ống Cô Tô khô"),
    F("dapthanh", "tea", "reduced", 4, REAL_4STAR_2023,
      V("Trà hoa vàng Ba Chẽ hộp 50 g", "Ba Chẽ golden camellia tea, 50 g box", "hộp", 350_000, old_barcode=True),
      V("Trà hoa vàng Ba Chẽ hộp quà 100 g", "Ba Chẽ golden camellia tea, 100 g gift box", "hộp", 680_000),
      V("Trà hoa vàng Ba Chẽ túi lọc hộp 25 gói", "Ba Chẽ golden camellia tea, 25 tea bags", "hộp", 195_000),
      real_name="Trà hoa vàng Ba Chẽ"),
    F("phuongthuy", "herbal", "reduced", 4, REAL_4STAR_2023,
      V("Đông trùng hạ thảo khô Phương Thùy hộp 20 g", "Phương Thùy dried cordyceps, 20 g box", "hộp", 420_000),
      V("Đông trùng hạ thảo khô Phương Thùy hộp 50 g", "Phương Thùy dried cordyceps, 50 g box", "hộp", 980_000),
      real_name="Đông trùng hạ thảo khô Phương Thùy"),
    # ---- Invented products (demo data) ----
    # Hạ Long
    F("hongaifood", "processed", "reduced", 4, 2024,
      V("Chả mực Hạ Long hộp 500 g", "Hạ Long squid cakes, 500 g box", "hộp", 390_000, favourite=True, old_barcode=True),
      V("Chả mực Hạ Long hộp 300 g", "Hạ Long squid cakes, 300 g box", "hộp", 240_000),
      V("Chả mực Hạ Long hộp 1 kg", "Hạ Long squid cakes, 1 kg box", "hộp", 760_000),
      V("Chả mực Hạ Long tươi (cân)", "Hạ Long squid cakes, fresh, by weight", "kg", 780_000, favourite=True, plu="00011")),
    F("hongaifood", "processed", "reduced", 3, 2025,
      V("Chả tôm Hạ Long hộp 500 g", "Hạ Long shrimp cakes, 500 g box", "hộp", 320_000)),
    F("thuha", "processed", "reduced", 3, 2025,
      V("Chả mực giã tay Hạ Long hộp 300 g", "Hand-pounded Hạ Long squid cakes, 300 g box", "hộp", 250_000),
      V("Chả mực giã tay Hạ Long hộp 500 g", "Hand-pounded Hạ Long squid cakes, 500 g box", "hộp", 410_000)),
    F("thuha", "processed", "reduced", 3, 2025,
      V("Chả cá thu Hạ Long hộp 500 g", "Hạ Long mackerel fish cakes, 500 g box", "hộp", 195_000)),
    F("dongson", "farm", "vat5", 3, 2024,
      V("Mật ong rừng Đồng Sơn chai 500 ml", "Đồng Sơn wild forest honey, 500 ml", "chai", 260_000),
      V("Mật ong rừng Đồng Sơn chai 1 l", "Đồng Sơn wild forest honey, 1 l", "chai", 480_000)),
    F("dongson", "farm", "vat5", 3, 2025,
      V("Măng khô Đồng Sơn túi 500 g", "Đồng Sơn dried bamboo shoots, 500 g bag", "túi", 175_000)),
    F("thandahatu", "crafts", "reduced", 4, 2024,
      V("Tượng than đá thuyền buồm vịnh Hạ Long", "Coal carving: Hạ Long Bay sailing junk", "cái", 650_000),
      V("Tượng than đá hòn Trống Mái", "Coal carving: Fighting Cocks islet", "cái", 480_000),
      V("Móc khóa than đá mỹ nghệ", "Carved coal key ring", "cái", 45_000)),
    F("baobi", "gifts", "reduced", None, None,
      V("Túi quà giấy kraft OCOP (nhỏ)", "OCOP kraft gift bag, small", "túi", 5_000, favourite=True),
      V("Túi quà giấy kraft OCOP (lớn)", "OCOP kraft gift bag, large", "túi", 10_000, favourite=True),
      V("Hộp quà cứng OCOP Quảng Ninh (hộp rỗng)", "OCOP Quảng Ninh rigid gift box (empty)", "hộp", 45_000),
      V("Bưu thiếp vịnh Hạ Long", "Hạ Long Bay postcard", "cái", 15_000, favourite=True),
      V("Bộ bưu thiếp di sản Quảng Ninh 10 tấm", "Quảng Ninh heritage postcards, set of 10", "bộ", 95_000),
      V("Túi vải canvas OCOP Quảng Ninh", "OCOP Quảng Ninh canvas tote bag", "túi", 55_000)),
    F("baobi", "gifts", "reduced", None, None,
      V("Giỏ quà OCOP Hạ Long (3 sản phẩm)", "Hạ Long OCOP gift hamper (3 products)", "bộ", 650_000),
      V("Giỏ quà Tết OCOP Quảng Ninh (5 sản phẩm)", "Quảng Ninh OCOP Tết gift hamper (5 products)", "bộ", 1_250_000)),
    F("thongnhat", "farm", "vat5", 3, 2024,
      V("Gạo nếp cái hoa vàng Thống Nhất túi 2 kg", "Thống Nhất yellow-flower glutinous rice, 2 kg bag", "túi", 95_000)),
    # Cẩm Phả
    F("thaoduocqh", "herbal", "reduced", 3, 2024,
      V("Muối ngâm chân thảo dược Quang Hanh hũ 500 g", "Quang Hanh herbal foot-soak salt, 500 g jar", "hũ", 85_000)),
    F("thaoduocqh", "herbal", "reduced", 3, 2025,
      V("Dầu xoa bóp thảo dược Quang Hanh lọ 50 ml", "Quang Hanh herbal massage oil, 50 ml", "lọ", 95_000)),
    F("vancuong", "seafood", "vat5", 3, 2024,
      V("Mực khô Cẩm Phả túi 250 g", "Cẩm Phả dried squid, 250 g bag", "túi", 440_000),
      V("Mực khô Cẩm Phả túi 500 g", "Cẩm Phả dried squid, 500 g bag", "túi", 850_000)),
    F("vancuong", "processed", "reduced", 3, 2025,
      V("Cá chỉ vàng tẩm gia vị Cẩm Phả túi 300 g", "Cẩm Phả seasoned dried yellowstripe scad, 300 g", "túi", 120_000)),
    F("mongduong", "crafts", "reduced", 3, 2024,
      V("Tranh than đá vịnh Hạ Long khổ 40×60 cm", "Coal painting of Hạ Long Bay, 40 × 60 cm", "cái", 1_200_000, stock=2),
      V("Tranh than đá phong cảnh khổ 30×40 cm", "Coal landscape painting, 30 × 40 cm", "cái", 750_000)),
    F("duonghuy", "farm", "vat5", 3, 2024,
      V("Nấm sò tươi Dương Huy gói 300 g", "Dương Huy fresh oyster mushrooms, 300 g", "gói", 25_000)),
    F("duonghuy", "farm", "vat5", 3, 2024,
      V("Mộc nhĩ khô Dương Huy túi 200 g", "Dương Huy dried wood-ear mushrooms, 200 g", "túi", 65_000)),
    # Uông Bí
    F("thuongyencong", "tea", "reduced", 3, 2024,
      V("Trà xanh Yên Tử gói 200 g", "Yên Tử green tea, 200 g pack", "gói", 120_000),
      V("Trà xanh Yên Tử hộp 500 g", "Yên Tử green tea, 500 g box", "hộp", 280_000),
      V("Trà xanh Yên Tử túi lọc hộp 25 gói", "Yên Tử green tea, 25 tea bags", "hộp", 60_000)),
    F("thuongyencong", "farm", "vat5", 3, 2025,
      V("Măng mai Yên Tử khô túi 500 g", "Yên Tử dried bamboo shoots, 500 g bag", "túi", 165_000)),
    F("duoclieuyentu", "herbal", "reduced", 4, 2025,
      V("Nấm linh chi Yên Tử thái lát hộp 200 g", "Yên Tử sliced lingzhi mushroom, 200 g box", "hộp", 450_000)),
    F("duoclieuyentu", "herbal", "reduced", 3, 2024,
      V("Cao chè vằng Yên Tử hộp 100 g", "Yên Tử chè vằng herbal extract, 100 g box", "hộp", 220_000, stock=0)),
    F("vantuan", "farm", "vat5", 3, 2024,
      V("Mật ong hoa rừng Yên Tử chai 500 ml", "Yên Tử wildflower honey, 500 ml", "chai", 250_000),
      V("Mật ong hoa rừng Yên Tử chai 250 ml", "Yên Tử wildflower honey, 250 ml", "chai", 140_000)),
    # Móng Cái
    F("haisantraco", "seafood", "vat5", 4, 2024,
      V("Mực khô Trà Cổ túi 500 g", "Trà Cổ dried squid, 500 g bag", "túi", 880_000)),
    F("haisantraco", "seafood", "vat5", 3, 2025,
      V("Tôm nõn khô Trà Cổ túi 250 g", "Trà Cổ peeled dried shrimp, 250 g bag", "túi", 390_000)),
    F("haisantraco", "processed", "reduced", 3, 2024,
      V("Ruốc tôm Trà Cổ hũ 200 g", "Trà Cổ shrimp floss, 200 g jar", "hũ", 165_000)),
    F("vanninh", "processed", "reduced", 3, 2024,
      V("Nước mắm cá cơm Vạn Ninh chai 500 ml", "Vạn Ninh anchovy fish sauce, 500 ml", "chai", 85_000),
      V("Nước mắm cá cơm Vạn Ninh chai 1 l", "Vạn Ninh anchovy fish sauce, 1 l", "chai", 150_000)),
    F("thimai", "snacks", "reduced", 3, 2025,
      V("Bánh gio Móng Cái túi 10 cái", "Móng Cái ash-water rice cakes, bag of 10", "túi", 60_000, barcoded=False)),
    F("thimai", "processed", "reduced", 3, 2022,
      V("Ruốc cá thu Móng Cái hũ 200 g", "Móng Cái mackerel floss, 200 g jar", "hũ", 145_000)),
    F("chehaison", "tea", "reduced", 3, 2024,
      V("Chè xanh Pò Hèn gói 200 g", "Pò Hèn green tea, 200 g pack", "gói", 110_000)),
    # Vân Đồn
    F("sasungquanlan", "seafood", "vat5", 4, 2024,
      V("Sá sùng khô Quan Lạn hộp 100 g", "Quan Lạn dried peanut worms, 100 g box", "hộp", 650_000, favourite=True, old_barcode=True),
      V("Sá sùng khô Quan Lạn hộp quà 200 g", "Quan Lạn dried peanut worms, 200 g gift box", "hộp", 1_280_000, stock=4),
      V("Sá sùng khô Quan Lạn (cân)", "Quan Lạn dried peanut worms, by weight", "kg", 6_200_000, plu="00012", stock=3)),
    F("baitulong", "seafood", "vat5", 3, 2025,
      V("Tu hài Vân Đồn tươi (cân)", "Vân Đồn fresh geoduck clams, by weight", "kg", 320_000, plu="00013"),
      V("Tu hài Vân Đồn làm sạch đông lạnh hộp 500 g", "Vân Đồn cleaned geoduck clams, frozen, 500 g box", "hộp", 260_000, stock=0)),
    F("baitulong", "seafood", "vat5", 3, 2025,
      V("Hàu sữa Vân Đồn tươi (cân)", "Vân Đồn fresh milk oysters, by weight", "kg", 55_000, plu="00014")),
    F("mamcairong", "processed", "reduced", 4, 2025,
      V("Nước mắm Cái Rồng chai 500 ml", "Cái Rồng fish sauce, 500 ml", "chai", 120_000, favourite=True, old_barcode=True),
      V("Nước mắm Cái Rồng chai 250 ml", "Cái Rồng fish sauce, 250 ml", "chai", 68_000),
      V("Nước mắm Cái Rồng hộp quà 2 chai 500 ml", "Cái Rồng fish sauce, gift box of 2 × 500 ml", "bộ", 260_000)),
    F("vanhai", "processed", "reduced", 3, 2024,
      V("Ruốc hàu Vân Đồn hũ 200 g", "Vân Đồn oyster floss, 200 g jar", "hũ", 150_000)),
    F("vanhai", "seafood", "vat5", 3, 2024,
      V("Hàu sấy khô Vân Đồn túi 250 g", "Vân Đồn dried oysters, 250 g bag", "túi", 290_000)),
    F("vanthang", "seafood", "vat5", 3, 2022,
      V("Sá sùng khô Minh Châu túi 50 g", "Minh Châu dried peanut worms, 50 g bag", "túi", 330_000)),
    F("vanthang", "spirits", "std10", 3, 2024,
      V("Rượu sá sùng Minh Châu chai 500 ml", "Minh Châu peanut-worm liquor, 500 ml", "chai", 280_000)),
    # Tiên Yên
    F("gadoity", "farm", "vat5", 4, 2024,
      V("Gà đồi Tiên Yên làm sẵn (cân)", "Tiên Yên free-range hill chicken, dressed, by weight", "kg", 220_000, plu="00015")),
    F("gadoity", "processed", "reduced", 3, 2025,
      V("Gà đồi Tiên Yên ủ muối hoa tiêu hộp 1 con", "Tiên Yên salt-cured hill chicken with prickly ash, whole", "hộp", 380_000)),
    F("thilan", "snacks", "reduced", 3, 2024,
      V("Bánh gật gù Tiên Yên túi 500 g", "Tiên Yên gật gù rice crackers, 500 g bag", "túi", 45_000, favourite=True, old_barcode=True),
      V("Bánh gật gù Tiên Yên hộp 1 kg", "Tiên Yên gật gù rice crackers, 1 kg box", "hộp", 85_000)),
    F("halau", "herbal", "reduced", 3, 2025,
      V("Sâm cau Tiên Yên thái lát khô hộp 200 g", "Tiên Yên sliced dried black musli root, 200 g box", "hộp", 280_000)),
    F("halau", "spirits", "std10", 3, 2025,
      V("Rượu sâm cau Tiên Yên chai 500 ml", "Tiên Yên black musli root liquor, 500 ml", "chai", 240_000),
      V("Rượu sâm cau Tiên Yên bình 2 l", "Tiên Yên black musli root liquor, 2 l jar", "chai", 750_000, stock=0)),
    F("dongngu", "farm", "vat5", 3, 2024,
      V("Khoai môn Tiên Yên túi 2 kg", "Tiên Yên taro, 2 kg bag", "túi", 70_000)),
    F("dongngu", "farm", "vat5", 3, 2025,
      V("Lạc đỏ Đông Ngũ túi 500 g", "Đông Ngũ red-skin peanuts, 500 g bag", "túi", 48_000)),
    # Bình Liêu
    F("hoanhmo", "processed", "reduced", 4, 2024,
      V("Miến dong Bình Liêu gói 500 g", "Bình Liêu arrowroot glass noodles, 500 g", "gói", 65_000, favourite=True, old_barcode=True),
      V("Miến dong Bình Liêu gói 200 g", "Bình Liêu arrowroot glass noodles, 200 g", "gói", 30_000),
      V("Miến dong Bình Liêu gói 1 kg", "Bình Liêu arrowroot glass noodles, 1 kg", "gói", 120_000),
      V("Miến dong Bình Liêu hộp quà 2 kg", "Bình Liêu arrowroot glass noodles, 2 kg gift box", "hộp", 245_000)),
    F("lythihoa", "processed", "reduced", 3, 2022,
      V("Miến dong thủ công Đồng Tâm gói 500 g", "Đồng Tâm handmade arrowroot noodles, 500 g", "gói", 60_000)),
    F("dongvan", "spirits", "std10", 3, 2025,
      V("Rượu men lá Bình Liêu chai 500 ml", "Bình Liêu leaf-yeast rice liquor, 500 ml", "chai", 110_000),
      V("Rượu men lá Bình Liêu bình 2 l", "Bình Liêu leaf-yeast rice liquor, 2 l jar", "chai", 350_000)),
    F("hoibinhlieu", "herbal", "reduced", 4, 2024,
      V("Tinh dầu hồi Bình Liêu lọ 30 ml", "Bình Liêu star anise essential oil, 30 ml", "lọ", 150_000)),
    F("hoibinhlieu", "farm", "vat5", 3, 2024,
      V("Hoa hồi khô Bình Liêu túi 200 g", "Bình Liêu dried star anise, 200 g bag", "túi", 65_000)),
    # Ba Chẽ
    F("thanhson", "tea", "reduced", 3, 2024,
      V("Lá trà hoa vàng Thanh Sơn túi 200 g", "Thanh Sơn golden camellia leaf tea, 200 g bag", "túi", 150_000)),
    F("thanhson", "tea", "reduced", None, None,
      V("Ly trà hoa vàng thưởng thức", "Golden camellia tea, tasting cup", "cái", 20_000, favourite=True, barcoded=False)),
    F("namson", "herbal", "reduced", 4, 2024,
      V("Ba kích tím Ba Chẽ khô túi 500 g", "Ba Chẽ dried purple morinda root, 500 g bag", "túi", 360_000)),
    F("namson", "herbal", "reduced", 3, 2025,
      V("Ba kích ngâm mật ong hũ 500 g", "Morinda root in honey, 500 g jar", "hũ", 320_000)),
    F("vanlam", "farm", "vat5", 3, 2024,
      V("Mật ong Ba Chẽ chai 500 ml", "Ba Chẽ honey, 500 ml", "chai", 250_000, old_barcode=True),
      V("Mật ong Ba Chẽ chai 1 l", "Ba Chẽ honey, 1 l", "chai", 460_000)),
    F("vanson", "farm", "vat0", None, None,
      V("Cây giống ba kích tím (bầu)", "Purple morinda seedling, potted", "cái", 15_000, barcoded=False),
      V("Cây giống trà hoa vàng (bầu 1 năm tuổi)", "Golden camellia seedling, 1 year, potted", "cái", 35_000, barcoded=False)),
    F("limxanh", "herbal", "reduced", 4, 2025,
      V("Nấm lim xanh Ba Chẽ khô túi 500 g", "Ba Chẽ dried lim xanh lingzhi, 500 g bag", "túi", 1_350_000, stock=3)),
    F("limxanh", "herbal", "reduced", 3, 2024,
      V("Cao ba kích Ba Chẽ lọ 100 g", "Ba Chẽ morinda root extract, 100 g jar", "lọ", 450_000)),
    # Đầm Hà
    F("thuysandh", "seafood", "vat5", 3, 2024,
      V("Ngán Đầm Hà tươi (cân)", "Đầm Hà fresh ngán clams, by weight", "kg", 180_000, favourite=True, plu="00016"),
      V("Ngán Đầm Hà làm sạch đông lạnh hộp 500 g", "Đầm Hà cleaned ngán clams, frozen, 500 g box", "hộp", 230_000)),
    F("thinga", "seafood", "vat5", 3, 2025,
      V("Tôm he khô Đầm Hà túi 250 g", "Đầm Hà dried banana prawns, 250 g bag", "túi", 420_000),
      V("Tôm he khô Đầm Hà túi 500 g", "Đầm Hà dried banana prawns, 500 g bag", "túi", 820_000, stock=1)),
    F("quangtan", "farm", "vat5", 3, 2021,
      V("Mật ong rừng Đầm Hà chai 500 ml", "Đầm Hà wild forest honey, 500 ml", "chai", 240_000)),
    F("quangtan", "farm", "vat5", 3, 2025,
      V("Lạc đỏ Quảng Tân túi 500 g", "Quảng Tân red-skin peanuts, 500 g bag", "túi", 48_000)),
    # Hải Hà
    F("quequangson", "farm", "vat5", 3, 2024,
      V("Quế thanh Hải Hà túi 500 g", "Hải Hà cinnamon sticks, 500 g bag", "túi", 95_000)),
    F("quequangson", "processed", "reduced", 3, 2024,
      V("Bột quế Hải Hà hũ 200 g", "Hải Hà ground cinnamon, 200 g jar", "hũ", 70_000)),
    F("quequangson", "herbal", "reduced", 4, 2025,
      V("Tinh dầu quế Hải Hà lọ 50 ml", "Hải Hà cinnamon essential oil, 50 ml", "lọ", 125_000),
      V("Tinh dầu quế Hải Hà chai 100 ml", "Hải Hà cinnamon essential oil, 100 ml", "chai", 220_000)),
    F("quequangson", "crafts", "reduced", 3, 2025,
      V("Đế lót ly vỏ quế bộ 6 cái", "Cinnamon-bark coasters, set of 6", "bộ", 85_000)),
    F("chequanglong", "tea", "reduced", 3, 2024,
      V("Chè xanh Quảng Long gói 200 g", "Quảng Long green tea, 200 g pack", "gói", 90_000),
      V("Chè xanh Quảng Long hộp 500 g", "Quảng Long green tea, 500 g box", "hộp", 210_000)),
    F("chequanglong", "tea", "reduced", 3, 2025,
      V("Trà túi lọc Hải Hà hộp 25 gói", "Hải Hà green tea, 25 tea bags", "hộp", 55_000)),
    F("sahaiha", "herbal", "reduced", 3, 2024,
      V("Tinh dầu sả chanh Hải Hà lọ 30 ml", "Hải Hà lemongrass essential oil, 30 ml", "lọ", 65_000),
      V("Tinh dầu sả chanh Hải Hà chai 100 ml", "Hải Hà lemongrass essential oil, 100 ml", "chai", 150_000)),
    F("sahaiha", "herbal", "reduced", 3, 2025,
      V("Xà phòng sả chanh Hải Hà bánh 100 g", "Hải Hà lemongrass soap, 100 g bar", "cái", 35_000)),
    # Cô Tô
    F("thanhlan", "seafood", "vat5", 4, 2024,
      V("Mực một nắng Cô Tô (cân)", "Cô Tô sun-kissed squid, by weight", "kg", 690_000, plu="00017")),
    F("thanhlan", "processed", "reduced", 3, 2025,
      V("Chả mực Cô Tô hộp 500 g", "Cô Tô squid cakes, 500 g box", "hộp", 380_000)),
    F("thituyet", "spirits", "std10", 3, 2024,
      V("Rượu sim rừng Cô Tô chai 500 ml", "Cô Tô wild rose myrtle wine, 500 ml", "chai", 160_000),
      V("Rượu sim rừng Cô Tô chai 300 ml", "Cô Tô wild rose myrtle wine, 300 ml", "chai", 110_000)),
    F("thituyet", "processed", "reduced", 3, 2025,
      V("Mực cán tẩm Cô Tô túi 200 g", "Cô Tô rolled seasoned squid, 200 g bag", "túi", 190_000)),
    F("cotoxanh", "seafood", "vat5", 3, 2025,
      V("Cá thu một nắng Cô Tô túi 500 g", "Cô Tô sun-dried mackerel, 500 g bag", "túi", 210_000)),
    F("cotoxanh", "snacks", "reduced", 3, 2024,
      V("Rong biển sấy giòn Cô Tô túi 100 g", "Cô Tô crispy seaweed, 100 g bag", "túi", 55_000)),
    # Quảng Yên
    F("haan", "seafood", "vat5", 3, 2025,
      V("Hà sông Chanh tươi (cân)", "Sông Chanh fresh rock oysters, by weight", "kg", 70_000, plu="00018")),
    F("haan", "processed", "reduced", 3, 2022,
      V("Mắm cáy Quảng Yên lọ 300 ml", "Quảng Yên fermented crab paste, 300 ml jar", "lọ", 65_000)),
    F("thihang", "snacks", "reduced", 3, 2024,
      V("Bánh gio Quảng Yên túi 10 cái", "Quảng Yên ash-water rice cakes, bag of 10", "túi", 55_000)),
    F("thihang", "processed", "reduced", 3, 2025,
      V("Chả rươi Quảng Yên hộp 500 g", "Quảng Yên ragworm omelette patties, 500 g box", "hộp", 290_000)),
    F("yenhung", "processed", "reduced", 3, 2024,
      V("Ruốc hà Quảng Yên hũ 200 g", "Quảng Yên oyster floss, 200 g jar", "hũ", 135_000)),
    F("yenhung", "processed", "reduced", 3, 2024,
      V("Chả cá Yên Hưng hộp 500 g", "Yên Hưng fish cakes, 500 g box", "hộp", 180_000)),
    # Đông Triều
    F("gomkimsen", "crafts", "reduced", 4, 2024,
      V("Bình gốm men lam Đông Triều cao 30 cm", "Đông Triều blue-glaze ceramic vase, 30 cm", "cái", 650_000),
      V("Bộ ấm chén gốm Đông Triều men rạn", "Đông Triều crackle-glaze tea set", "bộ", 850_000, stock=0),
      V("Lọ hoa gốm men hỏa biến Đông Triều", "Đông Triều flambé-glaze flower vase", "cái", 480_000)),
    F("gomxuanson", "crafts", "reduced", 3, 2025,
      V("Đĩa gốm trang trí vịnh Hạ Long 25 cm", "Hạ Long Bay decorative ceramic plate, 25 cm", "cái", 380_000),
      V("Cốc gốm Đông Triều in biểu tượng OCOP", "Đông Triều ceramic mug with OCOP emblem", "cái", 95_000),
      V("Đèn xông tinh dầu gốm Đông Triều", "Đông Triều ceramic oil-burner lamp", "cái", 220_000)),
    F("binhkhe", "snacks", "reduced", 3, 2024,
      V("Vải sấy khô Đông Triều túi 500 g", "Đông Triều dried lychees, 500 g bag", "túi", 120_000),
      V("Vải sấy khô Đông Triều hộp 1 kg", "Đông Triều dried lychees, 1 kg box", "hộp", 220_000, stock=0)),
    F("ansinh", "snacks", "reduced", 3, 2026,
      V("Na sấy dẻo Đông Triều hộp 250 g", "Đông Triều soft-dried custard apple, 250 g box", "hộp", 95_000)),
    F("trangluong", "spirits", "std10", 4, 2024,
      V("Rượu mơ Yên Tử chai 500 ml", "Yên Tử apricot liqueur, 500 ml", "chai", 185_000, old_barcode=True),
      V("Rượu mơ Yên Tử hộp quà chai 750 ml", "Yên Tử apricot liqueur, 750 ml gift box", "hộp", 320_000)),
    F("trangluong", "processed", "reduced", 3, 2026,
      V("Mơ ngâm đường Yên Tử hũ 1 kg", "Yên Tử apricots in syrup, 1 kg jar", "hũ", 130_000)),
    F("trangluong", "snacks", "reduced", 3, 2025,
      V("Ô mai mơ Yên Tử hộp 300 g", "Yên Tử salted candied apricots, 300 g box", "hộp", 85_000, stock=2)),
)
# fmt: on

_STOCK_RANGE: dict[str, tuple[int, int]] = {
    "drinks": (40, 120),
    "gifts": (30, 120),
    "crafts": (5, 25),
}


def ean13_check_digit(first12: str) -> int:
    """GS1 check digit: weights 1,3,1,3… from the left over the first 12 digits."""
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError(f"need 12 digits, got {first12!r}")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


@dataclass
class _Draws:
    """Everything drawn from the seed, in a fixed order so the output never drifts."""

    rng: random.Random
    used_cert: set[int] = field(default_factory=set)
    used_trace: set[int] = field(default_factory=set)

    def unique(self, used: set[int], lo: int, hi: int) -> int:
        while True:
            n = self.rng.randint(lo, hi)
            if n not in used:
                used.add(n)
                return n

    def rated_on(self, rated: str | int) -> dt.date:
        if isinstance(rated, str):
            return dt.date.fromisoformat(rated)
        start = dt.date(rated, 1, 10)
        end = min(dt.date(rated, 12, 28), dt.date(2026, 10, 31))
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))


def _round_down_1000(value: float) -> int:
    return max(1000, int(value) // 1000 * 1000)


def _validate_tables() -> None:
    """Fail loudly on a typo in the tables rather than write a subtly broken catalogue."""
    keys = [p.key for p in PRODUCERS]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate producer key")
    if {p.district for p in PRODUCERS} != set(LOCALITIES):
        raise ValueError("producers must cover exactly the 13 localities")
    cats = {c[0] for c in CATEGORIES}
    plus: list[str] = []
    names: list[str] = []
    for fam in FAMILIES:
        if fam.producer not in keys or fam.category not in cats or fam.vat not in VAT_CLASSES:
            raise ValueError(f"bad reference in family {fam.variants[0].name_vi}")
        if (fam.stars is None) != (fam.rated is None):
            raise ValueError(f"stars/rated mismatch in {fam.variants[0].name_vi}")
        for v in fam.variants:
            names.append(v.name_vi)
            if v.unit not in UNITS or v.price <= 0 or v.price % 1000:
                raise ValueError(f"bad unit or price: {v.name_vi}")
            if fam.real_name is not None and not v.name_vi.startswith(fam.real_name):
                raise ValueError(f"real product renamed: {v.name_vi}")
            if v.plu is not None:
                plus.append(v.plu)
                if v.unit != "kg" or len(v.plu) != 5 or not v.plu.isdigit():
                    raise ValueError(f"bad weighed item: {v.name_vi}")
    if len(set(plus)) != len(plus) or len(set(names)) != len(names):
        raise ValueError("duplicate PLU or product name")


def build_catalogue() -> dict[str, Any]:
    """Build the whole catalogue as plain JSON-ready data; deterministic for a given table and seed."""
    _validate_tables()
    draws = _Draws(random.Random(SEED))
    rng = draws.rng

    producers_out: list[dict[str, Any]] = []
    code_of: dict[str, str] = {}
    company_prefix: dict[str, str] = {}
    next_item: dict[str, int] = {}
    used_prefixes: set[int] = set()
    kind_of: dict[str, str] = {}
    for i, p in enumerate(PRODUCERS, start=1):
        code = f"P{i:03d}"
        code_of[p.key] = code
        kind_of[p.key] = p.kind
        company_prefix[p.key] = f"893{draws.unique(used_prefixes, 10000, 99999):05d}"
        next_item[p.key] = rng.randint(100, 900)
        producers_out.append(
            {
                "code": code,
                "name": p.name,
                "kind": p.kind,
                "commune": p.commune,
                "district": p.district,
                "phone": f"0203 399 {1000 + i:04d}",
                "address": f"{p.street}, {p.commune}, {p.district}, Quảng Ninh",
            }
        )

    def new_barcode(producer: str) -> str:
        next_item[producer] += rng.randint(1, 6)
        first12 = f"{company_prefix[producer]}{next_item[producer]:04d}"
        return first12 + str(ean13_check_digit(first12))

    products: list[dict[str, Any]] = []
    for fam in FAMILIES:
        ocop_base: dict[str, Any] | None = None
        if fam.stars is not None and fam.rated is not None:
            rated_on = draws.rated_on(fam.rated)
            national = fam.stars == 5
            cert = draws.unique(draws.used_cert, 1, 999)
            ocop_base = {
                "stars": fam.stars,
                "level": "national" if national else "provincial",
                "certificate_no": f"GCN-OCOP-{'TW' if national else 'QN'}-{rated_on.year}-{cert:04d}",
                "rated_on": rated_on.isoformat(),
            }
        for v in fam.variants:
            sku = f"QN-{len(products) + 1:04d}"
            weighed = v.plu is not None
            barcodes: list[str] = []
            if v.barcoded and not weighed:
                if v.old_barcode:
                    old = new_barcode(fam.producer)
                    barcodes = [new_barcode(fam.producer), old]
                else:
                    barcodes = [new_barcode(fam.producer)]
            low, high = (0.60, 0.75) if fam.category == "crafts" else (0.55, 0.78)
            cost = _round_down_1000(v.price * rng.uniform(low, high))
            trace: str | None = None
            if ocop_base is not None:
                skip = kind_of[fam.producer] == "household" and rng.random() < 0.5
                if not skip:
                    year = ocop_base["rated_on"][:4]
                    trace = f"QN-OCOP-{year}-{draws.unique(draws.used_trace, 100, 1999):04d}"
            if v.stock is not None:
                stock = v.stock
            elif weighed:
                stock = rng.randint(3, 25)
            else:
                lo_s, hi_s = _STOCK_RANGE.get(fam.category, (8, 80))
                stock = rng.randint(lo_s, hi_s)
            products.append(
                {
                    "sku": sku,
                    "name_vi": v.name_vi,
                    "name_en": v.name_en,
                    **_tourist_names(v.name_vi),
                    "unit": v.unit,
                    "price": v.price,
                    "cost": cost,
                    "vat_class": fam.vat,
                    "category": fam.category,
                    "producer": code_of[fam.producer],
                    "ocop": dict(ocop_base) if ocop_base is not None else None,
                    "barcodes": barcodes,
                    "traceability_code": trace,
                    "weighed": weighed,
                    "plu": v.plu,
                    "favourite": v.favourite,
                    "stock": stock,
                }
            )

    unknown = set(TOURIST_NAMES) - {p["name_vi"] for p in products}
    if unknown:
        raise ValueError(f"TOURIST_NAMES names no product: {sorted(unknown)}")
    return {
        "about": ABOUT,
        "shop": dict(SHOP),
        "categories": [{"code": c, "name_vi": vi, "name_en": en} for c, vi, en in CATEGORIES],
        "producers": producers_out,
        "products": products,
    }


#: Names for Chinese and Korean visitors (Hạ Long Bay's largest groups of foreign tourists), on the products a tour
#: group buys most: what their receipt and the customer display show (``name_zh``/``name_ko``). Place names are
#: given as the tourist signs in Quảng Ninh give them (下龙 Hạ Long, 姑苏 Cô Tô, 云屯 Vân Đồn; 하롱, 꼬또, 번돈).
TOURIST_NAMES: dict[str, tuple[str, str]] = {
    "Chả mực Hạ Long hộp 500 g": ("下龙鱿鱼饼 500克盒装", "하롱 오징어 어묵 500g 상자"),
    "Chả mực Hạ Long hộp 300 g": ("下龙鱿鱼饼 300克盒装", "하롱 오징어 어묵 300g 상자"),
    "Chả mực Hạ Long hộp 1 kg": ("下龙鱿鱼饼 1公斤盒装", "하롱 오징어 어묵 1kg 상자"),
    "Chả mực Hạ Long tươi (cân)": ("下龙新鲜鱿鱼饼（称重）", "하롱 생 오징어 어묵 (무게 판매)"),
    "Rượu ba kích Ba Chẽ chai 500 ml": ("巴彻巴戟酒 500毫升", "바째 파극천 술 500ml"),
    "Trà hoa vàng Quy Hoa hộp 50 g": ("归华金花茶 50克盒装", "꾸이호아 금화차 50g 상자"),
    "Bánh gật gù Tiên Yên túi 500 g": ("先安米脆饼 500克袋装", "띠엔옌 쌀 과자 500g 봉지"),
    "Cao chè vằng Yên Tử hộp 100 g": ("安子山草本茶膏 100克盒装", "옌뜨 약초차 농축액 100g 상자"),
    "Mực ống Cô Tô khô túi 250 g": ("姑苏鱿鱼干 250克袋装", "꼬또 마른 오징어 250g 봉지"),
    "Mực ống Cô Tô khô hộp 500 g": ("姑苏鱿鱼干 500克盒装", "꼬또 마른 오징어 500g 상자"),
    "Trứng vịt biển Đồng Rui hộp 10 quả": ("同瑞海鸭蛋 10枚盒装", "동루이 바다오리 알 10개 상자"),
    "Nước khoáng thiên nhiên Quang Hanh Fresh chai 500 ml": (
        "光行天然矿泉水 500毫升",
        "꽝하인 천연 미네랄워터 500ml",
    ),
    "Nước mắm Cái Rồng chai 500 ml": ("盖龙鱼露 500毫升", "까이롱 피시소스 500ml"),
}


def _tourist_names(name_vi: str) -> dict[str, str]:
    """``name_zh``/``name_ko`` for a product that has them (the others carry no such keys: the Vietnamese name)."""
    zh, ko = TOURIST_NAMES.get(name_vi, ("", ""))
    return {"name_zh": zh, "name_ko": ko} if zh or ko else {}


def render_catalogue(catalogue: dict[str, Any]) -> str:
    """The exact text committed to the repository (UTF-8, indent 1, trailing newline)."""
    return json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the JSON file")
    parser.add_argument("--check", action="store_true", help="only compare with the existing file")
    args = parser.parse_args(argv)
    text = render_catalogue(build_catalogue())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; re-run scripts/make_demo_catalogue.py", file=sys.stderr)
            return 1
        print(f"{args.out} is up to date")
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(text.encode("utf-8"))
    n = len(json.loads(text)["products"])
    print(f"wrote {n} products to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
