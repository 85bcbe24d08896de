"""The judged relevance set: a hand-written municipality and what each query should find.

`judged_set()` builds the municipality in the current database and returns the judged queries;
`manage.py eval_search` and tests/search/test_relevance.py use it.
"""

from search.evaluation import JudgedQuery


def judged_set() -> list[JudgedQuery]:
    from tests.search.relevance.judgements import judged_queries
    from tests.search.relevance.load import load

    return judged_queries(load())
