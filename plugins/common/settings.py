"""One dict setting per plugin, with defaults and a line of documentation per key."""

from __future__ import annotations

import difflib

from . import diagnostics


def plugin_settings(settings: dict, name: str, defaults: dict[str, tuple[object, str]],
                    checked: tuple[str, ...] = ()) -> dict:
    """The plugin's settings merged over its defaults; unknown keys are reported.

    `defaults` maps each key to (default value, one-line doc). Like MkDocs's
    "Unrecognised configuration name", a key the plugin does not know stops the build, and
    so does a value of another type than its default, except for the keys in `checked`,
    which the plugin checks itself with a message of its own.
    """
    given = settings.get(name) or {}
    merged = {key: default for key, (default, _doc) in defaults.items()}
    if not isinstance(given, dict):
        diagnostics.record("pelicanconf.py", 0, 0, "CFG003",
                           f"pengaturan {name} harus kamus {{'kunci': nilai, ...}} "
                           f"(ditemukan: {_kind(given)} {_shown(given)})")
        return merged
    for key, value in given.items():
        if key not in defaults:
            guess = difflib.get_close_matches(key, defaults, n=1)
            hint = f"; mungkin maksudnya '{guess[0]}'?" if guess else ""
            diagnostics.record(
                "pelicanconf.py", 0, 0, "CFG001",
                f"pengaturan {name}['{key}'] tidak dikenal{hint} "
                f"(yang dikenal: {', '.join(defaults)})",
            )
            continue
        default = merged[key]
        if key not in checked and not _same_kind(value, default):
            diagnostics.record(
                "pelicanconf.py", 0, 0, "CFG004",
                f"pengaturan {name}['{key}'] harus "
                f"{'True atau False' if isinstance(default, bool) else _kind(default)} "
                f"seperti bawaannya "
                f"{_shown(default)} (ditemukan: {_kind(value)} {_shown(value)})")
            continue
        merged[key] = value
    return merged


def _same_kind(value, default) -> bool:
    """Whether a given value may stand where the default is (None defaults take any)."""
    if default is None or value is None:
        return True
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, (int, float)):
        return isinstance(value, (int, float))
    if isinstance(default, (list, tuple)):
        return isinstance(value, (list, tuple))
    return isinstance(value, type(default))


def _shown(value) -> str:
    return diagnostics.quote(value if isinstance(value, str) else repr(value))



def _kind(value) -> str:
    names = {bool: "nilai", int: "angka", float: "angka", str: "teks",
             list: "daftar", tuple: "daftar", dict: "kamus"}
    return names.get(type(value), type(value).__name__)
