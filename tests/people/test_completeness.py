"""The completeness score of a profile (a pure function, no database)."""

from people.completeness import person_completeness
from people.models import Person
from tests.conftest import da


def test_an_empty_profile_scores_zero():
    result = person_completeness(Person(first_name="Ny", last_name="Kollega"), expertise_count=0)
    assert (result.filled, result.total, result.percent) == (0, 8, 0)
    assert str(result.hints[0]) == da("Add your job title")


def test_a_full_profile_scores_one_hundred():
    person = Person(
        first_name="Mette",
        last_name="Jensen",
        title="Sygeplejerske",
        about="Jeg arbejder i Haslev.",
        ask_me_about="Sår.",
        mobile="+45 61 62 63 64",
        location="Haslev",
        languages="dansk, engelsk",
    )
    person.photo.name = "people/mette.jpg"
    result = person_completeness(person, expertise_count=3)
    assert (result.percent, result.hints) == (100, [])


def test_a_profile_without_photo_and_expertise_gets_those_hints():
    person = Person(title="Pædagog", about="Hej", ask_me_about="Leg", phone="1", location="Faxe", languages="dansk")
    result = person_completeness(person, expertise_count=0)
    assert [str(hint) for hint in result.hints] == [
        da("Add your areas of expertise, so colleagues find you"),
        da("Add a photo, so colleagues recognise you"),
    ]
    assert result.percent == 75
