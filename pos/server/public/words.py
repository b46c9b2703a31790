"""The public page's words in the four languages a customer may read (Vietnamese, English, Chinese, Korean), and
which one a request asks for.

The office speaks Vietnamese and English inline (``t(vi, en)``); a tourist scanning a label may read Chinese or
Korean, so this page's few words are kept here as one table, every entry in all four languages (a test checks).
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("vi", "en", "zh", "ko")

WORDS: dict[str, tuple[str, str, str, str]] = {
    "ocop": ("Sản phẩm OCOP", "OCOP product", "OCOP 产品", "OCOP 제품"),
    "stars": ("Hạng sao OCOP", "OCOP rating", "OCOP 星级", "OCOP 등급"),
    "stars_value": ("{n} sao", "{n} stars", "{n} 星", "{n}성"),
    "rated": ("Năm đánh giá", "Year rated", "评定年份", "평가 연도"),
    "certificate": ("Số giấy chứng nhận", "Certificate number", "证书编号", "인증서 번호"),
    "expires": ("Hiệu lực đến", "Valid until", "有效期至", "유효 기간"),
    "expired": ("đã hết hiệu lực", "expired", "已过期", "만료됨"),
    "level": ("Cấp đánh giá", "Rated by", "评定级别", "평가 단계"),
    "level_provincial": ("Cấp tỉnh", "Province", "省级", "성급"),
    "level_national": ("Cấp quốc gia", "National", "国家级", "국가급"),
    "producer": ("Nhà sản xuất", "Producer", "生产者", "생산자"),
    "origin": ("Địa phương", "Made in", "产地", "생산지"),
    "website": ("Trang của nhà sản xuất", "Producer's site", "生产者网站", "생산자 웹사이트"),
    "price": ("Giá bán lẻ", "Retail price", "零售价", "소매 가격"),
    "vat_included": ("đã gồm VAT", "VAT included", "含增值税", "부가세 포함"),
    "in_stock": ("Còn hàng", "In stock", "有货", "재고 있음"),
    "out_of_stock": ("Tạm hết hàng", "Out of stock", "暂时缺货", "일시 품절"),
    "sold_at": ("Nơi bán", "Where to buy", "购买地点", "구매처"),
    "sold_nowhere": (
        "Hiện chưa có điểm bán còn hàng",
        "No centre has it in stock now",
        "目前没有门店有货",
        "현재 재고가 있는 매장이 없습니다",
    ),
    "description": ("Giới thiệu", "About", "介绍", "소개"),
    "batch": ("Lô sản xuất", "Batch", "批次", "생산 로트"),
    "lot": ("Số lô", "Lot", "批号", "로트 번호"),
    "produced": ("Ngày sản xuất", "Produced on", "生产日期", "생산일"),
    "best_before": ("Hạn sử dụng", "Use by", "保质期至", "유통기한"),
    "received": ("Số lượng nhập", "Quantity received", "进货数量", "입고 수량"),
    "received_at": ("Nơi nhận", "Received at", "收货地点", "입고 매장"),
    "received_on": ("Ngày nhận", "Received on", "收货日期", "입고일"),
    "lot_unknown": (
        "Chưa có hồ sơ lô {lot} của sản phẩm này",
        "There is no record of batch {lot} of this product",
        "没有此产品批次 {lot} 的记录",
        "이 제품의 로트 {lot} 기록이 없습니다",
    ),
    "traceability": ("Truy xuất nguồn gốc", "Traceability", "溯源", "이력 추적"),
    "languages": ("Ngôn ngữ", "Language", "语言", "언어"),
    "not_found": ("Không tìm thấy", "Not found", "未找到", "찾을 수 없음"),
    "bad_request": ("Đường dẫn không hợp lệ", "Invalid link", "链接无效", "잘못된 링크"),
    "too_many": ("Quá nhiều yêu cầu", "Too many requests", "请求过多", "요청이 너무 많습니다"),
    "no_product": (
        "Không có sản phẩm công bố với mã này",
        "No published product has this code",
        "没有使用此代码的已发布产品",
        "이 코드로 공개된 제품이 없습니다",
    ),
    "no_link": (
        "Sản phẩm này không có liên kết loại {kind}",
        "This product has no link of type {kind}",
        "此产品没有 {kind} 类型的链接",
        "이 제품에는 {kind} 유형의 링크가 없습니다",
    ),
    "footer": (
        "Trang công khai của mạng lưới OCOP Quảng Ninh · GS1 Digital Link",
        "Public page of the Quảng Ninh OCOP network · GS1 Digital Link",
        "广宁省 OCOP 网络公开页面 · GS1 Digital Link",
        "꽝닌성 OCOP 네트워크 공개 페이지 · GS1 Digital Link",
    ),
}

LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English", "zh": "中文", "ko": "한국어"}


def word(key: str, lang: str, **values: object) -> str:
    text = WORDS[key][LANGS.index(lang) if lang in LANGS else 0]
    return text.format(**values) if values else text


def choose_lang(query_lang: str | None, accept_language: str | None) -> str:
    """``?lang=`` when it names one of ours; else the best of ``Accept-Language`` we speak; else Vietnamese."""
    if query_lang:
        q = query_lang.strip().lower()[:8].split("-")[0]
        if q in LANGS:
            return q
    best, best_q = "vi", -1.0
    for i, part in enumerate((accept_language or "")[:400].split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGS:
            continue
        weight = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                weight = float(params[2:])
            except ValueError:
                continue
        if weight > best_q or (weight == best_q and i == 0):
            best, best_q = primary, weight
    return best
