"""Pages, JSON and static files go out compressed; a repeated GET gets 304."""

import gzip

import brotli
import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory

from config.compression import CompressionMiddleware, accepts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_catalogue")]
PAGE = "/?q=oil"


def plain(client: Client, path: str) -> bytes:
    return client.get(path, HTTP_ACCEPT_ENCODING="identity").content


@pytest.mark.parametrize(
    ("accept", "coding", "decode"),
    [
        ("gzip, deflate, br, zstd", "br", brotli.decompress),
        ("br;q=1.0, gzip;q=0.8", "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("br;q=0, gzip", "gzip", gzip.decompress),
    ],
)
def test_pages_and_json_are_compressed_as_the_client_accepts(client, accept, coding, decode):
    for path in (PAGE, "/api/categories/?q=wheat", "/api/hs/suggest/?q=wheat"):
        response = client.get(path, HTTP_ACCEPT_ENCODING=accept)
        assert response.status_code == 200
        assert response["Content-Encoding"] == coding
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        assert decode(response.content) == plain(client, path)


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client):
    response = client.get(PAGE, HTTP_ACCEPT_ENCODING="identity")
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


@pytest.mark.parametrize("accept", ["br", "gzip"])
def test_compressed_length_varies_so_it_tells_nothing_of_secrets(client, accept):
    """BREACH: the same page's compressed length differs from one answer to the next."""
    lengths = {len(client.get(PAGE, HTTP_ACCEPT_ENCODING=accept).content) for _ in range(12)}
    assert len(lengths) > 3


def test_files_that_are_not_text_go_out_as_they_are():
    workbook = b"PK\x03\x04" + b"\x00" * 5000
    response = HttpResponse(workbook, content_type="application/vnd.ms-excel")
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="br, gzip")
    sent = CompressionMiddleware(lambda r: response)(request)
    assert not sent.has_header("Content-Encoding")
    assert sent.content == workbook


@pytest.mark.parametrize(
    ("header", "coding", "expected"),
    [
        ("br", "br", True),
        ("BR ; q=0.5", "br", True),
        ("br;q=0", "br", False),
        ("br;q=0.000", "br", False),
        ("br;q=x", "br", False),
        ("br;q=0.5;x=y", "br", True),
        ("br; q =0.5", "br", True),
        ("gzip;q=0, br", "gzip", False),
        ("brotli, xbr", "br", False),
        ("", "br", False),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, coding, expected):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=header)
    assert accepts(request, coding) is expected


@pytest.mark.parametrize("accept", ["br", "gzip", "identity"])
def test_a_repeated_get_of_an_unchanged_page_is_answered_304(client, accept):
    for path in (PAGE, "/api/categories/?q=wheat"):
        first = client.get(path, HTTP_ACCEPT_ENCODING=accept)
        again = client.get(path, HTTP_ACCEPT_ENCODING=accept, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again.content == b""


def test_static_files_are_precompressed_and_cached_for_good(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    css = next(p for p in tmp_path.rglob("*.css") if p.stem.count(".") == 1)
    assert css.with_name(css.name + ".br").exists()
    assert css.with_name(css.name + ".gz").exists()

    url = "/static/" + css.relative_to(tmp_path).as_posix()
    response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=315360000" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert brotli.decompress(body) == css.read_bytes()


def test_a_304_says_what_the_compressed_answer_said(client):
    first = client.get(PAGE, HTTP_ACCEPT_ENCODING="br")
    assert first["ETag"].startswith('W/"')
    again = client.get(PAGE, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    assert "Accept-Encoding" in again["Vary"]
