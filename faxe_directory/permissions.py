"""Refusing an edit the way a colleague would: a 403 page that says who can make the change
and how to ask them."""

from django.shortcuts import render

from people.models import Person, Role


def unit_editors(unit):
    """People who may edit the unit's visitkort and how: its leaders, its delegated editors and
    leaders of the units above it (nearest first). Two queries."""
    chain = [unit, *reversed(unit.ancestors())]
    leaders = (
        Person.objects.active()
        .filter(memberships__unit__in=chain, memberships__role=Role.LEDER)
        .values("pk", "first_name", "last_name", "memberships__unit_id")
    )
    by_unit = {}
    for row in leaders:
        by_unit.setdefault(row["memberships__unit_id"], []).append(row)
    people = []
    for level, owner in enumerate(chain):
        for row in by_unit.get(owner.pk, []):
            people.append(
                {
                    "pk": row["pk"],
                    "name": f"{row['first_name']} {row['last_name']}",
                    "unit": owner,
                    "delegated": False,
                    "above": level > 0,
                }
            )
    delegated = Person.objects.active().filter(user__unit_editor_roles__unit=unit).only("pk", "first_name", "last_name")
    people += [{"pk": p.pk, "name": p.full_name, "unit": unit, "delegated": True, "above": False} for p in delegated]
    return people


def refuse(request, reason, *, unit=None, back_url=None, suggest=False):
    """The 403 page: why the user cannot do this, who can (for a unit: its editors), and what to
    do instead (suggest a change on the page at `back_url`)."""
    context = {"reason": reason, "unit": unit, "back_url": back_url, "suggest": suggest}
    if unit is not None:
        context["editors"] = unit_editors(unit)
    return render(request, "403.html", context, status=403)
