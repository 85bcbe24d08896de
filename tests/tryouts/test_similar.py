""" "Har nogen prøvet det før?": while a try-out is written, the earlier try-outs most like it come
first (a small hand-written set), on the form without JavaScript ("Find lignende"), on the preview
before saving, and as the fragment the script fetches."""

import pytest
from django.urls import reverse

from tests.conftest import da, page_of
from tests.factories import CentreFactory, PersonFactory, TryoutFactory, UnitFactory
from tryouts.models import Status, Tryout
from tryouts.similar import Draft, search_words, similar_tryouts

pytestmark = pytest.mark.django_db

CREATE_URL = "/proevehandlinger/ny/"

EARLIER = {
    "breakfast": {
        "title": "Morgenmad med beboerne",
        "summary": "Personalet spiser morgenmad sammen med beboerne på plejecentret.",
        "challenge": "Beboerne spiser for lidt om morgenen og taber sig.",
        "approach": "Vi dækker et fælles morgenbord, og personalet spiser med.",
        "learnings": "Fællesskab giver appetit: beboerne spiser mere, når vi sidder sammen.",
        "tags": ["ældrepleje", "ernæring"],
        "status": Status.AFSLUTTET,
        "centre": "Center for Sundhed & Ældre",
    },
    "walks": {
        "title": "Gåture med frivillige",
        "summary": "Frivillige går ture med ældre, der bor alene.",
        "challenge": "Mange ældre borgere er ensomme og kommer sjældent ud af deres hjem.",
        "approach": "Vi kobler frivillige fra ældresagen med borgere, der bor alene.",
        "learnings": "Faste par holder længst.",
        "tags": ["ensomhed", "frivillige"],
        "status": Status.I_GANG,
        "centre": "Center for Sundhed & Ældre",
    },
    "meetings": {
        "title": "Færre møder, mere tid",
        "summary": "Vi dropper det ugentlige personalemøde i tre måneder.",
        "challenge": "Medarbejderne bruger for meget tid på møder og for lidt tid sammen med børnene.",
        "approach": "Korte stående møder om mandagen i stedet for et langt personalemøde.",
        "learnings": "Ingen savnede det lange møde.",
        "tags": ["mødekultur", "arbejdsglæde"],
        "status": Status.AFSLUTTET,
        "centre": "Center for Børn & Familie",
    },
    "schedule": {
        "title": "Digital vagtplan i hjemmeplejen",
        "summary": "Vagtplanen flytter fra papir til telefonen.",
        "challenge": "Vagtplanen laves i hånden, og ændringer når ikke ud til alle i tide.",
        "approach": "En app viser vagtplanen og sender besked ved ændringer.",
        "learnings": "Husk dem, der ikke har en smartphone.",
        "tags": ["velfærdsteknologi", "vagtplan"],
        "status": Status.I_GANG,
        "centre": "Center for Sundhed & Ældre",
    },
    "food_waste": {
        "title": "Mindre madspild i skolekøkkenet",
        "summary": "Eleverne vejer madaffaldet hver dag.",
        "challenge": "Skolekøkkenet smider store mængder mad ud hver dag.",
        "approach": "Eleverne vejer resterne og bestiller efter, hvad der blev spist.",
        "learnings": "Madspildet faldt til det halve på fire uger.",
        "tags": ["madspild", "bæredygtighed"],
        "status": Status.AFSLUTTET,
        "centre": "Center for Børn & Familie",
    },
    "panel": {
        "title": "Borgerpanel om nye legepladser",
        "summary": "Forældre og børn er med, før vi bygger.",
        "challenge": "Nye legepladser bliver bygget uden at spørge dem, der skal bruge dem.",
        "approach": "Et borgerpanel af forældre og børn tegner forslag sammen med landskabsarkitekten.",
        "learnings": "Børnene havde de bedste idéer.",
        "tags": ["borgerinddragelse", "legepladser"],
        "status": Status.AFSLUTTET,
        "centre": "Center for Teknik & Miljø",
    },
    "sick_leave": {
        "title": "Tidlig dialog ved sygefravær",
        "summary": "Lederen ringer på første sygedag.",
        "challenge": "Sygefraværet er højt blandt pædagogerne i dagtilbuddene.",
        "approach": "En kort samtale på første sygedag om, hvad der skal til for at komme tilbage.",
        "learnings": "Fraværet faldt, og samtalerne blev mindre formelle.",
        "tags": ["sygefravær", "arbejdsmiljø"],
        "status": Status.STOPPET,
        "centre": "Center for Børn & Familie",
    },
    "screens": {
        "title": "Skærmfri frikvarterer",
        "summary": "Telefonerne bliver i tasken i frikvartererne.",
        "challenge": "Eleverne leger mindre og sidder med telefonen i frikvartererne.",
        "approach": "Telefonerne bliver i tasken, og der er legeredskaber i skolegården.",
        "learnings": "Mere leg efter tre uger.",
        "tags": ["trivsel", "skole"],
        "status": Status.I_GANG,
        "centre": "Center for Børn & Familie",
    },
    "youth_club": {
        "title": "Ensomme unge i fritidsklubben",
        "summary": "Klubben laver faste små grupper.",
        "challenge": "Nogle unge kommer i klubben, men taler ikke med nogen og virker ensomme.",
        "approach": "Faste grupper på fire med en voksen.",
        "learnings": "De unge vil gerne være med, når de bliver spurgt.",
        "tags": ["ensomhed", "unge"],
        "status": Status.I_GANG,
        "centre": "Center for Børn & Familie",
    },
}


