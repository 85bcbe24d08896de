"""The organisation import in Django admin: upload, dry-run preview, confirm; staff only."""

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from people.models import Person
from tests.conftest import da, page_of
from tests.factories import UserFactory
from units.models import Unit

pytestmark = pytest.mark.django_db

URL = "/admin/people/person/import/"
UNITS = (
    "\ufeffexternal_id;name;kind;parent_external_id\r\nK1;Faxe Kommune;kommune;\r\nC1;Center for Sundhed;center;K1\r\n"
)
PEOPLE = "external_id;first_name;last_name;unit_external_id;role\r\nM1;Åse;Bødker;C1;leder\r\n"


def upload(*files):
    return [SimpleUploadedFile(name, text.encode(), content_type="text/csv") for name, text in files]


@pytest.fixture
def admin_client(db):
    client = Client()
    client.force_login(UserFactory(username="chef", is_staff=True, is_superuser=True))
    return client


def test_the_person_list_links_to_the_import(admin_client):
    page = page_of(admin_client.get("/admin/people/person/"))
    assert URL in page.hrefs()


def test_upload_shows_a_preview_and_writes_only_after_confirming(admin_client):
    response = admin_client.post(URL, {"files": upload(("units.csv", UNITS), ("people.csv", PEOPLE))})
    assert response.status_code == 200
    page = page_of(response)
    assert da("Preview: nothing has been saved yet") in page.text
    assert "Åse Bødker" in page.text and "Center for Sundhed" in page.text
    assert not Person.objects.exists() and not Unit.objects.exists()

    token = page.select_one("input[name=token]").attrs["value"]
    response = admin_client.post(URL, {"token": token, "confirm": "1"}, follow=True)
    person = Person.objects.get(external_id="M1")
    assert person.memberships.get().unit.name == "Center for Sundhed"
    assert person.history.get().history_user.username == "chef"
    assert da("Import done. %(summary)s").split("%")[0] in page_of(response).text

    # The same confirmation cannot be replayed.
    response = admin_client.post(URL, {"token": token, "confirm": "1"}, follow=True)
    assert da("That upload has expired. Please upload the files again.") in page_of(response).text


def test_a_bad_file_shows_the_problems_and_writes_nothing(admin_client):
    bad = PEOPLE + "M1;Dublet;Person;C9;chef\r\n"
    response = admin_client.post(URL, {"files": upload(("people.csv", bad))})
    text = page_of(response).text
    assert da("The import was stopped; nothing was written. Correct the file and upload it again:") in text
    assert "people.csv" in text and "C9" in text and "chef" in text
    assert not Person.objects.exists()


def test_an_upload_without_files_asks_for_one(admin_client):
    response = admin_client.post(URL, {})
    assert response.status_code == 200
    assert page_of(response).select("ul.errorlist")
    assert not Person.objects.exists()


def test_a_stranger_token_is_refused(admin_client):
    response = admin_client.post(URL, {"token": "../../etc", "confirm": "1"}, follow=True)
    assert da("That upload has expired. Please upload the files again.") in page_of(response).text


def test_deactivate_missing_from_the_admin(admin_client):
    admin_client.post(URL, {"token": _preview_token(admin_client, PEOPLE, units=True), "confirm": "1"})
    other = PEOPLE.replace("M1;Åse;Bødker", "M2;Bo;Berg")
    response = admin_client.post(URL, {"files": upload(("people.csv", other)), "deactivate_missing": "on"})
    assert "Åse Bødker" in page_of(response).text
    token = page_of(response).select_one("input[name=token]").attrs["value"]
    admin_client.post(URL, {"token": token, "confirm": "1"})
    assert not Person.objects.get(external_id="M1").is_active


def _preview_token(client, people, units=False):
    files = ([("units.csv", UNITS)] if units else []) + [("people.csv", people)]
    response = client.post(URL, {"files": upload(*files)})
    return page_of(response).select_one("input[name=token]").attrs["value"]


def test_employees_and_staff_without_rights_cannot_import(anon_client):
    client = Client()
    client.force_login(UserFactory(username="ikke-staff"))
    assert client.get(URL)["Location"].startswith("/admin/login/")
    assert anon_client.get(URL).status_code == 302

    staff = UserFactory(username="kun-se", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_person"))
    client.force_login(staff)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"files": upload(("people.csv", PEOPLE))}).status_code == 403
    assert not Person.objects.exists()


def test_names_and_titles_with_line_breaks_are_imported_on_one_line(admin_client):
    units = UNITS.replace("C1;Center for Sundhed", 'C1;"Center for\r\nSundhed"')
    people = (
        '{"people": [{"external_id": "M1", "first_name": "Åse\\u2028", "last_name": "Bødker\\u0085Hansen",'
        ' "title": "Leder\\nfor\\u000bsundhed", "unit_external_id": "C1", "role": "leder"}]}'
    )
    response = admin_client.post(
        URL,
        {
            "files": [
                SimpleUploadedFile("units.csv", units.encode(), content_type="text/csv"),
                SimpleUploadedFile("people.json", people.encode(), content_type="application/json"),
            ]
        },
    )
    page = page_of(response)
    assert "Center for Sundhed" in page.text and "Åse Bødker Hansen" in page.text
    admin_client.post(URL, {"token": page.select_one("input[name=token]").attrs["value"], "confirm": "1"})
    assert Unit.objects.get(external_id="C1").name == "Center for Sundhed"
    person = Person.objects.get(external_id="M1")
    assert (person.first_name, person.last_name, person.title) == ("Åse", "Bødker Hansen", "Leder for sundhed")


def test_a_name_of_nothing_but_line_breaks_is_refused_with_its_line(admin_client):
    units = 'external_id;name;kind\r\nK1;Faxe Kommune;kommune\r\nK2;"\r\n\u2028";team\r\n'
    response = admin_client.post(URL, {"files": upload(("units.csv", units))})
    text = page_of(response).text
    assert da("The import was stopped; nothing was written. Correct the file and upload it again:") in text
    problem = da("“%(field)s” is missing") % {"field": "name"}
    assert da("%(file)s, line %(line)s: %(problem)s") % {"file": "units.csv", "line": 3, "problem": problem} in text
    assert not Unit.objects.exists()
