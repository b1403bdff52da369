"""Fetch an image of an imported post from the public internet, and from nowhere else.

One function, `fetch`, does every hop of a download the same way:

- the address must be http or https, with a host and without a user name or password;
- the host is resolved once (`socket.getaddrinfo`, or the policy's resolver) and refused
  when ANY of its addresses is not a public internet address: loopback, private,
  link-local, multicast, reserved, unspecified, shared (CGNAT), documentation, and the
  IPv6 forms that carry such an IPv4 address (::ffff:127.0.0.1, 6to4, NAT64). IPv4
  written as one number, in octal or in hex (http://2130706433/, http://0x7f.1/) is read
  as the address it is, as a browser or the C library would;
- the connection goes to the address that was checked (no second lookup that DNS
  rebinding could answer differently), with the name in the Host header and in TLS (SNI
  and the certificate check);
- redirects are followed at most `max_redirects` times, each new address checked again;
- the body is streamed and stopped past `max_bytes`; every wait on the network is bounded
  by `timeout`, the whole download (redirects included) by `deadline`.

A refused address is never contacted, so a message can say nothing about what listens
there: it is the same whether a port is open or not, and no operating-system error text
of the local network is shown. Messages are in Bahasa Indonesia. No Pelican import.
"""

from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from typing import Callable, Union
from urllib.parse import quote, urljoin, urlsplit

from .images import ImageProblem

Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]
Resolver = Callable[[str, int], list]

REDIRECTS = {301, 302, 303, 307, 308}
# Servers that do not know what they send say so; Pillow decides afterwards.
UNTYPED = {"application/octet-stream", "binary/octet-stream"}
CHUNK = 64 * 1024
HOST_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$")
# One part of an IPv4 address as inet_aton reads it: hex, octal or decimal.
NUMBER_PART = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)$")
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Not public, whatever the ipaddress module of this Python version says of them.
NOT_PUBLIC = tuple(ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4",
    "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32", "fc00::/7", "fe80::/10",
    "fec0::/10", "ff00::/8"))


def system_resolver(host: str, port: int) -> list:
    """The addresses the system's resolver gives for host (raises OSError when none)."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


@dataclass(frozen=True)
class FetchPolicy:
    """How images are fetched. `allow` lists non-public networks a caller trusts (a test's
    own server on 127.0.0.1); it is empty by default and nothing in an export can set it."""

    timeout: float = 10.0  # seconds for connecting and for each wait on the server
    deadline: float = 60.0  # seconds for one image, redirects included
    max_redirects: int = 5
    resolver: Resolver = system_resolver
    allow: tuple[Network, ...] = ()
    cafile: str = ""  # certificates trusted for HTTPS besides the system's (tests' own)


class Refused(ImageProblem):
    """The address may not be contacted, and was not."""


@dataclass(frozen=True)
class Target:
    """One checked hop: where to connect and what to ask for."""

    scheme: str
    host: str  # the name (ASCII) or the address literal, for Host and TLS
    port: int
    path: str
    addresses: tuple[Address, ...]


def is_public(address: Address) -> bool:
    """True when the address is a public internet address (IPv4-in-IPv6 forms unwrapped)."""
    if address.version == 6:
        if address.scope_id:
            return False
        embedded = address.ipv4_mapped
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return is_public(embedded)
        if address.teredo is not None:
            return False
        if address.sixtofour is not None and not is_public(address.sixtofour):
            return False
        if address.sixtofour is not None:
            return True
    if any(address in network for network in NOT_PUBLIC):
        return False
    return address.is_global and not (
        address.is_private or address.is_loopback or address.is_link_local
        or address.is_multicast or address.is_reserved or address.is_unspecified)


def numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The IPv4 address a host written as numbers means (inet_aton: '2130706433',
    '0x7f.1', '0177.0.0.1', '127.1'); None when host is not numbers; ValueError when it is
    numbers but no address."""
    parts = host.split(".")
    if not 1 <= len(parts) <= 4 or not all(NUMBER_PART.match(p) for p in parts):
        return None
    values = []
    for part in parts:
        if part.startswith("0x"):
            values.append(int(part[2:] or "0", 16))
        elif len(part) > 1 and part.startswith("0"):
            values.append(int(part, 8))  # ValueError for 08, 09: no address
        else:
            values.append(int(part))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (4 - len(head)):
        raise ValueError(host)
    number = last
    for index, value in enumerate(head):
        number |= value << (8 * (3 - index))
    return ipaddress.IPv4Address(number)


