"""Records of the directory itself (not of a domain app)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormSubmission(models.Model):
    """A create form's one-time token, recorded with what its save made, so that a double click
    or a resent POST creates nothing twice (see core.forms.claim_submission)."""

    token = models.UUIDField(_("token"), unique=True)
    result_url = models.CharField(_("result"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self):
        return str(self.token)
