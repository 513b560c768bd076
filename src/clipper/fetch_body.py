"""A response body: the size cap on the decompressed bytes, the deadline while reading,
and Content-Encoding undone piece by piece (gzip, deflate, brotli) so a bomb stays bounded.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Callable, Iterable, Iterator

import brotli

from clipper.errors import FetchError
from clipper.fetch_errors import _CorruptBody
from clipper.fetch_httpx import httpx

PIECE_SIZE = 64 * 1024
"""Most decompressed bytes produced from one step: keeps a bomb's memory bounded."""


def _read_body(response: httpx.Response, max_bytes: int, deadline: float) -> bytes:
    """The decompressed body, refused once it grows past `max_bytes`."""
    announced = _content_length(response)
    limit = _human_size(max_bytes)
    if announced is not None and announced > max_bytes:
        raise FetchError(f"the answer is {_human_size(announced)}, over the {limit} limit", str(response.url))
    raw = _until_deadline(response.iter_raw(), deadline, str(response.url))
    body = bytearray()
    for piece in decompressed(raw, response.headers.get("content-encoding", "")):
        body += piece
        if len(body) > max_bytes:
            raise FetchError(f"the answer is over the {limit} limit", str(response.url))
    return bytes(body)


def _until_deadline(chunks: Iterable[bytes], deadline: float, url: str) -> Iterator[bytes]:
    """The chunks, as long as the deadline holds. A body still arriving at the
    deadline is cut (the watchdog shuts its socket down, which reads as the end of
    a body without Content-Length): it is a timeout, never a shorter page."""
    for chunk in chunks:
        if time.monotonic() >= deadline:
            raise httpx.ReadTimeout(f"deadline passed while reading {url}")
        yield chunk
    if time.monotonic() >= deadline:
        raise httpx.ReadTimeout(f"deadline passed while reading {url}")


def _content_length(response: httpx.Response) -> int | None:
    value = response.headers.get("content-length", "")
    return int(value) if value.strip().isdigit() else None


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{size / 1024:.3g} KB" if size >= 1024 else f"{size} bytes"


def decompressed(chunks: Iterable[bytes], content_encoding: str) -> Iterator[bytes]:
    """Undo a Content-Encoding chain piece by piece, each piece at most PIECE_SIZE bytes."""
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    stream: Iterable[bytes] = chunks
    for coding in reversed(codings):
        stream = _DECODERS.get(coding, _identity)(stream)
    return iter(stream)


def _identity(chunks: Iterable[bytes]) -> Iterator[bytes]:
    yield from chunks


def _gunzip(chunks: Iterable[bytes]) -> Iterator[bytes]:
    return _inflate(chunks, zlib.MAX_WBITS | 16)


def _deflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """zlib-wrapped deflate, or raw deflate as some servers send it."""
    iterator = iter(chunks)
    first = b""
    for chunk in iterator:
        first += chunk
        if len(first) >= 2:
            break
    wrapped = len(first) >= 2 and (first[0] & 0x0F) == 8 and int.from_bytes(first[:2]) % 31 == 0
    wbits = zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS
    return _inflate(_prepend(first, iterator), wbits)


def _prepend(first: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    yield first
    yield from rest


CUT_SHORT = "it ends before its stream does: the answer was cut short"


def _inflate(chunks: Iterable[bytes], wbits: int) -> Iterator[bytes]:
    """Inflated pieces; a stream that stops before its end (a gzip member without its
    last block and trailer) is a cut answer, not a shorter page."""
    inflater = zlib.decompressobj(wbits)
    received = False
    try:
        for chunk in chunks:
            data = chunk
            received = received or bool(chunk)
            while data:
                yield inflater.decompress(data, PIECE_SIZE)
                data = inflater.unconsumed_tail
                if inflater.eof and inflater.unused_data:  # concatenated gzip members
                    data = inflater.unused_data
                    inflater = zlib.decompressobj(wbits)
        yield inflater.flush()
    except zlib.error as exc:
        raise _CorruptBody(str(exc)) from exc
    if received and not inflater.eof:
        raise _CorruptBody(CUT_SHORT)


def _unbrotli(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Decompressed pieces; a stream that stops before its end is a cut answer."""
    decompressor = brotli.Decompressor()
    bounded = hasattr(decompressor, "can_accept_more_data")
    received = False
    try:
        for chunk in chunks:
            received = received or bool(chunk)
            if not bounded:  # brotli < 1.2 cannot bound one step's output
                yield decompressor.process(chunk)
                continue
            yield decompressor.process(chunk, output_buffer_limit=PIECE_SIZE)
            while not decompressor.can_accept_more_data():
                yield decompressor.process(b"", output_buffer_limit=PIECE_SIZE)
    except brotli.error as exc:
        raise _CorruptBody(str(exc)) from exc
    if received and not decompressor.is_finished():
        raise _CorruptBody(CUT_SHORT)


_DECODERS: dict[str, Callable[[Iterable[bytes]], Iterator[bytes]]] = {
    "gzip": _gunzip,
    "x-gzip": _gunzip,
    "deflate": _deflate,
    "br": _unbrotli,
    "identity": _identity,
}
