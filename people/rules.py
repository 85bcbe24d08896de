"""A person edits their own profile (title, about, ask me about, expertise, languages, phone,
location, photo); name, email and memberships come from administration."""

import rules


@rules.predicate
def is_own_profile(user, person):
    return person is not None and user.is_authenticated and person.user_id == user.pk


rules.add_perm("people.change_person", is_own_profile)
