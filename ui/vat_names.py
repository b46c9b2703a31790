"""VAT classes as a manager reads them: "10 % VAT", "Reduced VAT 8 % · 10 % from 01/01/2027", never the stored
code ("std10", "reduced"). The code stays what products store and what the import files carry; the name is worked out
from the class's schedule (``pos.vat.VatSchedule``) on the day it is shown, so a rate head office changes shows as
it is, and the reduced class says when it goes back up."""

from __future__ import annotations

import datetime as dt

from pos.errors import PosError
from pos.vat import VatSchedule
from ui.i18n import tr

#: The class of the temporary reduction (Decree 174/2025: 8 % on goods otherwise at 10 %).
REDUCED = "reduced"
FULL_RATE = 10


def vat_class_name(schedule: VatSchedule, code: str, on: dt.date) -> str:
    """``code``'s name on ``on`` in the current language; a class with no rate that day keeps its code."""
    try:
        rate = schedule.rate(code, on)
    except PosError:
        return code
    if code == REDUCED and rate < FULL_RATE:
        name = tr("Reduced VAT {rate} %").format(rate=rate)
    elif code == REDUCED:
        name = tr("{rate} % VAT (reduction ended)").format(rate=rate)
    elif code in ("vat0", "vat5", "std10"):
        name = tr("{rate} % VAT").format(rate=rate)
    else:  # a class head office added: its rate, and its code so two classes at one rate can be told apart
        name = tr("{rate} % VAT ({code})").format(rate=rate, code=code)
    change = schedule.next_change(code, on)
    if change is not None:
        when, new_rate = change
        name += " · " + tr("{rate} % from {date}").format(rate=new_rate, date=f"{when:%d/%m/%Y}")
    return name
