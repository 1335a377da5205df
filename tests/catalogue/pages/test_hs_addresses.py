"""The address of an HS code page takes a code as codes are printed, and nothing else."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("10", "10"),
        ("1001", "1001"),
        ("1001.99", "1001.99"),
        ("1001 99", "1001.99"),
        ("100199", "1001.99"),
        ("1001.99.00", "1001.99"),
        ("1001 99 000 0", "1001.99"),
        ("1001.99.000.0", "1001.99"),
        ("1001990000", "1001.99"),
    ],
)
def test_a_code_as_printed_opens_its_page(client, demo_catalogue, typed, code):
    response = client.get(f"/hs/{typed}/")
    assert response.status_code == 200
    assert response.context["code"].dotted == code


@pytest.mark.parametrize(
    "typed",
    [
        "1.00199e5",  # a float's spelling
        "1" * 40,
        "100",  # three digits: no code has an odd number
        "1001.9",
        "10 01",
        "1001..99",
        "⑩⓪⓪①",
        "¹⁰⁰¹",
        "³",
        "١٠٠١",  # Arabic-Indic digits
        "１００１",  # full-width digits
        "-1001",
        "+1001",
        " 1001",
        "1001%00",
    ],
)
def test_anything_else_is_not_found(client, demo_catalogue, typed):
    for prefix in ("", "/ru"):
        response = client.get(f"{prefix}/hs/{typed}/")
        assert response.status_code == 404, (prefix, typed)


@pytest.mark.parametrize("path", ["/hs//", "/hs/-/", "/hs/%20/", "/ru/hs//"])
def test_an_empty_or_blank_code_is_not_found(client, demo_catalogue, path):
    assert client.get(path).status_code == 404


def test_a_code_without_its_slash_is_sent_once_to_its_page(client, demo_catalogue):
    response = client.get("/hs/1001.99")
    assert (response.status_code, response["Location"]) == (301, "/hs/1001.99/")
    assert client.get("/hs/①").status_code == 404


def test_links_to_code_pages_use_the_digits(demo_catalogue):
    assert reverse("catalogue:hs-code", args=["721420"]) == "/hs/721420/"
