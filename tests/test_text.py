"""Danish text helpers: slugs with æ/ø/å transliterated and sort keys in Danish alphabetical order."""

import random

import pytest
from taggit.models import Tag

from core.text import danish_slugify, danish_sort_key, single_line, unique_slug
from tests.factories import UnitFactory
from units.models import Unit


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Center for Sundhed & Ældre", "center-for-sundhed-aeldre"),
        ("Børn og Unge", "boern-og-unge"),
        ("Ålholm Skole", "aalholm-skole"),
        ("ÆØÅ æøå", "aeoeaa-aeoeaa"),
        ("Café Kronen", "cafe-kronen"),
        ("  Team   Øst  ", "team-oest"),
        ("Rådhuset, 2. sal", "raadhuset-2-sal"),
        ("Über-Müller", "uber-muller"),
        ("!!!", ""),
        (42, "42"),
    ],
)
def test_danish_slugify(text, slug):
    assert danish_slugify(text) == slug


def danish_sorted(names):
    return sorted(names, key=danish_sort_key)


def test_sort_key_puts_ae_oe_aa_after_z():
    names = ["Østergaard", "Zacho", "Ærø", "Andersen", "Åberg", "Bech"]
    random.Random(4).shuffle(names)
    assert danish_sorted(names) == ["Andersen", "Bech", "Zacho", "Ærø", "Østergaard", "Åberg"]


def test_sort_key_counts_aa_as_aa():
    assert danish_sorted(["Aagaard", "Åberg", "Abildgaard", "Zacho"]) == ["Abildgaard", "Zacho", "Åberg", "Aagaard"]
    assert danish_sort_key("Aabenraa") == danish_sort_key("Åbenrå")


def test_sort_key_ignores_case_and_folds_foreign_letters():
    assert danish_sort_key("ANDERSEN") == danish_sort_key("andersen")
    assert danish_sort_key("Müller") == danish_sort_key("Myller")
    assert danish_sort_key("Björk") == danish_sort_key("Bjørk")
    assert danish_sort_key("Märta") == danish_sort_key("Mærta")
    assert danish_sort_key("Hélène") == danish_sort_key("Helene")
    assert danish_sort_key("Ole-Bent") == danish_sort_key("Ole Bent") == danish_sort_key("OleBent")


def test_sort_key_puts_digits_before_letters():
    assert danish_sorted(["Team B", "Team 2", "Team A", "Team 10"]) == ["Team 10", "Team 2", "Team A", "Team B"]


def test_sort_key_orders_by_last_then_first_name():
    people = [("Hansen", "Øjvind"), ("Hansensen", "Anne"), ("Hansen", "Bo"), ("Hansen", "Anne"), ("Hansen", "")]
    ordered = sorted(people, key=lambda name: danish_sort_key(*name))
    assert ordered == [
        ("Hansen", ""),
        ("Hansen", "Anne"),
        ("Hansen", "Bo"),
        ("Hansen", "Øjvind"),
        ("Hansensen", "Anne"),
    ]


def test_sort_key_is_digits_only_and_fits_the_column():
    key = danish_sort_key("Æblegården " * 100, "Åse")
    assert key.isdigit()
    assert len(key) <= 250
    assert danish_sort_key(None) == danish_sort_key("") == ""
    assert danish_sort_key("😀 ?!") == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "slug"),
    [("ældrepleje", "aeldrepleje"), ("Børn og unge", "boern-og-unge"), ("Åben skole", "aaben-skole"), ("???", "emne")],
)
def test_tag_slugs_are_danish(name, slug):
    assert Tag.objects.create(name=name).slug == slug


@pytest.mark.django_db
def test_tags_added_to_objects_get_danish_slugs():
    unit = UnitFactory(tags=["Velfærdsteknologi", "Sårpleje"])
    assert sorted(unit.tags.values_list("slug", flat=True)) == ["saarpleje", "velfaerdsteknologi"]


@pytest.mark.django_db
def test_tag_slug_clashes_get_a_suffix():
    assert Tag.objects.create(name="ældrepleje").slug == "aeldrepleje"
    assert Tag.objects.create(name="aeldrepleje").slug == "aeldrepleje_1"
    assert Tag.objects.create(name="Ældre-pleje").slug == "aeldre-pleje"
    assert Tag.objects.create(name="!!!").slug == "emne"
    assert Tag.objects.create(name="???").slug == "emne_1"


@pytest.mark.django_db
def test_unique_slug_skips_taken_slugs_but_not_its_own():
    unit = Unit.objects.create(name="Team Øst")
    assert unique_slug(Unit, "Team Øst") == "team-oest-2"
    assert unique_slug(Unit, "Team Øst", instance_pk=unit.pk) == "team-oest"
    assert unique_slug(Unit, "!!!") == "x"
    assert len(unique_slug(Unit, "ø" * 200)) == 80


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Team\nØst", "Team Øst"),
        ("  Team \r\n\t Øst  ", "Team Øst"),
        ("Team\u2028Øst\u2029", "Team Øst"),
        ("Team\x85Øst\x0bVest\x0cNord\x1cSyd\x01", "Team Øst Vest Nord Syd"),
        ("Familie 👨\u200d👩\u200d👧", "Familie 👨\u200d👩\u200d👧"),
        ("\x00\x1f\u2028", ""),
    ],
)
def test_single_line_turns_every_line_break_and_control_character_into_one_space(typed, expected):
    assert single_line(typed) == expected