def check(url: str, policy: FetchPolicy, resolve: bool = True) -> Target:
    """The hop to url, every address checked; Refused (nothing contacted) when it may not
    be fetched. Without `resolve`, only what the address itself says is checked."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("alamatnya tidak sah") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise Refused("bukan alamat http/https")
    if "@" in parts.netloc:
        raise Refused("alamatnya memuat nama pengguna atau sandi (bagian sebelum '@')")
    if port == 0:
        raise Refused("nomor port 0 tidak sah")
    port = port or (443 if scheme == "https" else 80)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise Refused("alamatnya tanpa nama host")
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=-._~?")
    literal = _literal(host)
    if literal is None:
        try:
            name = host.encode("idna").decode("ascii").lower()
        except UnicodeError:
            raise Refused(f"nama host '{host}' tidak sah") from None
        # Full-width digits and ideographic full stops become an address once mapped.
        literal = _literal(name)
    if literal is not None:
        if not _allowed(literal, policy):
            # Numbers written another way are shown as the address they are.
            shown = f"'{host}'" if ":" in host or host == str(literal) \
                else f"'{host}' (= {literal})"
            raise Refused(f"alamat {shown} bukan alamat internet publik; tidak dihubungi")
        return Target(scheme, str(literal), port, path, (literal,))
    if not HOST_NAME.match(name):
        raise Refused(f"nama host '{host}' tidak sah")
    # The same words whether the name is unknown or names a local machine: the message
    # tells nothing of the local network.
    refused = Refused(f"nama host '{name}' tidak menunjuk ke alamat internet publik; tidak "
                      "dihubungi")
    if name == "localhost" or name.endswith(".localhost"):
        raise refused  # RFC 6761: always this machine, whatever a resolver says
    if not resolve:
        return Target(scheme, name, port, path, ())
    try:
        found = tuple(ipaddress.ip_address(a) for a in policy.resolver(name, port))
    except (OSError, UnicodeError, ValueError):
        raise refused from None
    # One non-public address is enough: which one a connection would use is not ours to say.
    if not found or not all(_allowed(a, policy) for a in found):
        raise refused
    return Target(scheme, name, port, path, found)


def _literal(host: str) -> Address | None:
    if ":" in host:
        try:
            return ipaddress.ip_address(host)
        except ValueError:
            raise Refused(f"alamat IP '{host}' tidak sah") from None
    try:
        return numeric_ipv4(host.lower())
    except ValueError:
        raise Refused(f"alamat IP '{host}' tidak sah") from None


def _allowed(address: Address, policy: FetchPolicy) -> bool:
    return is_public(address) or any(address in network for network in policy.allow)


def fetch(url: str, max_bytes: int, policy: FetchPolicy) -> bytes:
    """The bytes of the image at url; Refused or ImageProblem (Indonesian) when not."""
    end = time.monotonic() + policy.deadline
    seen = {url}
    current = url
    for hop in range(policy.max_redirects + 1):
        try:
            target = check(current, policy)
        except ImageProblem as problem:
            if hop == 0:
                raise
            raise type(problem)(f"dialihkan ke {_shown(current)}: {problem}") from None
        location = _get(target, max_bytes, policy, end)
        if isinstance(location, bytes):
            return location
        try:
            following = urljoin(current, location)
        except ValueError:
            raise ImageProblem(f"dialihkan ke alamat yang tidak sah ({_shown(location)})") \
                from None
        if following in seen:
            raise ImageProblem(f"pengalihan berputar kembali ke {_shown(following)}")
        seen.add(following)
        current = following
    raise ImageProblem(f"dialihkan lebih dari {policy.max_redirects} kali")


def _shown(url: str) -> str:
    """A server's redirect as a message shows it: printable, not endless."""
    text = "".join(ch if ch.isprintable() else "?" for ch in url)
    return text if len(text) <= 200 else text[:197] + "..."


