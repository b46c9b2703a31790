"""The sale screen, where a cashier spends the day: scan or search, adjust, park, take payment.

Layout (works from 1024×768): on the left the search box over the cart and the line actions; on the right the
quick keys (or the search results while typing), the totals with the one big next action, Pay.
Everything is reachable by keyboard (the keys are printed on the buttons) and by touch.

Where the work runs. Everything that writes — quantities (a lower one is logged as a void), discounts, prices,
removing, clearing, parking — and the searches and quick keys run as ops on the database executor
(``ui/till.py``). Three things stay on the GUI thread, because a cashier feels their latency and they were
measured to fit in a frame: a scan, a quick key and a search result added to the cart. Each is one indexed
SELECT (``Catalogue.resolve``/``by_id``; in WAL mode a read never waits for a writer, however long the sync
worker or a backup holds the write lock) and an in-memory change to the cart; the open cart is then saved on the
executor, coalesced. ``python -m bench`` holds that to one frame: ``scan_to_screen_ms_p99`` (≤ 16 ms, through
the real window on a 100 000-product catalogue) and ``gui_stall_ms_during_sync`` (≤ 50 ms while the sync worker
uploads 10 000 sales). They run only while no op is changing the session (``Till.when_free``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pos.catalogue.lookup import ProductInfo
from pos.errors import PosError
from pos.selling.cart import Discount
from pos.selling.checkout import CommittedSale
from pos.selling.parked import ParkedSale
from pos.staff.permissions import Approval, Permission
from pos.till.scan import AddedLine, split_qty_prefix
from pos.till.session import TillSession
from ui.cart_table import CartTable
from ui.delegates import CartDelegate, ProductDelegate, RowHeights, wrap_lines
from ui.dialogs import ConfirmDialog, DiscountDialog, NumberDialog, PriceDialog
from ui.formatting import money, qty
from ui.i18n import current_language, next_customer_language, tr
from ui.modal import run_modal
from ui.models import WARNING_TEXTS, CartModel, ProductListModel
from ui.qt import (
    QT_TR_NOOP,
    QAbstractItemView,
    QColor,
    QEvent,
    QFont,
    QFontMetrics,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QItemSelection,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QListView,
    QPainter,
    QPaintEvent,
    QPushButton,
    QRect,
    QResizeEvent,
    QScrollArea,
    QSize,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ui.restart_notices import restored_cart_text
from ui.screens.base import Screen
from ui.theme import COLORS, icon, product_pixmap, set_role
from ui.widgets import ActionButton, NoticeBar, heading

if TYPE_CHECKING:
    from ui.screens.host import ScreenHost


#: How many quick keys: the favourites, then products without a barcode (``Catalogue.quick_keys``).
QUICK_KEYS = 30
#: Milliseconds from a keystroke in the search box to its search starting (the keys already queued go together).
SEARCH_DELAY_MS = 0
#: Below this width (px) the sale screen is laid out for a 1024-pixel monitor (``SaleScreen.set_compact``).
COMPACT_BELOW = 1100
#: The quick keys' panel on a 1024-pixel monitor: two columns of keys.
COMPACT_RIGHT = 300


class ProductTile(QPushButton):
    """A quick key: the product's picture, its name on up to two lines, its price."""

    def __init__(self, product: ProductInfo, home: Path | None = None) -> None:
        super().__init__()
        self.product = product
        self.home = home
        self.setObjectName("ProductTile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumSize(QSize(108, 100))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.compact = False

    def set_compact(self, compact: bool) -> None:
        """A shorter key (a smaller picture) on a 1024-pixel screen: more keys in the narrower panel."""
        self.compact = compact
        self.setProperty("compact", compact)
        self.setMinimumSize(QSize(108, 78 if compact else 100))
        self.style().unpolish(self)
        self.style().polish(self)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        r = self.rect().adjusted(8, 6 if self.compact else 8, -8, -6)
        pic = 24 if self.compact else 32
        p.drawPixmap(
            r.left(),
            r.top(),
            pic,
            pic,
            product_pixmap(self.product.picture, self.product.category_code, pic, self.home),
        )
        price_font = QFont(self.font())
        price_font.setBold(True)
        p.setFont(price_font)
        p.setPen(QColor(COLORS["brand"]))
        price_rect = QRect(
            r.left() + pic + 4, r.top(), r.width() - pic - 4, QFontMetrics(price_font).height()
        )
        price = money(self.product.price)
        if self.product.weighed and self.compact:  # no room for a second line: "780.000 ₫/kg"
            price = f"{price}/{self.product.unit}"
        p.drawText(price_rect, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), price)
        if self.product.weighed and not self.compact:
            small = QFont(self.font())
            small.setPointSizeF(small.pointSizeF() * 0.75)
            p.setFont(small)
            p.setPen(QColor(COLORS["muted"]))
            p.drawText(
                QRect(r.left() + pic + 4, r.top() + pic // 2, r.width() - pic - 4, pic // 2 + 2),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                tr("per {unit}").format(unit=self.product.unit),
            )
        name_font = QFont(self.font())
        name_font.setPointSizeF(name_font.pointSizeF() * (0.85 if self.compact else 0.9))
        p.setFont(name_font)
        p.setPen(QColor(COLORS["text"]))
        fm = QFontMetrics(name_font)
        top = r.top() + pic + (3 if self.compact else 6)
        name = self.product.name(current_language())
        lines = wrap_lines(name, fm, r.width(), 2)
        for i, line in enumerate(lines):
            p.drawText(QRect(r.left(), top + i * fm.height(), r.width(), fm.height()), 0, line)
        p.end()


class QuickKeys(QWidget):
    """The quick-key area: re-flows its tiles when its width changes."""

    def __init__(self, screen: SaleScreen) -> None:
        super().__init__()
        self.screen_ = screen

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self.screen_, "tiles"):
            self.screen_.layout_tiles()


