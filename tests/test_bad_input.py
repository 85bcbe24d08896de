"""Bad-input battery: every page with parameters and every form, fed odd input.

Whatever arrives — huge, unicode, control characters, SQL and tsquery syntax, markup, wrong types,
odd page numbers, unknown filter values — a person gets a page (never a 500), their text is never
put into the page unescaped, and input that is refused writes nothing.

Data-driven: a page with parameters is one entry in PAGES, a form is one entry in FORMS.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, page_of
from tests.factories import UserFactory
from units.models import Suggestion
from vocabulary.models import FocusArea, Subject

HUGE = 10_000

# Text a person or a script might send in any parameter.
ODD_TEXT = [
    "",
    " ",
    "a" * HUGE,
    "ø" * 3_000,
    "Æblegrød på Ærø",
    "😀🎉👩‍👩‍👧",
    "\x00",
    "pleje\x00'; --",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\t",
    "\u202eevil\u200b\ufeff",
    "e\u0301\u0301\u0301",
    "Ｆａｘｅ",
    "' OR '1'='1",
    "'; DROP TABLE units_unit; --",
    '" OR ""="',
    "1; SELECT pg_sleep(5)",
    "%",
    "_%_",
    "\\",
    "a & b | !c",
    "((( ))) ::: *:*",
    "pleje:* & !'",
    "<->",
    "&|!():*",
    '"phrase with "quotes"',
    "<script>alert('xss')</script>",
    '"><img src=x onerror=alert(1)>',
    "' autofocus onfocus='alert(1)",
    "javascript:alert(1)",
    "{{ 7*7 }}{% debug %}",
    "${7*7}",
    "../../../etc/passwd",
    "-1",
    "0",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "[]",
    "null",
]
# Page numbers, on top of ODD_TEXT.
ODD_PAGES = ["1", "2", "-5", "0", "999999", "9" * 40, "1.5", "abc", " 2", "0x10", "last"]
# Values that would run as markup if reflected unescaped: none of them may appear in a page as is.
MARKUP = [value for value in ODD_TEXT if "<" in value or "'" in value and "alert" in value]
FEW = [*MARKUP, "\x00", "a" * HUGE, "-1", "9" * 40, "'; DROP TABLE units_unit; --", "😀"]
# A form's text fields get these all at once (a post costs far more than a page read), then each
# field alone gets ALONE, and each control field (version, token, dates, choices) gets CONTROL_VALUES.
FORM_VALUES = [
    *MARKUP,
    "",
    "\x00",
    "a" * HUGE,
    "'; DROP TABLE units_unit; --",
    "😀🎉👩‍👩‍👧",
    "\x01\x02\x1b[31m\x7f",
    "\u202eevil\u200b\ufeff",
]
# Alone, a huge value can be refused by one short field while the other fields would take it.
ALONE = ["a" * HUGE]
CONTROL_VALUES = ["", "9" * 40, "a" * HUGE, "\x00", "<script>alert('xss')</script>"]


@dataclass
class Page:
    """A page with parameters: each parameter gets odd values (the others stay as in `base`): free text
    (`q`) the whole ODD_TEXT, choices and slugs the FEW that differ for them, page numbers also ODD_PAGES."""

    name: str
    url: Callable  # (org) -> path
    params: list
    base: dict = field(default_factory=dict)
    # Pages that read no parameters of their own get the short list: they only must not break.
    text_values: list = field(default_factory=lambda: ODD_TEXT)

    def __str__(self):
        return self.name


PAGES = [
    Page(
        "search",
        lambda org: reverse("search"),
        ["q", "type", "centre", "topic", "track", "status", "page"],
        {"q": "pleje"},
    ),
    Page("search suggestions (JSON)", lambda org: reverse("search_suggestions"), ["q"]),
    Page("unit list", lambda org: reverse("units:list"), ["q", "kind", "centre", "topic", "open_for_visits", "page"]),
    Page("people list", lambda org: reverse("people:list"), ["q", "unit", "centre", "topic", "page"]),
    Page("try-out list", lambda org: reverse("tryouts:list"), ["status", "track", "unit", "topic", "page"]),
    Page("topic list", lambda org: reverse("topic_list"), ["page"]),
    Page("topic page", lambda org: reverse("topic_detail", args=["aeldrepleje"]), ["page", "q"], text_values=FEW),
    Page("visitkort", lambda org: org.afdeling.get_absolute_url(), ["page", "tab"], text_values=FEW),
    Page("forside", lambda org: reverse("home"), ["q", "page"], text_values=FEW),
    Page("mine", lambda org: reverse("mine"), ["page"], text_values=FEW),
    Page("topic suggestions (JSON)", lambda org: reverse("tag_suggestions"), ["q"]),
    Page("KLE tree", lambda org: reverse("vocabulary:kle"), ["q", "page"]),
    Page("KLE subject", lambda org: kle_subject_url(), ["vis", "page"], text_values=FEW),
    Page("strategy", lambda org: reverse("vocabulary:strategies"), ["page"], text_values=FEW),
    Page("focus area", lambda org: FocusArea.objects.first().get_absolute_url(), ["page"], text_values=FEW),
]

# Paths with odd slugs and ids: a 404 page, never a 500.
ODD_SLUGS = ["x" * 500, "-", "_", "0", "DROP-TABLE", "a--b", "aeldrepleje-" * 40, "ikke-til"]
ODD_IDS = ["0", "99999999", "9" * 19, "9" * 40]
DETAIL_PREFIXES = ["/enheder/", "/proevehandlinger/", "/emner/", "/emner/kle/", "/strategi/"]


# Models whose rows must stay as they were when input is refused.
def snapshot():
    """Every row of the directory's own tables (a small fixture: a few hundred rows)."""
    state = {}
    for app_label in ("units", "people", "tryouts", "vocabulary", "taggit", "auth"):
        for model in apps.get_app_config(app_label).get_models():
            if model._meta.app_label == "auth" and model._meta.model_name != "user":
                continue
            fields = [f.attname for f in model._meta.concrete_fields if f.attname not in {"last_login"}]
            state[model._meta.label] = sorted(map(repr, model.objects.values_list(*fields)))
    return state


