"""Relevance is held like behaviour: the judged municipality (tests/search/relevance) must keep
its floor on the backend in use (CI runs this on SQLite and on PostgreSQL).

The set is built once for the module inside a transaction that is rolled back at the end; each
test reads the one evaluation of all its queries. `manage.py eval_search` prints the same figures.
"""

import pytest
from django.db import transaction

from search.evaluation import evaluate, format_outcome
from tests.search.relevance import judged_set

# Marked so that pytest-django sets up the test database, which the module's fixture fills.
pytestmark = pytest.mark.django_db

SUCCESS_AT_3 = 0.97
MRR = 0.95


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        report = evaluate(judged_set())
        transaction.set_rollback(True)
    return report


def misses(outcomes):
    return "\n".join(format_outcome(outcome) for outcome in outcomes)


def test_the_set_is_large_enough_to_judge(report):
    assert len(report.outcomes) >= 80
    assert {o.judged.kind_of_query for o in report.outcomes} >= {
        "surname", "exact", "full name", "tie", "spelling", "typo", "e-mail", "many words", "synonym",
        "compound", "inflection", "prefix", "negative",
    }  # fmt: skip


def test_the_right_hit_is_in_the_top_three(report):
    failing = [o for o in report.judged if not o.success(3)]
    assert report.success_at(3) >= SUCCESS_AT_3, misses(failing)
    assert report.mrr >= MRR, misses([o for o in report.judged if not o.success(1)])


def test_no_false_friend_in_any_top_ten(report):
    assert not [o for o in report.outcomes if o.false_friends], misses([o for o in report.outcomes if o.false_friends])


def test_every_query_with_an_answer_finds_something(report):
    assert report.zero_results == 0, misses([o for o in report.judged if not o.total])


def test_queries_about_nothing_in_the_directory_find_nothing(report):
    negatives = [o for o in report.outcomes if o.judged.negative]
    assert len(negatives) >= 5
    assert not [o for o in negatives if o.total], misses([o for o in negatives if o.total])


def test_names_rank_exact_full_name_then_exact_name_then_prefix(report):
    """Within every name query's top 10, each grade comes before every lower grade."""
    ordered = [o for o in report.outcomes if o.judged.ordered]
    assert len(ordered) >= 20
    assert report.order_breaks == 0, misses([o for o in ordered if o.order_breaks])
