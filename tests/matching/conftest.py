"""Fixtures of the matching tests."""

import pytest

from catalogue.models import Certification
from tests.factories import make_category, make_exporter, make_offer


@pytest.fixture
def sunflower(hs):
    category = make_category(name="Sunflower oil, refined", code="151219", slug="sunflower-oil")
    exporter = make_exporter(name="Pavlodar Oil LLP", region="pavlodar")
    exporter.certifications.add(Certification.objects.create(code="halal", name="Halal"))
    make_offer(exporter=exporter, category=category, capacity=20000, unit="t", incoterms="DAP FCA")
    return category
