"""``ocop-pos shop show`` and ``ocop-pos shop set``: the shop's name, address, tax code and transfer account.

``shop set`` changes only the fields given (``--clear-bank`` removes the bank account, which turns VietQR
transfers off); it signs in with ``--staff`` and goes through the same core checks and audit as the manager's
"Shop" section.
"""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from pos.cli.actor import add_actor_argument, add_approver_argument, approval_from, sign_in
from pos.payments.banks import bank_by_bin
from pos.shop.profile import ShopProfile, load_profile, save_profile
from pos.staff.permissions import Permission
from pos.till.terminal import Terminal

#: ``shop set`` option → profile field.
OPTIONS = {
    "name": "name",
    "address": "address",
    "tax_code": "tax_code",
    "phone": "phone",
    "footer_vi": "footer_vi",
    "footer_en": "footer_en",
    "bank": "bank_bin",
    "account_no": "bank_account",
    "account_name": "bank_account_name",
}
LABELS = {
    "name": ("Tên cửa hàng", "Name"),
    "address": ("Địa chỉ", "Address"),
    "tax_code": ("Mã số thuế", "Tax code"),
    "phone": ("Điện thoại", "Phone"),
    "footer_vi": ("Chân hoá đơn (vi)", "Footer (vi)"),
    "footer_en": ("Chân hoá đơn (en)", "Footer (en)"),
    "bank_bin": ("Ngân hàng", "Bank"),
    "bank_account": ("Số tài khoản", "Account number"),
    "bank_account_name": ("Chủ tài khoản", "Account holder"),
}


def register(sub: Any) -> None:
    shop = sub.add_parser("shop", help="the shop's name, address, tax code and bank account").add_subparsers(
        dest="shop_cmd", metavar="ACTION"
    )
    p = shop.add_parser("show", help="the shop as receipts print it and transfers reach it")
    p.set_defaults(handler=_show)
    p = shop.add_parser("set", help="change the shop's details (only the fields given)")
    add_actor_argument(p)
    add_approver_argument(p)
    p.add_argument("--name")
    p.add_argument("--address")
    p.add_argument("--tax-code", help="MST: 10 digits, or 13 as 0101234567-001")
    p.add_argument("--phone")
    p.add_argument("--footer-vi", help="receipt footer in Vietnamese")
    p.add_argument("--footer-en", help="receipt footer in English")
    p.add_argument("--bank", help="the bank for VietQR transfers: BIN (970436), code (VCB) or short name")
    p.add_argument("--account-no", help="account number (digits)")
    p.add_argument("--account-name", help="account holder, as the bank prints it (diacritics are dropped)")
    p.add_argument("--clear-bank", action="store_true", help="remove the bank account (no more transfers)")
    p.set_defaults(handler=_set)


def _print(profile: ShopProfile, lang: str) -> None:
    en = lang == "en"
    for field in LABELS:
        value = getattr(profile, field)
        if field == "bank_bin" and value:
            bank = bank_by_bin(value)
            value = f"{value} {bank.short_name}" if bank else value
        print(f"{LABELS[field][1 if en else 0]}\t{value or '—'}")
    on = profile.takes_transfers
    state = ("on" if on else "off — no bank account") if en else ("bật" if on else "tắt — chưa có tài khoản")
    print(f"{'VietQR transfers' if en else 'Nhận chuyển khoản VietQR'}\t{state}")


def _show(args: argparse.Namespace) -> int:
    t = Terminal.open()
    _print(load_profile(t.engine), args.lang or "vi")
    return 0


def _set(args: argparse.Namespace) -> int:
    t = Terminal.open()
    actor = sign_in(t, args)
    changes = {
        field: getattr(args, option) for option, field in OPTIONS.items() if getattr(args, option) is not None
    }
    if args.clear_bank:
        changes.update(bank_bin="", bank_account="", bank_account_name="")
    profile = dataclasses.replace(load_profile(t.engine), **changes)
    approval = approval_from(t, args, actor, Permission.EDIT_SHOP_PROFILE)
    saved = save_profile(t.engine, actor, profile, approval=approval, terminal_code=t.code)
    _print(saved, args.lang or "vi")
    return 0
