"""The completeness score of a visitkort (a pure function, no database)."""

from tests.conftest import da
from units.completeness import Completeness, score, unit_completeness
from units.models import Unit

FULL_UNIT = {
    "about": "Vi besøger borgere.",
    "core_tasks": "Pleje.",
    "can_help_with": "Forflytning.",
    "looking_for": "Frivillige.",
    "email": "syd@faxekommune.dk",
    "address": "Rådhusvej 1",
}


def test_an_empty_card_scores_zero_with_a_hint_for_every_part():
    result = unit_completeness(Unit(name="Tom"), topic_count=0, current_task_count=0)
    assert (result.filled, result.total, result.percent) == (0, 8, 0)
    assert [str(hint) for hint in result.hints][:4] == [
        da("Tell colleagues who you are"),
        da("Describe your core tasks"),
        da("Add what you can help with"),
        da("Add what you are looking for"),
    ]
    assert not result.is_complete


def test_a_full_card_scores_one_hundred_without_hints():
    result = unit_completeness(Unit(**FULL_UNIT), topic_count=2, current_task_count=1)
    assert (result.percent, result.hints, result.is_complete) == (100, [], True)


def test_a_phone_number_is_contact_enough_and_blank_text_is_not_text():
    unit = Unit(**{**FULL_UNIT, "email": "", "phone": "56 20 30 00", "about": "   \n"})
    result = unit_completeness(unit, topic_count=1, current_task_count=1)
    assert [str(hint) for hint in result.hints] == [da("Tell colleagues who you are")]
    assert result.percent == 88


def test_missing_topics_and_tasks_give_their_hints():
    result = unit_completeness(Unit(**FULL_UNIT), topic_count=0, current_task_count=0)
    assert [str(hint) for hint in result.hints] == [
        da("Add topics, so colleagues find you when they search"),
        da("Add the special tasks you are working on right now"),
    ]
    assert result.percent == 75


def test_a_score_of_nothing_is_complete():
    assert score([]) == Completeness(filled=0, total=0, hints=[])
    assert score([]).percent == 100
