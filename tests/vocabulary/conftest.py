"""Fixtures of the vocabulary's tests: a slice of the real KLE plan, and helpers."""

import pytest

from vocabulary.kle import SHIPPED_FILE, import_kle, read_kle
from vocabulary.models import Subject

# Enough of the plan for the pages and pickers: two main groups with a few groups and subjects,
# and the planning facets (P, P08 Forsøgsordninger, P20 Projekter).
KLE_SLICE = (
    "17",
    "17.01",
    "17.01.00",
    "17.01.05",
    "27",
    "27.36",
    "27.36.04",
    "27.36.08",
    "27.39",
    "27.39.08",
    "P",
    "P08",
    "P20",
)


def load_kle(numbers=KLE_SLICE):
    rows = [row for row in read_kle(SHIPPED_FILE) if row.number in numbers]
    import_kle(rows)
    return {subject.number: subject for subject in Subject.objects.all()}


@pytest.fixture
def kle(db):
    """{number: Subject} for a slice of the real subject plan."""
    return load_kle()
