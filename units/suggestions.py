"""Suggestions ("Foreslå en tilføjelse eller rettelse"): colleagues help qualify a visitkort or a try-out.

Any employee writes one; the editors of the card (units/rules.py: its unit's leaders, leaders above
and delegated editors) accept it, then edit the card, or decline it with a reply. The nearest
editors are emailed about a new suggestion and the author about the outcome, after the commit.
This module holds the forms, the services that change suggestions and the emails; the pages are in
units/views.py and tryouts/views.py (`SuggestFormView` below is their shared base).
"""

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView

from core.sql import read_rows
from core.text import single_line
from units.editors import contacts_of
from units.models import Suggestion, SuggestionStatus, Unit

logger = logging.getLogger(__name__)

MAX_TEXT = 2000
MAX_REPLY = 500
# The messages.extra_tags of the notices the suggestion section shows itself (after "Send").
AT_SUGGESTION_FORM = "at-suggestion-form"


# --- forms ------------------------------------------------------------------------------------


class SuggestionForm(forms.Form):
    # The same field names on the card and on the form's own page, unique among the card's forms.
    prefix = "suggestion"

    text = forms.CharField(
        label=_("Your suggestion"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What should be added or corrected? The editors of the card decide and may reply to you."),
        error_messages={"required": _("Write your suggestion.")},
    )

    def clean_text(self):
        # One kind of line break, so that a double-submitted text is recognised as the same text.
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()


class ResolveForm(forms.Form):
    """Accept or decline. A decline needs a reply: the colleague who took the time to suggest
    deserves to know why; an accept speaks for itself once the card changes."""

    reply = forms.CharField(
        label=_("Reply to the colleague"),
        max_length=MAX_REPLY,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, accept, **kwargs):
        super().__init__(*args, **kwargs)
        self.accept = accept
        field = self.fields["reply"]
        if accept:
            field.help_text = _("Optional. The colleague sees it on their page.")
        else:
            field.required = True
            field.label = _("Why do you decline?")
            field.help_text = _("Required. A short reason; the colleague sees it on their page.")
            field.error_messages["required"] = _("Write a short reason for declining.")

    def clean_reply(self):
        return self.cleaned_data["reply"].replace("\r\n", "\n").strip()


# --- reading ---------------------------------------------------------------------------------


def target_unit(target):
    """The unit whose editors decide on suggestions to `target` (a unit, or a try-out's owner)."""
    return target if isinstance(target, Unit) else target.owner_unit


def kind_of(target):
    return "units" if isinstance(target, Unit) else "tryouts"


# Has the reader suggestions to this card still waiting? Asked on every visit of a card by most
# readers, who have none: as a plain statement (core/sql.py), and the suggestions read only if so.
OWN_WAITING = """
SELECT 1 FROM {suggestion} WHERE target_type_id = %s AND target_id = %s AND status = %s AND author_id = %s
"""


def open_suggestions_on(target, author=None):
    """Open suggestions to one visitkort or try-out, oldest first: every one with its author, or
    only `author`'s own (each with `author` as it is: a join of the users and people for nothing
    doubled the query's cost)."""
    target_type = ContentType.objects.get_for_model(target)
    if author is not None:
        params = [target_type.pk, target.pk, SuggestionStatus.OPEN, author.pk]
        if not read_rows(Suggestion, OWN_WAITING, params, suggestion=Suggestion):
            return []
    found = Suggestion.objects.filter(target_type=target_type, target_id=target.pk, status=SuggestionStatus.OPEN)
    found = found.order_by("created_at", "pk")
    if author is None:
        return list(found.select_related("author__person"))
    own = list(found.filter(author=author))
    for suggestion in own:
        suggestion.author = author
    return own


def waiting_for(user):
    """Open suggestions the user may decide on: to the units they edit and those units' try-outs."""
    units = Unit.objects.editable_by(user).values("pk")
    # The units' try-outs (tryouts.Tryout, an app above units) through their reverse relation.
    tryouts = Unit.objects.filter(pk__in=units, owned_tryouts__isnull=False).values("owned_tryouts")
    unit_type = ContentType.objects.get_for_model(Unit)
    tryout_type = ContentType.objects.get_for_model(Unit._meta.get_field("owned_tryouts").related_model)
    return Suggestion.objects.filter(status=SuggestionStatus.OPEN).filter(
        Q(target_type=unit_type, target_id__in=units) | Q(target_type=tryout_type, target_id__in=tryouts)
    )


def edit_url(suggestion):
    """The target's edit page, telling it which accepted suggestion the edit applies."""
    target = suggestion.target
    return f"{reverse(f'{kind_of(target)}:edit', kwargs={'slug': target.slug})}?forslag={suggestion.pk}"


def change_url(suggestion):
    """The target's change history, where the edit that applied the suggestion is listed."""
    if suggestion.change_id is None or suggestion.target is None:
        return ""
    target = suggestion.target
    return reverse(f"{kind_of(target)}:history", kwargs={"slug": target.slug})


# --- changing --------------------------------------------------------------------------------


class AlreadyResolved(Exception):
    """The suggestion was accepted or declined before this request."""

    def __init__(self, suggestion):
        super().__init__(f"suggestion {suggestion.pk} is already {suggestion.status}")
        self.suggestion = suggestion


@transaction.atomic
def create_suggestion(author, target, text):
    """Store a suggestion and tell the card's nearest editors after the commit.

    Returns (suggestion, created). The same open text from the same author on the same card is
    not stored twice (a double click, a resubmitted form): the target row is locked while we look,
    so two simultaneous requests cannot both miss each other.
    """
    type(target).objects.select_for_update().filter(pk=target.pk).first()
    target_type = ContentType.objects.get_for_model(target)
    existing = Suggestion.objects.filter(
        author=author, target_type=target_type, target_id=target.pk, status=SuggestionStatus.OPEN, text=text
    ).first()
    if existing:
        return existing, False
    suggestion = Suggestion.objects.create(author=author, target_type=target_type, target_id=target.pk, text=text)
    transaction.on_commit(lambda: notify_editors(suggestion.pk))
    return suggestion, True


@transaction.atomic
def resolve_suggestion(suggestion, user, *, accept, reply=""):
    """Accept or decline an open suggestion and tell its author after the commit.

    Raises AlreadyResolved if someone (or an earlier click) decided on it first; the row is locked
    so that two editors deciding at the same moment cannot both succeed.
    """
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != SuggestionStatus.OPEN:
        raise AlreadyResolved(locked)
    locked.status = SuggestionStatus.ACCEPTED if accept else SuggestionStatus.DECLINED
    locked.reply = reply
    locked.resolver = user
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["status", "reply", "resolver", "resolved_at"])
    transaction.on_commit(lambda: notify_author(locked.pk))
    return locked


