"""The Danish catalogue is complete: every UI string has a translation, none is fuzzy.

English needs no catalogue: the source strings are English.
"""

import ast
from pathlib import Path

from django.conf import settings

PO_FILE = Path(settings.BASE_DIR) / "locale" / "da" / "LC_MESSAGES" / "django.po"


def read_po(path):
    """The entries of a .po file: dicts with `flags`, `msgid` and the msgstr values by key.

    Just enough of the gettext format for this check: comments, flags, (plural) msgids and
    msgstrs spread over continuation lines; obsolete entries (`#~`) are left out.
    """
    entries, entry, key = [], None, None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry is not None and "msgid" in entry:  # a comment starts the next entry
                entries.append(entry)
                entry = None
            entry = entry or {"flags": set(), "line": number}
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            continue
        if line.startswith('"'):
            assert entry is not None and key, f"{path}:{number}: continuation without a keyword"
            entry[key] += ast.literal_eval(line)
            continue
        keyword, _space, value = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and entry is not None and "msgid" in entry:
            entries.append(entry)
            entry = None
        entry = entry or {"flags": set(), "line": number}
        key = keyword
        entry[key] = ast.literal_eval(value)
    if entry is not None:
        entries.append(entry)
    return entries


def translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_catalogue_has_entries():
    entries = read_po(PO_FILE)
    header = [entry for entry in entries if entry["msgid"] == ""]
    assert len(header) == 1 and "Language: da" in header[0]["msgstr"]
    assert len(entries) > 100


def test_every_entry_is_translated():
    untranslated = [
        f"line {entry['line']}: {entry['msgid']!r}"
        for entry in read_po(PO_FILE)
        if entry["msgid"] and not all(translations(entry))
    ]
    assert not untranslated, "untranslated in locale/da/LC_MESSAGES/django.po:\n" + "\n".join(untranslated)


def test_no_entry_is_fuzzy():
    fuzzy = [
        f"line {entry['line']}: {entry['msgid']!r}"
        for entry in read_po(PO_FILE)
        if entry["msgid"] and "fuzzy" in entry["flags"]
    ]
    assert not fuzzy, "fuzzy in locale/da/LC_MESSAGES/django.po (check and remove the flag):\n" + "\n".join(fuzzy)


def test_parser_sees_plurals_fuzzy_flags_and_empty_strings(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: da\\n"\n\n'
        '#: templates/a.html\nmsgid "Done"\nmsgstr "Færdig"\n\n'
        '#, fuzzy, python-format\nmsgid "%(n)s unit"\nmsgid_plural "%(n)s units"\n'
        'msgstr[0] "%(n)s enhed"\nmsgstr[1] ""\n\n'
        'msgctxt "menu"\nmsgid ""\n"Long "\n"text"\nmsgstr ""\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    header, done, plural, long = read_po(po)
    assert header["msgstr"] == "Language: da\n"
    assert (done["msgid"], done["msgstr"], done["flags"]) == ("Done", "Færdig", set())
    assert plural["flags"] == {"fuzzy", "python-format"}
    assert translations(plural) == ["%(n)s enhed", ""]
    assert (long["msgctxt"], long["msgid"], long["msgstr"]) == ("menu", "Long text", "")


def test_one_spelling_of_the_edit_button():
    """ "Redigér" everywhere (as "Filtrér"): "Rediger" beside it on the same screen looked like a slip."""
    unaccented = [
        f"line {entry['line']}: {value!r}"
        for entry in read_po(PO_FILE)
        for value in translations(entry)
        if value.startswith("Rediger")
    ]
    assert not unaccented, "write “Redigér”:\n" + "\n".join(unaccented)
