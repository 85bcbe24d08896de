"""Try-outs from other municipalities as employees meet them: in search (a tab, the facet
"Egen kommune / Andre kommuner", suggestions), on topic pages and on their own pages, always with
their origin and a link back."""

import pytest
from django.urls import reverse
from django.utils import timezone

from opendata.models import SharedTopic, SharedTryout, Subscription
from opendata.services import store_feed
from tests.conftest import count_queries, da, page_of
from tests.opendata.conftest import item


@pytest.fixture
def received(org):
    odense = Subscription.objects.create(municipality="Odense Kommune", feed_url="https://odense.example/feed.json")
    lejre = Subscription.objects.create(municipality="Lejre Kommune", feed_url="https://lejre.example/feed.json")
    store_feed(odense, [item(1, title="Morgenmad på plejecentret", url="https://odense.example/p/1/")])
    store_feed(lejre, [item(7, title="Gåture med naboer", url="https://lejre.example/p/7/", topics=["Trivsel"])])
    return SharedTryout.objects.get(remote_id="1")


def test_search_finds_own_and_others_try_outs_and_tells_them_apart(received, client):
    page = page_of(client.get("/soeg/", {"q": "morgenmad"}))
    hits = {
        hit.select_one("h3").text: hit.text
        for hit in page.select("li.search-hit")
        if "search-hit-person" not in hit.classes and "search-hit-unit" not in hit.classes
    }
    assert set(hits) == {"Morgenmad med borgerne", "Morgenmad på plejecentret"}
    assert "Fra Odense Kommune · Aktivitetscentret" in hits["Morgenmad på plejecentret"]
    assert "Fra" not in hits["Morgenmad med borgerne"]
    facet = page.select_one(".search-facets").text
    assert f"{da('Own municipality')} (1)" in facet and f"{da('Other municipalities')} (1)" in facet

    others = page_of(client.get("/soeg/", {"q": "morgenmad", "type": "andre-kommuner"}))
    assert [h.select_one("h3").text for h in others.select("li.search-hit")] == ["Morgenmad på plejecentret"]
    assert others.select_one("a[aria-current=page]").text.startswith(da("Other municipalities"))
    own = page_of(client.get("/soeg/", {"q": "morgenmad", "type": "tryouts"}))
    assert [h.select_one("h3").text for h in own.select("li.search-hit")] == ["Morgenmad med borgerne"]


def test_suggestions_name_the_kind_of_a_received_try_out(received, client):
    items = client.get("/soeg/forslag/", {"q": "plejecentret"}).json()["items"]
    assert {"label": "Morgenmad på plejecentret", "kind": da("Try-out from another municipality"),
            "url": received.get_absolute_url()} in items  # fmt: skip


def test_topic_pages_show_received_try_outs_with_the_same_topic(received, client, org):
    org.tryouts.owned.tags.add("Trivsel")
    page = page_of(client.get(reverse("topic_detail", kwargs={"slug": "trivsel"})))
    section = page.select_one("#topic-shared").parent
    assert "Gåture med naboer" in section.text and "Fra Lejre Kommune" in section.text
    assert "Morgenmad på plejecentret" not in section.text
    assert "https://lejre.example/p/7/" in section.hrefs()


def test_a_received_try_out_has_its_own_page_with_origin_and_link_back(received, client):
    page = page_of(client.get(received.get_absolute_url()))
    assert page.select_one("h1").text == "Morgenmad på plejecentret"
    assert "Fra Odense Kommune" in page.text
    link = page.select_one("a[rel]")
    assert link.attrs["href"] == "https://odense.example/p/1/" and "noopener" in link.attrs["rel"]
    listing = page_of(client.get(reverse("opendata:received_list")))
    assert {"Gåture med naboer", "Morgenmad på plejecentret"} == set(listing.texts("li.received-tryout h3"))
    one = page_of(client.get(reverse("opendata:received_list"), {"kommune": received.subscription_id}))
    assert listing.select("nav li") and one.texts("li.received-tryout h3") == ["Morgenmad på plejecentret"]


def test_received_pages_cost_the_same_queries_however_many(received, client):
    url = reverse("opendata:received_list")
    before = count_queries(client, url)
    odense = received.subscription
    store_feed(odense, [item(n, url=f"https://odense.example/p/{n}/") for n in range(1, 30)])
    assert count_queries(client, url) == before
    assert SharedTopic.objects.filter(tryout__subscription=odense).count() == 29 * 2


def test_renaming_a_subscription_relabels_its_try_outs_in_search(received, client):
    received.subscription.municipality = "Odense Kommune (Borgerservice)"
    received.subscription.save()
    page = page_of(client.get("/soeg/", {"q": "plejecentret"}))
    assert "Fra Odense Kommune (Borgerservice)" in page.select_one("li.search-hit").text


def test_only_employees_see_received_try_outs(received, anon_client):
    assert anon_client.get(received.get_absolute_url()).status_code == 302
    assert anon_client.get(reverse("opendata:received_list")).status_code == 302
    assert timezone.now() >= received.fetched_at
