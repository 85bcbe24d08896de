from django import forms
from django.utils.translation import gettext_lazy as _


class DigestSettingsForm(forms.Form):
    """The per-person setting on /mine/: the weekly e-mail on or off."""

    weekly_digest = forms.BooleanField(
        label=_("Send me a weekly e-mail about what is new in what I follow"),
        required=False,
        help_text=_("At most one e-mail a week, and only when something is new."),
    )