# --- emails ----------------------------------------------------------------------------------


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def display_name(user):
    person = getattr(user, "person", None)
    return (person.full_name if person else "") or user.get_full_name() or user.get_username()


def _send(messages_to_send, what):
    """Send after the commit, one message at a time: a message that fails (a mail server that is
    down, a bad header) is logged, never shown as an error page for a suggestion that was saved,
    and does not keep the others from being sent."""
    sent = 0
    connection = get_connection()
    for message in messages_to_send:
        try:
            sent += connection.send_messages([message]) or 0
        except Exception:
            logger.exception("could not send %s", what)
    return sent


def subject_about(message, target):
    """An email subject naming the card, always one line (a line break in a header makes the
    email fail), whatever is stored in its name or title."""
    return single_line(message % {"target": single_line(target)})


def notify_editors(suggestion_pk):
    """Email the nearest editors of the card (units/editors.py) about a new suggestion."""
    suggestion = Suggestion.objects.select_related("author__person").get(pk=suggestion_pk)
    target = suggestion.target
    recipients = [e for e in contacts_of(target_unit(target)) if e.user_id != suggestion.author_id]
    # Emails go out in the site's language, whatever language the author browses in.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "suggestion": suggestion,
            "target": target,
            "author": display_name(suggestion.author),
            "url": absolute(f"{target.get_absolute_url()}#suggestions"),
            "mine_url": absolute(reverse("mine")),
        }
        subject = subject_about(gettext("New suggestion for %(target)s"), target)
        body = render_to_string("emails/suggestion_new.txt", context)
    sent = _send(
        [EmailMessage(subject, body, to=[e.email]) for e in recipients],
        f"suggestion emails (suggestion {suggestion.pk})",
    )
    logger.info("suggestion %s: emailed %d of %d editors", suggestion.pk, sent, len(recipients))


def notify_author(suggestion_pk):
    """Email the author that their suggestion was accepted or declined."""
    suggestion = Suggestion.objects.select_related("author__person", "resolver__person").get(pk=suggestion_pk)
    author = suggestion.author
    person = getattr(author, "person", None)
    email = (person.email if person else "") or author.email
    left = not author.is_active or (person is not None and not person.is_active)  # nothing to follow up
    if not email or left or suggestion.author_id == suggestion.resolver_id:
        return
    target = suggestion.target
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "suggestion": suggestion,
            "target": target,
            "resolver": display_name(suggestion.resolver) if suggestion.resolver else "",
            "url": absolute(target.get_absolute_url()),
            "mine_url": absolute(reverse("mine")),
        }
        if suggestion.status == SuggestionStatus.ACCEPTED:
            subject = subject_about(gettext("Your suggestion for %(target)s was accepted"), target)
        else:
            subject = subject_about(gettext("Your suggestion for %(target)s was declined"), target)
        body = render_to_string("emails/suggestion_resolved.txt", context)
    _send([EmailMessage(subject, body, to=[email])], f"suggestion outcome email (suggestion {suggestion.pk})")


# --- the page shared by visitkort and try-outs -----------------------------------------------


class SuggestFormView(FormView):
    """GET: the suggestion form on a page of its own (also where errors are shown);
    POST: store the suggestion and go back to the card. Subclasses say how to find the target."""

    form_class = SuggestionForm
    template_name = "units/suggestion_form.html"

    def get_target(self):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        self.target = self.get_target()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        crumbs = [(self.target.get_absolute_url(), str(self.target))]
        return super().get_context_data(target=self.target, suggest_url=self.request.path, crumbs=crumbs, **kwargs)

    def form_valid(self, form):
        _suggestion, created = create_suggestion(self.request.user, self.target, form.cleaned_data["text"])
        # Shown in the suggestion section, where the user is after the redirect to its anchor,
        # not at the top of a long card (templates/base.html leaves these out).
        if created:
            messages.success(
                self.request,
                gettext("Thank you. Your suggestion has been sent to the card's editors."),
                extra_tags=AT_SUGGESTION_FORM,
            )
        else:
            messages.info(
                self.request,
                gettext("You have already sent this suggestion. It is waiting for an answer."),
                extra_tags=AT_SUGGESTION_FORM,
            )
        return redirect(f"{self.target.get_absolute_url()}#suggestions")
