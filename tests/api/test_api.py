"""The read-only API for integrations: tokens (hashed, revocable), what it shows, paging,
`updated_since`, the OpenAPI description and the rate limit."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiClient, hash_token
from tests.factories import PersonFactory, TryoutFactory, UnitFactory, UserFactory
from tryouts.models import Tryout

TOKEN_IN_MESSAGE = re.compile(r": ([A-Za-z0-9_-]{43})$")
UNITS = "/api/v1/units/"
PEOPLE = "/api/v1/people/"
TRYOUTS = "/api/v1/tryouts/"


def issue(name="Intranettets søgning"):
    client = ApiClient(name=name)
    token = client.issue_token()
    client.save()
    return client, token


@pytest.fixture(autouse=True)
def _fresh_rate_counts():
    """The rate limit counts in the cache, per client id; ids repeat from test to test."""
    cache.clear()


@pytest.fixture
def token(db):
    return issue()[1]


@pytest.fixture
def api(token):
    return Client(headers={"Authorization": f"Bearer {token}"})


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("url", [UNITS, PEOPLE, TRYOUTS, f"{TRYOUTS}1/"])
def test_without_a_valid_token_the_answer_is_401(url, org, token):
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Bearer"}, {"Authorization": "Basic x"}):
        response = Client(headers=headers).get(url)
        assert response.status_code == 401, headers
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    # A logged-in employee's session is no API token either.
    browser = Client()
    browser.force_login(UserFactory())
    assert browser.get(url).status_code == 401


def test_a_revoked_token_stops_working_at_once(org, db):
    client, token = issue()
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get(UNITS).status_code == 200

    client.revoke()

    response = api.get(UNITS)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_tokens_are_kept_hashed_and_use_is_recorded(org, db):
    client, token = issue()
    stored = ApiClient.objects.get(pk=client.pk)
    assert token not in (stored.token_hash, stored.token_prefix) and stored.token_hash == hash_token(token)
    assert stored.last_used_at is None
    Client(headers={"Authorization": f"Token {token}"}).get(UNITS)
    assert ApiClient.objects.get(pk=client.pk).last_used_at is not None


def test_the_api_shows_active_people_and_units_only(org, employee, api):
    gone = PersonFactory(first_name="Forladt", is_active=False)
    closed = UnitFactory(name="Lukket Enhed", parent=org.centre, is_active=False)
    org.tryouts.owned.contacts.add(gone)

    people = results(api.get(PEOPLE))
    units = results(api.get(UNITS, {"page_size": 500}))
    assert "Forladt" not in [p["first_name"] for p in people]
    assert "Mette" in [p["first_name"] for p in people]
    assert "Lukket Enhed" not in [u["name"] for u in units]
    assert api.get(f"{PEOPLE}{gone.pk}/").status_code == 404
    assert api.get(f"{UNITS}{closed.pk}/").status_code == 404
    tryout = api.get(f"{TRYOUTS}{org.tryouts.owned.pk}/").json()
    assert [c["full_name"] for c in tryout["contacts"]] == ["Mette Jensen"]
    assert tryout["owner_unit"]["name"] == "Hjemmeplejen Syd"
    assert tryout["url"] == f"http://testserver{org.tryouts.owned.get_absolute_url()}"
    mette = api.get(f"{PEOPLE}{employee.person.pk}/").json()
    assert mette["email"] == "mette.jensen@faxekommune.dk"
    assert mette["units"] == [
        {
            "unit": org.afdeling.pk,
            "unit_name": "Hjemmeplejen Syd",
            "role": "medarbejder",
            "job_title": "",
            "is_primary": True,
        }
    ]


def test_lists_are_paginated_and_filtered_by_updated_since(org, api, without_search_index):
    TryoutFactory.create_batch(7, owner_unit=org.team)
    first = api.get(TRYOUTS, {"page_size": 5}).json()
    assert first["count"] == 10 and len(first["results"]) == 5 and first["next"]
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None

    old = timezone.now() - timedelta(days=30)
    Tryout.objects.exclude(pk=org.tryouts.idea.pk).update(updated_at=old)
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert [t["title"] for t in results(api.get(TRYOUTS, {"updated_since": since}))] == ["Digital vagtplan"]
    assert len(results(api.get(TRYOUTS, {"updated_since": old.date().isoformat()}))) == 10
    for odd in ("i går", "2025-13-01", "9999999999-01-01"):
        response = api.get(TRYOUTS, {"updated_since": odd})
        assert response.status_code == 400 and "updated_since" in response.json(), odd
    assert api.get(TRYOUTS, {"page": "999"}).status_code == 404


def test_the_api_only_reads(org, api):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(api, method)(f"{TRYOUTS}{org.tryouts.owned.pk}/")
        assert response.status_code == 405, method
    assert Tryout.objects.filter(pk=org.tryouts.owned.pk).exists()


def test_too_many_requests_get_429_per_client(org, api, settings):
    settings.API_RATE_LIMIT = "3/minute"
    statuses = [api.get(UNITS).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert int(api.get(UNITS)["Retry-After"]) > 0
    _client, other_token = issue("Et andet system")
    assert Client(headers={"Authorization": f"Bearer {other_token}"}).get(UNITS).status_code == 200


def test_the_openapi_description_names_every_endpoint_and_the_token(db):
    response = Client().get(reverse("api:openapi"))
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/units/", "/api/v1/people/", "/api/v1/tryouts/", "/api/v1/people/{id}/"} <= set(schema["paths"])
    assert schema["components"]["securitySchemes"]["clientToken"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A client token issued in admin.",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/v1/tryouts/"]["get"]["parameters"]}
    assert {"page", "page_size", "updated_since"} <= parameters


def test_admins_issue_a_token_once_and_revoke_it(org, db, admin_client):
    response = admin_client.post(
        reverse("admin:api_apiclient_add"), {"name": "Lønsystemet", "contact": "it@faxe.dk"}, follow=True
    )
    [token] = [m.group(1) for m in map(TOKEN_IN_MESSAGE.search, map(str, response.context["messages"])) if m]
    client = ApiClient.objects.get(name="Lønsystemet")
    assert client.token_hash == hash_token(token) and client.token_prefix == token[:8]
    api = Client(headers={"Authorization": f"Bearer {token}"})
    assert api.get(UNITS).status_code == 200

    admin_client.post(reverse("admin:api_apiclient_changelist"), {"action": "revoke", "_selected_action": [client.pk]})

    assert ApiClient.objects.get(pk=client.pk).revoked_at is not None
    assert api.get(UNITS).status_code == 401
    assert token not in admin_client.get(reverse("admin:api_apiclient_change", args=[client.pk])).content.decode()
