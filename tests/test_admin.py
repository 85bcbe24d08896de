"""The Django admin: every model is managed there, lists stay cheap, saves keep the model rules."""

from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from people.models import Membership, Person, Role
from tests.conftest import da
from tests.factories import (
    CentreFactory,
    CollaborationFactory,
    MembershipFactory,
    PersonFactory,
    TrackFactory,
    TryoutFactory,
    UnitFactory,
    UnitTaskFactory,
    UserFactory,
)
from tryouts.models import PartnerKind, Track, Tryout
from units.models import Collaboration, Suggestion, SuggestionStatus, Unit, UnitEditor, UnitKind, UnitTask

pytestmark = pytest.mark.django_db

MODELS = [Unit, UnitTask, Collaboration, UnitEditor, Suggestion, Person, Membership, Tryout, Track, PartnerKind]


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def make_directory(count, author=None):
    """`count` rows of every model, related the way real data is."""
    author = author or UserFactory(password=None)
    centre = CentreFactory()
    for number in range(count):
        unit = UnitFactory(parent=centre, tags=["trivsel", f"emne-{number}"])
        person = PersonFactory(expertise=["borgerinddragelse"])
        MembershipFactory(person=person, unit=unit, role=Role.LEDER)
        UnitTaskFactory(unit=unit, contact=person).tags.add("sundhed")
        CollaborationFactory(from_unit=unit, to_unit=centre)
        UnitEditor.objects.create(user=UserFactory(password=None), unit=unit)  # no hashing: fast
        track = TrackFactory()
        kind = PartnerKind.objects.create(name=f"Partner {PartnerKind.objects.count()}")
        tryout = TryoutFactory(owner_unit=unit, track=track, tags=["mod"], contacts=[person])
        tryout.units.add(centre)
        tryout.partner_kinds.add(kind)
        Suggestion.objects.create(author=author, target=unit, text="Tilføj vores telefontid")
        Suggestion.objects.create(author=author, target=tryout, text="Husk erfaringerne fra Haslev")


