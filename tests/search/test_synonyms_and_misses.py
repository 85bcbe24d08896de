"""What administrators teach the search (synonyms, in Django admin) and what it tells them back
(searches that found nothing this month), as a colleague and an administrator meet them."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from search.misses import first_kept_month, forget_old_search_misses
from search.models import SearchMiss, Synonym
from tests.conftest import da
from tests.search.conftest import found, indexed_at_the_end, person, search_page, unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_browser(db):
    browser = Client()
    browser.force_login(get_user_model().objects.create_superuser("admin-soeg", "a@faxekommune.dk", "x"))
    return browser


@pytest.fixture
def directory(db):
    with indexed_at_the_end():
        ppr = unit("Pædagogisk Psykologisk Rådgivning", about="Psykologer for skoler og dagtilbud.")
        koekken = unit("Madservice", about="Mad til ældre i eget hjem.")
        person("Emma", "Schmidt", koekken, title="Social- og sundhedshjælper")
    return ppr


def test_a_seeded_abbreviation_finds_what_it_stands_for(client, directory):
    assert found(client, "PPR") == ["Pædagogisk Psykologisk Rådgivning"]
    assert found(client, "SOSU-hjælper") == ["Emma Schmidt"]


def test_a_synonym_an_administrator_adds_applies_at_once(client, admin_browser, directory):
    assert found(client, "madudbringning") == []

    response = admin_browser.post(
        reverse("admin:search_synonym_add"), {"terms": "madudbringning, mad til ældre"}, follow=True
    )

    assert response.status_code == 200
    assert Synonym.objects.filter(terms="madudbringning, mad til ældre").exists()
    assert found(client, "madudbringning") == ["Madservice"]


def test_a_search_that_finds_nothing_is_counted_without_who_searched(client, directory):
    for query in ["Trampolinpark", "trampolinpark", "  TRAMPOLINPARK "]:
        search_page(client, query)
    search_page(client, "PPR")

    misses = list(SearchMiss.objects.values("month", "query", "count"))
    assert misses == [{"month": timezone.localdate().replace(day=1), "query": "trampolinpark", "count": 3}]
    assert {f.name for f in SearchMiss._meta.get_fields()} == {"id", "month", "query", "count"}


def test_suggestions_and_searches_narrowed_by_a_filter_are_not_counted(client, directory):
    client.get("/soeg/forslag/", {"q": "trampolinpark"})
    search_page(client, "trampolinpark", status="i_gang")

    assert not SearchMiss.objects.exists()


def test_administrators_see_this_months_searches_without_results(admin_browser):
    month = timezone.localdate().replace(day=1)
    SearchMiss.objects.create(month=month, query="trampolinpark", count=7)
    SearchMiss.objects.create(month=month, query="flexjob", count=2)
    SearchMiss.objects.create(month=date(2020, 1, 1), query="gammel søgning", count=50)

    response = admin_browser.get(reverse("admin:search_searchmiss_changelist"))
    text = response.content.decode()

    assert response.status_code == 200
    assert text.index("trampolinpark") < text.index("flexjob")
    assert "gammel søgning" not in text
    assert admin_browser.get(reverse("admin:search_searchmiss_add")).status_code == 403


def test_searches_without_results_are_kept_thirteen_months():
    """This month and the twelve before it; a search may be a person's name, so not for ever."""
    for month in (date(2024, 4, 1), date(2024, 5, 1), date(2024, 6, 1), date(2025, 6, 1)):
        SearchMiss.objects.create(month=month, query=f"søgning {month}", count=3)
    today = date(2025, 6, 15)
    assert forget_old_search_misses(today, dry_run=True) == 2
    assert SearchMiss.objects.count() == 4
    assert forget_old_search_misses(today) == 2
    assert sorted(SearchMiss.objects.values_list("month", flat=True)) == [date(2024, 6, 1), date(2025, 6, 1)]
    assert first_kept_month(date(2025, 1, 31)) == date(2024, 1, 1)


def test_the_nightly_anonymise_leavers_deletes_the_old_counts():
    this_month = timezone.localdate().replace(day=1)
    SearchMiss.objects.create(month=this_month, query="trampolinpark", count=2)
    SearchMiss.objects.create(month=date(2020, 1, 1), query="mette hansen", count=2)
    out = StringIO()
    call_command("anonymise_leavers", "--dry-run", stdout=out)
    assert SearchMiss.objects.count() == 2
    assert (
        da("Dry run: %(count)d counts of searches without results older than %(months)d months would be deleted.")
        % {"count": 1, "months": 13}
        in out.getvalue()
    )
    call_command("anonymise_leavers", stdout=out)
    assert list(SearchMiss.objects.values_list("query", flat=True)) == ["trampolinpark"]
    assert (
        da("%(count)d counts of searches without results older than %(months)d months deleted.")
        % {
            "count": 1,
            "months": 13,
        }
        in out.getvalue()
    )
