"""What a page costs a reader: every request it makes on load, with bytes as transferred."""

from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlsplit

# Resource types that are not code or markup: the "HTML+CSS+JS" budget leaves them out.
MEDIA = {"image", "media"}


@dataclass(frozen=True)
class Transfer:
    url: str
    resource_type: str
    body: int  # bytes of the body as sent (compressed when the server compressed it)
    headers: int

    @property
    def total(self) -> int:
        return self.body + self.headers


def load(page, url: str, scroll: bool = False, quiet: float = 0.3,
         deadline: float = 15.0) -> list[Transfer]:
    """Open url in page and return every finished request; with scroll, go to the page's
    end first so that lazily loaded images come in too.

    The page counts as loaded when no request is in flight and none started or ended for
    `quiet` seconds (polled every 25 ms, failing after `deadline` seconds), after the load
    event and again after the scroll; no fixed waits."""
    finished = []
    in_flight: set = set()
    last_change = [time.monotonic()]

    def started(request):
        in_flight.add(request)
        last_change[0] = time.monotonic()

    def ended(request):
        in_flight.discard(request)
        last_change[0] = time.monotonic()

    def done(request):
        finished.append(request)
        ended(request)

    def settle():
        limit = time.monotonic() + deadline
        while in_flight or time.monotonic() - last_change[0] < quiet:
            assert time.monotonic() < limit, f"{url}: requests still running: {in_flight}"
            page.wait_for_timeout(25)  # lets Playwright deliver the request events

    page.on("request", started)
    page.on("requestfinished", done)
    page.on("requestfailed", ended)
    page.goto(url, wait_until="load")
    settle()
    if scroll:
        page.evaluate("""async () => {
            for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
                scrollTo(0, y); await new Promise(r => setTimeout(r, 50));
            }}""")
        last_change[0] = time.monotonic()
        settle()
    transfers = []
    for request in finished:
        if request.url.startswith("data:"):
            continue
        sizes = request.sizes()
        transfers.append(Transfer(request.url, request.resource_type,
                                  sizes["responseBodySize"], sizes["responseHeadersSize"]))
    return transfers


def code_bytes(transfers: list[Transfer]) -> int:
    """Bytes of HTML, CSS, JS (and any other non-media response) as transferred."""
    return sum(t.body for t in transfers if t.resource_type not in MEDIA)


def table(transfers: list[Transfer]) -> str:
    return "\n".join(f"  {t.total:>8} B  {t.resource_type:<10} {urlsplit(t.url).path}"
                     for t in sorted(transfers, key=lambda t: -t.total))
