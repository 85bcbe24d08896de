"""Follow and stop following, the digest setting on /mine/, and the signed unsubscribe link."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from following.forms import DigestSettingsForm
from following.registry import follow_kind
from following.services import NotFollowable, followed_object, set_weekly_digest, toggle_follow, user_of_token


def _next_url(request, fallback):
    """Back to the page the button was on, if it is a page of this site."""
    next_url = request.POST.get("next", "")
    on_site = next_url.startswith("/") and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return next_url if on_site else fallback


@require_POST
def toggle(request, kind, pk):
    """The "Følg"/"Følger" button: follow the object, or stop following it."""
    registered = follow_kind(kind)
    try:
        obj = followed_object(registered, pk)
    except NotFollowable:
        raise Http404 from None
    if toggle_follow(request.user, registered, pk):
        messages.success(
            request,
            _("You now follow %(name)s. News about it comes in your weekly e-mail and on My page.") % {"name": obj},
        )
    else:
        messages.success(request, _("You no longer follow %(name)s.") % {"name": obj})
    return HttpResponseRedirect(_next_url(request, registered.url(obj)))


@require_POST
def digest_settings(request):
    """Turn the weekly digest on or off (the form on /mine/)."""
    form = DigestSettingsForm(request.POST)
    enabled = form.is_valid() and form.cleaned_data["weekly_digest"]
    set_weekly_digest(request.user, enabled)
    if enabled:
        messages.success(request, _("You will get a weekly e-mail when something you follow is new."))
    else:
        messages.success(request, _("You will not get the weekly e-mail. What you follow is still on My page."))
    return redirect(f"{reverse('mine')}#following")


# The link in the e-mail works without logging in: the signed token is the authority, so the
# POST needs no CSRF token either (mail programs POST to it for one-click unsubscribe, RFC 8058).
@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """The digest's unsubscribe link: a page with one button (so that a mail scanner opening the
    link unsubscribes nobody); the button, or the mail program's one-click POST, turns it off."""
    user_id = user_of_token(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
    if user is None:
        return render(request, "following/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        set_weekly_digest(user, False)
        return render(request, "following/unsubscribe.html", {"done": True})
    return render(request, "following/unsubscribe.html", {"token": token})
