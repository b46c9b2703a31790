"""Who is at the till: the signed-in staff member as every core operation receives it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StaffMember:
    id: str
    code: str
    name: str
    role: str
