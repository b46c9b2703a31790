"""Which back-office sections a person may open: each needs the permission of the work done there.

Kept apart from the panel (which imports every section's screen) so the till can ask cheaply at sign-in. A cashier
may count stock and a shift lead may also receive goods (and so sees the stock on hand), so they open the same panel
with just those sections; the rest, the overview first, stays for managers. The core refuses anything beyond a person's rights in any case.
"""

from __future__ import annotations

from pos.staff.member import StaffMember
from pos.staff.permissions import Permission, has_permission

#: Section key → the permission it needs, in the panel's order.
SECTION_PERMISSIONS: dict[str, Permission] = {
    "overview": Permission.VIEW_REPORTS,
    "shift": Permission.CLOSE_SHIFT,
    "stock": Permission.RECEIVE_STOCK,  # who receives deliveries sees what is on hand
    "count": Permission.COUNT_STOCK,
    "receiving": Permission.RECEIVE_STOCK,
    "writeoff": Permission.COUNT_STOCK,  # anyone may start one; the core asks a manager to approve it
    "transfers_in": Permission.RECEIVE_STOCK,  # a registered till of the receiving centre
    "products": Permission.EDIT_CATALOGUE,
    "producers": Permission.EDIT_PRODUCERS,
    "reports": Permission.VIEW_REPORTS,
    "settlement": Permission.SETTLE_PRODUCERS,
    "shop": Permission.EDIT_SHOP_PROFILE,
    "einvoices": Permission.VIEW_REPORTS,
    "printer": Permission.VIEW_REPORTS,
}


def sections_for(actor: StaffMember | None) -> list[str]:
    if actor is None:
        return []
    return [key for key, needed in SECTION_PERMISSIONS.items() if has_permission(actor, needed)]
