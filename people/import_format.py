"""The columns of the organisation import files (docs/import-format.md), in one place.

Plain constants without Django, so the generator of large test files
(demo/scripts/generate_import_files.py) writes the same header the import reads.
"""

UNIT_COLUMNS = ("external_id", "name", "kind", "parent_external_id", "email", "phone", "address")
PERSON_COLUMNS = (
    "external_id",
    "first_name",
    "last_name",
    "email",
    "title",
    "unit_external_id",
    "role",
    "phone",
    "mobile",
    "location",
)
