"""Who may log in: an active user who is not linked to a person who has left.

Leaving (people/services.py, `deactivate_people`) deactivates the person's user and ends their
sessions. This is the second lock: whatever else sets `Person.is_active=False` (a bulk update, the
shell), the person can neither log in nor go on using a session opened before. Password logins
and sessions opened with one go through `ActivePersonBackend`; single sign-on asks the same
(faxe_directory/sso.py).
"""

import functools

from django.contrib.auth.backends import ModelBackend

from people.models import Person
from units.models import active_users

__all__ = ["ActivePersonBackend", "active_users"]


class ActivePersonBackend(ModelBackend):
    """Django's password login, which also refuses the user of a person who has left."""

    def user_can_authenticate(self, user):
        return super().user_can_authenticate(user) and not Person.objects.filter(user=user, is_active=False).exists()

    def get_user(self, user_id):
        # One query per request, as Django's own: the person's state is part of it, not a second query.
        # Its SQL is compiled once per process: the ORM took ~1.5 ms a request to build the join.
        sql, params = _active_user_sql()
        if sql is None:
            return active_users().filter(pk=user_id).first()
        user_model = active_users().model
        params = [user_id if param == _ANY_ID else param for param in params]
        return next(iter(user_model._default_manager.raw(sql, params)), None)


_ANY_ID = -7_340_291  # stands for the user's id while the statement is compiled


@functools.cache
def _active_user_sql():
    """The statement of `active_users().filter(pk=…)`, with the id as its one parameter (None if
    the ORM compiled it otherwise, then each request builds it)."""
    sql, params = active_users().filter(pk=_ANY_ID).query.sql_with_params()
    return (sql, tuple(params)) if list(params).count(_ANY_ID) == 1 else (None, ())
