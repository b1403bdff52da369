"""Settings of the wrong type, found before they break the build. Pure, no Pelican import.

A setting Pelican knows is compared with the type of its default: `DEFAULT_PAGINATION =
"10"` or `PLUGINS = "news"` would otherwise end in a traceback deep inside Pelican.
"""

from __future__ import annotations

from typing import Mapping

from common import diagnostics
from common.diagnostics import Problem


# Settings that take more than their default's type.
ALSO_ALLOWED: dict[str, tuple[type, ...]] = {
    "LOCALE": (str, list, tuple),
    "PLUGINS": (list, tuple),
    "PLUGIN_PATHS": (list, tuple),
    "PELICAN_CLASS": (str, type),
    "SLUGIFY_SOURCE": (str,),
    "TYPOGRIFY_IGNORE_TAGS": (list, tuple),
    "PAGINATED_TEMPLATES": (dict,),
    "DEFAULT_PAGINATION": (bool, int),
    "STATIC_CHECK_IF_MODIFIED": (bool,),
    "CACHE_CONTENT": (bool,),
}
TYPE_NAMES = {bool: "True atau False", int: "bilangan bulat", float: "angka", str: "teks",
              list: "daftar [...]", tuple: "daftar (...)", dict: "kamus {...}"}


def check_types(settings: Mapping, defaults: Mapping,
                lines: Mapping[str, tuple[int, int]],
                overrides: Mapping | None = None) -> list[Problem]:
    """Every known setting whose value has another type than Pelican expects."""
    problems = []
    for key, default in defaults.items():
        if key not in settings or (default is None and key not in ALSO_ALLOWED):
            continue
        value = settings[key]
        if value is None or value is default or _fits(key, value, default):
            continue
        line, column = lines.get(key, (0, 0))
        source = " (dari -e)" if overrides and key in overrides else ""
        problems.append(Problem(
            line, column, "CFG013",
            f"pengaturan {key}{source} harus {_expected(key, default)} "
            f"(ditemukan: {describe(value)})"))
    return problems


def describe(value) -> str:
    """A found value as staff would name it: its kind and the value."""
    kind = TYPE_NAMES.get(type(value), type(value).__name__)
    shown = value if isinstance(value, str) else repr(value)
    return f"{kind} {diagnostics.quote(shown)}"


def _fits(key: str, value, default) -> bool:
    allowed = ALSO_ALLOWED.get(key)
    if allowed is not None:
        return isinstance(value, allowed) or (callable(value) and key.endswith("ORDER_BY"))
    if key.endswith(("_SAVE_AS", "_URL")) and value is False:
        return True
    if key.endswith("ORDER_BY") and callable(value):
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    if isinstance(default, (str, dict)):
        return isinstance(value, type(default))
    return True


def _expected(key: str, default) -> str:
    allowed = ALSO_ALLOWED.get(key)
    if allowed:
        return " atau ".join(TYPE_NAMES.get(t, t.__name__) for t in allowed)
    if isinstance(default, (list, tuple)):
        return "daftar"
    return TYPE_NAMES.get(type(default), type(default).__name__)