class _Connection(http.client.HTTPConnection):
    """HTTP(S) to one checked address, with the host's name in Host and TLS."""

    def __init__(self, target: Target, address: Address, timeout: float, cafile: str = ""):
        super().__init__(target.host, target.port, timeout=timeout)
        self.address = address
        self.tls = None
        if target.scheme == "https":
            self.tls = ssl.create_default_context()
            if cafile:
                self.tls.load_verify_locations(cafile)
        # http.client lets go of `sock` once a response will close the connection; the
        # body is still read from it, with the timeouts set here.
        self.raw: socket.socket | None = None

    def connect(self) -> None:
        sock = socket.create_connection((str(self.address), self.port), self.timeout)
        if self.tls is not None:
            try:
                sock = self.tls.wrap_socket(sock, server_hostname=self.host)
            except BaseException:
                sock.close()
                raise
        self.sock = self.raw = sock


class _Deadline:
    """Cuts the connection when the whole download's time is over (slow headers too)."""

    def __init__(self, end: float):
        self.end = end
        self.expired = False
        self.connection: _Connection | None = None
        self.timer = threading.Timer(max(0.0, end - time.monotonic()), self._cut)
        self.timer.daemon = True
        self.timer.start()

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            self.expired = True
        return left

    def _cut(self) -> None:
        self.expired = True
        sock = self.connection.raw if self.connection is not None else None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _get(target: Target, max_bytes: int, policy: FetchPolicy, end: float) -> bytes | str:
    """The body (bytes) or the Location of a redirect (str) of one GET to target."""
    deadline = _Deadline(end)
    too_big = ImageProblem(f"lebih besar dari {max_bytes / 1_000_000:g} MB")
    connection = None
    try:
        for index, address in enumerate(target.addresses):
            if deadline.remaining() <= 0:
                raise TimeoutError
            connection = _Connection(target, address, min(policy.timeout, deadline.remaining()),
                                     policy.cafile)
            deadline.connection = connection
            try:
                connection.connect()
                break
            except OSError:
                connection.close()
                if index == len(target.addresses) - 1:
                    raise
        connection.request("GET", target.path, headers={
            "User-Agent": "impor-blogger/2", "Accept": "image/*",
            "Accept-Encoding": "identity", "Connection": "close"})
        response = connection.getresponse()
        if response.status in REDIRECTS:
            location = response.getheader("Location", "").strip()
            if not location:
                raise ImageProblem(f"server menjawab {response.status} tanpa alamat tujuan")
            return location
        if response.status != 200:
            raise ImageProblem(f"server menjawab {response.status}")
        kind = response.getheader("Content-Type", "").partition(";")[0].strip().lower()
        if kind and not kind.startswith("image/") and kind not in UNTYPED:
            raise ImageProblem(f"isinya bukan gambar (jenis '{kind[:60]}')")
        declared = response.getheader("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise too_big
        body = bytearray()
        while True:
            left = deadline.remaining()
            if left <= 0:
                raise TimeoutError
            connection.raw.settimeout(min(policy.timeout, left))
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            body += chunk
            if len(body) > max_bytes:
                raise too_big
        if deadline.expired:
            raise TimeoutError
        return bytes(body)
    except ImageProblem:
        raise
    except (TimeoutError, socket.timeout):
        raise ImageProblem(_slow(policy, deadline)) from None
    except ssl.SSLCertVerificationError:
        raise ImageProblem("sertifikat HTTPS server tidak sah") from None
    except ssl.SSLError:
        raise ImageProblem(_slow(policy, deadline) if deadline.expired
                           else "sambungan HTTPS gagal") from None
    except ConnectionRefusedError:
        raise ImageProblem(_slow(policy, deadline) if deadline.expired
                           else "server menolak sambungan") from None
    except (http.client.HTTPException, OSError, ValueError):
        raise ImageProblem(_slow(policy, deadline) if deadline.expired
                           else "sambungan ke server gagal") from None
    finally:
        deadline.timer.cancel()
        if connection is not None:
            connection.close()
            if connection.raw is not None:
                connection.raw.close()


def _slow(policy: FetchPolicy, deadline: _Deadline) -> str:
    # A wait cut short to fit the deadline ends with a timeout just at (or a hair before) it.
    if deadline.expired or deadline.end - time.monotonic() < 0.05:
        return f"tidak selesai dalam {policy.deadline:g} detik"
    return f"server tidak menjawab dalam {policy.timeout:g} detik"
