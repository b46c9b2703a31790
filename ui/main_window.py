"""The till window: a header (shop, terminal, who is signed in, language) over one screen at a time, and a
status bar saying whether the receipt printer prints and whether head office is reachable.

The window owns the application-wide scanner filter and routes what it decodes: a scan goes to the current
screen, a human key first to the current screen's commands (function keys), then to the focused widget. It also
owns the printer service, the sync bridge and the optional customer display, so screens only ever say *what*
happened; and it asks for a manager's PIN when the core wants an approval (``guarded``).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, TypedDict, TypeVar, cast

from pos.devices.wedge import wedge_config
from pos.errors import PosError
from pos.selling.checkout import CommittedSale
from pos.staff.permissions import Approval, Permission
from ui.customer_display import CustomerDisplay, DisplayControl
from ui.dialogs import ApprovalDialog
from ui.einvoice_bridge import EInvoiceBridge
from ui.formatting import ROLE_NAMES
from ui.i18n import LANGUAGES, core_words, current_language, language_name, set_language, tr
from ui.manager.access import sections_for
from ui.modal import run_modal
from ui.printing import TillPrinter
from ui.qt import (
    QT_TR_NOOP,
    QApplication,
    QCloseEvent,
    QEvent,
    QFrame,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QMainWindow,
    QPushButton,
    QResizeEvent,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ui.screens.base import Screen
from ui.screens.sale import SaleScreen
from ui.screens.signin import SignInScreen
from ui.status_bar import (
    CameraIndicator,
    DisplayIndicator,
    EInvoiceIndicator,
    PrinterIndicator,
    SyncIndicator,
)
from ui.sync_bridge import SyncBridge
from ui.theme import COLORS, icon_pixmap, toggle_icon
from ui.till import GuardedOp, Till
from ui.wedge_filter import WedgeFilter, monotonic_ms
from ui.widgets import ActionButton
from ui.workers import PrintFunction

T = TypeVar("T")
#: How often a running till leaves a sign of life (``pos.last_run``): an unexpected stop is dated to this.
HEARTBEAT_MS = 60_000


if TYPE_CHECKING:
    from pos.devices.camera import Source
    from pos.last_run import Run, UncleanStop
    from ui.camera_panel import CameraBridge, CameraPanel
    from ui.daily_backup import DailyBackup
    from ui.screens.close_shift import CloseShiftScreen
    from ui.screens.manager import ManagerHostScreen
    from ui.screens.menu import TillMenuScreen
    from ui.screens.open_shift import OpenShiftScreen
    from ui.screens.parked import ParkedScreen
    from ui.screens.payment import PaymentScreen
    from ui.screens.returns import ReturnsScreen


class Header(QFrame):
    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.setObjectName("Header")
        self.window_ = window
        lay = QHBoxLayout(self)
        lay.setContentsMargins(16, 8, 12, 8)
        lay.setSpacing(10)
        logo = QLabel()
        logo.setPixmap(icon_pixmap("logo", 30, COLORS["white"]))
        lay.addWidget(logo)
        title = QVBoxLayout()
        title.setSpacing(0)
        self.app_name = QLabel("OCOP POS")
        self.app_name.setObjectName("AppName")
        self.shop = QLabel(window.shop_name)
        self.shop.setObjectName("ShopName")
        title.addWidget(self.app_name)
        title.addWidget(self.shop)
        lay.addLayout(title)
        lay.addStretch(1)
        self.screen_title = QLabel()
        self.screen_title.setObjectName("ScreenTitle")
        lay.addWidget(self.screen_title)
        lay.addStretch(1)
        self.who = QLabel()
        self.who.setObjectName("Who")
        self.who.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.who)
        self.lang_buttons: dict[str, QPushButton] = {}
        for lang in LANGUAGES:
            b = QPushButton(lang.upper())
            b.setToolTip(language_name(lang))
            b.setObjectName("LangButton")
            b.setCheckable(True)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            b.setFixedSize(46, 36)
            b.clicked.connect(lambda _=False, code=lang: window.switch_language(code))
            self.lang_buttons[lang] = b
            lay.addWidget(b)
        self.camera = QPushButton()
        self.camera.setObjectName("HeaderButton")
        self.camera.setIcon(toggle_icon("camera", COLORS["white"], COLORS["brand_dark"], 20))
        self.camera.setCheckable(True)
        self.camera.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.camera.setFixedSize(46, 36)
        self.camera.clicked.connect(window.toggle_camera_panel)
        self.camera.hide()
        lay.addWidget(self.camera)
        self.menu = ActionButton(
            QT_TR_NOOP("Menu"), "", "receipt", "dark", on_click=lambda: window.go("menu")
        )
        self.menu.suffix = " · F1"  # room is short in the header: the key goes in the label, not a badge
        self.menu.retranslate()
        self.menu.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        lay.addWidget(self.menu)
        self.manager = ActionButton(
            QT_TR_NOOP("Manager"), "", "key", "dark", on_click=lambda: window.go("manager")
        )
        self.manager.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        lay.addWidget(self.manager)
        self.sign_out = ActionButton(QT_TR_NOOP("Sign out"), "", "logout", "dark", on_click=window.sign_out)
        self.sign_out.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        lay.addWidget(self.sign_out)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The header's buttons say what they do; only if their words do not fit (a window narrower than the
        till's minimum, or a very long shop name) do they fall back to icons, their names in the tooltips."""
        buttons = (self.menu, self.manager, self.sign_out)
        for button in buttons:
            button.set_compact(False)
            button.setMinimumWidth(0)
            button.setMaximumWidth(16_777_215)
        layout = self.layout()
        if layout is not None and layout.minimumSize().width() > self.width():
            for button in buttons:
                button.set_compact(True)
                button.setFixedWidth(52)

    def refresh(self) -> None:
        session = self.window_.till.session
        staff = session.staff
        lang = current_language()
        for code, b in self.lang_buttons.items():
            b.setChecked(code == lang)
        till_label = tr("Till {code}").format(code=session.code)
        if staff is None:
            self.who.setText(f"<span style='color:#cfe3df'>{till_label}</span>")
        else:  # two short lines rather than one long one: the header's buttons keep their words at 1024 px
            role = tr(ROLE_NAMES.get(staff.role, staff.role))
            self.who.setText(
                f"<b>{staff.name}</b><br><span style='color:#cfe3df; font-size:9pt'>{role} · {till_label}</span>"
            )
        current = self.window_.current
        working = staff is not None and current not in ("signin", "open_shift")
        self.sign_out.setVisible(staff is not None)
        self.menu.setVisible(working and current != "menu")
        # a manager may look at the shop's side before (or without) opening a shift
        self.manager.setVisible(
            staff is not None and current not in ("signin", "manager") and session.may_manage
        )
        self.camera.setToolTip(tr("Camera scanner preview"))
        self.screen_title.setText(self.window_.screen_title())
        self._fit()