def assert_safe(response, sent, where):
    """No server error, and no odd markup we sent appears unescaped in an HTML page."""
    assert response.status_code < 500, where
    content_type = response.get("Content-Type", "")
    if response.status_code in (301, 302, 303):
        location = urlsplit(response["Location"])
        assert location.scheme in ("", "http", "https"), f"{where}: redirect to {location}"
        assert location.netloc in ("", "testserver"), f"{where}: off-site redirect {location}"
        return
    if "html" not in content_type:
        assert content_type.startswith(("application/json", "text/csv", "text/vcard")), where
        assert response.get("X-Content-Type-Options") == "nosniff", where
        return
    body = response.content.decode()
    for value in sent:
        if value in MARKUP:
            assert value not in body, f"{where}: {value!r} reflected unescaped"


# --- pages with parameters ---------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES, ids=str)
def test_odd_parameters_never_break_a_page(client, org, page):
    url = page.url(org)
    before = snapshot()
    for param in page.params:
        values = page.text_values if param == "q" else FEW + (ODD_PAGES if param == "page" else [])
        for value in values:
            query = {**page.base, param: value}
            response = client.get(url, query)
            assert_safe(response, [value], f"{page.name} {param}={value[:40]!r}")
    # Several odd parameters at once, and the same parameter twice.
    for value in MARKUP:
        response = client.get(url, dict.fromkeys(page.params, value))
        assert_safe(response, [value], f"{page.name} all={value[:40]!r}")
    response = client.get(f"{url}?{'&'.join(f'{param}=1&{param}=x' for param in page.params)}")
    assert_safe(response, [], f"{page.name} repeated")
    assert snapshot() == before, f"{page.name}: a GET changed data"


def test_undecodable_query_strings_give_a_page(client, org):
    for url in ["/soeg/?q=%FF%FE%FD", "/soeg/?q=%ED%A0%80", "/soeg/?q=%", "/enheder/?q=%C3", "/soeg/?%00=%00"]:
        assert_safe(client.get(url), [], url)


@pytest.mark.parametrize("prefix", DETAIL_PREFIXES)
def test_odd_slugs_give_not_found(client, org, prefix):
    for slug in ODD_SLUGS:
        response = client.get(f"{prefix}{quote(slug)}/")
        assert response.status_code == 404, slug
        assert_safe(response, [slug], f"{prefix}{slug[:40]}")
    for raw in ["%3Cscript%3E", "%00", "%C3%A6ble", "..%2F..%2F", "a%20b"]:
        response = client.get(f"{prefix}{raw}/")
        assert response.status_code == 404, raw


