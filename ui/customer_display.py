"""The customer display: an optional second window for a monitor facing the customer.

It shows the last lines, the total and, while a transfer is asked for, the VietQR code large enough to scan from
a phone. It speaks the customer's language (chosen per sale on the sale screen), independent of the cashier's,
so its texts are translated with ``tr_in`` instead of the application translator.
"""

from __future__ import annotations

from pos.selling.cart import Cart
from pos.selling.checkout import CommittedSale
from pos.selling.transfer import TransferRequest
from ui.formatting import money, qty, stars
from ui.i18n import tr_in
from ui.qt import QT_TR_NOOP, QFrame, QHBoxLayout, QLabel, QPixmap, Qt, QVBoxLayout, QWidget
from ui.theme import COLORS, icon_pixmap, set_role

TEXTS = {
    "welcome": QT_TR_NOOP("Welcome!"),
    "total": QT_TR_NOOP("Total"),
    "scan": QT_TR_NOOP("Scan with your banking app to pay"),
    "thanks": QT_TR_NOOP("Thank you!"),
    "change": QT_TR_NOOP("Your change"),
    "items": QT_TR_NOOP("Items"),
    "ref": QT_TR_NOOP("Reference"),
    "discount": QT_TR_NOOP("Discount"),
}


class CustomerDisplay(QWidget):
    """A top-level window; the main window calls :meth:`show_cart`, :meth:`show_transfer`, :meth:`show_done`."""

    MAX_LINES = 8

    def __init__(self, shop_name: str) -> None:
        super().__init__()
        self.setObjectName("CustomerDisplay")
        self.setWindowTitle("OCOP POS — customer")
        self.lang = "vi"
        root = QHBoxLayout(self)
        root.setContentsMargins(28, 24, 28, 24)
        root.setSpacing(24)
        left = QVBoxLayout()
        head = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icon_pixmap("logo", 40, COLORS["brand"]))
        head.addWidget(logo)
        self.shop = QLabel(shop_name)
        set_role(self.shop, "h2")
        head.addWidget(self.shop, 1)
        left.addLayout(head)
        self.lines = QLabel()
        self.lines.setObjectName("CustomerLines")
        self.lines.setTextFormat(Qt.TextFormat.RichText)
        self.lines.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.lines.setWordWrap(True)
        left.addWidget(self.lines, 1)
        self.total_label = QLabel()
        set_role(self.total_label, "total-label")
        self.total = QLabel()
        set_role(self.total, "customer-total")
        left.addWidget(self.total_label)
        left.addWidget(self.total)
        root.addLayout(left, 3)
        self.qr_panel = QFrame()
        self.qr_panel.setObjectName("Card")
        qr_lay = QVBoxLayout(self.qr_panel)
        self.qr_title = QLabel()
        set_role(self.qr_title, "h2")
        self.qr_title.setWordWrap(True)
        self.qr = QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_info = QLabel()
        self.qr_info.setWordWrap(True)
        self.qr_info.setAlignment(Qt.AlignmentFlag.AlignCenter)
        qr_lay.addWidget(self.qr_title)
        qr_lay.addWidget(self.qr, 1)
        qr_lay.addWidget(self.qr_info)
        root.addWidget(self.qr_panel, 2)
        self.qr_panel.hide()
        self.resize(1024, 600)
        self.show_welcome()

    def t(self, key: str) -> str:
        return tr_in(self.lang, TEXTS[key])

    def show_welcome(self) -> None:
        self.lines.setText(f"<p style='font-size:28pt;color:{COLORS['brand']}'>{self.t('welcome')}</p>")
        self.total_label.setText("")
        self.total.setText("")
        self.qr_panel.hide()

    def show_cart(self, cart: Cart, lang: str) -> None:
        self.lang = lang
        if cart.is_empty:
            self.show_welcome()
            return
        totals = cart.totals()
        rows = []
        for p in totals.lines[-self.MAX_LINES :]:
            product = p.line.product
            rows.append(
                f"<tr><td style='padding:4px 12px 4px 0'>{product.name(lang)} "
                f"<span style='color:{COLORS['star']}'>{stars(product.ocop_stars)}</span></td>"
                f"<td align='right' style='padding:4px 12px'>{qty(p.line.qty_milli, lang)}</td>"
                f"<td align='right' style='padding:4px 0'><b>{money(p.amount)}</b></td></tr>"
            )
        extra = ""
        if totals.discount_total:
            extra = f"<p style='color:{COLORS['danger']}'>{self.t('discount')}: −{money(totals.discount_total)}</p>"
        self.lines.setText(f"<table width='100%' style='font-size:15pt'>{''.join(rows)}</table>{extra}")
        self.total_label.setText(self.t("total"))
        self.total.setText(money(totals.total))

    def show_transfer(self, transfer: TransferRequest | None, png: bytes | None) -> None:
        if transfer is None or png is None:
            self.qr_panel.hide()
            return
        pix = QPixmap()
        pix.loadFromData(png)
        self.qr.setPixmap(
            pix.scaled(360, 360, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)
        )
        self.qr_title.setText(self.t("scan"))
        self.qr_info.setText(
            f"<b style='font-size:18pt'>{money(transfer.amount)}</b><br>{transfer.account.bank_name} · "
            f"{transfer.account.account}<br>{transfer.account.account_name}<br>{self.t('ref')}: <b>{transfer.reference}</b>"
        )
        self.qr_panel.show()

    def show_done(self, sale: CommittedSale, lang: str) -> None:
        self.lang = lang
        self.qr_panel.hide()
        change = (
            f"<p style='font-size:22pt'>{self.t('change')}: <b>{money(sale.change_due)}</b></p>"
            if sale.change_due
            else ""
        )
        self.lines.setText(f"<p style='font-size:28pt;color:{COLORS['pay']}'>{self.t('thanks')}</p>{change}")
        self.total_label.setText(self.t("total"))
        self.total.setText(money(abs(sale.total)))