@pytest.fixture
def earlier(db):
    """The hand-written set: earlier try-outs in three centres."""
    centres = {}
    made = {}
    for key, fields in EARLIER.items():
        fields = dict(fields)
        name = fields.pop("centre")
        centre = centres.get(name) or centres.setdefault(name, CentreFactory(name=name))
        made[key] = TryoutFactory(owner_unit=UnitFactory(parent=centre, name=f"Enhed for {key}"), **fields)
    return made


DRAFTS = {
    "breakfast": Draft(
        title="Spisevenner på plejehjemmet", challenge="Flere beboere spiser for lidt og mangler appetit om morgenen."
    ),
    "walks": Draft(title="Besøgsvenner", challenge="Ældre borgere i eget hjem er ensomme og kommer ikke ud."),
    "food_waste": Draft(challenge="Kantinen smider for meget mad ud, og madspildet koster dyrt."),
    "meetings": Draft(challenge="Vi holder for mange møder, og personalet mangler tid til kerneopgaven."),
    "panel": Draft(title="Inddragelse af borgere i trafikplanen", topics=["borgerinddragelse"]),
    "sick_leave": Draft(challenge="Højt sygefravær i daginstitutionen blandt personalet."),
    "schedule": Draft(title="Vagtplan på mobilen", challenge="Ændringer i vagtplanen når ikke ud til medarbejderne."),
    "youth_club": Draft(title="Klubben for alle", challenge="Unge i klubben er ensomme og taler ikke med de andre."),
    "screens": Draft(challenge="Børnene sidder med telefonen i frikvarteret i stedet for at lege."),
}


@pytest.mark.parametrize("expected", list(DRAFTS))
def test_the_right_earlier_try_out_comes_first(earlier, expected):
    found = similar_tryouts(DRAFTS[expected])
    assert found, f"nothing found for {DRAFTS[expected]}"
    assert found[0].tryout == earlier[expected], [f.tryout.title for f in found]


def test_suggestions_come_from_every_centre_with_status_learnings_and_contacts(earlier):
    contact = PersonFactory(first_name="Bodil", last_name="Berg", email="bobe@faxekommune.dk")
    earlier["walks"].contacts.add(contact, PersonFactory(is_active=False))
    found = similar_tryouts(Draft(challenge="Ensomme ældre og ensomme unge, der sjældent kommer ud."))
    titles = [f.tryout.title for f in found]
    assert set(titles[:2]) == {"Gåture med frivillige", "Ensomme unge i fritidsklubben"}
    centres = {f.tryout.owner_unit.centre.name for f in found[:2]}
    assert centres == {"Center for Sundhed & Ældre", "Center for Børn & Familie"}
    walks = next(f.tryout for f in found if f.tryout == earlier["walks"])
    assert walks.active_contacts == [contact]


def test_nothing_typed_or_nothing_telling_finds_nothing(earlier):
    assert similar_tryouts(Draft()) == []
    assert similar_tryouts(Draft(challenge="vi har en udfordring med det")) == []
    assert similar_tryouts(Draft(challenge="Kvantecomputere på rådhuset")) == []


def test_the_search_words_are_the_telling_ones():
    draft = Draft(
        title="Spisevenner", challenge="Vi har en udfordring: borgerne spiser for lidt om morgenen", topics=["ernæring"]
    )
    assert search_words(draft) == ["ernæring", "spisevenner", "morgenen", "spiser"]
    assert len(search_words(Draft(challenge=" ".join(f"ordnummer{n}" for n in range(40))))) == 8


