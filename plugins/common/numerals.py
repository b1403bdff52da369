"""Numbers as Indonesian readers write them, through Babel, for any value a record may hold.

Babel formats within the decimal module's context (28 digits): a larger number, or a
float such as 1e308, raises decimal.InvalidOperation from a template. The schema bounds
what a record may hold; this formats whatever passes it, and never raises.
Pure functions, no Pelican import.
"""

from __future__ import annotations

import decimal
import math

from babel.numbers import format_decimal

LOCALE = "id"


def grouped(value) -> str:
    """'1.250' for 1250, '1,5' for 1.5; a value that is no number is shown as it is."""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if not isinstance(value, (int, float, decimal.Decimal)):
        return "" if value is None else str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "tak terhingga" if math.isinf(value) and value > 0 else \
            "minus tak terhingga" if math.isinf(value) else "bukan angka"
    exact = decimal.Decimal(value) if isinstance(value, int) else decimal.Decimal(repr(value))
    if not exact.is_finite():
        return "bukan angka"
    with decimal.localcontext() as context:
        # Room for every digit of the whole part, and Babel's few decimals after it.
        context.prec = max(28, exact.adjusted() + 30)
        return format_decimal(exact, locale=LOCALE)
