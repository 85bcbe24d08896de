"""The form a person edits their own profile with."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.forms import TagListField, VersionedModelForm
from people.models import Person
from people.photos import clean_photo


def cleaned_photo(upload):
    """A newly uploaded photo cleaned by `clean_photo`; anything else (no new file) as it is."""
    if not isinstance(upload, UploadedFile):
        # No new file: FileField hands back the photo the person has (None, or False when cleared).
        return upload
    return clean_photo(upload)


class ProfileForm(VersionedModelForm):
    """What a person may change about themselves; name, email and units come from administration."""

    expertise = TagListField(
        label=_("Expertise"),
        help_text=_("Topics you know about, separated by commas, e.g. “citizen involvement, dementia”. At most 30."),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP, at most 5 MB. It is made smaller and location data are removed."),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = Person
        fields = ["title", "about", "ask_me_about", "expertise", "languages", "phone", "mobile", "location", "photo"]
        labels = {
            "title": _("Job title"),
            "about": _("About me"),
            "ask_me_about": _("Ask me about"),
            "languages": _("Languages"),
            "phone": _("Phone"),
            "mobile": _("Mobile"),
            "location": _("Location"),
        }
        help_texts = {
            "about": _("A few lines about you and your work. At most 5,000 characters."),
            "ask_me_about": _("What colleagues are welcome to ask you about. At most 5,000 characters."),
            "languages": _("E.g. “Danish, English, German”."),
            "mobile": _("Your work mobile, e.g. “+45 20 30 40 50”. Colleagues can call it from your profile."),
            "location": _("Where colleagues find you, e.g. “Town hall, 2nd floor”."),
        }
        widgets = {"about": forms.Textarea(attrs={"rows": 5}), "ask_me_about": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "expertise" not in self.initial:
            self.initial["expertise"] = sorted(self.instance.expertise.names())
        # The file the person has now: removed from storage once a change of photo is saved.
        self.old_photo_name = self.instance.photo.name if self.instance.pk else ""
        if not self.instance.photo:
            del self.fields["remove_photo"]

    def clean_photo(self):
        return cleaned_photo(self.cleaned_data.get("photo"))

    def save(self, commit=True):
        """A new photo replaces the old one; "remove" empties it; otherwise it stays."""
        person = super().save(commit=False)
        new_photo = self.files.get(self.add_prefix("photo")) if self.files else None
        if not new_photo and self.cleaned_data.get("remove_photo"):
            person.photo = ""
        if commit:
            person.save()
            self._save_m2m()
        return person
