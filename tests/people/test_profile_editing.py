"""A person edits their own profile: who may, the photo upload, and no lost update."""

import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from people.models import Person
from people.photos import MAX_UPLOAD_BYTES
from tests.conftest import count_queries, da, login_redirect, page_of


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def edit_url(person):
    return reverse("people:edit", kwargs={"pk": person.pk})


def profile_data(person, **changes):
    data = {
        "version": person.version,
        "title": person.title,
        "about": person.about,
        "ask_me_about": person.ask_me_about,
        "expertise": ", ".join(sorted(person.expertise.names())),
        "languages": person.languages,
        "phone": person.phone,
        "mobile": person.mobile,
        "location": person.location,
    }
    data.update(changes)
    return data


def image_file(name="foto.jpg", fmt="JPEG", size=(1200, 800), exif=None, color="red"):
    buffer = io.BytesIO()
    image = Image.new("RGBA" if fmt == "PNG" else "RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, fmt, **kwargs)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "Kamerafirma"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (55.0, 15.0, 30.0)
    gps[3] = "E"
    gps[4] = (12.0, 7.0, 0.0)
    if orientation:
        exif[0x0112] = orientation
    return exif


# --- who may -------------------------------------------------------------------------------


def test_a_person_edits_their_own_profile(client, employee):
    person = employee.person
    page = page_of(client.get(edit_url(person)))
    assert page.select_one("input#id_title").attrs["value"] == "Social- og sundhedsassistent"
    # Name, email and units are not in the form.
    assert not page.select("input#id_first_name") and not page.select("input#id_email")
    data = profile_data(person, about="Jeg elsker <em>demens</em>-arbejde.", expertise="demens, ældrepleje")
    response = client.post(edit_url(person), {**data, "first_name": "Hacket", "email": "x@example.com"})
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert da("Your profile is saved.") in detail
    assert "Jeg elsker &lt;em&gt;demens&lt;/em&gt;-arbejde." in detail
    person.refresh_from_db()
    assert (person.first_name, person.email) == ("Mette", "mette.jensen@faxekommune.dk")
    assert sorted(person.expertise.names()) == ["demens", "ældrepleje"]
    assert person.version == 2


def test_a_person_edits_their_mobile_number(client, employee):
    person = employee.person
    page = page_of(client.get(edit_url(person)))
    assert page.select_one("input#id_mobile").attrs["value"] == "+45 61 62 63 64"
    assert page.select_one("label[for=id_mobile]").text.startswith(da("Mobile"))
    response = client.post(edit_url(person), profile_data(person, mobile="+45 22 33 44 55"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.mobile == "+45 22 33 44 55"
    profile = page_of(client.get(person.get_absolute_url()))
    assert "tel:+4522334455" in profile.hrefs("aside a")
    history = page_of(client.get(reverse("people:history", kwargs={"pk": person.pk})))
    newest = history.select(".history-entry")[0]
    changes = dict(zip(newest.texts("dt"), newest.texts("dd"), strict=True))
    assert "+45 22 33 44 55" in changes[da("Mobile")]


def test_others_are_refused_even_by_direct_post(employee, leader_client, leader):
    person = employee.person
    for method in ("get", "post"):
        response = getattr(leader_client, method)(edit_url(person), profile_data(person, about="Hacket"))
        assert response.status_code == 403
        page = page_of(response)
        assert "Mette Jensen" in page.select_one("main p").text
        # No list of people is shown, so the page does not point at "the people above".
        assert da("Contact one of the people above, or the administration of the directory.") not in page.text
    person.refresh_from_db()
    assert person.about != "Hacket"


def test_anonymous_visitors_are_sent_to_log_in(employee, anon_client):
    url = edit_url(employee.person)
    assert anon_client.get(url)["Location"] == login_redirect(url)
    assert anon_client.post(url, profile_data(employee.person, about="Hacket")).status_code == 302
    assert Person.objects.get(pk=employee.person.pk).about != "Hacket"


def test_the_edit_link_is_shown_on_ones_own_profile_only(client, employee, leader):
    assert edit_url(employee.person) in page_of(client.get(employee.person.get_absolute_url())).hrefs()
    assert edit_url(leader.person) not in page_of(client.get(leader.person.get_absolute_url())).hrefs()
    assert (
        reverse("people:history", kwargs={"pk": leader.person.pk})
        in page_of(client.get(leader.person.get_absolute_url())).hrefs()
    )


def test_bad_input_is_refused_next_to_the_field(client, employee):
    person = employee.person
    page = page_of(client.post(edit_url(person), profile_data(person, about="x" * 5001, title="t" * 201)))
    assert set(page.select_one("[data-error-summary]").hrefs()) == {"#id_about", "#id_title"}
    assert page.select_one("textarea#id_about").text == "x" * 5001


# --- photos ----------------------------------------------------------------------------------


def upload(client, person, photo, **changes):
    return client.post(edit_url(person), {**profile_data(person, **changes), "photo": photo})


def test_a_photo_is_resized_turned_upright_and_stripped_of_gps(client, employee):
    person = employee.person
    # 1200×800 taken with the camera turned: orientation 6 means "rotate 90° to show".
    response = upload(client, person, image_file(exif=gps_exif(orientation=6)))
    assert response.status_code == 302
    person.refresh_from_db()
    with Image.open(person.photo.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (341, 512)
        assert not stored.getexif()
        assert "exif" not in stored.info
    assert person.photo.url in page_of(client.get(person.get_absolute_url())).select_one("img.avatar").attrs["src"]


def test_png_and_webp_are_accepted(client, employee):
    person = employee.person
    assert upload(client, person, image_file("foto.png", "PNG", size=(300, 300))).status_code == 302
    person.refresh_from_db()
    with Image.open(person.photo.path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (300, 300))
    assert upload(client, person, image_file("foto.webp", "WEBP", size=(600, 600))).status_code == 302


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        (
            SimpleUploadedFile("foto.jpg", b"Dette er ikke et billede", content_type="image/jpeg"),
            "The file is not a photo we can use. Choose a JPEG, PNG or WebP image.",
        ),
        (
            image_file("foto.gif", "GIF", size=(50, 50)),
            "The file is not a photo we can use. Choose a JPEG, PNG or WebP image.",
        ),
        (
            SimpleUploadedFile("stor.jpg", b"\xff\xd8" + b"0" * MAX_UPLOAD_BYTES, content_type="image/jpeg"),
            "The photo is too large (%(size)s MB). Choose a photo of at most 5 MB.",
        ),
        (
            image_file("bombe.png", "PNG", size=(10_000, 10_000), color="white"),
            "The photo has too many pixels. Choose a smaller photo.",
        ),
    ],
    ids=["text-renamed-jpg", "gif", "too-large", "decompression-bomb"],
)
def test_refused_photos_give_a_clear_message_and_keep_the_old_photo(client, employee, photo, message):
    person = employee.person
    assert upload(client, person, image_file()).status_code == 302
    person.refresh_from_db()
    old_photo = person.photo.name
    response = upload(client, person, photo, about="Ny tekst")
    assert response.status_code == 200
    error = page_of(response).select_one("#id_photo-error").text
    assert da(message).split("(")[0].split("%")[0] in error
    person.refresh_from_db()
    assert person.photo.name == old_photo
    assert person.about != "Ny tekst"


def test_a_photo_can_be_removed(client, employee, django_capture_on_commit_callbacks):
    person = employee.person
    upload(client, person, image_file())
    person.refresh_from_db()
    path = person.photo.path
    page = page_of(client.get(edit_url(person)))
    assert page.select("input#id_remove_photo")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url(person), {**profile_data(person), "remove_photo": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert not person.photo
    assert not os.path.exists(path)


def test_saving_without_a_new_photo_keeps_the_photo(client, employee):
    person = employee.person
    upload(client, person, image_file())
    person.refresh_from_db()
    name = person.photo.name
    assert client.post(edit_url(person), profile_data(person, about="Kun tekst")).status_code == 302
    person.refresh_from_db()
    assert (person.photo.name, person.about) == (name, "Kun tekst")


# --- no lost update -------------------------------------------------------------------------


def test_two_browsers_of_the_same_person_do_not_overwrite_each_other(employee):
    person = employee.person
    phone, laptop = Client(), Client()
    phone.force_login(employee)
    laptop.force_login(employee)
    loaded = profile_data(person)
    assert phone.post(edit_url(person), {**loaded, "location": "Rådhuset"}).status_code == 302
    response = laptop.post(edit_url(person), {**loaded, "about": "Skrevet på den bærbare."})
    assert response.status_code == 409
    page = page_of(response)
    assert da("Someone changed this meanwhile") in page.select_one(".conflict").text
    assert page.select_one("textarea#id_about").text == "Skrevet på den bærbare."
    assert page.select_one("input#id_location").attrs["value"] == "Rådhuset"
    person.refresh_from_db()
    assert (person.location, person.about) == ("Rådhuset", "")


def test_the_profile_edit_page_makes_a_fixed_number_of_queries(client, employee, django_assert_num_queries):
    url = edit_url(employee.person)
    expected = count_queries(client, url)
    with django_assert_num_queries(expected):
        client.get(url)
    assert expected == 4