# --- on the form -----------------------------------------------------------------------------------


def form_data(org, **fields):
    data = {
        "owner_unit": org.afdeling.pk,
        "title": "",
        "summary": "",
        "challenge": "",
        "approach": "",
        "status": "ide",
        "token": "8f1d3c3e-2b6f-4b7a-9d7e-111111111111",
        "tags": "",
    }
    data.update(fields)
    return data


def test_find_similar_without_javascript_keeps_the_text_and_saves_nothing(client, org, earlier):
    data = form_data(org, challenge="Kantinen smider for meget mad ud, og madspildet koster dyrt.", find_similar="1")
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    page = page_of(response)
    assert page.select_one("textarea[name=challenge]").text == data["challenge"]
    assert page.select_one("input[name=token]").attrs["value"] == data["token"]
    assert not page.select(".form-error-message"), "no errors while only looking"
    results = page.select_one("#similar-results")
    assert results.select_one("h3 a").text.startswith("Mindre madspild i skolekøkkenet")
    assert "Madspildet faldt til det halve på fire uger." in results.text
    assert not Tryout.objects.filter(owner_unit=org.afdeling, challenge=data["challenge"]).exists()


def test_the_form_offers_find_similar_and_preview_but_editing_does_not(client, leader_client, org):
    page = page_of(client.get(CREATE_URL))
    assert page.select_one("button[name=find_similar]").text == da("Find similar try-outs")
    assert page.select_one("button[name=preview]")
    assert "/static/js/similar-tryouts.js" in [s.attrs.get("src") for s in page.select("script")]
    edit = page_of(leader_client.get(f"/proevehandlinger/{org.tryouts.owned.slug}/rediger/"))
    assert not edit.select("button[name=find_similar]") and not edit.select("button[name=preview]")


def test_the_preview_shows_the_try_out_and_similar_ones_and_saves_from_there(client, org, earlier, employee):
    data = form_data(
        org,
        title="Madspild i kantinen",
        challenge="Kantinen smider for meget mad ud, og madspildet koster dyrt.",
        tags="madspild",
        preview="1",
    )
    page = page_of(client.post(CREATE_URL, data))
    assert page.select_one("h1").text == "Madspild i kantinen"
    assert page.select_one(".similar-tryout h3 a").text.startswith("Mindre madspild i skolekøkkenet")
    assert not Tryout.objects.filter(title="Madspild i kantinen").exists()
    form = page.select_one("main form")
    hidden = {i.attrs["name"]: i.attrs.get("value", "") for i in form.select("input[type=hidden]")}
    assert hidden["title"] == "Madspild i kantinen" and hidden["tags"] == "madspild"
    assert hidden["token"] == data["token"]

    back = page_of(client.post(CREATE_URL, {**hidden, "edit": "1"}))
    assert back.select_one("input[name=title]").attrs["value"] == "Madspild i kantinen"
    assert not back.select(".form-error-message")

    response = client.post(CREATE_URL, hidden)
    saved = Tryout.objects.get(title="Madspild i kantinen")
    assert response.url == saved.get_absolute_url()
    assert list(saved.tags.names()) == ["madspild"]


def test_a_preview_of_an_incomplete_try_out_shows_the_errors_and_the_suggestions(client, org, earlier):
    data = form_data(org, challenge="Kantinen smider for meget mad ud.", preview="1")
    page = page_of(client.post(CREATE_URL, data))
    assert page.select(".form-error-message")  # the title is missing
    assert page.select_one("textarea[name=challenge]").text == data["challenge"]
    assert page.select_one(".similar-tryout h3 a").text.startswith("Mindre madspild i skolekøkkenet")


def test_the_fragment_for_the_script_lists_the_similar_try_outs(client, earlier):
    response = client.get(reverse("tryouts:similar"), {"challenge": "Højt sygefravær blandt pædagogerne."})
    page = page_of(response)
    assert page.select_one("h2").text == da("Has anyone tried it before?")
    assert page.select_one(".similar-tryout h3 a").text.startswith("Tidlig dialog ved sygefravær")
    assert page.select_one(".status-stoppet")
    empty = page_of(client.get(reverse("tryouts:similar")))
    assert empty.select_one("p").text == da(
        "No earlier try-out looks like this one yet. Write a little more about the challenge, or add topics, "
        "and look again."
    )


def test_typed_text_is_never_markup(client, org, earlier):
    data = form_data(org, challenge="<script>alert(1)</script> madspild", find_similar="1")
    response = client.post(CREATE_URL, data)
    assert b"<script>alert(1)</script>" not in response.content
