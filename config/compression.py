"""Responses compressed by the app: Brotli where the client accepts it, else gzip.

Django's GZipMiddleware pads each gzip answer with a random number of bytes (its BREACH
mitigation, "Heal the Breach"), so a page's compressed length no longer tells an attacker
whether a guess matched a secret on it. Brotli answers get the same: a metadata block of
random length, which decoders skip. Only text is compressed: workbooks and other files
are compressed already, and a download keeps its Content-Length.
"""

from __future__ import annotations

import secrets

import brotli
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

# Quality 5 of 11: most of Brotli's gain over gzip on a page, at gzip's speed.
QUALITY = 5
SMALLEST = 200  # bytes: shorter answers are not worth compressing
COMPRESSIBLE = ("text/", "application/json", "application/javascript", "application/xml")


def accepts(request, coding: str) -> bool:
    """Whether Accept-Encoding admits `coding`: named, and not with q=0."""
    for item in request.META.get("HTTP_ACCEPT_ENCODING", "")[:1000].split(","):
        name, *params = item.split(";")
        if name.strip().lower() != coding:
            continue
        weights = [value for key, _, value in (p.partition("=") for p in params)
                   if key.strip().lower() == "q"]  # fmt: skip
        try:
            return float(weights[0]) > 0 if weights else True
        except ValueError:
            return False
    return False


def padding(max_bytes: int) -> bytes:
    """A Brotli metadata meta-block of 1 to max_bytes (at most 256) random bytes, which a
    decoder skips (RFC 7932, 9.2): ISLAST 0, MNIBBLES 0 (bits 11), a reserved 0, MSKIPBYTES
    1 (bits 10), then MSKIPLEN - 1 in 8 bits and zero bits to the byte boundary."""
    size = 1 + secrets.randbelow(min(max_bytes, 256))
    skip = size - 1
    header = bytes([0b010110 | (skip & 0b11) << 6, skip >> 2])
    return header + secrets.token_bytes(size)


def brotli_compressed(content: bytes, max_random_bytes: int) -> bytes:
    """Brotli with random padding after the stream header: flushing the empty stream ends
    it on a byte boundary, where a meta-block may start."""
    compressor = brotli.Compressor(quality=QUALITY)
    head = compressor.process(b"") + compressor.flush()
    return head + padding(max_random_bytes) + compressor.process(content) + compressor.finish()


class CompressionMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.status_code == 304:
            # What the full answer said, so a shared cache keeps varying by encoding and
            # matching the weak ETag it stored (RFC 9111, 4.3.4).
            patch_vary_headers(response, ("Accept-Encoding",))
            if accepts(request, "br") or accepts(request, "gzip"):
                _weaken_etag(response)
            return response
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        if not response.streaming and accepts(request, "br"):
            return self._brotli(response)
        if accepts(request, "gzip"):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        return response

    def _brotli(self, response):
        if len(response.content) < SMALLEST or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = brotli_compressed(response.content, self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        _weaken_etag(response)
        response.headers["Content-Encoding"] = "br"
        return response


def _weaken_etag(response) -> None:
    """A compressed body's ETag is weak, as GZipMiddleware makes it (RFC 9110, 8.8.1)."""
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response.headers["ETag"] = "W/" + etag