def test_odd_person_ids_give_not_found(client, org):
    for value in ODD_IDS:
        response = client.get(f"/medarbejdere/{value}/")
        assert response.status_code == 404, value
    for value in ["-1", "abc", "1.5", "%00", "1e3"]:
        assert client.get(f"/medarbejdere/{value}/").status_code == 404, value


def test_anonymous_odd_input_is_sent_to_login_without_the_input_breaking_the_link(anon_client, org):
    for value in MARKUP + ["\x00", "a" * HUGE]:
        response = anon_client.get(reverse("search"), {"q": value})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")


# --- forms -------------------------------------------------------------------------------------


@dataclass
class Form:
    """A form as a person meets it: who opens it where, and which of its fields get odd values.

    The valid base data is read from the form on the page itself (hidden version fields included),
    so an entry needs no copy of the form's fields. `user` is a fixture name (None: logged out).
    `fields` are free text; `controls` are fields with a fixed shape (version, token, dates, choices).
    """

    name: str
    url: Callable  # (org, user) -> path of the page with the form; called again after each save
    user: str | None
    fields: list
    controls: list = field(default_factory=list)
    selector: str | Callable = "main form[method=post]"  # or (path) -> selector
    # Fields with a length limit, which get ALONE one by one (default: all of `fields`).
    short: list | None = None

    def attempts(self):
        """(changed fields, value) pairs to post."""
        yield from ((self.fields, value) for value in FORM_VALUES)
        if len(self.fields) > 1:
            short = self.fields if self.short is None else self.short
            yield from (([name], value) for name in short for value in ALONE)
        yield from (([name], value) for name in self.controls for value in CONTROL_VALUES)

    def __str__(self):
        return self.name


def kle_subject_url():
    """A KLE main group to browse (the org fixture has no KLE loaded)."""
    Subject.objects.get_or_create(number="27", defaults={"title": "Social service", "kind": "hovedgruppe", "level": 1})
    return reverse("vocabulary:kle_subject", args=["27"])


def visitkort(path):
    return lambda org, user: f"/enheder/{org.afdeling.slug}/{path}"


def open_suggestion(org, user):
    """A fresh suggestion on the leader's visitkort each time: deciding one closes it."""
    author = UserFactory()
    suggestion = Suggestion.objects.create(author=author, target=org.afdeling, text="Ret telefonnummeret")
    return f"/enheder/forslag/{suggestion.pk}/"


TRYOUT_TEXTS = ["title", "summary", "challenge", "approach", "tags", "partners", "learnings", "outcome", "next_steps"]