class FormFields(HTMLParser):
    """The data a browser would submit from a page's form, as a test client POST dict."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select, self.textarea = None, None

    def add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in {"submit", "button", "file"}:
            if attrs.get("type") not in {"checkbox", "radio"} or "checked" in attrs:
                self.add(attrs["name"], attrs.get("value") or ("on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "select":
            self.select = attrs["name"]
        elif tag == "option" and self.select and "selected" in attrs:
            self.add(self.select, attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = attrs["name"]
            self.add(self.textarea, "")

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            # Browsers drop the newline that follows <textarea>.
            self.data[self.textarea][-1] = self.data[self.textarea][-1].removeprefix("\n")
            self.textarea = None


def form_data(response, model):
    parser = FormFields(f"{model._meta.model_name}_form")
    parser.feed(response.content.decode())
    return parser.data


@pytest.fixture
def directory(admin_user):
    make_directory(2, author=admin_user)


def test_every_model_is_registered():
    assert set(MODELS) <= set(admin.site._registry)


def test_site_header(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert str(admin.site.site_header) in response.content.decode()


def test_admin_names_the_login_protection_in_danish_and_has_the_favicon(admin_client):
    """django-axes has no Danish of its own; its section read "Axes", "Access attempts" …"""
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Loginbeskyttelse" in page and "Axes" not in page
    assert "Mislykkede loginforsøg" in page and "Access attempts" not in page
    assert '<link rel="icon" href="/static/img/favicon.svg"' in page
    AccessAttempt.objects.create(
        username="medarbejder",
        ip_address="10.0.0.1",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/konto/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    attempts = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "Brugernavn" in attempts and "IP-adresse" in attempts


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_add_and_change_pages(admin_client, directory, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "add")).status_code == 200
    obj = model._default_manager.order_by("pk").last()
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_changelist_queries_do_not_grow_with_rows(admin_client, admin_user, model, without_search_index):
    url = admin_url(model, "changelist")
    make_directory(2, author=admin_user)
    admin_client.get(url)  # warm caches (content types, session) so both counts compare like with like
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(url).status_code == 200
    make_directory(8, author=admin_user)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(url)
    assert response.context["cl"].result_count >= 10
    assert len(many) == len(few), [query["sql"] for query in many]


def test_unit_changelist_filters(admin_client, directory):
    other_centre = CentreFactory(name="Center for Teknik")
    lonely = UnitFactory(name="Vejteamet", parent=other_centre, last_confirmed_at=None)
    url = admin_url(Unit, "changelist")

    response = admin_client.get(url, {"centre": other_centre.pk})
    assert {unit.pk for unit in response.context["cl"].result_list} == {other_centre.pk, lonely.pk}

    response = admin_client.get(url, {"confirmed": "stale"})
    assert [unit.pk for unit in response.context["cl"].result_list] == [lonely.pk]

    for params in ({"kind__exact": UnitKind.CENTER}, {"is_active__exact": "1"}, {"centre": "x"}):
        assert admin_client.get(url, params).status_code == 200


def test_other_filters_answer(admin_client, directory):
    centre = Unit.objects.filter(kind=UnitKind.CENTER).first()
    for model, params in [
        (Person, {"centre": centre.pk, "memberships__role__exact": Role.LEDER, "user__isempty": "1"}),
        (Membership, {"centre": centre.pk, "role__exact": Role.LEDER}),
        (UnitTask, {"current": "yes", "centre": centre.pk}),
        (UnitTask, {"current": "no"}),
        (Tryout, {"status__exact": "i_gang", "centre": centre.pk}),
        (Suggestion, {"status__exact": SuggestionStatus.OPEN}),
    ]:
        response = admin_client.get(admin_url(model, "changelist"), params)
        assert response.status_code == 200
        assert "?e=1" not in response.get("Location", "")


def test_person_with_two_units_in_a_centre_is_listed_once(admin_client):
    centre = CentreFactory()
    person = PersonFactory()
    MembershipFactory(person=person, unit=UnitFactory(parent=centre))
    MembershipFactory(person=person, unit=UnitFactory(parent=centre), is_primary=False)
    response = admin_client.get(admin_url(Person, "changelist"), {"centre": centre.pk})
    assert list(response.context["cl"].result_list) == [person]


def test_search_person_by_last_name(admin_client, directory):
    wanted = PersonFactory(first_name="Birthe", last_name="Østergaard")
    response = admin_client.get(admin_url(Person, "changelist"), {"q": "Østergaard"})
    assert list(response.context["cl"].result_list) == [wanted]
    assert "Birthe Østergaard" in response.content.decode()


def test_search_person_by_expertise_and_unit_by_topic(admin_client, directory):
    expert = PersonFactory(expertise=["samskabelse"])
    response = admin_client.get(admin_url(Person, "changelist"), {"q": "samskabelse"})
    assert list(response.context["cl"].result_list) == [expert]

    unit = UnitFactory(tags=["innovationspraktik"])
    response = admin_client.get(admin_url(Unit, "changelist"), {"q": "innovationspraktik"})
    assert list(response.context["cl"].result_list) == [unit]


def test_person_list_shows_primary_unit_and_expertise(admin_client):
    person = PersonFactory(expertise=["trivsel"])
    MembershipFactory(person=person, unit=UnitFactory(name="Bibliotek Haslev"), is_primary=False)
    MembershipFactory(person=person, unit=UnitFactory(name="Borgerservice"), is_primary=True)
    page = admin_client.get(admin_url(Person, "changelist")).content.decode()
    assert "Borgerservice" in page
    assert "Bibliotek Haslev" not in page
    assert "trivsel" in page


def test_unit_autocomplete(admin_client):
    wanted = UnitFactory(name="Center for Sundhed og Ældre")
    UnitFactory(name="Vejteamet")
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "people", "model_name": "membership", "field_name": "unit", "term": "sundhed"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(wanted.pk), "text": wanted.name}]


def test_person_autocomplete_for_tryout_contacts(admin_client):
    wanted = PersonFactory(first_name="Mette", last_name="Kjærgaard")
    PersonFactory(first_name="Ole", last_name="Hansen")
    response = admin_client.get(
        "/admin/autocomplete/",
        {"app_label": "tryouts", "model_name": "tryout", "field_name": "contacts", "term": "mette kjær"},
    )
    assert [result["id"] for result in response.json()["results"]] == [str(wanted.pk)]


def test_non_staff_user_is_sent_to_admin_login(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_create_unit_with_member_through_admin(admin_client):
    parent = CentreFactory(name="Center for Børn og Læring")
    person = PersonFactory()
    url = admin_url(Unit, "add")
    data = form_data(admin_client.get(url), Unit)
    data.update(
        {
            "name": ["Dagpleje Øst & Syd"],
            "kind": [UnitKind.AFDELING],
            "parent": [str(parent.pk)],
            "tags": ["dagpleje, trivsel"],
            "memberships-TOTAL_FORMS": ["1"],
            "memberships-0-person": [str(person.pk)],
            "memberships-0-role": [Role.LEDER],
            "memberships-0-is_primary": ["on"],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    unit = Unit.objects.get(name="Dagpleje Øst & Syd")
    assert unit.slug == "dagpleje-oest-syd"
    assert unit.centre == parent
    assert unit.version == 1
    assert sorted(unit.tags.names()) == ["dagpleje", "trivsel"]
    membership = Membership.objects.get(unit=unit)
    assert (membership.person, membership.role, membership.is_primary) == (person, Role.LEDER, True)


def test_change_unit_keeps_model_rules_and_counts_version(admin_client, directory):
    unit = Unit.objects.filter(kind=UnitKind.AFDELING).first()
    new_centre = CentreFactory()
    url = admin_url(Unit, "change", unit.pk)
    data = form_data(admin_client.get(url), Unit)
    data.update({"name": ["Nyt navn"], "parent": [str(new_centre.pk)]})

    response = admin_client.post(url, data)

    assert response.status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.centre, unit.version) == ("Nyt navn", new_centre, 2)
    assert unit.tags.count() == 2  # the tags came back unchanged from the form


def test_stale_admin_save_is_refused_and_keeps_the_text(admin_client, directory):
    unit = Unit.objects.filter(kind=UnitKind.AFDELING).first()
    url = admin_url(Unit, "change", unit.pk)
    data = form_data(admin_client.get(url), Unit)
    Unit.objects.filter(pk=unit.pk).update(version=2, about="Skrevet af en kollega")
    data["about"] = ["Min nye tekst"]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone changed this meanwhile" in page or "ændret" in page
    assert "Min nye tekst" in page
    unit.refresh_from_db()
    assert unit.about == "Skrevet af en kollega"


def test_unit_cannot_be_placed_under_its_own_unit(admin_client):
    top = CentreFactory()
    child = UnitFactory(parent=top)
    url = admin_url(Unit, "change", top.pk)
    data = form_data(admin_client.get(url), Unit)
    data["parent"] = [str(child.pk)]

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    top.refresh_from_db()
    assert top.parent is None


def test_unit_change_page_links_to_the_site(admin_client, directory):
    unit = Unit.objects.first()
    link = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Unit).pk, unit.pk])
    assert link in admin_client.get(admin_url(Unit, "change", unit.pk)).content.decode()
    try:
        expected = unit.get_absolute_url()
    except NoReverseMatch:
        pytest.skip("units:detail is not in the URLconf yet")
    assert admin_client.get(link)["Location"].endswith(expected)


def test_person_with_two_primary_units_is_refused(admin_client):
    person = PersonFactory()
    first, second = UnitFactory(), UnitFactory()
    url = admin_url(Person, "change", person.pk)
    data = form_data(admin_client.get(url), Person)
    data.update(
        {
            "memberships-TOTAL_FORMS": ["2"],
            "memberships-0-unit": [str(first.pk)],
            "memberships-0-role": [Role.MEDARBEJDER],
            "memberships-0-is_primary": ["on"],
            "memberships-1-unit": [str(second.pk)],
            "memberships-1-role": [Role.MEDARBEJDER],
            "memberships-1-is_primary": ["on"],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert not person.memberships.exists()


def test_mark_people_inactive(admin_client):
    leaving, also_leaving, staying = PersonFactory(), PersonFactory(), PersonFactory()
    response = admin_client.post(
        admin_url(Person, "changelist"),
        {"action": "mark_inactive", "_selected_action": [leaving.pk, also_leaving.pk]},
    )
    assert response.status_code == 302
    assert set(Person.objects.filter(is_active=False)) == {leaving, also_leaving}
    leaving.refresh_from_db()
    assert leaving.version == 2
    staying.refresh_from_db()
    assert staying.is_active


@pytest.mark.parametrize(
    ("action", "status"), [("mark_accepted", SuggestionStatus.ACCEPTED), ("mark_declined", SuggestionStatus.DECLINED)]
)
def test_resolve_suggestions(admin_client, admin_user, directory, action, status):
    chosen = Suggestion.objects.order_by("pk")[:2]
    response = admin_client.post(
        admin_url(Suggestion, "changelist"), {"action": action, "_selected_action": [s.pk for s in chosen]}
    )
    assert response.status_code == 302
    resolved = Suggestion.objects.exclude(status=SuggestionStatus.OPEN)
    assert resolved.count() == 2
    assert all(s.status == status and s.resolver == admin_user and s.resolved_at for s in resolved)


def test_suggestion_list_links_to_target(admin_client, directory):
    suggestion = Suggestion.objects.filter(target_type=ContentType.objects.get_for_model(Tryout)).first()
    page = admin_client.get(admin_url(Suggestion, "changelist")).content.decode()
    assert admin_url(Tryout, "change", suggestion.target_id) in page


def test_suggestion_status_change_in_form_records_resolver(admin_client, admin_user, directory):
    suggestion = Suggestion.objects.first()
    url = admin_url(Suggestion, "change", suggestion.pk)
    data = form_data(admin_client.get(url), Suggestion)
    data.update({"status": [SuggestionStatus.ACCEPTED], "reply": ["Tak, det er rettet."]})
    assert admin_client.post(url, data).status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.resolver) == (SuggestionStatus.ACCEPTED, admin_user)
    assert suggestion.resolved_at is not None


def test_tryout_form_shows_partner_kinds_as_checkboxes(admin_client, directory):
    tryout = Tryout.objects.first()
    page = admin_client.get(admin_url(Tryout, "change", tryout.pk)).content.decode()
    assert 'type="checkbox" name="partner_kinds"' in page


def test_create_tryout_through_admin(admin_client):
    owner = UnitFactory()
    contact = PersonFactory()
    kind = PartnerKind.objects.create(name="Lokale erhvervsdrivende")
    url = admin_url(Tryout, "add")
    data = form_data(admin_client.get(url), Tryout)
    data.update(
        {
            "title": ["Åben café for pårørende"],
            "owner_unit": [str(owner.pk)],
            "status": ["i_gang"],
            "contacts": [str(contact.pk)],
            "units": [str(owner.pk)],
            "partner_kinds": [str(kind.pk)],
            "tags": ["pårørende"],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tryout = Tryout.objects.get()
    assert tryout.slug == "aaben-cafe-for-paaroerende"
    assert list(tryout.contacts.all()) == [contact]
    assert list(tryout.partner_kinds.all()) == [kind]


def test_track_slug_is_made_from_the_name(admin_client):
    url = admin_url(Track, "add")
    data = form_data(admin_client.get(url), Track)
    data.update({"name": ["Fællesskab og trivsel"], "position": ["1"]})
    assert admin_client.post(url, data).status_code == 302
    assert Track.objects.get(name="Fællesskab og trivsel").slug == "faellesskab-og-trivsel"


def test_delete_unit_through_admin(admin_client, directory):
    unit = UnitFactory(parent=Unit.objects.filter(kind=UnitKind.CENTER).first(), tags=["trivsel"])
    MembershipFactory(unit=unit)
    UnitTaskFactory(unit=unit)
    Suggestion.objects.create(author=UserFactory(password=None), target=unit, text="Ret adressen")
    url = admin_url(Unit, "delete", unit.pk)
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Unit.objects.filter(pk=unit.pk).exists()


def test_unit_owning_tryouts_is_not_deleted(admin_client, directory):
    unit = Tryout.objects.first().owner_unit
    response = admin_client.post(admin_url(Unit, "delete", unit.pk), {"post": "yes"})
    assert response.status_code == 200
    assert Unit.objects.filter(pk=unit.pk).exists()


def test_unit_cannot_collaborate_with_itself(admin_client, directory):
    unit = Unit.objects.filter(kind=UnitKind.AFDELING).first()
    url = admin_url(Unit, "change", unit.pk)
    data = form_data(admin_client.get(url), Unit)
    total = int(data["collaborations_from-TOTAL_FORMS"][0])
    data.update(
        {"collaborations_from-TOTAL_FORMS": [str(total + 1)], f"collaborations_from-{total}-to_unit": [str(unit.pk)]}
    )

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert not Collaboration.objects.filter(from_unit=unit, to_unit=unit).exists()


def test_task_ending_before_it_starts_is_refused(admin_client, directory):
    task = UnitTask.objects.first()
    url = admin_url(UnitTask, "change", task.pk)
    data = form_data(admin_client.get(url), UnitTask)
    data.update({"starts_on": ["2025-03-01"], "ends_on": ["2025-02-01"]})

    response = admin_client.post(url, data)

    assert response.status_code == 200
    task.refresh_from_db()
    assert task.ends_on is None


def test_standalone_collaboration_with_itself_is_refused(admin_client):
    unit = UnitFactory()
    url = admin_url(Collaboration, "add")
    response = admin_client.post(url, {"from_unit": unit.pk, "to_unit": unit.pk, "description": "Alene"})
    assert response.status_code == 200
    assert not Collaboration.objects.exists()


def test_a_unit_name_is_kept_on_one_line_in_admin(admin_client):
    url = admin_url(Unit, "add")
    data = form_data(admin_client.get(url), Unit)
    data.update({"name": ["Dagpleje\r\nØst\u2028"], "kind": [UnitKind.AFDELING]})
    assert admin_client.post(url, data).status_code == 302
    assert Unit.objects.get().name == "Dagpleje Øst"

    data.update({"name": ["\x01\u2028\x1c"]})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [da("Write the name as text on one line.")]
    assert Unit.objects.count() == 1
