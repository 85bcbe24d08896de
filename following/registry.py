"""What can be followed, and what news a followed thing covers.

The digest knows three kinds of news: try-outs that are new or changed, new current tasks of
units, and colleagues who add a topic to their expertise. A followed thing of any kind is
described by its `Scope`: the units (with everything below them), topics and try-outs whose
news it covers. Each kind registers itself once (`following/kinds.py`):

    register(FollowKind("unit", Unit, _("unit"), scope=lambda ids: {pk: Scope(units={pk}) for pk in ids}))

A new kind is one more `register` call whose `scope` says which units, topics, try-outs and
tasks it stands for; the button, /mine/ and the digest follow. KLE subjects and the strategy's
focus areas (vocabulary) are registered that way from portal (`portal/follow_kinds.py`), since
following and vocabulary may not import each other.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Scope:
    """The news a followed thing covers: of these units and the units below them, of try-outs
    and tasks with these topics (and colleagues adding them as expertise), of these try-outs,
    and these current tasks (news when they are new, whatever unit they belong to)."""

    units: frozenset[int] = field(default_factory=frozenset)
    topics: frozenset[int] = field(default_factory=frozenset)
    tryouts: frozenset[int] = field(default_factory=frozenset)
    tasks: frozenset[int] = field(default_factory=frozenset)


ScopeOf = Callable[[Collection[int]], Mapping[int, Scope]]


def _absolute_url(obj: models.Model) -> str:
    return obj.get_absolute_url()


def _everything(queryset: models.QuerySet) -> models.QuerySet:
    return queryset


@dataclass(frozen=True)
class FollowKind:
    """One kind of thing to follow: its key in `Follow.kind`, its model, a label ("emne"), the
    news its objects cover, the page of one (`url`), and which objects may be followed and
    shown (`visible`, e.g. active units only)."""

    kind: str
    model: type[models.Model]
    label: Any
    label_plural: Any
    scope: ScopeOf
    url: Callable[[models.Model], str] = _absolute_url
    visible: Callable[[models.QuerySet], models.QuerySet] = _everything

    def objects(self, ids: Collection[int]) -> dict[int, models.Model]:
        """The visible objects with these ids, by id (one query)."""
        return {obj.pk: obj for obj in self.visible(self.model._default_manager.filter(pk__in=ids))}


_kinds: dict[str, FollowKind] = {}


def register(kind: FollowKind) -> None:
    """Make a kind of object followable (call from AppConfig.ready; registering again replaces)."""
    _kinds[kind.kind] = kind


def follow_kinds() -> dict[str, FollowKind]:
    return dict(_kinds)


def follow_kind(kind: str) -> FollowKind | None:
    return _kinds.get(kind)


def kind_of(obj: models.Model) -> FollowKind | None:
    """The registered kind an object belongs to (by its concrete model)."""
    model = obj._meta.concrete_model
    return next((kind for kind in _kinds.values() if kind.model._meta.concrete_model is model), None)
