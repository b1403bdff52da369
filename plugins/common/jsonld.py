"""JSON-LD for the theme's <script type="application/ld+json"> elements."""

from __future__ import annotations

import json

from markupsafe import Markup


def script_json(data: dict) -> Markup:
    """JSON safe inside <script>: no '<', '>' or '&' that could end the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
