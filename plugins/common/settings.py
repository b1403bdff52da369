"""One dict setting per plugin, with defaults and a line of documentation per key."""

from __future__ import annotations

import difflib

from . import diagnostics


def plugin_settings(settings: dict, name: str, defaults: dict[str, tuple[object, str]]) -> dict:
    """The plugin's settings merged over its defaults; unknown keys are reported.

    `defaults` maps each key to (default value, one-line doc). Like MkDocs's
    "Unrecognised configuration name", a key the plugin does not know stops the build.
    """
    given = settings.get(name) or {}
    merged = {key: default for key, (default, _doc) in defaults.items()}
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
        merged[key] = value
    return merged
