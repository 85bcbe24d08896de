"""A person edits their own profile: who may, the photo upload, and no lost update."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image, PngImagePlugin

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


SECRET = "HEMMELIG-kommentar"


def jpeg_with_every_kind_of_metadata():
    buffer = io.BytesIO()
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{SECRET}</dc:creator></x:xmpmeta>'.encode()
    Image.new("RGB", (800, 600), "red").save(
        buffer,
        "JPEG",
        exif=gps_exif(),
        comment=f"{SECRET} JPEG-kommentar".encode(),
        icc_profile=f"{SECRET} ICC".encode(),
        xmp=xmp,
    )
    return SimpleUploadedFile("kommentar.jpg", buffer.getvalue(), content_type="image/jpeg")


def png_with_every_kind_of_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"{SECRET} tEXt")
    info.add_text("comment", f"{SECRET} tEXt lowercase")
    info.add_text("Author", f"{SECRET} zTXt", zip=True)
    info.add_itxt("Description", f"{SECRET} iTXt æøå", lang="da", tkey="Beskrivelse")
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{SECRET}</x:xmpmeta>", zip=True)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), "blue").save(
        buffer, "PNG", pnginfo=info, exif=gps_exif(), icc_profile=f"{SECRET} ICC".encode()
    )
    return SimpleUploadedFile("kommentar.png", buffer.getvalue(), content_type="image/png")


def jpeg_header_segments(data):
    """(marker, payload) of each segment before the image data of a JPEG file."""
    assert data[:2] == b"\xff\xd8"
    segments, position = [], 2
    while True:
        assert data[position] == 0xFF
        marker, length = data[position + 1], int.from_bytes(data[position + 2 : position + 4], "big")
        segments.append((marker, data[position + 4 : position + 2 + length]))
        if marker == 0xDA:  # start of scan: pixels follow
            return segments
        position += 2 + length


@pytest.mark.parametrize("photo", [jpeg_with_every_kind_of_metadata, png_with_every_kind_of_text], ids=["jpeg", "png"])
def test_the_stored_photo_carries_no_metadata_at_all(client, employee, photo):
    person = employee.person
    assert upload(client, person, photo()).status_code == 302
    person.refresh_from_db()
    data = Path(person.photo.path).read_bytes()
    assert SECRET.encode() not in data
    segments = jpeg_header_segments(data)
    # Only the JFIF header and what it takes to decode the pixels; no COM (0xFE), no APP1 (EXIF,
    # XMP), no APP2 (ICC) or any other application segment.
    assert 0xFE not in [marker for marker, _payload in segments]
    assert [payload[:5] for marker, payload in segments if 0xE0 <= marker <= 0xEF] == [b"JFIF\x00"]
    with Image.open(person.photo.path) as stored:
        assert set(stored.info) <= {"jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive", "progression"}


def test_a_photo_uploaded_in_admin_is_cleaned_the_same_way(admin_client, employee):
    from tests.test_admin import admin_url, form_data

    person = employee.person
    url = admin_url(type(person), "change", person.pk)
    data = form_data(admin_client.get(url), type(person))
    response = admin_client.post(url, {**data, "photo": jpeg_with_every_kind_of_metadata()})
    assert response.status_code == 302
    person.refresh_from_db()
    data = Path(person.photo.path).read_bytes()
    assert SECRET.encode() not in data
    with Image.open(person.photo.path) as stored:
        assert (stored.format, stored.size) == ("JPEG", (512, 384))


def png_file(name, mode, size, color=0, **save):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, "PNG", **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def webp_file(name, size):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "WEBP", quality=50)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/webp")


@pytest.mark.parametrize(
    "photo",
    [
        # A 151 KB file of 6300 × 6300 transparent pixels: about 480 MB to decode and shrink.
        lambda: png_file("gennemsigtig.png", "RGBA", (6300, 6300), (255, 255, 255, 0)),
        # 36 megapixels of WebP, 60 KB: libwebp's canvas and Pillow's copies, about 560 MB.
        lambda: webp_file("stor.webp", (6000, 6000)),
        # 6000 × 6000 photo as PNG: 150 MB decoded.
        lambda: png_file("stor.png", "RGB", (6000, 6000)),
    ],
    ids=["rgba-png", "webp", "rgb-png"],
)
def test_small_files_that_unpack_to_too_much_memory_are_refused_with_a_clear_message(client, employee, photo):
    person = employee.person
    upload_file = photo()
    assert upload_file.size < 200_000
    response = upload(client, person, upload_file, about="Ny tekst")
    assert response.status_code == 200
    error = page_of(response).select_one("#id_photo-error").text
    message = da(
        "The photo has too many pixels to unpack (it would take %(size)s MB). Choose a photo with fewer pixels, "
        "or save it as JPEG."
    )
    size = int(re.search(r"(\d+) MB", error).group(1))
    assert error.strip().endswith(message % {"size": size})
    assert size > 100
    person.refresh_from_db()
    assert not person.photo and person.about != "Ny tekst"


def test_a_large_camera_jpeg_is_decoded_at_reduced_size_and_accepted(client, employee):
    """48 megapixels: refused as too many pixels before; decoding at 1/8 scale makes it cheap."""
    person = employee.person
    buffer = io.BytesIO()
    Image.new("RGB", (8000, 6000), "green").save(buffer, "JPEG", quality=40)
    assert upload(client, person, SimpleUploadedFile("kamera.jpg", buffer.getvalue())).status_code == 302
    person.refresh_from_db()
    with Image.open(person.photo.path) as stored:
        assert stored.size == (512, 384)


def test_sixteen_bit_grey_png_is_accepted(client, employee):
    """Pillow cannot shrink 16-bit grey in steps: this gave a server error."""
    person = employee.person
    photo = png_file("graa16.png", "I;16", (1200, 900), 40000)
    assert upload(client, person, photo).status_code == 302
    person.refresh_from_db()
    with Image.open(person.photo.path) as stored:
        assert stored.size == (512, 384)
        assert 150 < stored.convert("L").getpixel((10, 10)) < 160  # 40000 / 256, not white


MEASURE_PEAK = """
import io, os, resource, sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from people.photos import clean_photo
data = sys.stdin.buffer.read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
clean_photo(SimpleUploadedFile("foto", data))
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


@pytest.mark.parametrize(
    ("mode", "size", "fmt"),
    [("RGB", (4999, 5000), "PNG"), ("RGBA", (3535, 3535), "PNG"), ("RGB", (2500, 2499), "WEBP")],
    ids=["rgb-png", "rgba-png", "webp"],
)
def test_the_largest_accepted_photos_cost_a_bounded_amount_of_memory(mode, size, fmt):
    """Just below the limit for each kind: the worker's peak memory grows by little more than the
    100 MB budget (it grew by 480 MB for the transparent PNG above, 560 MB for the WebP)."""
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, fmt)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "faxe_directory.settings", "PYTHONPATH": str(root)}
    result = subprocess.run(
        [sys.executable, "-c", MEASURE_PEAK], input=buffer.getvalue(), capture_output=True, env=env, check=True
    )
    assert int(result.stdout) < 130


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
