"""A person edits their own profile, and everyone reads its change history."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from core.forms import StaleEdit, find_conflicts
from core.history import history_page
from people import services
from people.forms import ProfileForm
from people.models import Person
from units.permissions import refuse


class ProfileEditView(View):
    """Edit one's own profile (people.change_person); a stale save keeps the person's text."""

    def dispatch(self, request, *args, **kwargs):
        self.person = get_object_or_404(Person.objects.active(), pk=kwargs["pk"])
        if not request.user.has_perm("people.change_person", self.person):
            return refuse(
                request,
                _(
                    "Only %(name)s can change this profile. Name, email and units come from the "
                    "administration of the directory."
                )
                % {"name": self.person.full_name},
                back_url=self.person.get_absolute_url(),
            )
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, form, status=200, conflict=None):
        context = {
            "person": self.person,
            "form": form,
            "conflict": conflict,
            "nav_section": "people",
            "crumbs": [(reverse("people:list"), _("People")), (self.person.get_absolute_url(), self.person.full_name)],
        }
        return render(self.request, "people/profile_edit.html", context, status=status)

    def get(self, request, pk):
        return self.render_page(ProfileForm(instance=self.person))

    def post(self, request, pk):
        form = ProfileForm(request.POST, request.FILES, instance=self.person)
        if not form.is_valid():
            return self.render_page(form)
        try:
            services.save_profile(form)
        except StaleEdit:
            fresh, changes = find_conflicts(form, Person.objects.get(pk=self.person.pk))
            return self.render_page(fresh, status=409, conflict=changes)
        messages.success(request, _("Your profile is saved."))
        return redirect(self.person)


def person_history(request, pk):
    """ "Ændringshistorik" of a profile: who changed which field when, newest first."""
    person = get_object_or_404(Person.objects.active(), pk=pk)
    crumbs = [(reverse("people:list"), _("People")), (person.get_absolute_url(), person.full_name)]
    page = history_page(
        request, person, ProfileForm, extra_fields=("first_name", "last_name", "email", "mobile", "is_active")
    )
    context = {"object": person, "title": person.full_name, "crumbs": crumbs, "nav_section": "people", "page_obj": page}
    return render(request, "history.html", context)
