"""`field__any=values`: `field IN (…)` sent as one array on PostgreSQL (`field = ANY(%s)`).

A list of 1,000 ids in an `__in` lookup is 1,000 placeholders, which Django builds and psycopg
parses one by one in Python: a rebuild of the search index sends some 600 such queries, and
that parsing cost more than the queries (docs/performance.md, "Build speed (session 6)"). Other
databases get the plain `IN (…)`.
"""

from django.db import models
from django.db.models.fields.related import ForeignObject
from django.db.models.lookups import In


class AnyOf(In):
    lookup_name = "any"

    def as_postgresql(self, compiler, connection):
        if self.rhs_is_direct_value():
            lhs, lhs_params = self.process_lhs(compiler, connection)
            values = [value for value in self.rhs if value is not None]
            return f"{lhs} = ANY(%s::{self.lhs.output_field.db_type(connection)}[])", [*lhs_params, values]
        return self.as_sql(compiler, connection)


models.Field.register_lookup(AnyOf)
ForeignObject.register_lookup(AnyOf)  # related fields keep lookups of their own
