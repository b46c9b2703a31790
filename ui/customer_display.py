"""The customer display: an optional second window for a monitor facing the customer.

It shows the last lines, the total and, while a transfer is asked for, the VietQR code large enough to scan from
a phone. It speaks the customer's language, independent of the cashier's, so its texts are translated with
``tr_in`` instead of the application translator: Vietnamese, English, Chinese or Korean
(``ui.languages.CUSTOMER_LANGUAGES``), set per sale by the cashier (F11 on the sale screen) or picked by the
customer with the language buttons along the display's foot (a touch monitor, or a mouse turned to the customer).
The receipt of the sale is printed in the same language.

``DisplayControl`` decides where it goes: only ever on a screen other than the till's. On a one-monitor machine
it waits for a second screen instead of covering the till; when a screen is connected (``screenAdded``) the till
offers to show it there, and the answer can be remembered in ``config.toml`` (``[customer_display]
second_screen = "open" | "never" | "ask"``). A screen unplugged takes the display with it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from pos.selling.cart import Cart
from pos.selling.checkout import CommittedSale
from pos.selling.transfer import TransferRequest
from pos.settings import Settings
from ui.customer_words import TEXTS
from ui.dialogs import OfferDialog
from ui.formatting import money, qty, stars
from ui.i18n import tr, tr_in
from ui.languages import CUSTOMER_LANGUAGES, NATIVE_NAMES
from ui.modal import run_modal
from ui.qt import (
    QT_TR_NOOP,
    QFrame,
    QGuiApplication,
    QHBoxLayout,
    QLabel,
    QObject,
    QPixmap,
    QPushButton,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.theme import COLORS, icon_pixmap, set_role

log = logging.getLogger(__name__)

#: The transfer QR's side in pixels: large enough for a phone at arm's length, small enough that the display with
#: its header of languages fits a 1024×600 monitor.
QR_SIZE = 320

# What to do when a second screen is there: show the display on it, never, or ask (the default).
CHOICES = ("open", "never", "ask")


class CustomerDisplay(QWidget):
    """A top-level window; the main window calls :meth:`show_cart`, :meth:`show_transfer`, :meth:`show_done`.

    ``language_chosen`` fires with the code of the language button the customer pressed."""

    MAX_LINES = 8
    language_chosen = Signal(str)

    def __init__(self, shop_name: str) -> None:
        super().__init__()
        self.setObjectName("CustomerDisplay")
        self.setWindowTitle("OCOP POS — customer")
        self.lang = "vi"
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 24)
        outer.setSpacing(12)
        # One header across the display: the shop, and the customer's languages (each in its own words) at the
        # right, where a customer looks first.
        head = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icon_pixmap("logo", 40, COLORS["brand"]))
        head.addWidget(logo)
        self.shop = QLabel(shop_name)
        set_role(self.shop, "h2")
        head.addWidget(self.shop, 1)
        self.language_label = QLabel()
        set_role(self.language_label, "muted")
        head.addWidget(self.language_label)
        self.language_buttons: dict[str, QPushButton] = {}
        for code in CUSTOMER_LANGUAGES:
            button = QPushButton(NATIVE_NAMES[code])
            button.setObjectName(f"lang-{code}")
            button.setCheckable(True)
            button.setMinimumHeight(40)  # a finger's width on a touch monitor
            brand = COLORS["brand"]
            button.setStyleSheet(
                f"QPushButton:checked {{ background: {brand}; color: white; border-color: {brand}; }}"
            )
            button.clicked.connect(lambda _checked=False, c=code: self.language_chosen.emit(c))
            head.addWidget(button)
            self.language_buttons[code] = button
        outer.addLayout(head)
        root = QHBoxLayout()
        root.setSpacing(24)
        outer.addLayout(root, 1)
        left = QVBoxLayout()
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
        self.set_lang(self.lang)
        self.show_welcome()

    def t(self, key: str) -> str:
        return tr_in(self.lang, TEXTS[key])

    def set_lang(self, lang: str) -> None:
        """Speak ``lang`` from now on: the language row shows which one is chosen."""
        self.lang = lang
        self.language_label.setText(self.t("language") + ":")
        for code, button in self.language_buttons.items():
            button.setChecked(code == lang)

    def show_welcome(self) -> None:
        self.lines.setText(f"<p style='font-size:28pt;color:{COLORS['brand']}'>{self.t('welcome')}</p>")
        self.total_label.setText("")
        self.total.setText("")
        self.qr_panel.hide()

    def show_cart(self, cart: Cart, lang: str) -> None:
        self.set_lang(lang)
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
            pix.scaled(
                QR_SIZE, QR_SIZE, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
            )
        )
        self.qr_title.setText(self.t("scan"))
        self.qr_info.setText(
            f"<b style='font-size:18pt'>{money(transfer.amount)}</b><br>{transfer.account.bank_name} · "
            f"{transfer.account.account}<br>{transfer.account.account_name}<br>{self.t('ref')}: <b>{transfer.reference}</b>"
        )
        self.qr_panel.show()

    def show_received(self, amount: int, bank_time: str) -> None:
        """The bank confirmed the transfer: the customer sees it as the cashier does (and can put the phone away)."""
        self.qr.clear()
        self.qr_title.setText(
            f"<span style='color:{COLORS['pay']};font-size:26pt'>✔ {self.t('received')}</span>"
        )
        self.qr_info.setText(f"<b style='font-size:18pt'>{money(amount)}</b><br>{bank_time}")
        self.qr_panel.show()

    def show_done(self, sale: CommittedSale, lang: str) -> None:
        self.set_lang(lang)
        self.qr_panel.hide()
        change = (
            f"<p style='font-size:22pt'>{self.t('change')}: <b>{money(sale.change_due)}</b></p>"
            if sale.change_due
            else ""
        )
        self.lines.setText(f"<p style='font-size:28pt;color:{COLORS['pay']}'>{self.t('thanks')}</p>{change}")
        self.total_label.setText(self.t("total"))
        self.total.setText(money(abs(sale.total)))


class DisplayControl(QObject):
    """Where the customer display is, and whether: never over the till's own screen.

    ``state`` is ``"on"`` (shown on another screen), ``"waiting"`` (asked for on a one-monitor till: it opens when
    a second screen is connected) or ``"off"``; ``changed`` fires when it moves. ``screens`` (the connected
    monitors) is the seam a test replaces: plugging a monitor is hardware.
    """

    changed = Signal()

    def __init__(
        self,
        settings: Settings,
        shop_name: str,
        till: QWidget,
        notify: Callable[[str, str], None],
        ask: Callable[[], tuple[bool, bool]] | None = None,
    ) -> None:
        super().__init__(till)
        self.settings = settings
        self.shop_name = shop_name
        self.till = till
        self.notify = notify
        #: Asks whether to show the display on a screen just connected: (yes, remember the answer).
        self.ask = ask or self._ask
        self.display: CustomerDisplay | None = None
        self.waiting = False
        self.on_shown: Callable[[], None] = lambda: None  # the window fills it with the cart at once
        #: The customer pressed a language button on the display (the window makes it the sale's language).
        self.on_language: Callable[[str], None] = lambda _lang: None
        self._connections: list[Any] = []

    # --- the monitors ----------------------------------------------------------------------------------------
    def screens(self) -> Sequence[Any]:
        return QGuiApplication.screens()

    def start(self) -> None:
        """Follow screens coming and going; with a second one there and the choice "open", show it now."""
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            self._connections = [
                app.screenAdded.connect(self.screen_added),
                app.screenRemoved.connect(self.screen_removed),
            ]
        if self.choice() == "open" and self.other_screen() is not None:
            self.open()

    def stop(self) -> None:
        for connection in self._connections:
            QObject.disconnect(connection)
        self._connections = []
        self.close()

    def other_screen(self) -> Any | None:
        """A connected screen the till's window is not on (the first such), or None on a one-monitor till."""
        mine = self.till.screen()
        return next((s for s in self.screens() if s is not mine), None)

    @property
    def state(self) -> str:
        if self.display is not None:
            return "on"
        return "waiting" if self.waiting else "off"

    # --- the choice in config.toml ---------------------------------------------------------------------------
    def choice(self) -> str:
        value = self.settings.device("customer_display").get("second_screen", "ask")
        return value if value in CHOICES else "ask"

    def remember(self, choice: str) -> None:
        if choice == self.choice():
            return
        self.settings.devices["customer_display"] = {"second_screen": choice}
        try:
            self.settings.save()
        except OSError as exc:  # the display works anyway; only the choice is not kept
            log.warning("cannot save the customer display choice: %s", exc)

    # --- opening and closing ---------------------------------------------------------------------------------
    def toggle(self) -> None:
        """The status bar's button: open on another screen, or wait for one; a second press closes or cancels."""
        if self.display is not None or self.waiting:
            self.close()
            self.remember("ask")
            return
        if self.other_screen() is None:
            self.waiting = True
            self.notify(
                tr(
                    "Only one screen: the customer display would cover the till. It opens by itself when a second "
                    "screen is connected."
                ),
                "info",
            )
            self.changed.emit()
            return
        self.open()
        self.remember("open")

    def open(self, screen: Any | None = None) -> None:
        screen = screen or self.other_screen()
        if screen is None:
            return
        if self.display is None:
            self.display = CustomerDisplay(self.shop_name)
            self.display.language_chosen.connect(lambda lang: self.on_language(lang))
        self.display.setGeometry(screen.availableGeometry())
        self.display.show()
        self.waiting = False
        self.on_shown()
        self.changed.emit()

    def close(self) -> None:
        if self.display is not None:
            self.display.close()
            self.display.deleteLater()
            self.display = None
        self.waiting = False
        self.changed.emit()

    def screen_added(self, screen: Any) -> None:
        """A monitor was connected: show the display on it if asked for, chosen, or agreed to now."""
        if self.display is not None or screen is self.till.screen():
            return
        choice = self.choice()
        if self.waiting or choice == "open":
            self.open(screen)
            return
        if choice == "never":
            return
        yes, keep = self.ask()
        if keep:
            self.remember("open" if yes else "never")
        if yes:
            self.open(screen)

    def screen_removed(self, screen: Any) -> None:
        """A monitor was unplugged: a display on it would land on the till's screen, so it closes."""
        if self.display is None:
            return
        if self.other_screen() is None or self.display.screen() is screen:
            self.close()
            self.waiting = True  # back when a screen is connected again
            self.changed.emit()

    def _ask(self) -> tuple[bool, bool]:
        dialog = OfferDialog(
            tr("Customer display"),
            tr("A second screen was connected. Show the customer display on it?"),
            QT_TR_NOOP("Show it"),
            QT_TR_NOOP("Not now"),
            tr("Remember my answer on this till"),
            self.till,
        )
        yes = run_modal(dialog)
        return yes, dialog.remember
