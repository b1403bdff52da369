"""Content-Security-Policy of a rendered page, computed from the page's own inline scripts.

Pure, no Pelican import. base.html wraps the whole page in `{% filter csp %}` and carries
`<meta http-equiv="Content-Security-Policy" content="...">`; the filter hashes (sha256)
the exact text of every inline script that runs (JSON data blocks such as JSON-LD do not
run and need no hash) and writes the policy into that meta tag. So nobody keeps a list
of hashes by hand: a new inline script in any template is allowed as it is written, and
a script injected into a page after rendering (a live preview) is allowed by calling
`apply(html)` on the final text. Scripts from files (`src=`) are allowed by 'self'.
"""

from __future__ import annotations

import base64
import hashlib
import re

from jinja2 import pass_context
from markupsafe import Markup

from .sanitize import VIDEO_HOSTS

META = re.compile(r'(<meta http-equiv="Content-Security-Policy" content=")[^"]*(">)',
                  re.IGNORECASE)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
RUNNING_TYPES = {"", "text/javascript", "application/javascript", "module"}
# Video embeds kept by the sanitiser (NEWS["video_hosts"] may change them).
FRAME_HOSTS = VIDEO_HOSTS


def script_hashes(html: str) -> list[str]:
    """CSP sources ('sha256-...') of the inline scripts that run, in page order, once each."""
    found: list[str] = []
    for match in SCRIPT.finditer(html):
        attributes, text = match.group(1), match.group(2)
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        if (kind.group(1).lower() if kind else "") not in RUNNING_TYPES:
            continue  # a data block (application/ld+json, application/json)
        digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
        source = f"'sha256-{digest}'"
        if source not in found:
            found.append(source)
    return found


def policy(hashes: list[str], frame_hosts=FRAME_HOSTS) -> str:
    """The policy: everything from the site itself; inline scripts only by hash.

    'wasm-unsafe-eval' lets Pagefind compile its WebAssembly; style attributes stay
    allowed for table column alignment that Markdown writes as style="text-align".
    """
    frames = " ".join(f"https://{host}" for host in sorted(set(frame_hosts))) or "'none'"
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(["'self'", "'wasm-unsafe-eval'", *hashes]),
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        "media-src 'self'",
        f"frame-src {frames}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def apply(html: str, frame_hosts=FRAME_HOSTS) -> str:
    """The page with its CSP meta tag holding the policy for its scripts as they are now."""
    text = str(html)
    value = policy(script_hashes(text), frame_hosts)
    return META.sub(lambda m: m.group(1) + value + m.group(2), text, count=1)


@pass_context
def csp_filter(context, html) -> Markup:
    """Jinja filter for base.html: `{% filter csp %}...whole page...{% endfilter %}`."""
    news = context.get("NEWS") or {}
    hosts = news.get("video_hosts", FRAME_HOSTS) if isinstance(news, dict) else FRAME_HOSTS
    return Markup(apply(html, hosts))
