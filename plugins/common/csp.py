"""Content-Security-Policy of a rendered page, computed from the page's own inline scripts.

Pure, no Pelican import. base.html wraps the whole page in `{% filter csp %}` and carries
`<meta http-equiv="Content-Security-Policy" content="...">`; the filter hashes (sha256)
the exact text of every inline script that runs (JSON data blocks such as JSON-LD do not
run and need no hash) and writes the policy into that meta tag. So nobody keeps a list
of hashes by hand: a new inline script in any template is allowed as it is written, and
a script injected into a page after rendering (a live preview) is allowed by calling
`apply(html)` on the final text. Scripts from files (`src=`) are allowed by 'self'; media
also from the live stream's origin (AUDIO["stream_url"]), frames from the video hosts.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

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


def policy(hashes: list[str], frame_hosts=FRAME_HOSTS, media_origins=(),
           wasm: bool = False) -> str:
    """The policy: everything from the site itself; inline scripts only by hash.

    `wasm` (the search page, where Pagefind compiles its WebAssembly) adds 'unsafe-eval':
    CSP 3's narrower 'wasm-unsafe-eval' is not honoured by Safari before 16 nor Chrome
    before 97, and the HTML checker of the test suite (vnu 20.6.30) rejects it; no other
    page may evaluate code. Style attributes stay allowed for table column alignment
    that Markdown writes as style="text-align".
    """
    frames = " ".join(f"https://{host}" for host in sorted(set(frame_hosts))) or "'none'"
    evaluation = ["'unsafe-eval'"] if wasm else []
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *evaluation, *hashes]),
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        "img-src 'self' data:",
        " ".join(["media-src 'self'", *sorted(set(media_origins))]),
        f"frame-src {frames}",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def apply(html: str, frame_hosts=FRAME_HOSTS, media_origins=(), wasm: bool = False) -> str:
    """The page with its CSP meta tag holding the policy for its scripts as they are now."""
    text = str(html)
    value = policy(script_hashes(text), frame_hosts, media_origins, wasm)
    return META.sub(lambda m: m.group(1) + value + m.group(2), text, count=1)


@pass_context
def csp_filter(context, html) -> Markup:
    """Jinja filter for base.html: `{% filter csp %}...whole page...{% endfilter %}`."""
    news = context.get("NEWS") or {}
    hosts = news.get("video_hosts", FRAME_HOSTS) if isinstance(news, dict) else FRAME_HOSTS
    # A page template that runs WebAssembly says so: {% set csp_wasm = true %}.
    return Markup(apply(html, hosts, media_origins(context.get("AUDIO")),
                        wasm=bool(context.get("csp_wasm"))))


def media_origins(audio) -> list[str]:
    """The origin of the station's live stream (AUDIO["stream_url"]), which plays from
    the station's own server: the one address media may come from besides the site."""
    stream = audio.get("stream_url") if isinstance(audio, dict) else None
    if not isinstance(stream, str) or not stream.strip():
        return []
    parts = urlsplit(stream.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    return [f"{parts.scheme}://{parts.netloc}"]
