"""content_cache/stamps.py: a content file's digest is made once per version of the file,
and a file written since, even to the same size, is read and hashed again."""

from __future__ import annotations

import builtins
import hashlib
import os
import time

import pytest

from common import filefacts
from content_cache import stamps


@pytest.fixture
def reads(monkeypatch):
    """The files stamps.py opens, in order."""
    opened: list[str] = []

    def counting_open(path, *args, **kwargs):
        opened.append(str(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(stamps, "open", counting_open, raising=False)
    monkeypatch.setattr(stamps._digests, "known", {})
    return opened


def later(monkeypatch, seconds: float) -> None:
    """The clock stamps.py reads, moved on: files written now count as settled."""
    now = time.time_ns
    monkeypatch.setattr(filefacts.time, "time_ns", lambda: now() + int(seconds * 1e9))


def test_a_settled_file_is_hashed_once_and_again_after_a_same_size_write(
        tmp_path, reads, monkeypatch):
    article = tmp_path / "berita.md"
    article.write_bytes(b"Title: Pasar Seba\n\nIsi pertama.\n")
    later(monkeypatch, 10)
    first = stamps.digest(str(article), "sha256")
    assert first == hashlib.sha256(article.read_bytes()).digest()
    assert stamps.digest(str(article), "sha256") == first
    assert reads == [str(article)]  # the second answer read nothing

    time.sleep(0.05)  # past the file system clock's tick: the write gets other times
    article.write_bytes(b"Title: Pasar Seba\n\nIsi kedua!!.\n")  # the same size
    assert stamps.digest(str(article), "sha256") == \
        hashlib.sha256(b"Title: Pasar Seba\n\nIsi kedua!!.\n").digest()
    assert reads == [str(article), str(article)]


def test_a_file_changed_within_the_settling_time_is_hashed_on_every_ask(tmp_path, reads):
    article = tmp_path / "berita.md"
    article.write_bytes(b"Title: Baru saja disimpan\n")
    for _ in range(3):
        assert stamps.digest(str(article), "sha256") == \
            hashlib.sha256(b"Title: Baru saja disimpan\n").digest()
    assert reads == [str(article)] * 3


def test_a_file_put_in_place_of_another_is_hashed_again(tmp_path, reads, monkeypatch):
    """A save by rename (as editors and the web editor save) gives a new inode."""
    article = tmp_path / "berita.md"
    article.write_bytes(b"lama")
    later(monkeypatch, 10)
    stamps.digest(str(article), "sha256")
    replacement = tmp_path / "berita.md.tmp"
    replacement.write_bytes(b"baru")
    replacement.replace(article)
    assert stamps.digest(str(article), "sha256") == hashlib.sha256(b"baru").digest()
    assert len(reads) == 2


def test_within_one_build_a_file_is_asked_once(tmp_path, reads, monkeypatch):
    """The four asks of one build (read-ahead, cache lookup, cache store, the generator's
    stamp) go through the generator's stamp function and look at the file once; a save
    during the build is seen by the next build's generator."""
    from types import SimpleNamespace

    article = tmp_path / "berita.md"
    article.write_bytes(b"Title: Pasar Seba\n\nIsi pertama.\n")
    looked = []
    plain_stat = os.stat
    monkeypatch.setattr(filefacts.os, "stat", lambda path, *args, **kwargs:
                        looked.append(path) or plain_stat(path, *args, **kwargs))

    def generator():
        made = SimpleNamespace(settings={"CHECK_MODIFIED_METHOD": "sha256"},
                               _filestamp_func=None,
                               readers=SimpleNamespace(_filestamp_func=None))
        stamps.remember_digests(made)  # generator_init
        stamps.remember_digests(made)  # article_generator_init: the same stamps
        assert made._filestamp_func is made.readers._filestamp_func
        return made

    building = generator()
    asks = (building.readers._filestamp_func, building._filestamp_func) * 2
    first = [ask(str(article)) for ask in asks]
    time.sleep(0.05)
    article.write_bytes(b"Title: Pasar Seba\n\nDisimpan saat build.\n")
    assert building.readers._filestamp_func(str(article)) == first[0]
    assert first == [hashlib.sha256(b"Title: Pasar Seba\n\nIsi pertama.\n").digest()] * 4
    assert looked == [str(article)] and reads == [str(article)]
    assert generator()._filestamp_func(str(article)) == \
        hashlib.sha256(b"Title: Pasar Seba\n\nDisimpan saat build.\n").digest()