SCREEN_TITLES = {
    "signin": QT_TR_NOOP("Sign in"),
    "open_shift": QT_TR_NOOP("Open the shift"),
    "sale": QT_TR_NOOP("Sale"),
    "payment": QT_TR_NOOP("Payment"),
    "parked": QT_TR_NOOP("Parked sales"),
    "returns": QT_TR_NOOP("Returns"),
    "menu": QT_TR_NOOP("Till menu"),
    "close_shift": QT_TR_NOOP("Close the shift"),
    "manager": QT_TR_NOOP("Manager"),
}


#: Screens built the first time they are shown (or asked for), modules and widgets both: only sign-in and the
#: sale screen are needed to start selling, and building the rest cost a tenth of a second of every start.
LAZY_SCREENS: dict[str, tuple[str, str]] = {
    "open_shift": ("ui.screens.open_shift", "OpenShiftScreen"),
    "payment": ("ui.screens.payment", "PaymentScreen"),
    "parked": ("ui.screens.parked", "ParkedScreen"),
    "returns": ("ui.screens.returns", "ReturnsScreen"),
    "menu": ("ui.screens.menu", "TillMenuScreen"),
    "close_shift": ("ui.screens.close_shift", "CloseShiftScreen"),
    "manager": ("ui.screens.manager", "ManagerHostScreen"),
}


