"""The screenshots command renders every screen in both languages (the translations themselves:
``test_translations.py``)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image


def test_screenshots_in_both_languages(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.screenshots import render_all

    files = render_all(tmp_path)
    names = sorted(p.name for p in files)
    for lang in ("vi", "en"):
        for screen in (
            "01-signin",
            "02-sale",
            "03-payment-cash",
            "04-payment-vietqr",
            "05-parked",
            "06-returns",
            "07-customer-display",
            "08-sale-completed",
            "09-open-shift",
            "10-till-menu",
            "11-x-report",
            "12-close-shift",
            "13-printer-settings",
            "14-signin-after-a-crash",
            "15-sale-restored",
            "16-vat-refund-form",
            "manager-01-shift-blind-count",
            "manager-02-shift-z-report",
            "manager-03-stock-count",
            "manager-04-report-by-day",
            "manager-07-receiving",
            "manager-08-products-and-prices",
            "manager-09-printer-settings",
            "manager-10-shop",
            "manager-11-producers",
            "manager-12-product-consignment-and-labels",
        ):
            assert f"{lang}-{screen}.png" in names
        for small in (
            "01-signin-keypad",
            "02-open-shift-count",
            "03-sale-ten-lines",
            "04-approval-keypad",
            "05-paid-in",
            "06-close-shift-count",
        ):  # the smallest counters' screens (issue 13)
            assert f"{lang}-small-{small}.png" in names
    assert {"zh-07-customer-display.png", "ko-07-customer-display.png"} <= set(
        names
    )  # the customer's languages
    for path in files:
        image = Image.open(path).convert("RGB")
        if "x-report" in path.name:
            assert image.size[0] == 560  # a dialog, as tall as its rows
        elif "vat-refund-form" in path.name:
            assert image.size[0] >= 400 and image.size[1] <= 800, (
                image.size
            )  # a dialog, as tall as its fields
        elif path.name.endswith(("small-04-approval-keypad.png", "small-05-paid-in.png")):
            assert image.size[1] <= 768, path.name  # a dialog that fits the smallest screen
        elif "-small-" in path.name:
            assert image.size == (1024, 768), path.name
        else:
            assert image.size in ((1280, 800), (1024, 600)), path.name
        colours = image.getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 50, f"{path.name} looks blank"
