"""The cache folder the gunicorn workers of one host share (faxe_directory/caches.py, CACHE_DIRECTORY):
what one worker renders the others read, an edit is seen at once, and the folder stays bounded."""

import random

import pytest
from django.core.cache import caches
from django.test import Client

from faxe_directory import caches as shared_caches
from tests.conftest import page_of, queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_folder(settings, tmp_path):
    folder = tmp_path / "search"
    settings.CACHES = {
        **settings.CACHES,
        "search": {
            "BACKEND": "faxe_directory.caches.SharedFileCache",
            "LOCATION": str(folder),
            "TIMEOUT": 600,
            "OPTIONS": {"MAX_ENTRIES": 20},
        },
    }
    return folder


def test_a_visitkort_rendered_by_one_worker_is_read_from_the_folder_by_the_next(shared_folder, org, employee):
    card = org.afdeling.get_absolute_url()
    browser = Client()
    browser.force_login(employee)
    first, _ = queries(browser, card)
    assert any(shared_folder.iterdir()), "the kept parts are files in the shared folder"
    # Another worker has its own cache object but the same folder: a new one reads the files.
    del caches["search"]
    again, response = queries(browser, card)
    assert again < first
    assert org.afdeling.name in page_of(response).select_one("h1").text


def test_an_edit_is_seen_at_once_through_the_shared_folder(shared_folder, org, employee):
    card = org.afdeling.get_absolute_url()
    browser = Client()
    browser.force_login(employee)
    browser.get(card)
    browser.get(card)
    org.afdeling.about = "Vi kører hjemmepleje i hele Haslev-området."
    org.afdeling.save()
    assert "hele Haslev-området" in browser.get(card).content.decode()


def test_the_folder_is_cleaned_up_when_it_is_full(shared_folder, monkeypatch):
    monkeypatch.setattr(shared_caches, "CULL_EVERY", 1)
    cache = caches["search"]
    for number in range(60):
        cache.set(f"result-{number}", b"x" * 100)
    assert len(list(shared_folder.iterdir())) <= 20
    assert cache.get("result-59") == b"x" * 100


def test_writes_do_not_list_the_folder_each_time(shared_folder, monkeypatch):
    monkeypatch.setattr(shared_caches, "random", random.Random(22))  # the same writes list it every run
    listed = []
    original = shared_caches.FileBasedCache._list_cache_files
    monkeypatch.setattr(
        shared_caches.FileBasedCache, "_list_cache_files", lambda self: listed.append(1) or original(self)
    )
    cache = caches["search"]
    for number in range(200):
        cache.set(f"result-{number}", b"x")
    assert 0 < len(listed) < 200 / shared_caches.CULL_EVERY * 3
    assert len(list(shared_folder.iterdir())) <= 20 + 3 * shared_caches.CULL_EVERY