FORMS = [
    Form("login", lambda org, user: reverse("login"), None, ["username", "password"], ["next"]),
    Form(
        "language",
        lambda org, user: reverse("home"),
        "employee",
        [],
        ["language", "next"],
        selector="form[action='/sprog/']",
    ),
    Form(
        "visitkort",
        visitkort("rediger/"),
        "leader",
        ["about", "core_tasks", "can_help_with", "looking_for", "tags", "phone", "address", "opening_hours"],
        ["email", "website", "open_for_visits", "version", "suggestion"],
        short=["tags", "phone", "address", "opening_hours"],
    ),
    Form(
        "current task",
        visitkort("opgaver/"),
        "leader",
        ["title", "description", "tags"],
        ["starts_on", "ends_on", "contact", "token"],
        selector="main form.edit-form",
    ),
    Form("collaboration, new", visitkort("samarbejder/"), "leader", ["name", "description"]),
    Form(
        "collaboration, change",
        lambda org, user: f"/enheder/{org.afdeling.slug}/samarbejder/{org.collaborations.outgoing.pk}/",
        "leader",
        ["description"],
    ),
    Form("editor", visitkort("redaktoerer/"), "leader", ["name"]),
    Form("suggestion on a visitkort", visitkort("forslag/"), "employee", ["suggestion-text"]),
    Form(
        "suggestion on a try-out",
        lambda org, user: f"/proevehandlinger/{org.tryouts.owned.slug}/forslag/",
        "employee",
        ["suggestion-text"],
    ),
    Form(
        "own profile",
        lambda org, user: f"/medarbejdere/{user.person.pk}/rediger/",
        "employee",
        ["title", "about", "ask_me_about", "expertise", "languages", "phone", "location"],
        ["version"],
    ),
    Form(
        "try-out, new",
        lambda org, user: reverse("tryouts:create"),
        "leader",
        TRYOUT_TEXTS,
        ["owner_unit", "status", "started_on", "token"],
        short=["title", "tags"],
    ),
    Form(
        "try-out, change",
        lambda org, user: f"/proevehandlinger/{org.tryouts.owned.slug}/rediger/",
        "leader",
        TRYOUT_TEXTS,
        ["ended_on", "track", "version", "suggestion"],
        short=["title", "tags"],
    ),
    Form("KLE task", visitkort("kle/"), "leader", ["name"], ["aspect", "pick"], selector="main form.edit-form"),
    Form(
        "strategy answer",
        lambda org, user: f"/enheder/{org.afdeling.slug}/strategi/{FocusArea.objects.first().pk}/",
        "leader",
        ["text"],
        ["version", "tasks", "tryouts"],
    ),
    Form(
        "try-out KLE",
        lambda org, user: f"/proevehandlinger/{org.tryouts.owned.slug}/kle/",
        "leader",
        ["name"],
        ["pick"],
        selector="main form.edit-form",
    ),
    Form(
        "suggestion, accept",
        open_suggestion,
        "leader",
        ["accept-reply"],
        selector=lambda path: f"main form[action={path}accepter/]",
    ),
    Form(
        "suggestion, decline",
        open_suggestion,
        "leader",
        ["decline-reply"],
        selector=lambda path: f"main form[action={path}afvis/]",
    ),
]


def form_data(page, selector):
    """The fields a browser would send for the first form matching `selector`, as it stands."""
    form = page.select_one(selector)
    data = {}
    for element in form.select("input"):
        name, kind = element.attrs.get("name"), element.attrs.get("type", "text")
        if not name or kind in {"submit", "button", "file"}:
            continue
        if kind in {"checkbox", "radio"} and "checked" not in element.attrs:
            continue
        data[name] = element.attrs.get("value", "on" if kind == "checkbox" else "")
    for element in form.select("textarea"):
        data[element.attrs["name"]] = element.text
    for element in form.select("select"):
        chosen = [option for option in element.select("option") if "selected" in option.attrs]
        options = chosen or element.select("option")
        if options:
            data[element.attrs["name"]] = options[0].attrs.get("value", options[0].text)
    return data, form.attrs.get("action") or None


@pytest.mark.parametrize("entry", FORMS, ids=str)
def test_odd_input_in_every_form(request, org, entry):
    browser = Client()
    user = request.getfixturevalue(entry.user or "employee")  # logged out: someone to log in as
    if entry.user:
        browser.force_login(user)
    base = None
    for names, value in entry.attempts():
        if base is None:  # the form as it stands now (a fresh version number and token)
            url = entry.url(org, user)
            page = browser.get(url)
            assert page.status_code == 200, url
            selector = entry.selector(url) if callable(entry.selector) else entry.selector
            base = form_data(page_of(page), selector)
        data, action = dict(base[0]), base[1]
        data.update(dict.fromkeys(names, value))
        before = snapshot()
        response = browser.post(action or url, data)
        where = f"{entry.name} {'+'.join(names)}={value[:40]!r}"
        assert_safe(response, [value], where)
        if response.status_code in (301, 302, 303):
            # Accepted: the page that now shows the text must still be safe.
            assert_safe(browser.get(response["Location"]), [value], f"{where}, shown after saving")
            base = None
            if entry.user is None:
                browser.post(reverse("logout"))
        else:
            assert snapshot() == before, f"{where}: refused, yet data changed"


def test_login_with_odd_input_logs_nobody_in_and_never_redirects_off_site(anon_client, employee):
    for value in ODD_TEXT:
        response = anon_client.post(reverse("login"), {"username": value, "password": value})
        assert response.status_code in (200, 429), repr(value[:40])
        assert "_auth_user_id" not in anon_client.session
    for target in ["//evil.example", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"]:
        browser = Client()
        response = browser.post(reverse("login"), {"username": "medarbejder", "password": PASSWORD, "next": target})
        assert response.status_code == 302
        assert response["Location"] == "/", target