class _Screens(dict[str, Screen]):
    """The window's screens by name; a screen of :data:`LAZY_SCREENS` is built on first access."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window

    def __missing__(self, name: str) -> Screen:
        if name not in LAZY_SCREENS:
            raise KeyError(name)
        module, cls = LAZY_SCREENS[name]
        screen: Screen = getattr(importlib.import_module(module), cls)(self.window)
        self[name] = screen
        self.window.stack.addWidget(screen)
        return screen


class WindowParts(TypedDict, total=False):
    """What ``build_window`` passes on to :class:`MainWindow` besides the till and ``print_receipt``."""

    clock: Callable[[], float] | None
    install_filter: bool
    printing: TillPrinter | None
    sync: SyncBridge | None
    backup: DailyBackup | None
    run: Run | None
    einvoice: EInvoiceBridge | None


class MainWindow(QMainWindow):
    def __init__(
        self,
        till: Till,
        print_receipt: PrintFunction | None = None,
        clock: Callable[[], float] | None = None,
        install_filter: bool = True,
        printing: TillPrinter | None = None,
        sync: SyncBridge | None = None,
        backup: DailyBackup | None = None,
        run: Run | None = None,
        einvoice: EInvoiceBridge | None = None,
    ) -> None:
        super().__init__()
        self.till = till
        self.session = till.session
        terminal = till.session.terminal
        # This run of the till (``ocop-pos run``): how the last one ended (told at sign-in), a heartbeat, its end.
        self.run = run
        self.unclean_stop: UncleanStop | None = run.previous if run is not None else None
        self.setObjectName("MainWindow")
        self.setWindowTitle("OCOP POS")
        self.setMinimumSize(1024, 700)
        self.shop_name = till.session.shop_name()
        self.current = "signin"
        self.printing = printing or TillPrinter(
            terminal.engine, terminal.settings, print_receipt=print_receipt, parent=self
        )
        self.printing.failed.connect(self._print_failed)
        self.sync = sync
        self.einvoice = einvoice
        self.backup = backup

        central = QWidget()
        central.setObjectName("Central")
        root = QVBoxLayout(central)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.header = Header(self)
        root.addWidget(self.header)
        self.stack = QStackedWidget()
        root.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_status_bar()

        self.display_control = DisplayControl(terminal.settings, self.shop_name, self, self.notify)
        self.display_control.on_shown = self.customer_display_update
        self.display_control.on_language = self.set_customer_lang
        self.display_control.changed.connect(
            lambda: self.display_indicator.set_state(self.display_control.state)
        )
        self.screens = _Screens(self)
        self.signin = SignInScreen(self)
        self.sale = SaleScreen(self)
        for screen in (self.signin, self.sale):
            self.screens[screen.name] = screen
            self.stack.addWidget(screen)

        # Every PosError of an op without a handler of its own ends here: on the current screen, or the open-shift
        # screen for "no open shift" (``ui/executor.py``).
        till.executor.on_error = self.refused
        self.wedge = WedgeFilter(
            self.handle_scan,
            self.handle_key,
            wedge_config(terminal.settings.device("scanner")),
            clock=clock or monotonic_ms,
        )
        app = QApplication.instance()
        if install_filter and app is not None:
            app.installEventFilter(self.wedge)
        self.till.staff_changed.connect(self.header.refresh)
        self.till.cart_changed.connect(self.customer_display_update)
        self.camera: CameraBridge | None = None
        self.camera_panel: CameraPanel | None = None
        self.camera_indicator: CameraIndicator | None = None
        camera = terminal.settings.device("camera")
        if camera.get("source") not in (None, ""):
            self.start_camera(camera["source"], camera)
        self.printing.start()
        self.display_control.start()
        if self.backup is not None:
            self.backup.failed.connect(self._backup_failed)
            self.backup.start()
        if self.sync is not None:
            self.sync.start()
        if self.einvoice is not None:
            self.einvoice.start()
        self._day = dt.date.today()
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(10 * 60 * 1000)
        self._day_timer.timeout.connect(self._check_new_day)
        self._day_timer.start()
        if run is not None:
            self._heartbeat = QTimer(self)
            self._heartbeat.setInterval(HEARTBEAT_MS)
            self._heartbeat.timeout.connect(run.heartbeat)
            self._heartbeat.start()
        self.go("signin")

    def _check_new_day(self) -> None:
        """Every ten minutes (off the GUI thread): prices whose day — or time of day — has come take effect (the
        core applies them; with nothing due it is one indexed look). After midnight, or when a price changed, the
        sale screen shows the new prices once its cart is empty."""
        today = dt.date.today()
        new_day, self._day = today != self._day, today

        def applied(changed: bool) -> None:
            if not (changed or new_day):
                return
            self.sale.quick_keys_stale = True
            if self.current == "sale" and self.session.cart.is_empty:
                self.sale.entered()

        self.till.op(lambda s: s.new_day()).success(applied).failure(
            lambda exc: self.notify(exc.message(current_language()), "warn")
        ).run()

    # --- status bar: printer and head office --------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        bar.setStyleSheet(
            f"QStatusBar {{ background: {COLORS['card']}; border-top: 1px solid {COLORS['line']}; }}"
            "QStatusBar::item { border: none; }"
        )
        self.printer_indicator = PrinterIndicator()
        self.printer_indicator.set_state(self.printing.state)
        self.printer_indicator.retry.clicked.connect(self.printing.retry_now)
        self.printing.status_changed.connect(self.printer_indicator.set_state)
        bar.addPermanentWidget(self.printer_indicator)
        self.sync_indicator: SyncIndicator | None = None
        if self.sync is not None:
            self.sync_indicator = SyncIndicator()
            self.sync_indicator.set_status(self.sync.status)
            self.sync_indicator.sync_now.clicked.connect(self.sync.sync_now)
            self.sync.status_changed.connect(self.sync_indicator.set_status)
            self.sync.catalogue_changed.connect(self._catalogue_changed)
            bar.addPermanentWidget(self.sync_indicator)
        self.einvoice_indicator: EInvoiceIndicator | None = None
        if self.einvoice is not None:
            self.einvoice_indicator = EInvoiceIndicator()
            self.einvoice_indicator.set_status(self.einvoice.status)
            self.einvoice_indicator.send_now.clicked.connect(self.einvoice.send_now)
            self.einvoice.status_changed.connect(self.einvoice_indicator.set_status)
            if self.sync is not None:  # a sync round may bring head office's states of relayed invoices
                self.sync.status_changed.connect(self._einvoice_states_may_have_changed)
            bar.addPermanentWidget(self.einvoice_indicator)
        self.display_indicator = DisplayIndicator()
        self.display_indicator.toggle.clicked.connect(self.toggle_customer_display)
        bar.addPermanentWidget(self.display_indicator)

    def _einvoice_states_may_have_changed(self, _status: object) -> None:
        if self.einvoice is not None:
            self.einvoice.refresh()

    def _catalogue_changed(self, _changes: int) -> None:
        """Head office changed the catalogue: new quick keys, prices and promotions show on the next sale screen."""
        self.sale.quick_keys_stale = True

        def refreshed(_none: None) -> None:
            if self.current == "sale" and self.session.cart.is_empty:
                self.sale.entered()

        self.till.op(lambda s: s.refresh_promotions()).success(refreshed).run()

    # --- camera scanner ------------------------------------------------------------------------------------------------
    def start_camera(
        self, source: Source, options: dict[str, object] | None = None, **worker_kwargs: object
    ) -> None:
        """Scan with a webcam too: its codes take the same path as the keyboard scanner's."""
        from ui.camera_panel import (  # OpenCV, numpy, zbar: only for shops with a camera
            CameraBridge,
            CameraPanel,
        )

        self.camera = CameraBridge(source, options, **worker_kwargs)
        self.camera.code.connect(self.handle_scan)
        self.camera_panel = CameraPanel(self.camera, self.toggle_camera_panel)
        self.sale.add_camera_panel(self.camera_panel)
        self.camera_indicator = CameraIndicator()  # the camera's state stays in sight with the preview hidden
        self.camera.status.connect(self.camera_indicator.set_status)
        self.statusBar().insertPermanentWidget(0, self.camera_indicator)
        self.header.camera.show()
        self.header.camera.setChecked(True)
        self.camera.start()

    def toggle_camera_panel(self) -> None:
        """Show or hide the preview; scanning by camera goes on either way."""
        if self.camera is None or self.camera_panel is None:
            return
        visible = not self.camera_panel.isVisible()
        self.camera_panel.setVisible(visible)
        self.camera.preview = visible
        self.header.camera.setChecked(visible)

    # --- the screens built on first use (LAZY_SCREENS, which names each one's class: hence the casts) -----------------
    @property
    def open_shift(self) -> OpenShiftScreen:
        return cast("OpenShiftScreen", self.screens["open_shift"])

    @property
    def payment(self) -> PaymentScreen:
        return cast("PaymentScreen", self.screens["payment"])

    @property
    def parked(self) -> ParkedScreen:
        return cast("ParkedScreen", self.screens["parked"])

    @property
    def returns(self) -> ReturnsScreen:
        return cast("ReturnsScreen", self.screens["returns"])

    @property
    def menu(self) -> TillMenuScreen:
        return cast("TillMenuScreen", self.screens["menu"])

    @property
    def close_shift(self) -> CloseShiftScreen:
        return cast("CloseShiftScreen", self.screens["close_shift"])

    @property
    def manager(self) -> ManagerHostScreen:
        return cast("ManagerHostScreen", self.screens["manager"])

    # --- navigation ---------------------------------------------------------------------------------------------------
    def screen_title(self) -> str:
        return tr(SCREEN_TITLES.get(self.current, ""))

    def go(self, name: str) -> None:
        if name != "signin" and self.session.staff is None:
            name = "signin"
        if name == "payment" and self.session.cart.is_empty:
            name = "sale"
        if name == "manager" and not sections_for(self.session.staff):
            self.beep()
            self.notify(tr("Only a manager can open the manager screens"), "error")
            return
        if self.current in ("signin", "manager"):
            self.sale.quick_keys_stale = True  # another person, or favourites and barcodes edited
        self.current = name
        screen = self.screens[name]
        before_shown = getattr(screen, "before_shown", None)
        if before_shown is not None and self.stack.currentWidget() is not screen:
            before_shown()  # rows shown or hidden while the screen is not, so it is laid out once
        self.stack.setCurrentWidget(screen)
        screen.entered()
        self.header.refresh()
        self.customer_display_update()
        if name == "sale" and "payment" not in self.screens:
            QTimer.singleShot(0, self._prepare_payment)

    def _prepare_payment(self) -> None:
        """The payment screen built while the cashier starts the first sale, not at the first F12: building it
        (its module, its forms) froze the till for tens of milliseconds — the longest stall of a shift
        (``gui_stall_ms_baseline`` in ``python -m bench``)."""
        if "payment" not in self.screens and self.session.staff is not None:
            self.screens["payment"].ensurePolished()  # its style sheet applied now too

    def signed_in(self) -> None:
        """After a PIN: open the shift first if the store wants one and none is open, else sell."""
        self.till.op(lambda s: s.needs_shift(), reads_only=True).success(
            lambda needs_shift: self.go("open_shift" if needs_shift else "sale")
        ).failure(lambda _exc: self.go("sale")).run()

    def back_to_till(self) -> None:
        """Back from a side screen: to selling, or to opening the shift if none is open (and one is wanted)."""
        self.signed_in()

    def open_return(self, ref: str) -> None:
        """The returns screen with the receipt ``ref`` loaded (its barcode was scanned on the sale screen)."""
        self.returns.load_receipt(ref)
        self.go("returns")

    def open_manager(self, section: str | None = None) -> None:
        """The manager's side, on ``section`` when given and the person may open it."""
        self.go("manager")
        panel = self.manager.panel
        if section is not None and self.current == "manager" and panel is not None:
            panel.go(section)

    def refused(self, exc: PosError) -> None:
        """What the core refused, said on the current screen — the one place an op's ``PosError`` ends up when
        the screen has nothing else to do with it (``ui/executor.py``). "No open shift" opens the shift instead."""
        if self.need_shift(exc):
            return
        self.beep()
        self.notify(exc.message(current_language()), "error")

    def need_shift(self, exc: PosError) -> bool:
        """Route a core "no open shift" refusal to the open-shift screen (the cart waits); True if it was one."""
        if exc.code not in ("no_open_shift", "shift_closed"):
            return False
        self.go("open_shift")
        self.open_shift.notice.show_message(exc.message(current_language()), "warn")
        return True

    def sign_out(self) -> None:
        def signed_out(_none: None) -> None:
            if "manager" in self.screens:  # not built if nobody opened it
                self.manager.drop_panel()
            self.go("signin")

        self.till.op(lambda s: s.sign_out()).success(signed_out).run()

    def switch_language(self, lang: str) -> None:
        set_language(lang)
        QApplication.processEvents()
        self.header.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.header.refresh()
        super().changeEvent(event)

    # --- scanner and keys ---------------------------------------------------------------------------------------------
    def handle_scan(self, code: str) -> None:
        modal = QApplication.activeModalWidget()
        take = getattr(modal, "handle_scan", None)
        if callable(take):  # a dialog that takes scans (a return without the original: its products)
            take(code)
            return
        if modal is not None:
            self.beep()
            self.notify(tr("Close the open dialog first, then scan again"), "warn")
            return
        if self.till.busy:  # an op is changing the session: the scan is the screen's once it is done
            self.till.when_free(lambda: self.handle_scan(code))
            return
        self.screens[self.current].handle_scan(code)

    def handle_key(self, event: QKeyEvent) -> bool:
        # A dialog, or an open dropdown list (a popup), owns the keys: Esc closes it, not the screen behind.
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget() is not None:
            return False
        if self.till.busy:  # kept, in order, until the op is done: a second F12 must not pay twice
            held = QKeyEvent(event.type(), event.key(), event.modifiers(), event.text())
            self.till.when_free(lambda: self.wedge.redeliver(held))
            return True
        return self.screens[self.current].handle_key(event)

    # --- services for screens -----------------------------------------------------------------------------------------
    def notify(self, message: str, kind: str = "info") -> None:
        notice = getattr(self.screens[self.current], "notice", None)
        if notice is not None:
            notice.show_message(message, kind)
        else:
            self.statusBar().showMessage(message, 8000)

    def beep(self) -> None:
        QApplication.beep()

    def ask_approval(
        self,
        permissions: Iterable[Permission],
        explanation: str,
        *,
        reason: str = "",
        ask_reason: bool = False,
    ) -> Approval | None:
        """Someone with the right approves ``permissions`` for the signed-in person by PIN; None if cancelled."""
        self.wedge.flush()
        wanted = frozenset(permissions)
        dialog = ApprovalDialog(
            explanation,
            wanted,
            lambda pin, why: self.till.op(lambda s: s.approve(pin, wanted, why), reads_only=True),
            self,
            ask_reason=ask_reason,
            reason=reason,
        )
        if run_modal(dialog):
            return dialog.approval
        return None

    def approval_asker(self, explanation: str) -> Callable[[frozenset[Permission]], Approval | None]:
        """An asker for the manager screens (``ui.manager.base.ApprovalAsker``)."""
        return lambda permissions: self.ask_approval(permissions, explanation)

    def guarded(
        self,
        action: Callable[[Approval | None], T],
        permissions: Iterable[Permission],
        explanation: str,
        *,
        reason: str = "",
    ) -> GuardedOp[T]:
        """``action(None)`` on the database executor; if the core wants someone else's approval, ask for a PIN
        here and run ``action(approval)``. Chain ``success``/``failure``/``cancelled``, then ``run()``."""
        return self.till.guarded(
            action, permissions, lambda wanted: self.ask_approval(wanted, explanation, reason=reason)
        )

    def sale_completed(self, sale: CommittedSale) -> None:
        """The sale is committed: queue its receipt and be ready for the next customer at once."""
        self.printing.print_sale(sale.id)
        if self.sync is not None:
            self.sync.sale_committed()
        if self.einvoice is not None:
            self.einvoice.sale_committed()
        if self.backup is not None:
            self.backup.sale_committed()
        self.go("sale")
        self.sale.show_completed(sale)
        if self.customer_display is not None:
            self.customer_display.show_done(sale, sale.lang)

    def _print_failed(self, what: str, vi: str, en: str) -> None:
        message = core_words(vi, en)
        if what == "receipt":
            text_ = tr("Receipt not printed: {reason}. The sale is saved; reprint later.").format(
                reason=message
            )
        else:
            text_ = tr("Printer: {reason}").format(reason=message)
        self.notify(text_, "warn")

    def _backup_failed(self, vi: str, en: str) -> None:
        reason = core_words(vi, en)
        self.notify(
            tr("Today's backup of the till failed: {reason}. Sales are saved; tell the manager.").format(
                reason=reason
            ),
            "warn",
        )

    # --- customer display -----------------------------------------------------------------------------------------------
    @property
    def customer_display(self) -> CustomerDisplay | None:
        return self.display_control.display

    def set_customer_lang(self, lang: str) -> None:
        """The sale's customer language (display and receipt), as the customer picked it on the display."""
        self.session.set_customer_lang(lang)
        self.customer_display_update()

    def toggle_customer_display(self) -> None:
        """Open the customer display on another screen (or wait for one), or close it."""
        self.display_control.toggle()

    def customer_display_update(self) -> None:
        display = self.customer_display
        if display is None:
            return
        display.show_cart(self.session.cart, self.session.customer_lang)
        transfer = self.payment.transfer if self.current == "payment" else None
        try:
            from pos.payments.qr_image import qr_png_bytes

            png = qr_png_bytes(transfer.payload, box_size=8) if transfer is not None else None
        except PosError:
            png = None
        display.show_transfer(transfer, png)
        received = self.payment.received if self.current == "payment" else None
        if transfer is None and received is not None:
            display.show_received(received.amount, self.payment.received_time())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.wedge)
        self.wedge.flush()
        self.till.shutdown()  # what is queued is written (the open cart's last save) before the till closes
        self.printing.stop()
        if self.sync is not None:
            self.sync.stop()
        if self.einvoice is not None:
            self.einvoice.stop()
        if self.camera is not None:
            self.camera.stop()
            self.camera = None
        self.display_control.stop()
        if self.run is not None:  # a clean stop: the next start has nothing to report
            self.run.end()
