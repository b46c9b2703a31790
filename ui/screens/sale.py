"""The sale screen, where a cashier spends the day: scan or search, adjust, park, take payment.

Layout (works from 1024×768): on the left the search box over the cart and the line actions; on the right the
quick keys (or the search results while typing), the totals with the one big next action, Pay.
Everything is reachable by keyboard (the keys are printed on the buttons) and by touch.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pos.catalogue.lookup import ProductInfo
from pos.errors import CartError, PosError
from pos.selling.cart import Discount
from pos.selling.checkout import CommittedSale
from pos.staff.permissions import Approval, Permission
from pos.till.scan import AddedLine, split_qty_prefix
from ui.delegates import NameDelegate, ProductDelegate, StarsDelegate, wrap_lines
from ui.dialogs import ConfirmDialog, DiscountDialog, NumberDialog, PriceDialog
from ui.formatting import money, qty
from ui.i18n import current_language, next_customer_language, tr
from ui.modal import run_modal
from ui.models import WARNING_TEXTS, CartModel, ProductListModel
from ui.qt import (
    QT_TR_NOOP,
    QAbstractItemView,
    QColor,
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
    QTableView,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from ui.restart_notices import restored_cart_text
from ui.screens.base import Screen
from ui.theme import COLORS, icon, product_pixmap, set_role
from ui.widgets import ActionButton, NoticeBar, heading

if TYPE_CHECKING:
    from ui.screens.host import ScreenHost


#: How many quick keys: the favourites, then products without a barcode (``Catalogue.quick_keys``).
QUICK_KEYS = 30
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
    """The running totals and, after a sale, the change to hand back."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("TotalsCard")
        grid = QGridLayout(self)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        self.items_label = QLabel()
        self.items_value = QLabel()
        self.discount_label = QLabel()
        self.discount_value = QLabel()
        self.vat_label = QLabel()
        self.vat_value = QLabel()
        for w in (self.items_label, self.discount_label, self.vat_label):
            set_role(w, "muted")
        for w in (self.items_value, self.discount_value, self.vat_value):
            w.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        set_role(self.discount_value, "discount")
        self.total_label = QLabel()
        set_role(self.total_label, "total-label")
        self.total_value = QLabel()
        set_role(self.total_value, "total")
        self.total_value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.grid = grid
        self.vat_value.setWordWrap(True)
        self.compact = True
        self.set_compact(False)

    def set_compact(self, compact: bool) -> None:
        """In a narrow panel the VAT breakdown and the total go under their captions, each on its own line."""
        if compact == self.compact:
            return
        self.compact = compact
        grid = self.grid
        for w in (*self._pairs(), self.total_label, self.total_value):
            grid.removeWidget(w)
        grid.addWidget(self.items_label, 0, 0)
        grid.addWidget(self.items_value, 0, 1)
        grid.addWidget(self.discount_label, 1, 0)
        grid.addWidget(self.discount_value, 1, 1)
        if compact:
            grid.addWidget(self.vat_label, 2, 0, 1, 2)
            grid.addWidget(self.vat_value, 3, 0, 1, 2)
            grid.addWidget(self.total_label, 4, 0, 1, 2)
            grid.addWidget(self.total_value, 5, 0, 1, 2)
        else:
            grid.addWidget(self.vat_label, 2, 0)
            grid.addWidget(self.vat_value, 2, 1)
            grid.addWidget(self.total_label, 3, 0, Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(self.total_value, 3, 1)
        grid.setColumnStretch(1, 1)

    def _pairs(self) -> tuple[QLabel, ...]:
        return (
            self.items_label,
            self.items_value,
            self.discount_label,
            self.discount_value,
            self.vat_label,
            self.vat_value,
        )


class SaleScreen(Screen):
    name = "sale"

    def __init__(self, host: ScreenHost) -> None:
        super().__init__(host)
        self.cart_model = CartModel(lambda: self.session.cart, self.session.today)
        self.results_model = ProductListModel(self.session.today)
        self._build()
        self.till.cart_changed.connect(self.refresh)
        self.till.staff_changed.connect(self._staff_changed)
        self.till.customer_lang_changed.connect(lambda _l: self._update_customer_lang())
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(120)
        self._search_timer.timeout.connect(self.run_search)
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

        self.table = QTableView()
        self.table.setObjectName("CartTable")
        self.table.setModel(self.cart_model)
        self.name_delegate = NameDelegate(self.table)
        self.table.setItemDelegateForColumn(CartModel.COL_NAME, self.name_delegate)
        self.table.selectionModel().selectionChanged.connect(self._picked_changed)
        self.table.setItemDelegateForColumn(CartModel.COL_STARS, StarsDelegate(self.table))
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
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
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
        while self.quick_grid.count():
            item = self.quick_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        self.tiles = []
        self.quick_keys_stale = False
        for product in self.session.quick_keys(QUICK_KEYS):
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
        self.table.resizeRowsToContents()

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
        self._update_right_title()
        self._update_customer_lang()
        self.refresh()
        self.update()

    def add_camera_panel(self, panel: QWidget) -> None:
        """The optional camera preview goes above the quick keys."""
        self.right_layout.insertWidget(0, panel, 1)

    def _update_customer_lang(self) -> None:
        self.customer_lang.suffix = f" {self.session.customer_lang.upper()}"
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
                text = restored_cart_text(
                    restored, self.host.unclean_stop is not None, bool(self.session.approvals_needed())
                )
                self.notice.show_message(text, "warn", 0)

    def refresh(self) -> None:
        self.cart_model.refresh()
        totals = self.cart_model.totals
        cart = self.session.cart
        self.cart_stack.setCurrentIndex(0 if cart.lines else 1)
        n = cart.item_count()
        self.totals.items_label.setText(tr("Items"))
        items = tr("%n items", "", n)
        lines = tr("%n lines", "", len(cart.lines))
        self.totals.items_value.setText(f"{items}, {lines}")
        self.totals.discount_label.setText(tr("Discount"))
        self.totals.discount_value.setText(
            f"−{money(totals.discount_total)}" if totals.discount_total else "—"
        )
        self.totals.vat_label.setText(tr("VAT included"))
        last = self.session.last_sale
        after_sale = not cart.lines and last is not None and last.kind == "sale"
        # After a sale the panel is about that sale: its VAT, not the empty next cart's (which was "0 ₫").
        vat_rows = last.vat if after_sale and last is not None else totals.vat
        vat_parts = [f"{r.rate_pct}%: {money(r.vat)}" for r in vat_rows if r.vat]
        self.totals.vat_value.setText(" · ".join(vat_parts) if vat_parts else money(0))
        self.table.setColumnHidden(CartModel.COL_DISCOUNT, not totals.discount_total)
        if after_sale and last is not None:
            self.totals.total_label.setText(tr("CHANGE"))
            self.totals.total_value.setText(money(last.change_due))
            set_role(self.totals.total_value, "change")
            self.totals.items_label.setText(tr("Last sale"))
            self.totals.items_value.setText(f"{last.receipt_label} · {money(last.total)}")
        else:
            self.totals.total_label.setText(tr("TOTAL"))
            self.totals.total_value.setText(money(totals.total))
            set_role(self.totals.total_value, "total")
        set_role(self.totals.discount_value, "discount" if totals.discount_total else "muted")
        for w in (self.totals.discount_label, self.totals.discount_value):  # "—" is room a narrow panel lacks
            w.setVisible(bool(totals.discount_total) or not self.compact)
        self.pay_button.setEnabled(bool(cart.lines))
        line_buttons = (self.b_qty, self.b_price, self.b_line_disc, self.b_remove, self.b_sale_disc)
        for b in (*line_buttons, self.b_park, self.b_clear):
            b.setEnabled(bool(cart.lines))
        count = self.session.parked_count
        self.b_recall.suffix = f" ({count})" if count else ""
        self.b_recall.retranslate()
        if cart.lines and self.selected_row() is None:
            self.select_row(len(cart.lines) - 1)

    def _picked_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        """On a 1024-pixel screen the picked line shows its whole name (two lines), the others one."""
        if not self.compact:
            return
        for selection in (deselected, selected):
            for index in selection.indexes():
                if index.column() == CartModel.COL_NAME:
                    self.table.resizeRowToContents(index.row())

    def selected_row(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row = rows[0].row()
        return row if row < len(self.session.cart.lines) else None

    def select_row(self, row: int) -> None:
        if 0 <= row < self.cart_model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.cart_model.index(row, 0))

    # --- adding ------------------------------------------------------------------------------------------------
    def _qty_from_search(self) -> int | None:
        qty_milli, rest = split_qty_prefix(self.search.text())
        if qty_milli is not None and not rest:
            return qty_milli
        return None

    def handle_scan(self, code: str) -> None:
        qty_milli = self._qty_from_search()
        try:
            added = self.session.add_code(code, qty_milli)
        except PosError as exc:
            if exc.code == "receipt_code":
                self.host.open_return(code)
                return
            self.host.beep()
            self.notice.show_message(exc.message(current_language()), "error")
            return
        if qty_milli is not None:
            self.search.clear()
        self._added(added)

    def quick_key(self, product: ProductInfo) -> None:
        """A tap on a quick key sells the product as the catalogue has it now (``TillSession.product_now``)."""
        try:
            current = self.session.product_now(product)
        except PosError as exc:
            self.host.beep()
            self.notice.show_message(exc.message(current_language()), "error")
            self.quick_keys_stale = True
            return
        self.add_product(current)

    def add_product(self, product: ProductInfo) -> None:
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
            self.host.beep()
            self.notice.show_message(exc.message(current_language()), "error")
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

    def run_search(self) -> None:
        self._search_timer.stop()
        self._searched = self.search.text()
        _qty, query = split_qty_prefix(self._searched)
        if not query.strip():
            self.results_model.set_products([])
            self.right_stack.setCurrentIndex(0)
        else:
            products = self.session.search(query, 30)
            self.results_model.set_products(products)
            self.right_stack.setCurrentIndex(1 if products else 2)
            if products:
                self.results.setCurrentIndex(self.results_model.index(0, 0))
        self._update_right_title()

    def _flush_search(self) -> None:
        """Results for what the box says now: a search still waiting for the typing to pause runs at once.

        Results already on screen for this text stay as they are, with the hit the cashier moved to (↑/↓):
        searching again would put the highlight back on the first hit and sell the wrong product.
        """
        if self._search_timer.isActive() or self._searched != self.search.text():
            self.run_search()

    def search_enter(self) -> None:
        """Enter in the search box: add the highlighted result, or treat the text as a typed code."""
        self._flush_search()
        qty_milli, query = split_qty_prefix(self.search.text())
        query = query.strip()
        if not query:
            return
        index = self.results.currentIndex()
        if self.results_model.products and index.isValid():
            self.add_product(self.results_model.products[index.row()])
            return
        try:
            added = self.session.add_code(query, qty_milli)
        except PosError as exc:
            self.host.beep()
            self.notice.show_message(exc.message(current_language()), "error")
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
        try:
            self.session.set_qty(row, qty_milli)
        except PosError as exc:
            self.notice.show_message(exc.message(current_language()), "error")
            return
        self.select_row(row)
        self.host.customer_display_update()

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

        def attempt(approval: Approval | None) -> bool:
            self.session.set_unit_price(row, price, approval)
            return True

        try:
            done = self.host.guarded(
                attempt,
                frozenset({Permission.PRICE_OVERRIDE}),
                tr("Changing a price needs a manager. A manager approves it with their PIN."),
            )
        except PosError as exc:
            self.notice.show_message(exc.message(current_language()), "error")
            return
        self.select_row(row)
        if done:
            self.notice.show_message(
                tr("{name} now sells at {price}").format(
                    name=line.product.name(current_language()), price=money(price)
                ),
                "ok",
                3000,
            )
            self.host.customer_display_update()

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
            self._apply_discount(
                dialog.value, line.gross, lambda d, a: self.session.set_line_discount(row, d, a)
            )
            self.select_row(row)

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
        self, discount: Discount, base: int, apply: Callable[[Discount, Approval | None], None]
    ) -> None:
        """Apply within the person's limit; above it, a manager approves on the spot with a PIN (audited)."""

        def attempt(approval: Approval | None) -> bool:
            apply(discount, approval)
            return True

        try:
            done = self.host.guarded(
                attempt,
                frozenset({Permission.DISCOUNT_ABOVE_LIMIT}),
                tr("This discount is above your limit. A manager approves it with their PIN."),
            )
        except PosError as exc:
            self.notice.show_message(exc.message(current_language()), "error")
            return
        if done:
            self.host.customer_display_update()

    def remove_line(self) -> None:
        row = self._need_line()
        if row is None:
            return
        name = self.session.cart.lines[row].product.name(current_language())
        try:
            self.session.remove(row)
        except PosError as exc:
            self.notice.show_message(exc.message(current_language()), "error")
            return
        self.notice.show_message(tr("Removed: {name}").format(name=name), "info", 3000)
        if self.session.cart.lines:
            self.select_row(min(row, len(self.session.cart.lines) - 1))
        self.host.customer_display_update()

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
            try:
                self.session.void_cart()
            except PosError as exc:
                self.notice.show_message(exc.message(current_language()), "error")
                return
            self.notice.show_message(tr("Sale cleared"), "info", 3000)
            self.host.customer_display_update()

    def park(self) -> None:
        try:
            parked = self.session.park()
        except CartError as exc:
            self.notice.show_message(exc.message(current_language()), "error")
            return
        self.notice.show_message(
            tr("Parked as #{n} ({total}). Recall it with F8.").format(
                n=parked.number, total=money(parked.total)
            ),
            "ok",
        )
        self.refresh()
        self.host.customer_display_update()

    def pay(self) -> None:
        if self.session.cart.is_empty:
            self.notice.show_message(tr("The cart is empty"), "warn")
            return
        self.host.go("payment")

    def toggle_customer_lang(self) -> None:
        self.session.set_customer_lang(next_customer_language(self.session.customer_lang))
        self.host.customer_display_update()

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
            Qt.Key.Key_F12: self.pay,
        }
        if key in actions:
            actions[key]()
            return True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            if self.search.text().strip():
                self._flush_search()
            if self.right_stack.currentIndex() == 1 and self.search.text().strip():
                row = max(0, min(self.results.currentIndex().row() + step, self.results_model.rowCount() - 1))
                self.results.setCurrentIndex(self.results_model.index(row, 0))
                self.results.scrollTo(self.results_model.index(row, 0))
            elif self.session.cart.lines:
                current = self.selected_row()
                target = len(self.session.cart.lines) - 1 if current is None else current + step
                self.select_row(max(0, min(target, len(self.session.cart.lines) - 1)))
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

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