class TotalsCard(QFrame):
    """The running totals and, after a sale, the change to hand back.

    Its labels are placed by the card itself, not by a layout: their texts change at every scan, and through
    a layout each change re-laid the whole window out (``ui/widgets.py``, ``NoticeBar``, says more). The card
    asks the screen for another size only when its rows need one.
    """

    _LEFT, _TOP, _RIGHT, _BOTTOM = 18, 14, 18, 14
    _HSPACING, _VSPACING = 12, 4

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("TotalsCard")
        self.items_label = QLabel(self)
        self.items_value = QLabel(self)
        self.discount_label = QLabel(self)
        self.discount_value = QLabel(self)
        self.vat_label = QLabel(self)
        self.vat_value = QLabel(self)
        for w in (self.items_label, self.discount_label, self.vat_label):
            set_role(w, "muted")
        for w in (self.items_value, self.discount_value, self.vat_value):
            w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        set_role(self.discount_value, "discount")
        self.total_label = QLabel(self)
        set_role(self.total_label, "total-label")
        self.total_value = QLabel(self)
        set_role(self.total_value, "total")
        self.total_value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
        self.vat_value.setWordWrap(True)
        self.compact = False
        self._size = QSize(0, 0)
        self._place()

    def set_compact(self, compact: bool) -> None:
        """In a narrow panel the VAT breakdown and the total go under their captions, each on its own line."""
        if compact != self.compact:
            self.compact = compact
            self._place()

    def show_discount(self, shown: bool) -> None:
        """The discount row, or not ("—" is room a narrow panel lacks)."""
        if self.discount_label.isHidden() == shown:
            for w in (self.discount_label, self.discount_value):
                w.setVisible(shown)
            self._place()

    def _rows(self) -> list[tuple[QLabel, ...]]:
        """The rows as placed: caption and value side by side, or (compact) one below the other."""
        rows: list[tuple[QLabel, ...]] = [
            (self.items_label, self.items_value),
            (self.discount_label, self.discount_value),
        ]
        if self.compact:
            rows += [(self.vat_label,), (self.vat_value,), (self.total_label,), (self.total_value,)]
        else:
            rows += [(self.vat_label, self.vat_value), (self.total_label, self.total_value)]
        return [r for r in rows if not all(w.isHidden() for w in r)]

    @staticmethod
    def _height(label: QLabel, width: int) -> int:
        return label.heightForWidth(width) if label.wordWrap() else label.sizeHint().height()

    def _columns(self, rows: list[tuple[QLabel, ...]]) -> tuple[int, int]:
        """The captions' column width and the x where values start."""
        left = max((r[0].sizeHint().width() for r in rows if len(r) == 2), default=0)
        return left, self._LEFT + left + self._HSPACING

    def _heights(self, rows: list[tuple[QLabel, ...]], width: int) -> list[int]:
        _left, x_value = self._columns(rows)
        value_w = max(10, width - x_value - self._RIGHT)
        inner = max(10, width - self._LEFT - self._RIGHT)
        return [
            max(r[0].sizeHint().height(), self._height(r[1], value_w))
            if len(r) == 2
            else self._height(r[0], inner)
            for r in rows
        ]

    def _needed(self, rows: list[tuple[QLabel, ...]], placed: list[int] | None = None) -> QSize:
        """The card's size for ``rows``; ``placed``: their heights at the card's width now (measured already)."""
        pairs = [r for r in rows if len(r) == 2]
        left = max((a.sizeHint().width() for a, _b in pairs), default=0)
        right = max(
            (b.minimumSizeHint().width() if b.wordWrap() else b.sizeHint().width() for _a, b in pairs),
            default=0,
        )
        single = max(
            (
                r[0].minimumSizeHint().width() if r[0].wordWrap() else r[0].sizeHint().width()
                for r in rows
                if len(r) == 1
            ),
            default=0,
        )
        width = max(
            self._LEFT + left + self._HSPACING + right + self._RIGHT, self._LEFT + single + self._RIGHT
        )
        heights = (
            placed
            if placed is not None and width <= self.width()
            else self._heights(rows, max(width, self.width()))
        )
        return QSize(width, self._TOP + sum(heights) + self._VSPACING * (len(heights) - 1) + self._BOTTOM)

    def sizeHint(self) -> QSize:
        return self._size

    def minimumSizeHint(self) -> QSize:
        return self._size

    def _place(self) -> None:
        rows = self._rows()
        left, x_value = self._columns(rows)
        value_w = max(10, self.width() - x_value - self._RIGHT)
        inner = max(10, self.width() - self._LEFT - self._RIGHT)
        y = self._TOP
        heights = self._heights(rows, self.width())
        for row, h in zip(rows, heights, strict=True):
            if len(row) == 2:
                row[0].setGeometry(self._LEFT, y, left, h)
                row[1].setGeometry(x_value, y, value_w, h)
            else:
                row[0].setGeometry(self._LEFT, y, inner, h)
            y += h + self._VSPACING
        needed = self._needed(rows, heights)
        if needed != self._size:
            self._size = needed
            self.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place()

    def event(self, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.StyleChange):  # a text or a role changed
            self._place()
        return super().event(event)


def _set_text(label: QLabel, text: str) -> None:
    """Set a label's text only if it changes: a new text re-lays out the screen around the label."""
    if label.text() != text:
        label.setText(text)


