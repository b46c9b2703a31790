"""Products and prices: find a product (type or scan), change its names, unit, VAT class, OCOP stars, quick
key and barcodes, whether it is sold on consignment (and the shop's commission) and its low-stock threshold, and
give it a new price — at once or from a chosen date (the old price sells until then); or add a new product. Every rule and the audit entry are the core's (``pos.inventory.products``, ``.prices``).
Shelf labels of the open product go to the receipt printer through the till's print worker."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos.digital_link import public_host
from pos.errors import PosError
from pos.inventory.labels import label_doc, shelf_labels
from pos.inventory.pictures import import_picture, set_picture
from pos.inventory.prices import price_history
from pos.inventory.products import ProductInput, create_product, load_product, update_product
from pos.inventory.terms import (
    ProductTerms,
    format_bp,
    parse_percent_bp,
    parse_threshold_milli,
    product_terms,
)
from pos.money import parse_vnd
from pos.shifts.document import shop_header
from pos.staff.member import StaffMember
from pos.staff.permissions import Approval, Permission
from pos.till.terminal import Terminal
from ui.formatting import money, qty
from ui.i18n import current_language, decimal_point, tr
from ui.manager.base import ApprovalAsker, ManagerScreen, card, form_scroll, label, row_table
from ui.manager.base import caption as form_caption
from ui.manager.table_model import ReportTableModel, gui_column, gui_table
from ui.qt import (
    QT_TR_NOOP,
    QCheckBox,
    QComboBox,
    QDate,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QResizeEvent,
    QSpinBox,
    Qt,
    QVBoxLayout,
)
from ui.theme import product_pixmap, set_role
from ui.vat_names import vat_class_name

if TYPE_CHECKING:
    from ui.printing import TillPrinter

#: The form's captions, by field.
CAPTIONS: dict[str, str] = {
    "sku": QT_TR_NOOP("Product code (SKU)"),
    "name_vi": QT_TR_NOOP("Name (Vietnamese)"),
    "name_en": QT_TR_NOOP("Name (English)"),
    "name_zh": QT_TR_NOOP("Name (Chinese)"),
    "name_ko": QT_TR_NOOP("Name (Korean)"),
    "unit": QT_TR_NOOP("Unit of sale"),
    "price": QT_TR_NOOP("Price (₫)"),
    "price_from": QT_TR_NOOP("New price from"),
    "vat_class": QT_TR_NOOP("VAT class"),
    "stars": QT_TR_NOOP("OCOP stars (0 = none)"),
    "favourite": QT_TR_NOOP("Quick key"),
    "barcodes": QT_TR_NOOP("Barcodes"),
    "consigned": QT_TR_NOOP("Consignment"),
    "commission": QT_TR_NOOP("Shop commission (%)"),
    "low_stock": QT_TR_NOOP("Low-stock threshold"),
}


class ProductsScreen(ManagerScreen):
    def __init__(
        self,
        terminal: Terminal,
        actor: StaffMember,
        ask_approval: ApprovalAsker | None = None,
        *,
        printing: TillPrinter | None = None,
    ) -> None:
        super().__init__(terminal, actor, ask_approval)
        self.printing = printing  # ui.printing.TillPrinter, or None (no shelf labels)
        self.product_id: str | None = None
        self.loaded: ProductInput | None = None
        self.found: list[tuple[str, str]] = []  # (product id, sku) of the rows shown

        row = QHBoxLayout()
        row.setSpacing(16)
        left_card, left = card()
        self.search = QLineEdit()
        self.search.setMinimumHeight(42)
        self.search.textChanged.connect(lambda _t: self.run_search())
        self.search.returnPressed.connect(self._search_enter)
        left.addWidget(self.search)
        self.results = ReportTableModel()
        self.view = row_table(self.results, single=True)
        self.view.clicked.connect(lambda index: self.open_row(index.row()))
        left.addWidget(self.view, 1)
        row.addWidget(left_card, 1)

        right_card, right = card()
        self.form_title = label("", "h3")
        right.addWidget(self.form_title)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.setHorizontalSpacing(12)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.form = form
        self.sku = QLineEdit()
        self.name_vi = QLineEdit()
        self.name_en = QLineEdit()
        # The tourists' names, for their receipt and the customer display (empty: the Vietnamese name).
        self.name_zh = QLineEdit()
        self.name_ko = QLineEdit()
        self.unit = QLineEdit()
        self.price = QLineEdit()
        self.price_from = QDateEdit()
        self.price_from.setCalendarPopup(True)
        self.price_from.setDisplayFormat("dd/MM/yyyy")
        self.vat_class = QComboBox()
        self.vat_class.setObjectName("vat_class")
        for code in sorted(terminal.vat.classes(), key=lambda c: (self._rate_today(c), c)):  # 0, 5, 8, 10 %
            self.vat_class.addItem(code, code)  # the stored code as data; its name is set in retranslate
        self.stars = QSpinBox()
        self.stars.setRange(0, 5)
        self.favourite = QCheckBox()
        self.barcodes = QLineEdit()
        self.commission = QLineEdit()
        self.consigned = QCheckBox()
        self.consigned.toggled.connect(self._consigned_toggled)
        self.consigned.clicked.connect(lambda on: self.commission.setFocus() if on else None)
        self.low_stock = QLineEdit()
        self.captions: dict[str, QLabel] = {}
        for key, widget in (
            ("sku", self.sku),
            ("name_vi", self.name_vi),
            ("name_en", self.name_en),
            ("name_zh", self.name_zh),
            ("name_ko", self.name_ko),
            ("unit", self.unit),
            ("price", self.price),
            ("price_from", self.price_from),
            ("vat_class", self.vat_class),
            ("stars", self.stars),
            ("favourite", self.favourite),
            ("barcodes", self.barcodes),
            ("consigned", self.consigned),
            ("commission", self.commission),
            ("low_stock", self.low_stock),
        ):
            caption = form_caption()
            self.captions[key] = caption
            widget.setMinimumHeight(38)
            form.addRow(caption, widget)
        right.addLayout(form)
        pictures = QHBoxLayout()
        self.picture = QLabel()
        self.picture.setFixedSize(72, 72)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture_button = QPushButton()
        self.picture_button.setMinimumHeight(40)
        self.picture_button.clicked.connect(self.choose_picture)
        self.no_picture_button = QPushButton()
        self.no_picture_button.setMinimumHeight(40)
        self.no_picture_button.clicked.connect(lambda: self.change_picture(None))
        pictures.addWidget(self.picture)
        pictures.addWidget(self.picture_button, 1)
        pictures.addWidget(self.no_picture_button)
        right.addLayout(pictures)
        self.stock = label("", "muted")
        right.addWidget(self.stock)
        self.history_title = label("", "muted")
        right.addWidget(self.history_title)
        self.history = QLabel()
        self.history.setWordWrap(True)
        right.addWidget(self.history)
        buttons = QHBoxLayout()
        self.new_button = QPushButton()
        self.new_button.setMinimumHeight(46)
        self.new_button.clicked.connect(self.new_product)
        self.save_button = QPushButton()
        self.save_button.setMinimumHeight(46)
        set_role(self.save_button, "primary")
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        labels = QHBoxLayout()
        self.label_copies = QSpinBox()
        self.label_copies.setRange(1, 50)
        self.label_copies.valueChanged.connect(lambda _n: self._label_suffix())
        self.label_copies.setMinimumHeight(46)
        self.label_button = QPushButton()
        self.label_button.setMinimumHeight(46)
        self.label_button.clicked.connect(self.print_labels)
        labels.addWidget(self.label_copies)
        labels.addWidget(self.label_button, 1)
        right.addLayout(labels)
        self.status = label("", "muted")
        self.status.setWordWrap(True)
        right.addWidget(self.status)
        right.addWidget(self.message)
        right.addStretch(1)
        scroll = form_scroll(right_card)
        self.form_scroll = scroll
        row.addWidget(scroll, 1)
        wrap = QVBoxLayout()
        wrap.addLayout(row, 1)
        self.outer.addLayout(wrap, 1)
        self.new_product()
        self.retranslate()

    def _rate_today(self, code: str) -> int:
        try:
            return self.terminal.vat.rate(code, dt.date.today())
        except PosError:
            return 100  # no rate today: last

    def resizeEvent(self, event: QResizeEvent) -> None:
        """On a narrow screen the captions go above their fields, so the fields keep a usable width."""
        super().resizeEvent(event)
        policy = (
            QFormLayout.RowWrapPolicy.WrapAllRows
            if self.width() < 1100
            else QFormLayout.RowWrapPolicy.DontWrapRows
        )
        if self.form.rowWrapPolicy() != policy:
            self.form.setRowWrapPolicy(policy)
            narrow = policy == QFormLayout.RowWrapPolicy.WrapAllRows
            for widget in self.captions.values():
                widget.setMinimumHeight(0 if narrow else 40)
            self.view.setColumnHidden(0, narrow)  # the SKU is in the form; the name needs the room

    # --- finding -----------------------------------------------------------------------------------------------
    def run_search(self) -> None:
        query = self.search.text().strip()
        products = (
            self.terminal.catalogue.search(query, 40) if query else self.terminal.catalogue.favourites(40)
        )
        self.found = [(p.id, p.sku) for p in products]
        cols = (
            gui_column("sku", tr("SKU")),
            gui_column("name", tr("Product")),
            gui_column("price", tr("Selling price"), "money"),
            gui_column("stock", tr("In stock"), "qty"),
        )
        lang = current_language()
        rows = tuple((p.sku, p.name(lang), p.price, p.stock_milli) for p in products)
        self.results.set_table(gui_table("products", tr("Products"), cols, rows))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)

    def _search_enter(self) -> None:
        if self.found:
            self.open_row(0)

    def scan_code(self, code: str) -> None:
        """A scanned barcode opens that product."""
        self.show_error(None)
        try:
            product = self.terminal.catalogue.resolve(code).product
        except PosError as exc:
            self.show_error(exc)
            return
        self.open_product(product.id)

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.found):
            self.view.selectRow(row)
            self.open_product(self.found[row][0])

    def open_product(self, product_id: str) -> None:
        self.show_error(None)
        try:
            data = load_product(self.engine, product_id)
        except PosError as exc:
            self.show_error(exc)
            return
        self.product_id, self.loaded = product_id, data
        self.sku.setText(data.sku)
        self.sku.setReadOnly(True)
        self.name_vi.setText(data.name_vi)
        self.name_en.setText(data.name_en)
        self.name_zh.setText(data.name_zh)
        self.name_ko.setText(data.name_ko)
        self.unit.setText(data.unit)
        self.price.setText(money(data.price).replace(" ₫", ""))
        self.price_from.setDate(QDate.currentDate())
        self.vat_class.setCurrentIndex(max(0, self.vat_class.findData(data.vat_class)))
        self.stars.setValue(data.ocop_stars or 0)
        self.favourite.setChecked(data.favourite)
        self.barcodes.setText(", ".join(data.barcodes))
        self._show_terms(product_terms(self.engine, product_id))
        for edit in (self.sku, self.name_vi, self.name_en, self.name_zh, self.name_ko, self.barcodes):
            edit.setCursorPosition(0)  # show the start of a long name, not its end
        self.status.clear()
        self._show_picture()  # not in retranslate: a language switch reads no pictures
        self.retranslate()

    def new_product(self) -> None:
        """An empty form for a product not in the catalogue yet."""
        self.product_id, self.loaded = None, None
        for edit in (
            self.sku,
            self.name_vi,
            self.name_en,
            self.name_zh,
            self.name_ko,
            self.price,
            self.barcodes,
        ):
            edit.clear()
        self.sku.setReadOnly(False)
        self.unit.setText("cái")
        self.price_from.setDate(QDate.currentDate())
        self.stars.setValue(0)
        self.favourite.setChecked(False)
        self._show_terms(ProductTerms())
        self.status.clear()
        self.show_error(None)
        self._show_picture()
        self.retranslate()

    # --- saving -------------------------------------------------------------------------------------------------
    def form_input(self) -> tuple[ProductInput, dt.date | None]:
        """What the form says, on top of the product as loaded; and the date a new price starts (None: today)."""
        price = parse_vnd(self.price.text().strip() or "0")
        stars = self.stars.value() or None
        codes = tuple(c.strip() for c in self.barcodes.text().replace(";", ",").split(",") if c.strip())
        base = self.loaded or ProductInput(
            sku="", name_vi="", price=0, vat_class=str(self.vat_class.currentData())
        )
        changes: dict[str, Any] = {
            "sku": self.sku.text().strip(),
            "name_vi": self.name_vi.text().strip(),
            "name_en": self.name_en.text().strip(),
            "name_zh": self.name_zh.text().strip(),
            "name_ko": self.name_ko.text().strip(),
            "unit": self.unit.text().strip(),
            "price": price,
            "vat_class": str(self.vat_class.currentData()),
            "ocop_stars": stars,
            "favourite": self.favourite.isChecked(),
            "barcodes": codes,
        }
        if stars is None:  # no stars: no OCOP certificate either
            changes.update(ocop_level=None, ocop_rated_on=None, ocop_certificate_no=None)
        data = dataclasses.replace(base, **changes)
        qdate = self.price_from.date()
        starts = dt.date(qdate.year(), qdate.month(), qdate.day())
        return data, (starts if starts > dt.date.today() else None)

    def _show_terms(self, terms: ProductTerms) -> None:
        self.commission.setText(self._percent_text(terms.commission_bp) if terms.consigned else "")
        self.low_stock.setText("" if terms.low_milli is None else qty(terms.low_milli, current_language()))
        self.consigned.setChecked(terms.consigned)
        self._consigned_toggled(terms.consigned)

    @staticmethod
    def _percent_text(bp: int) -> str:
        text = format_bp(bp)
        return text.replace(".", decimal_point())

    def _consigned_toggled(self, on: bool) -> None:
        """A commission only means something for consigned goods."""
        self.commission.setEnabled(on)

    def form_terms(self) -> ProductTerms:
        """Consignment and low stock as the form says them; a bad number raises ``CatalogueEditError``."""
        consigned = self.consigned.isChecked()
        commission = parse_percent_bp(self.commission.text() or "0") if consigned else 0
        return ProductTerms(consigned, commission, parse_threshold_milli(self.low_stock.text()))

    def save(self) -> str | None:
        """Create or update the product, with its consignment and low-stock terms, in one transaction (editing the
        catalogue needs a manager, or their approval)."""
        self.show_error(None)
        try:
            data, price_from = self.form_input()
            terms = self.form_terms()
        except PosError as exc:
            self.show_error(exc)
            return None
        product_id = self.product_id
        if product_id is None:
            saved = self.guarded(
                lambda approval: create_product(
                    self.engine, self.actor, data, terms=terms, approval=approval
                ),
                frozenset({Permission.EDIT_CATALOGUE}),
            )
        else:
            pid = product_id

            def update(approval: Approval | None) -> str:
                update_product(
                    self.engine, self.actor, pid, data, price_from=price_from, terms=terms, approval=approval
                )
                return pid

            saved = self.guarded(update, frozenset({Permission.EDIT_CATALOGUE}))
        if saved is None:
            return None
        self.open_product(saved)
        when = price_from.strftime("%d/%m/%Y") if price_from else tr("today")
        self.status.setText(tr("Saved {sku} · price from {date}").format(sku=data.sku, date=when))
        self.run_search()
        return saved

    # --- picture ----------------------------------------------------------------------------------------------------
    def _show_picture(self) -> None:
        product = self.terminal.catalogue.by_id(self.product_id) if self.product_id else None
        picture = product.picture if product else None
        category = product.category_code if product else None
        self.picture.setPixmap(product_pixmap(picture, category, 72, self.terminal.settings.home))
        self.picture_button.setEnabled(self.product_id is not None)  # a new product gets one once saved
        self.no_picture_button.setEnabled(bool(picture))

    def choose_picture(self) -> str | None:
        """A photo from a file (any size or shape): kept small under the till's home, shown on the quick keys."""
        path = self.ask_open_path(
            tr("Choose a product picture"),
            tr("Pictures (*.jpg *.jpeg *.png *.webp *.bmp)"),
        )
        return None if path is None else self.change_picture(path)

    def change_picture(self, source: Path | None) -> str | None:
        """Give the open product the picture in ``source`` (None: remove it). Needs the right to edit the
        catalogue, or a manager's approval; returns the stored path ("" when removed), None when refused."""
        self.show_error(None)
        product_id = self.product_id
        if product_id is None:
            return None
        home, sku = self.terminal.settings.home, self.sku.text()

        def act(approval: Approval | None) -> str:
            stored = import_picture(home, sku, source) if source is not None else None
            set_picture(self.engine, self.actor, product_id, stored, approval=approval)
            return stored or ""

        result = self.guarded(act, frozenset({Permission.EDIT_CATALOGUE}))
        if result is not None:
            self.status.setText(tr("Picture saved") if result else tr("Picture removed"))
            self._show_picture()
        return result

    # --- shelf labels ---------------------------------------------------------------------------------------------
    def print_labels(self) -> int:
        """Queue ``label_copies`` shelf labels of the open product (name, price, OCOP stars, origin, barcode) on
        the receipt printer; laid out and sent on the print worker. Returns how many were queued."""
        self.show_error(None)
        if self.product_id is None or self.printing is None:
            return 0
        data = shelf_labels(
            self.engine, [self.product_id], public_host=public_host(self.terminal.settings.device("public"))
        )
        if not data:
            return 0
        doc = label_doc(data[0], shop_name=shop_header(self.engine).name, lang=current_language())
        copies = self.label_copies.value()
        for _ in range(copies):
            self.printing.print_document(doc, ref=f"label {data[0].sku}")
        self.status.setText(
            tr("%n shelf labels of {sku} ({price}) sent to the printer", "", copies).format(
                sku=data[0].sku, price=money(data[0].price)
            )
        )
        return copies

    # --- texts ----------------------------------------------------------------------------------------------------
    def _show_history(self) -> None:
        if self.product_id is None:
            self.history.clear()
            self.stock.clear()
            return
        entries = price_history(self.engine, self.product_id)[:6]
        lines = []
        for e in entries:
            state = tr("applied") if e.applied else tr("upcoming")
            lines.append(f"{e.valid_from:%d/%m/%Y}: {money(e.price)} ({state})")
        self.history.setText("\n".join(lines) or "—")
        product = self.terminal.catalogue.by_id(self.product_id)
        if product is not None:
            self.stock.setText(
                tr("In stock: {quantity} · cost {cost}").format(
                    quantity=qty(product.stock_milli, current_language(), product.unit),
                    cost=money(product.cost),
                )
            )

    def _label_suffix(self) -> None:
        self.label_copies.setSuffix(tr(" labels", "", self.label_copies.value()))

    def retranslate(self) -> None:
        super().retranslate()
        self.heading.setText(tr("Products and prices"))
        self.search.setPlaceholderText(tr("Search by name or SKU, or scan"))
        self.form_title.setText(
            tr("New product") if self.product_id is None else tr("Edit {sku}").format(sku=self.sku.text())
        )
        for key, text in CAPTIONS.items():
            self.captions[key].setText(tr(text))
        today = dt.date.today()
        for i in range(self.vat_class.count()):
            code = str(self.vat_class.itemData(i))
            self.vat_class.setItemText(i, vat_class_name(self.terminal.vat, code, today))
        self.favourite.setText(tr("Show on the sale screen"))
        self.barcodes.setPlaceholderText(tr("comma-separated"))
        self.consigned.setText(tr("Sold on consignment for the producer"))
        self.commission.setPlaceholderText(tr("e.g. 15 or 12.5"))
        unit = self.unit.text().strip() or tr("units")
        self.low_stock.setPlaceholderText(tr("in {unit}; empty = no alert").format(unit=unit))
        self.history_title.setText(tr("Price history"))
        self.new_button.setText(tr("New product"))
        self.save_button.setText(tr("Save"))
        self.label_button.setText(tr("Print shelf label(s)"))
        self._label_suffix()
        self.label_copies.setToolTip(tr("How many labels to print"))
        self.label_button.setEnabled(self.product_id is not None and self.printing is not None)
        self.label_button.setToolTip("" if self.printing is not None else tr("No receipt printer here"))
        self.picture_button.setText(tr("Choose picture…"))
        self.no_picture_button.setText(tr("No picture"))
        self.run_search()
        self._show_history()
