"""Writes of following: follow and stop following, the digest setting, the signed unsubscribe."""

from django.core import signing
from django.db import IntegrityError, transaction

from core.sql import read_rows
from following.models import DigestSettings, Follow
from following.registry import FollowKind

UNSUBSCRIBE_SALT = "following.digest.unsubscribe"


class NotFollowable(Exception):
    """The kind is not registered or the object is not there (or not visible)."""


def followed_object(kind: FollowKind | None, object_id: int):
    """The visible object of a registered kind, or NotFollowable."""
    if kind is None:
        raise NotFollowable
    found = kind.objects([object_id]).get(object_id)
    if found is None:
        raise NotFollowable
    return found


# Asked on every visit of a followable page (core/sql.py: a third of the ORM's `exists()`).
FOLLOWS = "SELECT 1 FROM {follow} WHERE user_id = %s AND kind = %s AND object_id = %s"


def is_following(user, kind: FollowKind, object_id: int) -> bool:
    return user.is_authenticated and bool(read_rows(Follow, FOLLOWS, [user.pk, kind.kind, object_id], follow=Follow))


def toggle_follow(user, kind: FollowKind, object_id: int) -> bool:
    """Follow the object, or stop following it if the user already did. Returns whether the
    user follows it now. A double click does not make two follows (the unique constraint)."""
    with transaction.atomic():
        deleted, _by_model = Follow.objects.filter(user=user, kind=kind.kind, object_id=object_id).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                Follow.objects.create(user=user, kind=kind.kind, object_id=object_id)
        except IntegrityError:
            pass  # a parallel click followed it meanwhile: followed is what the user wanted
    return True


def set_weekly_digest(user, enabled: bool) -> DigestSettings:
    """Turn the weekly digest on or off for the user."""
    settings, _created = DigestSettings.objects.update_or_create(user=user, defaults={"weekly_digest": enabled})
    return settings


def digest_enabled(user) -> bool:
    settings = DigestSettings.objects.filter(user=user).first()
    return settings is None or settings.weekly_digest


def unsubscribe_token(user_id: int) -> str:
    """A signed token that turns the user's digest off without logging in (it never expires:
    an old e-mail's link keeps working)."""
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT)


def user_of_token(token: str) -> int | None:
    """The user id the token was made for, or None when it was changed or is not a token."""
    try:
        value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
