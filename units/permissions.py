"""Refusing an edit the way a colleague would: a 403 page that says who can make the change
and how to ask them."""

from django.shortcuts import render

from units.models import Role, UnitEditor, active_users, members_model


def refuse(request, reason, *, unit=None, back_url=None, suggest=False):
    """The 403 page: why the user cannot do this, who can (for a unit: its editors, nearest
    first), and what to do instead (suggest a change on the page at `back_url`)."""
    context = {"reason": reason, "unit": unit, "back_url": back_url, "suggest": suggest}
    if unit is not None:
        context["editors"] = who_can_change(unit)
    return render(request, "403.html", context, status=403)


def who_can_change(unit):
    """The people to ask for a change of `unit`, nearest first: its delegated editors and leaders,
    then the leaders of each unit above it.

    Every leader the cards show is named, also one who has not logged in yet (most are imported):
    they are the ones to ask, and the page must not say the unit has no leader when it has one.
    """
    chain = [unit, *reversed(unit.ancestors())]
    level = {member.pk: index for index, member in enumerate(chain)}
    names = {member.pk: member.name for member in chain}
    memberships = members_model().objects
    leaders = (
        memberships.filter(unit__in=chain, role=Role.LEDER, person__is_active=True)
        .select_related("person")
        .order_by("person__sort_key", "pk")
    )
    delegated = UnitEditor.objects.filter(unit=unit, user__in=active_users()).select_related("user__person")
    found, seen = [], set()
    for editor in delegated.order_by("pk"):
        person = getattr(editor.user, "person", None)
        if person is not None and not person.is_active:
            continue
        name = (person.full_name if person else "") or editor.user.get_full_name() or editor.user.get_username()
        found.append({"name": name, "person_id": person.pk if person else None, "delegated": True, "level": 0})
        seen.add(("person", person.pk) if person else ("user", editor.user_id))
    for membership in sorted(leaders, key=lambda m: level[m.unit_id]):
        if ("person", membership.person_id) in seen:
            continue
        seen.add(("person", membership.person_id))
        found.append(
            {
                "name": membership.person.full_name,
                "person_id": membership.person_id,
                "delegated": False,
                "level": level[membership.unit_id],
                "unit_name": names[membership.unit_id],
            }
        )
    return found
