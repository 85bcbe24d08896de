"""The shared try-outs format, version 1: the JSON Schema both sides hold to (docs/open-data.md).

Published at /aabne-data/proevehandlinger.schema.json. Field names are English, values Danish.
`version` is the format's major version: a reader refuses a version it does not know. Fields may
be added within a version (readers ignore fields they do not know), so the KLE subjects of the
vocabulary work can join without breaking older readers.
"""

FORMAT = "faxe-directory/proevehandlinger"
VERSION = 1
LICENSE = {
    "id": "CC0-1.0",
    "name": "CC0 1.0 Universal (Public Domain Dedication)",
    "url": "https://creativecommons.org/publicdomain/zero/1.0/",
}
STATUSES = ["ide", "i_gang", "afsluttet", "stoppet"]
MAX_ITEMS_PER_PAGE = 1000
MAX_TEXT = 20_000

_text = {"type": "string", "maxLength": MAX_TEXT}
_name = {"type": "string", "minLength": 1, "maxLength": 200}
_url = {"type": "string", "minLength": 1, "maxLength": 2000, "pattern": "^https?://"}
_date = {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_timestamp = {"type": "string", "maxLength": 40, "pattern": r"^\d{4}-\d{2}-\d{2}T"}
_names = {"type": "array", "maxItems": 100, "items": {"type": "string", "minLength": 1, "maxLength": 100}}

TRYOUT = {
    "type": "object",
    "required": [
        "id",
        "url",
        "title",
        "summary",
        "challenge",
        "approach",
        "learnings",
        "status",
        "started_on",
        "ended_on",
        "partner_kinds",
        "topics",
        "unit",
        "municipality",
        "updated_at",
    ],
    "properties": {
        "id": {"type": "string", "minLength": 1, "maxLength": 100},
        "url": _url,
        "title": _name,
        "summary": _text,
        "challenge": _text,
        "approach": _text,
        "learnings": _text,
        "status": {"enum": STATUSES},
        "status_label": {"type": "string", "maxLength": 50},
        "started_on": _date,
        "ended_on": _date,
        "partner_kinds": _names,
        "topics": _names,
        "unit": {"type": "string", "maxLength": 200},
        "municipality": _name,
        "updated_at": _timestamp,
    },
}

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:faxe-directory:proevehandlinger:1",
    "title": "Prøvehandlinger delt med andre kommuner (version 1)",
    "type": "object",
    "required": [
        "format",
        "version",
        "license",
        "publisher",
        "generated_at",
        "count",
        "page",
        "pages",
        "next",
        "items",
    ],
    "properties": {
        "format": {"const": FORMAT},
        "version": {"const": VERSION},
        "license": {
            "type": "object",
            "required": ["id", "url"],
            "properties": {"id": {"const": LICENSE["id"]}, "name": {"type": "string"}, "url": _url},
        },
        "publisher": {
            "type": "object",
            "required": ["municipality", "url"],
            "properties": {"municipality": _name, "url": _url},
        },
        "generated_at": _timestamp,
        "count": {"type": "integer", "minimum": 0},
        "page": {"type": "integer", "minimum": 1},
        "pages": {"type": "integer", "minimum": 1},
        "next": {"anyOf": [_url, {"type": "null"}]},
        "items": {"type": "array", "maxItems": MAX_ITEMS_PER_PAGE, "items": {"$ref": "#/$defs/tryout"}},
    },
    "$defs": {"tryout": TRYOUT},
}
