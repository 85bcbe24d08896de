"""Refusing an edit the way a colleague would: a 403 page that says who can make the change
and how to ask them."""

from django.shortcuts import render

from units.editors import editors_of


def refuse(request, reason, *, unit=None, back_url=None, suggest=False):
    """The 403 page: why the user cannot do this, who can (for a unit: its editors, nearest
    first), and what to do instead (suggest a change on the page at `back_url`)."""
    context = {"reason": reason, "unit": unit, "back_url": back_url, "suggest": suggest}
    if unit is not None:
        names = {owner.pk: owner.name for owner in [unit, *unit.ancestors()]}
        context["editors"] = [
            {"editor": editor, "above": editor.unit_id != unit.pk, "unit_name": names.get(editor.unit_id, "")}
            for editor in editors_of(unit)
        ]
    return render(request, "403.html", context, status=403)
