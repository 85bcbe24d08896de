"""Exports: a person's vCard, a unit's member list for Excel, the whole directory as JSON for staff."""

import csv
import io
import json
import re

import pytest

from people.models import Role
from tests.conftest import count_queries, da, login_redirect, page_of
from tests.factories import MembershipFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]


def unfold(vcard_text):
    """The logical lines of a vCard (folded lines joined again)."""
    return vcard_text.replace("\r\n ", "").split("\r\n")


# --- vCard ----------------------------------------------------------------------------------


def test_the_profile_links_to_a_vcard_with_danish_characters_intact(client, employee, org):
    person = employee.person
    person.title = "Social- og sundhedsassistent; nat, weekend"
    person.last_name = "Ærø-Østergård"
    person.save()
    page = page_of(client.get(person.get_absolute_url()))
    link = f"/medarbejdere/{person.pk}/vcard.vcf"
    assert link in page.hrefs()
    assert da("Add to contacts (vCard)") in page.text

    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    lines = unfold(text)
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"]
    assert "N:Ærø-Østergård;Mette;;;" in lines
    assert "FN:Mette Ærø-Østergård" in lines
    assert "ORG:Faxe Kommune;Hjemmeplejen Syd" in lines
    assert "TITLE:Social- og sundhedsassistent\\; nat\\, weekend" in lines
    assert "EMAIL;TYPE=INTERNET,WORK:mette.jensen@faxekommune.dk" in lines
    assert "TEL;TYPE=WORK,VOICE:20 30 40 50" in lines
    assert "TEL;TYPE=CELL,VOICE:+45 61 62 63 64" in lines
    assert any(line.startswith("ADR;TYPE=WORK:") and "Rådhusvej 1" in line for line in lines)
    assert lines[-2:] == ["END:VCARD", ""]


def test_long_vcard_lines_are_folded_at_75_octets_without_splitting_letters(client, employee):
    person = employee.person
    person.title = "Æ" * 100 + " ø"
    person.save()
    raw = client.get(f"/medarbejdere/{person.pk}/vcard.vcf").content
    for physical in raw.split(b"\r\n"):
        assert len(physical) <= 75
        physical.decode("utf-8")  # no character cut in half
    assert "TITLE:" + "Æ" * 100 + " ø" in unfold(raw.decode())


def test_newlines_and_backslashes_are_escaped_in_the_vcard(client, employee):
    person = employee.person
    person.title = "Første linje\nAnden \\ linje"
    person.save()
    text = client.get(f"/medarbejdere/{person.pk}/vcard.vcf").content.decode()
    assert "TITLE:Første linje\\nAnden \\\\ linje" in unfold(text)


def test_every_kind_of_line_break_and_control_character_is_escaped_in_the_vcard(client, employee):
    """U+2028, NEL, VT, FF, FS and friends end a line for many parsers (Python's splitlines too)."""
    person = employee.person
    person.title = "Leder\u2028Sygeplejerske\x85Aften\u2029Nat"
    person.location = "Rådhuset\x0bEtage\x0c2\x1cLokale\x1d3\x1e4\x1f5\x01\x7f\x9b6"
    person.first_name = "Mette\r"
    person.save()
    text = client.get(f"/medarbejdere/{person.pk}/vcard.vcf").content.decode()
    logical_lines = text.replace("\r\n ", "").splitlines()
    assert logical_lines == unfold(text)[:-1]
    assert all(re.match(r"[A-Z]+[;:]", line) for line in logical_lines)
    assert "TITLE:Leder\\nSygeplejerske\\nAften\\nNat" in logical_lines
    assert f"FN:Mette\\n {person.last_name}" in logical_lines
    assert any(line.startswith("ADR;TYPE=WORK:;Rådhuset Etage 2 Lokale 3 4 5   6;") for line in logical_lines)


def test_no_vcard_for_an_inactive_or_unknown_person_nor_without_login(client, anon_client, employee):
    gone = PersonFactory(is_active=False)
    assert client.get(f"/medarbejdere/{gone.pk}/vcard.vcf").status_code == 404
    assert client.get("/medarbejdere/999999/vcard.vcf").status_code == 404
    url = f"/medarbejdere/{employee.person.pk}/vcard.vcf"
    assert anon_client.get(url)["Location"] == login_redirect(url)


# --- the unit's member list as CSV ----------------------------------------------------------


def test_the_visitkort_links_to_an_excel_friendly_member_list(client, employee, leader, org):
    MembershipFactory(
        person=PersonFactory(first_name='=HYPERLINK("x")', last_name="@Ondsind", title="-2+3", email="ok@faxe.dk"),
        unit=org.afdeling,
        is_primary=False,
    )
    MembershipFactory(person=PersonFactory(first_name="Gået", is_active=False), unit=org.afdeling)
    page = page_of(client.get(org.afdeling.get_absolute_url()))
    link = f"/enheder/{org.afdeling.slug}/medarbejdere.csv"
    assert link in page.hrefs()

    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == [da("First name"), da("Last name")]
    by_first_name = {row[0]: row for row in rows[1:]}
    assert by_first_name["Lars"][3] == da("Leader")
    assert by_first_name["Mette"][1:3] == ["Jensen", "Social- og sundhedsassistent"]
    # Formulas arrive as text in Excel: a leading apostrophe.
    assert '\'=HYPERLINK("x")' in by_first_name
    assert by_first_name['\'=HYPERLINK("x")'][1:3] == ["'@Ondsind", "'-2+3"]
    assert by_first_name["Mette"][6] == "'+45 61 62 63 64"
    assert "Gået" not in by_first_name
    assert b"\r\n" in response.content


def test_member_list_of_an_unknown_unit_is_404_and_needs_login(client, anon_client, org):
    assert client.get("/enheder/findes-ikke/medarbejdere.csv").status_code == 404
    url = f"/enheder/{org.afdeling.slug}/medarbejdere.csv"
    assert anon_client.get(url)["Location"] == login_redirect(url)


# --- the whole directory as JSON, staff only --------------------------------------------------


def test_staff_download_the_whole_directory_as_json(client, employee, leader, org):
    staff = UserFactory(username="personale", is_staff=True)
    client.force_login(staff)
    response = client.get("/medarbejdere/eksport.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert {unit["name"] for unit in data["units"]} >= {"Faxe Kommune", "Center for Sundhed & Ældre"}
    mette = next(person for person in data["people"] if person["last_name"] == "Jensen")
    assert mette["expertise"] == ["borgerinddragelse", "ældrepleje"]
    assert mette["memberships"][0] == {
        "unit": org.afdeling.slug,
        "role": Role.MEDARBEJDER,
        "job_title": "",
        "is_primary": True,
    }
    assert "Æ" in response.content.decode()  # not \u00c6 escapes


def test_the_directory_export_is_refused_to_everyone_but_staff(client, anon_client):
    assert client.get("/medarbejdere/eksport.json").status_code == 403
    assert anon_client.get("/medarbejdere/eksport.json")["Location"] == login_redirect("/medarbejdere/eksport.json")


def test_the_directory_export_takes_the_same_queries_however_many_people(bare_client):
    bare_client.force_login(UserFactory(username="personale2", is_staff=True))
    MembershipFactory(person=PersonFactory(expertise=["trivsel"]))
    few = count_queries(bare_client, "/medarbejdere/eksport.json")
    for _number in range(5):
        MembershipFactory(person=PersonFactory(expertise=["trivsel", "sundhed"]))
    assert count_queries(bare_client, "/medarbejdere/eksport.json") == few