class SaleScreen(Screen):
    name = "sale"
    #: The search results for the text now in the box are on screen (the benchmark and tests wait for it).
    search_shown = Signal()

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        self.cart_model = CartModel(lambda: self.session.cart, self.session.today)
        self.results_model = ProductListModel(self.session.today)
        self._build()
        self.till.cart_changed.connect(self._cart_changed)
        self.till.staff_changed.connect(self._staff_changed)
        self.till.customer_lang_changed.connect(lambda _l: self._update_customer_lang())
        # The search runs on the executor, so it starts at once (a 0 ms timer gathers the keys already queued into
        # one search); a search whose text the cashier has typed past by the time it starts is skipped.
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.run_search)
        self._search_seq = 0  # the newest search asked for (compared on the executor: a plain int)
        self._searched = ""  # the search box's text the results on screen are for
        self.last_sale: CommittedSale | None = None
        self._restored_told = False  # a cart brought back at start is announced once, on the first entry
        self.retranslate()
        self.refresh()

    # --- building --------------------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QHBoxLayout(self)
        root.setContentsMargins(16, 14, 16, 14)
        root.setSpacing(14)

        left = QVBoxLayout()
        left.setSpacing(10)
        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("SearchBox")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search", COLORS["muted"], 20), QLineEdit.ActionPosition.LeadingPosition)
        self.search.textChanged.connect(self._search_changed)
        self.search.returnPressed.connect(self.search_enter)
        search_row.addWidget(self.search, 1)
        self.customer_lang = ActionButton(
            QT_TR_NOOP("Customer:"), "F11", "globe", "quiet", on_click=self.toggle_customer_lang
        )
        self.customer_lang.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        search_row.addWidget(self.customer_lang)
        left.addLayout(search_row)

        self.table = CartTable()
        self.table.setObjectName("CartTable")
        self.table.setModel(self.cart_model)
        self.name_delegate = CartDelegate(self.table, self.cart_model, name_column=CartModel.COL_NAME)
        self.table.use_delegate(self.name_delegate)
        # also as the name column's own delegate (what a caller asking the view for that column finds)
        self.table.setItemDelegateForColumn(CartModel.COL_NAME, self.name_delegate)
        self.table.selectionModel().selectionChanged.connect(self._picked_changed)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Fixed widths from the font (resize-to-contents re-measures every row on every scan: too slow at 20/s).
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(CartModel.COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        # Row heights from the name column, measured once per changed row (not every row on every scan).
        self.row_heights = RowHeights(self.table, CartModel.COL_NAME, self.name_delegate)
        self.empty_hint = QLabel()
        self.empty_hint.setObjectName("EmptyHint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.cart_stack = QStackedWidget()
        self.cart_stack.addWidget(self.table)
        self.cart_stack.addWidget(self.empty_hint)
        left.addWidget(self.cart_stack, 1)

        # Under the cart, what acts on the picked line (and the sale's discount); beside the totals, what acts on
        # the sale as a whole. One row each way leaves the cart the height for eight lines on 1024×768.
        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.b_qty = ActionButton(QT_TR_NOOP("Quantity"), "F3", "quantity", on_click=self.change_qty)
        self.b_price = ActionButton(QT_TR_NOOP("Price"), "Shift+F4", "currency", on_click=self.override_price)
        self.b_line_disc = ActionButton(
            QT_TR_NOOP("Line discount"), "F4", "discount", on_click=self.line_discount
        )
        self.b_sale_disc = ActionButton(
            QT_TR_NOOP("Sale discount"), "F5", "percent", on_click=self.sale_discount
        )
        self.b_remove = ActionButton(QT_TR_NOOP("Remove line"), "F6", "trash", on_click=self.remove_line)
        self.b_park = ActionButton(QT_TR_NOOP("Park sale"), "F7", "park", on_click=self.park)
        self.b_recall = ActionButton(
            QT_TR_NOOP("Parked sales"), "F8", "recall", on_click=lambda: self.host.go("parked")
        )
        self.b_clear = ActionButton(
            QT_TR_NOOP("Clear sale"), "F9", "clear", "danger-quiet", on_click=self.clear_sale
        )
        self.b_return = ActionButton(
            QT_TR_NOOP("Returns"), "F10", "return", on_click=lambda: self.host.go("returns")
        )
        self.action_row = actions  # not self.actions: that is QWidget.actions()
        self.line_buttons = [self.b_qty, self.b_price, self.b_line_disc, self.b_sale_disc, self.b_remove]
        self.sale_buttons = [self.b_park, self.b_recall, self.b_clear, self.b_return]
        self.action_buttons = [*self.line_buttons, *self.sale_buttons]
        for b in self.line_buttons:
            actions.addWidget(b, 1)
        left.addLayout(actions)
        self.notice = NoticeBar()
        left.addWidget(self.notice)
        root.addLayout(left, 64)
        self.left_layout = left

        right = QVBoxLayout()
        right.setSpacing(10)
        self.right_layout = right
        self.right_title = heading("", "h3")
        right.addWidget(self.right_title)
        self.right_stack = QStackedWidget()
        # quick keys
        quick = QuickKeys(self)
        quick.setObjectName("QuickKeys")
        self.quick_grid = QGridLayout(quick)
        self.quick_grid.setContentsMargins(0, 0, 0, 0)
        self.quick_grid.setSpacing(8)
        scroll = QScrollArea()
        scroll.setObjectName("QuickScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(quick)
        self.right_stack.addWidget(scroll)
        # search results
        self.results = QListView()
        self.results.setObjectName("Results")
        self.results.setModel(self.results_model)
        self.results.setItemDelegate(ProductDelegate(self.session.home))
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.results.setUniformItemSizes(False)
        self.results.clicked.connect(lambda idx: self.add_product(self.results_model.products[idx.row()]))
        self.no_results = QLabel()
        self.no_results.setObjectName("EmptyHint")
        self.no_results.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_results.setWordWrap(True)
        self.right_stack.addWidget(self.results)
        self.right_stack.addWidget(self.no_results)
        right.addWidget(self.right_stack, 1)

        sale_actions = QGridLayout()
        sale_actions.setSpacing(8)
        for i, b in enumerate(self.sale_buttons):
            sale_actions.addWidget(b, i // 2, i % 2)
        right.addLayout(sale_actions)
        self.totals = TotalsCard()
        right.addWidget(self.totals)
        self.pay_button = ActionButton(QT_TR_NOOP("Pay"), "F12", "cash", "pay", on_click=self.pay)
        self.pay_button.setMinimumHeight(68)
        right.addWidget(self.pay_button)
        self.right_panel = QWidget()
        self.right_panel.setObjectName("SaleRight")
        self.right_panel.setLayout(right)
        right.setContentsMargins(0, 0, 0, 0)
        root.addWidget(self.right_panel, 36)
        self.compact = False
        self.tiles: list[ProductTile] = []
        # The keys are looked up when the screen is first shown, then again after a sign-in, the manager screens or
        # a catalogue change from head office (MainWindow sets this): finding unbarcoded products reads the whole
        # catalogue, too slow to repeat after every sale on a big one.
        self.quick_keys_stale = True

    def _fill_quick_keys(self) -> None:
        """Look the keys up on the executor (finding unbarcoded products reads the whole catalogue)."""
        self.quick_keys_stale = False
        self.till.op(lambda s: s.quick_keys(QUICK_KEYS), parent=self, reads_only=True).success(
            self._show_quick_keys
        ).failure(self._quick_keys_failed).run()

    def _quick_keys_failed(self, exc: PosError) -> None:
        self.quick_keys_stale = True
        self.host.notify(exc.message(current_language()), "warn")

    def _show_quick_keys(self, products: list[ProductInfo]) -> None:
        while self.quick_grid.count():
            item = self.quick_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.tiles = []
        for product in products:
            tile = ProductTile(product, self.session.home)
            tile.set_compact(self.compact)
            tile.clicked.connect(lambda _=False, p=product: self.quick_key(p))
            self.tiles.append(tile)
        self.layout_tiles()

    def set_compact(self, compact: bool) -> None:
        """1024 px wide (many OCOP counters' touch monitors): a narrower quick-keys panel, and in the cart the
        OCOP stars and the unit price go under the product's name, so the name has a line's room and the cart
        shows eight lines."""
        if compact == self.compact:
            return
        self.compact = compact
        self.right_panel.setMaximumWidth(COMPACT_RIGHT if compact else 16_777_215)
        for col in (CartModel.COL_STARS, CartModel.COL_PRICE):
            self.table.setColumnHidden(col, compact)
        self.name_delegate.compact = compact
        self.totals.set_compact(compact)
        self.pay_button.setMinimumHeight(56 if compact else 68)
        self.table.setProperty("compact", compact)
        self.search.setProperty("compact", compact)
        for widget in (self.table, self.table.horizontalHeader(), self.search):
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.refresh()
        for b in self.action_buttons:
            b.set_tight(compact)
        for tile in self.tiles:
            tile.set_compact(compact)
        self.layout_tiles()
        self.row_heights.fit_all()  # one height for every row (a name's lines: two, or one when compact)
        for row in range(self.cart_model.rowCount()):
            self.table.setRowHeight(row, self.row_heights.height_of(row))
        picked = self.selected_row()
        if compact and picked is not None:
            self._fit_picked(picked, True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.width() > 0:
            self.set_compact(self.width() < COMPACT_BELOW)

    def layout_tiles(self) -> None:
        """Three columns of quick keys when there is room, two on a 1024-pixel screen."""
        area = self.quick_grid.parentWidget()
        width = area.width() if area is not None else 400
        columns = 3 if width >= 3 * 118 + 16 else 2
        if getattr(self, "_tile_columns", None) == columns and self.quick_grid.count() == len(self.tiles):
            return
        self._tile_columns = columns
        for tile in self.tiles:
            self.quick_grid.removeWidget(tile)
        for i, tile in enumerate(self.tiles):
            self.quick_grid.addWidget(tile, i // columns, i % columns)
        for c in range(3):
            self.quick_grid.setColumnStretch(c, 1 if c < columns else 0)
        self.quick_grid.setRowStretch(len(self.tiles) // columns + 1, 1)

    def _size_columns(self) -> None:
        fm = QFontMetrics(self.table.font())
        bold = QFont(self.table.font())
        bold.setBold(True)
        bm = QFontMetrics(bold)
        pad = 18
        widths = {
            CartModel.COL_NO: fm.horizontalAdvance("00") + pad,
            CartModel.COL_STARS: fm.horizontalAdvance("★★★★★") + pad,
            CartModel.COL_QTY: max(bm.horizontalAdvance("0,453 kg"), fm.horizontalAdvance(tr("Qty"))) + pad,
            CartModel.COL_PRICE: max(
                fm.horizontalAdvance("1.950.000 ₫"), fm.horizontalAdvance(tr("Unit price"))
            )
            + pad,
            CartModel.COL_DISCOUNT: max(
                fm.horizontalAdvance("−195.000 ₫"), fm.horizontalAdvance(tr("Discount"))
            )
            + pad,
            CartModel.COL_AMOUNT: max(
                bm.horizontalAdvance("88.888.888 ₫"), fm.horizontalAdvance(tr("Amount"))
            )
            + pad,
        }
        for col, width in widths.items():
            self.table.setColumnWidth(col, width)

    def retranslate(self) -> None:
        self._size_columns()
        self.search.setPlaceholderText(tr("Scan, or type a name or code (F2) · 3* = three"))
        self.empty_hint.setText(
            tr("Scan a product to start the sale\nor tap a quick key on the right, or type a name above.")
        )
        self.no_results.setText(
            tr("No product matches. Check the spelling, or type a barcode and press Enter.")
        )
        self.cart_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, CartModel.COL_AMOUNT)
        self.cart_model.relabel()
        self._update_right_title()
        self._update_customer_lang(words=True)
        self.refresh()
        self.update()

    def add_camera_panel(self, panel: QWidget) -> None:
        """The optional camera preview goes above the quick keys."""
        self.right_layout.insertWidget(0, panel, 1)

    def _update_customer_lang(self, *, words: bool = False) -> None:
        """The customer's language on its button (``words``: the cashier's language changed too)."""
        suffix = f" {self.session.customer_lang.upper()}"
        if words or self.customer_lang.suffix != suffix:  # a fresh cart reports its language: mostly the same
            self.customer_lang.suffix = suffix
            self.customer_lang.retranslate()

    def _update_right_title(self) -> None:
        if self.search.text().strip() and self.right_stack.currentIndex() != 0:
            self.right_title.setText(tr("Search results"))
        else:
            self.right_title.setText(tr("Quick keys"))

    def _staff_changed(self) -> None:
        """Someone signed out or in: what the screen said to the last person (a change due, an error) goes."""
        self.notice.clear()
        self.search.clear()
        self.refresh()

    # --- state -------------------------------------------------------------------------------------------------
    def entered(self) -> None:
        if self.quick_keys_stale:
            self._fill_quick_keys()
        self.refresh()
        self.search.setFocus()
        restored = self.session.restored
        if restored is not None and not self._restored_told:
            self._restored_told = True
            if (
                not self.session.cart.is_empty
            ):  # still the restored cart (not sold, parked or cleared meanwhile)
                self.till.op(lambda s: bool(s.approvals_needed()), parent=self, reads_only=True).success(
                    lambda needs: self.notice.show_message(
                        restored_cart_text(restored, self.host.unclean_stop is not None, needs), "warn", 0
                    )
                ).run()

    def _cart_changed(self) -> None:
        """The cart changed: shown now if this is the screen in front, else when it is entered (a sale paid on
        the payment screen empties the cart; refreshing the hidden sale screen then was work done twice, inside
        the checkout's wait)."""
        if self.host.current == self.name:
            self.refresh()

    def refresh(self) -> None:
        """Show the cart as it is now. On the scan path: the model updates only the rows that changed, and a
        label or a button is touched only when what it shows changes (a changed text re-lays the screen out)."""
        self.cart_model.refresh()
        totals = self.cart_model.totals
        cart = self.session.cart
        lines = len(totals.lines)
        if self.cart_stack.currentIndex() != (0 if lines else 1):  # setting it again costs a layout pass
            self.cart_stack.setCurrentIndex(0 if lines else 1)
        n = cart.item_count()
        last = self.session.last_sale
        after_sale = not lines and last is not None and last.kind == "sale"
        t = self.totals
        _set_text(t.discount_label, tr("Discount"))
        _set_text(t.discount_value, f"−{money(totals.discount_total)}" if totals.discount_total else "—")
        _set_text(t.vat_label, tr("VAT included"))
        # After a sale the panel is about that sale: its VAT, not the empty next cart's (which was "0 ₫").
        vat_rows = last.vat if after_sale and last is not None else totals.vat
        vat_parts = [f"{r.rate_pct}%: {money(r.vat)}" for r in vat_rows if r.vat]
        _set_text(t.vat_value, " · ".join(vat_parts) if vat_parts else money(0))
        if self.table.isColumnHidden(CartModel.COL_DISCOUNT) != (not totals.discount_total):
            self.table.setColumnHidden(CartModel.COL_DISCOUNT, not totals.discount_total)
        if after_sale and last is not None:
            _set_text(t.total_label, tr("CHANGE"))
            _set_text(t.total_value, money(last.change_due))
            set_role(t.total_value, "change")
            _set_text(t.items_label, tr("Last sale"))
            _set_text(t.items_value, f"{last.receipt_label} · {money(last.total)}")
        else:
            _set_text(t.items_label, tr("Items"))
            items = tr("%n items", "", n)
            line_count = tr("%n lines", "", lines)
            _set_text(t.items_value, f"{items}, {line_count}")
            _set_text(t.total_label, tr("TOTAL"))
            _set_text(t.total_value, money(totals.total))
            set_role(t.total_value, "total")
        set_role(t.discount_value, "discount" if totals.discount_total else "muted")
        t.show_discount(bool(totals.discount_total) or not self.compact)  # "—" is room a narrow panel lacks
        if self.pay_button.isEnabled() != bool(lines):
            line_buttons = (self.b_qty, self.b_price, self.b_line_disc, self.b_remove, self.b_sale_disc)
            for b in (self.pay_button, *line_buttons, self.b_park, self.b_clear):
                b.setEnabled(bool(lines))
        count = self.session.parked_count
        suffix = f" ({count})" if count else ""
        if self.b_recall.suffix != suffix:
            self.b_recall.suffix = suffix
            self.b_recall.retranslate()
        if lines and self.selected_row() is None:
            self.select_row(lines - 1)

    def _picked_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        """On a 1024-pixel screen the picked line shows its whole name (two lines), the others one."""
        if not self.compact:
            return
        for selection, picked in ((deselected, False), (selected, True)):
            for index in selection.indexes():
                if index.column() == CartModel.COL_NAME:
                    self._fit_picked(index.row(), picked)

    def _fit_picked(self, row: int, picked: bool) -> None:
        """The row's own height on a compact screen: the rows' height, more for the picked line's two lines."""
        if not 0 <= row < self.cart_model.rowCount():
            return
        height = self.row_heights.height_of(row)
        if picked:
            height = max(height, self.row_heights.row_height(row, 2))
        if self.table.rowHeight(row) != height:
            self.table.setRowHeight(row, height)

    def selected_row(self) -> int | None:
        current = self.table.selectionModel().currentIndex()
        if not current.isValid() or not self.table.selectionModel().isRowSelected(current.row()):
            return None
        row = current.row()
        return row if row < self.cart_model.rowCount() else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.cart_model.rowCount():
            # A row just inserted is laid out now, not by the view's 0 ms timer after the selection has been
            # painted: the line, its selection and the scroll are then painted together, once (twice a scan
            # before: the cart's rows painted two times over)
            self.table.executeDelayedItemsLayout()
            if self.selected_row() != row:
                self.table.selectRow(row)
            self.table.scrollTo(self.cart_model.index(row, 0))

    # --- adding ------------------------------------------------------------------------------------------------
    def _qty_from_search(self) -> int | None:
        qty_milli, rest = split_qty_prefix(self.search.text())
        if qty_milli is not None and not rest:
            return qty_milli
        return None

    def _sell(self, add: Callable[[], None]) -> None:
        """Add to the cart on the GUI thread (see the module's docstring), once no op is changing the session."""
        self.till.when_free(add)

    def _refused(self, exc: PosError) -> None:
        self.host.beep()
        self.notice.show_message(exc.message(current_language()), "error")

    def handle_scan(self, code: str) -> None:
        self._sell(lambda: self._scan(code))

    def _scan(self, code: str) -> None:
        qty_milli = self._qty_from_search()
        try:
            added = self.session.add_code(code, qty_milli)
        except PosError as exc:
            if exc.code == "receipt_code":
                self.host.open_return(code)
                return
            self._refused(exc)
            return
        if qty_milli is not None:
            self.search.clear()
        self._added(added)

    def quick_key(self, product: ProductInfo) -> None:
        """A tap on a quick key sells the product as the catalogue has it now (``TillSession.product_now``)."""
        self._sell(lambda: self._quick_key(product))

    def _quick_key(self, product: ProductInfo) -> None:
        try:
            current = self.session.product_now(product)
        except PosError as exc:
            self._refused(exc)
            self.quick_keys_stale = True
            return
        self.add_product(current)

    def add_product(self, product: ProductInfo) -> None:
        self._sell(lambda: self._add_product(product))

    def _add_product(self, product: ProductInfo) -> None:
        qty_milli, _rest = split_qty_prefix(self.search.text())
        if product.weighed and qty_milli is None:
            dialog = NumberDialog(
                tr("Weight"),
                tr("{name}: weight in {unit}").format(
                    name=product.name(current_language()), unit=product.unit
                ),
                parent=self.window(),
            )
            if not run_modal(dialog) or dialog.value is None:
                return
            qty_milli = dialog.value
        try:
            added = self.session.add_product(product, qty_milli)
        except PosError as exc:
            self._refused(exc)
            return
        self.search.clear()
        self._added(added)

    def _added(self, added: AddedLine) -> None:
        self.select_row(added.index)
        line = self.session.cart.lines[added.index]
        lang = current_language()
        text = tr("Added: {name} × {qty}").format(
            name=added.product.name(lang),
            qty=qty(line.qty_milli, lang, added.product.unit if added.product.weighed else ""),
        )
        if added.warnings:
            warnings = " · ".join(tr(WARNING_TEXTS[w]) for w in added.warnings)
            self.notice.show_message(f"{text}. {warnings}", "warn")
        else:
            self.notice.show_message(text, "ok", 3000)
        self.host.customer_display_update()

    def _search_changed(self, _text: str) -> None:
        self._search_timer.start()

    def waiting(self) -> bool:
        return self._search_timer.isActive()

    def run_search(self, then: Callable[[], None] | None = None) -> None:
        """Search on the executor; the answer shows only if the box still says what was searched for."""
        self._search_timer.stop()
        text = self.search.text()
        _qty, query = split_qty_prefix(text)
        if not query.strip():
            self._show_results(text, [], then)
            return
        self._search_seq += 1
        asked = self._search_seq

        def search(session: TillSession) -> list[ProductInfo] | None:
            if asked != self._search_seq and then is None:
                return None  # typed on meanwhile: the newer search answers
            return session.search(query, 30)

        self.till.op(search, parent=self, reads_only=True).success(
            lambda products: None if products is None else self._show_results(text, products, then)
        ).run()

    def _show_results(self, text: str, products: list[ProductInfo], then: Callable[[], None] | None) -> None:
        if text != self.search.text():
            return  # typed on meanwhile: a newer search is on its way
        self._searched = text
        self.results_model.set_products(products)
        if not split_qty_prefix(text)[1].strip():
            self.right_stack.setCurrentIndex(0)
        else:
            self.right_stack.setCurrentIndex(1 if products else 2)
            if products:
                self.results.setCurrentIndex(self.results_model.index(0, 0))
        self._update_right_title()
        self.search_shown.emit()
        if then is not None:
            then()

    def _flush_search(self, then: Callable[[], None] | None = None) -> None:
        """Results for what the box says now, then ``then()``: a search still waiting to start runs at once.

        Results already on screen for this text stay as they are, with the hit the cashier moved to (↑/↓):
        searching again would put the highlight back on the first hit and sell the wrong product.
        """
        if self._search_timer.isActive() or self._searched != self.search.text():
            self.run_search(then)
        elif then is not None:
            then()

    def search_enter(self) -> None:
        """Enter in the search box: add the highlighted result, or treat the text as a typed code."""
        self._flush_search(then=self._enter_result)

    def _enter_result(self) -> None:
        qty_milli, query = split_qty_prefix(self.search.text())
        query = query.strip()
        if not query:
            return
        index = self.results.currentIndex()
        if self.results_model.products and index.isValid():
            self.add_product(self.results_model.products[index.row()])
            return
        self._sell(lambda: self._typed_code(query, qty_milli))

    def _typed_code(self, query: str, qty_milli: int | None) -> None:
        try:
            added = self.session.add_code(query, qty_milli)
        except PosError as exc:
            self._refused(exc)
            return
        self.search.clear()
        self._added(added)

    # --- line and sale actions -----------------------------------------------------------------------------------
    def _need_line(self) -> int | None:
        row = self.selected_row()
        if row is None:
            self.notice.show_message(tr("Pick a line first (Up/Down arrows or tap it)"), "warn")
        return row

    def change_qty(self) -> None:
        row = self._need_line()
        if row is None:
            return
        line = self.session.cart.lines[row]
        lang = current_language()
        dialog = NumberDialog(
            tr("Quantity"),
            tr("{name}: new quantity").format(name=line.product.name(lang)),
            qty(line.qty_milli, lang),
            parent=self.window(),
        )
        if run_modal(dialog) and dialog.value is not None:
            self.set_qty(row, dialog.value)

    def set_qty(self, row: int, qty_milli: int) -> None:
        """On the executor: a lower quantity is logged as a line void (a write)."""

        def done(_none: None) -> None:
            self.select_row(row)
            self.host.customer_display_update()

        self.till.op(lambda s: s.set_qty(row, qty_milli), parent=self).success(done).failure(
            lambda exc: self.notice.show_message(exc.message(current_language()), "error")
        ).run()

    def override_price(self) -> None:
        """Sell the picked line at another unit price; without the right, a manager approves it by PIN."""
        row = self._need_line()
        if row is None:
            return
        line = self.session.cart.lines[row]
        dialog = PriceDialog(
            tr("Price override"),
            tr("{name}: new unit price (catalogue price {price})").format(
                name=line.product.name(current_language()), price=money(line.product.price)
            ),
            str(line.unit_price),
            parent=self.window(),
        )
        if not run_modal(dialog) or dialog.value is None:
            return
        price = dialog.value
        session = self.session

        def done(_none: None) -> None:
            self.select_row(row)
            self.notice.show_message(
                tr("{name} now sells at {price}").format(
                    name=line.product.name(current_language()), price=money(price)
                ),
                "ok",
                3000,
            )
            self.host.customer_display_update()

        self.host.guarded(
            lambda approval: session.set_unit_price(row, price, approval),
            frozenset({Permission.PRICE_OVERRIDE}),
            tr("Changing a price needs a manager. A manager approves it with their PIN."),
        ).success(done).failure(
            lambda exc: self.notice.show_message(exc.message(current_language()), "error")
        ).cancelled(lambda: self.select_row(row)).run()

    def line_discount(self) -> None:
        row = self._need_line()
        if row is None:
            return
        line = self.session.cart.lines[row]
        dialog = DiscountDialog(
            tr("Line discount"),
            tr("{name} — line amount {amount}").format(
                name=line.product.name(current_language()), amount=money(line.gross)
            ),
            parent=self.window(),
        )
        if run_modal(dialog) and dialog.value is not None:
            session = self.session
            self._apply_discount(
                dialog.value, line.gross, lambda d, a: session.set_line_discount(row, d, a), row
            )

    def sale_discount(self) -> None:
        if self.session.cart.is_empty:
            return
        base = self.session.cart.totals().subtotal
        dialog = DiscountDialog(
            tr("Sale discount"), tr("Whole sale — {amount}").format(amount=money(base)), parent=self.window()
        )
        if run_modal(dialog) and dialog.value is not None:
            self._apply_discount(dialog.value, base, self.session.set_sale_discount)

    def _apply_discount(
        self,
        discount: Discount,
        base: int,
        apply: Callable[[Discount, Approval | None], None],
        row: int | None = None,
    ) -> None:
        """Apply within the person's limit; above it, a manager approves on the spot with a PIN (audited)."""

        def after() -> None:
            if row is not None:
                self.select_row(row)

        self.host.guarded(
            lambda approval: apply(discount, approval),
            frozenset({Permission.DISCOUNT_ABOVE_LIMIT}),
            tr("This discount is above your limit. A manager approves it with their PIN."),
        ).success(lambda _none: self.host.customer_display_update()).failure(
            lambda exc: self.notice.show_message(exc.message(current_language()), "error")
        ).finally_(after).run()

    def remove_line(self) -> None:
        row = self._need_line()
        if row is None:
            return
        name = self.cart_model.totals.lines[row].line.product.name(current_language())

        def removed(_none: None) -> None:
            self.notice.show_message(tr("Removed: {name}").format(name=name), "info", 3000)
            if self.cart_model.rowCount():
                self.select_row(min(row, self.cart_model.rowCount() - 1))
            self.host.customer_display_update()

        self.till.op(lambda s: s.remove(row), parent=self).success(removed).failure(
            lambda exc: self.notice.show_message(exc.message(current_language()), "error")
        ).run()

    def clear_sale(self) -> None:
        if self.session.cart.is_empty:
            return
        dialog = ConfirmDialog(
            tr("Clear sale"),
            tr("Remove every line of this sale? Nothing is saved."),
            QT_TR_NOOP("Clear sale"),
            self.window(),
        )
        if run_modal(dialog):

            def cleared(_none: None) -> None:
                self.notice.show_message(tr("Sale cleared"), "info", 3000)
                self.host.customer_display_update()

            self.till.op(lambda s: s.void_cart(), parent=self).success(cleared).failure(
                lambda exc: self.notice.show_message(exc.message(current_language()), "error")
            ).run()

    def park(self) -> None:
        def parked(p: ParkedSale) -> None:
            self.notice.show_message(
                tr("Parked as #{n} ({total}). Recall it with F8.").format(n=p.number, total=money(p.total)),
                "ok",
            )
            self.refresh()
            self.host.customer_display_update()

        self.till.op(lambda s: s.park(), parent=self).success(parked).failure(
            lambda exc: self.notice.show_message(exc.message(current_language()), "error")
        ).run()

    def pay(self) -> None:
        if self.session.cart.is_empty:
            self.notice.show_message(tr("The cart is empty"), "warn")
            return
        self.host.go("payment")

    def toggle_customer_lang(self) -> None:
        def toggle() -> None:
            self.session.set_customer_lang(next_customer_language(self.session.customer_lang))
            self.host.customer_display_update()

        self._sell(toggle)

    def show_completed(self, sale: CommittedSale) -> None:
        if sale.kind == "return":
            text = tr("Refund {label} saved: give back {amount}").format(
                label=sale.receipt_label, amount=money(-sale.total)
            )
        elif sale.change_due:
            text = tr("Sale {label} saved. Change to give: {change}").format(
                label=sale.receipt_label, change=money(sale.change_due)
            )
        else:
            text = tr("Sale {label} saved. No change due.").format(label=sale.receipt_label)
        self.notice.show_message(text, "ok", 20000)

    # --- keys --------------------------------------------------------------------------------------------------------
    def handle_key(self, event: QKeyEvent) -> bool:
        key = Qt.Key(event.key())
        actions = {
            Qt.Key.Key_F1: lambda: self.host.go("menu"),
            Qt.Key.Key_F2: self.focus_search,
            Qt.Key.Key_F3: self.change_qty,
            Qt.Key.Key_F4: (
                self.override_price
                if event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                else self.line_discount
            ),
            Qt.Key.Key_F5: self.sale_discount,
            Qt.Key.Key_F6: self.remove_line,
            Qt.Key.Key_F7: self.park,
            Qt.Key.Key_F8: lambda: self.host.go("parked"),
            Qt.Key.Key_F9: self.clear_sale,
            Qt.Key.Key_F10: lambda: self.host.go("returns"),
            Qt.Key.Key_F11: self.toggle_customer_lang,
            Qt.Key.Key_F12: (
                self.vat_refund if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else self.pay
            ),
        }
        if key in actions:
            actions[key]()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            if self.search.text().strip():  # the results for the text typed, then the next or previous hit
                self._flush_search(then=lambda: self._move_hit(step))
            else:
                self._move_hit(step)
            return True
        if key == Qt.Key.Key_Escape and self.search.text():
            self.search.clear()
            return True
        if key == Qt.Key.Key_Delete and not self.search.text():
            self.remove_line()
            return True
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Minus) and not self.search.text() and self.session.cart.lines:
            picked = self.selected_row()
            if picked is not None:
                line = self.session.cart.lines[picked]
                if not line.product.weighed and line.fixed_amount is None:
                    new = line.qty_milli + (1000 if key == Qt.Key.Key_Plus else -1000)
                    if new > 0:
                        self.set_qty(picked, new)
                    else:
                        self.remove_line()
            return True
        if not self.search.hasFocus() and event.text() and event.text().isprintable():
            self.search.setFocus()
        return False

    def _move_hit(self, step: int) -> None:
        """↑/↓: the next or previous search hit while hits show for the text typed, else the cart's line."""
        if self.right_stack.currentIndex() == 1 and self.search.text().strip():
            row = max(0, min(self.results.currentIndex().row() + step, self.results_model.rowCount() - 1))
            self.results.setCurrentIndex(self.results_model.index(row, 0))
            self.results.scrollTo(self.results_model.index(row, 0))
        elif self.session.cart.lines:
            current = self.selected_row()
            target = len(self.session.cart.lines) - 1 if current is None else current + step
            self.select_row(max(0, min(target, len(self.session.cart.lines) - 1)))

    def vat_refund(self) -> None:
        """Shift+F12 right after a sale: the VAT refund form for a foreign traveller, for that sale."""
        last = self.session.last_sale
        if self.session.cart.lines or last is None or last.kind != "sale":
            self.notice.show_message(
                tr(
                    "The VAT refund form is made right after the sale is paid (Shift+F12), or from the menu (F1, F9)"
                ),
                "warn",
            )
            return
        from ui.vat_refund_dialog import VatRefundDialog

        dialog = VatRefundDialog(
            self.till, last.id, last.receipt_label, self.host.printing.print_document, self.window()
        )
        if run_modal(dialog) and dialog.form is not None:
            self.notice.show_message(
                tr("VAT refund form {no} issued and sent to the printer").format(no=dialog.form.form_no), "ok"
            )

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
