"""Data out of the directory: vCards, a unit's member list as CSV, the whole directory as JSON."""

import csv
import io
import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _
from taggit.models import TaggedItem

from people.models import Membership, Person

# --- vCard 3.0 (RFC 2426) -------------------------------------------------------------------

# Octets per physical line before folding (RFC 2425 5.8.1), not counting the CRLF.
VCARD_LINE_OCTETS = 75


# Line breaks as people and parsers know them (CRLF, CR, LF, NEL, LINE and PARAGRAPH SEPARATOR):
# written as the escaped newline "\n", so the value stays one logical line.
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
# Every other control character (C0 but TAB, DEL, C1) is not allowed in a value (RFC 6350 3.3);
# VT, FF, FS, GS and RS also end a line for some parsers (Python's str.splitlines among them).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def vcard_escape(value):
    """Escape a text value: backslash, comma, semicolon and line breaks (RFC 2426 4, RFC 6350
    3.4); other control characters become spaces."""
    value = str(value).replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return _CONTROLS.sub(" ", _LINE_BREAKS.sub(r"\\n", value))


def fold(line):
    """Fold a content line at 75 octets without splitting a UTF-8 character (æ, ø, å are two octets)."""
    pieces, current, size = [], "", 0
    limit = VCARD_LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            pieces.append(current)
            # Continuation lines start with a space, which counts against their 75 octets.
            current, size, limit = "", 0, VCARD_LINE_OCTETS - 1
        current += char
        size += octets
    pieces.append(current)
    return "\r\n ".join(pieces)


def vcard(person):
    """The person as a vCard 3.0 text: name, organisation and unit, title, email, phones, workplace."""
    membership = person.primary_membership()
    unit = membership.unit if membership else None
    organisation = [settings.MUNICIPALITY_NAME] + ([unit.name] if unit else [])
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:" + ";".join(vcard_escape(part) for part in (person.last_name, person.first_name, "", "", "")),
        "FN:" + vcard_escape(person.full_name),
        "ORG:" + ";".join(vcard_escape(part) for part in organisation),
    ]
    title = person.title or (membership.job_title if membership else "")
    if title:
        lines.append("TITLE:" + vcard_escape(title))
    if person.email:
        lines.append("EMAIL;TYPE=INTERNET,WORK:" + vcard_escape(person.email))
    if person.phone:
        lines.append("TEL;TYPE=WORK,VOICE:" + vcard_escape(person.phone))
    if person.mobile:
        lines.append("TEL;TYPE=CELL,VOICE:" + vcard_escape(person.mobile))
    if unit is not None and unit.address:
        # The unit's address as the street part; a structured split would guess wrong too often.
        lines.append("ADR;TYPE=WORK:;" + vcard_escape(person.location) + ";" + vcard_escape(unit.address) + ";;;;")
    elif person.location:
        lines.append("ADR;TYPE=WORK:;" + vcard_escape(person.location) + ";;;;;")
    lines.append(f"REV:{person.updated_at:%Y-%m-%dT%H:%M:%SZ}")
    lines.append("END:VCARD")
    return "".join(fold(line) + "\r\n" for line in lines)


# --- CSV for Excel ----------------------------------------------------------------------------

# A cell starting with one of these is a formula to Excel and LibreOffice (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """A cell value Excel shows as text: formula-like values get a leading apostrophe."""
    value = "" if value is None else str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def members_csv(unit):
    """The unit's active members as CSV text Danish Excel opens directly: BOM, `;`, CRLF."""
    memberships = (
        Membership.objects.filter(unit=unit, person__is_active=True)
        .select_related("person")
        .order_by("person__sort_key", "person__pk")
    )
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [_("First name"), _("Last name"), _("Job title"), _("Role"), _("Email"), _("Phone"), _("Mobile"), _("Location")]
    )
    for membership in memberships:
        person = membership.person
        row = [
            person.first_name,
            person.last_name,
            membership.job_title or person.title,
            membership.get_role_display(),
            person.email,
            person.phone,
            person.mobile,
            person.location,
        ]
        writer.writerow([csv_safe(value) for value in row])
    return out.getvalue()


# --- the whole directory as JSON --------------------------------------------------------------

UNIT_FIELDS = (
    "external_id",
    "name",
    "slug",
    "kind",
    "email",
    "phone",
    "address",
    "website",
    "opening_hours",
    "open_for_visits",
    "about",
    "core_tasks",
    "can_help_with",
    "looking_for",
    "last_confirmed_at",
    "updated_at",
)
PERSON_FIELDS = (
    "external_id",
    "first_name",
    "last_name",
    "title",
    "email",
    "phone",
    "mobile",
    "location",
    "about",
    "ask_me_about",
    "languages",
    "last_confirmed_at",
    "updated_at",
)


def _tags_by_object(model):
    """{object id: [tag names]} for all objects of `model`, in one query."""
    tags = {}
    items = TaggedItem.objects.filter(content_type=ContentType.objects.get_for_model(model)).order_by("tag__name")
    for object_id, name in items.values_list("object_id", "tag__name"):
        tags.setdefault(object_id, []).append(name)
    return tags


def directory_data():
    """Active units and people with memberships and tags, as JSON-ready dicts (a fixed number of
    queries however large the directory)."""
    from units.models import Unit

    units = list(Unit.objects.active().order_by("sort_key").values("id", "parent__slug", *UNIT_FIELDS))
    unit_tags = _tags_by_object(Unit)
    for unit in units:
        unit["parent"] = unit.pop("parent__slug")
        unit["topics"] = unit_tags.get(unit.pop("id"), [])
    people = list(Person.objects.active().order_by("sort_key", "pk").values("id", *PERSON_FIELDS))
    expertise = _tags_by_object(Person)
    memberships = {}
    for membership in (
        Membership.objects.filter(person__is_active=True, unit__is_active=True)
        .order_by("-is_primary", "unit__sort_key")
        .values("person_id", "unit__slug", "role", "job_title", "is_primary")
    ):
        person_id = membership.pop("person_id")
        membership["unit"] = membership.pop("unit__slug")
        memberships.setdefault(person_id, []).append(membership)
    for person in people:
        person["expertise"] = expertise.get(person["id"], [])
        person["memberships"] = memberships.get(person["id"], [])
    return {"municipality": settings.MUNICIPALITY_NAME, "units": units, "people": people}
