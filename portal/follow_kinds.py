"""KLE subjects and the strategy's focus areas as things to follow ("Følg" on /emner/kle/… and
/strategi/…). following and vocabulary are siblings that may not import each other, so portal,
above both, registers them (PortalConfig.ready).

- a KLE subject (or group, main group, facet) covers what its page lists, itself and every
  subject below it: the try-outs that carry one of them, the topics tied to them (try-outs and
  tasks with the topic, colleagues adding it as expertise), and the current tasks of the units
  responsible for or performing one of them (not those only with insight);
- a focus area covers the try-outs tied to it (on its track, or linked from a unit's answer) and
  the current tasks the units' answers link to it.

Each scope is a fixed number of queries for any number of followed subjects or focus areas.
"""

from collections import defaultdict
from collections.abc import Collection
from functools import reduce
from operator import or_

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from following.kinds import add_kind
from following.registry import FollowKind, Scope
from tryouts.models import Tryout
from units.models import UnitTask
from vocabulary.models import (
    Aspect,
    FocusAnswer,
    FocusArea,
    Subject,
    TopicSubject,
    TryoutSubject,
    UnitSubject,
    subject_tree_q,
)

# The aspects whose units' new tasks are news of a subject: who does the work, not who only looks on.
TASK_ASPECTS = (Aspect.ANSVARLIG, Aspect.UDFOERENDE)


def in_tree(number: str, root: str) -> bool:
    """Whether the subject numbered `number` is `root` or lies below it (as `subject_tree_q`)."""
    if len(root) == 1 and root.isalpha():
        return number.startswith(root)
    return number == root or number.startswith(f"{root}.")


def subject_scopes(ids: Collection[int]) -> dict[int, Scope]:
    """{subject id: Scope}: five queries, however many subjects."""
    roots = dict(Subject.objects.filter(pk__in=ids).values_list("pk", "number"))
    if not roots:
        return {}
    below = reduce(or_, (subject_tree_q(number, "subject__") for number in set(roots.values())))

    def by_root(rows):
        """{subject id: {values}} from rows of (KLE number, value): each row for every root it lies under."""
        found = defaultdict(set)
        for number, value in rows:
            for pk, root in roots.items():
                if in_tree(number, root):
                    found[pk].add(value)
        return found

    tryouts = by_root(TryoutSubject.objects.filter(below).values_list("subject__number", "tryout_id"))
    topics = by_root(TopicSubject.objects.filter(below).values_list("subject__number", "tag_id"))
    units = by_root(
        UnitSubject.objects.filter(below, aspect__in=TASK_ASPECTS, unit__is_active=True).values_list(
            "subject__number", "unit_id"
        )
    )
    tasks_of_unit = defaultdict(set)
    working = {unit for found in units.values() for unit in found}
    if working:
        not_ended = UnitTask.objects.not_ended(timezone.localdate()).filter(unit_id__in=working)
        for unit_id, task_id in not_ended.values_list("unit_id", "pk"):
            tasks_of_unit[unit_id].add(task_id)
    return {
        pk: Scope(
            topics=frozenset(topics[pk]),
            tryouts=frozenset(tryouts[pk]),
            tasks=frozenset(task for unit in units[pk] for task in tasks_of_unit[unit]),
        )
        for pk in roots
    }


def focus_area_scopes(ids: Collection[int]) -> dict[int, Scope]:
    """{focus area id: Scope}: four queries, however many focus areas."""
    tracks = dict(FocusArea.objects.filter(pk__in=ids).values_list("pk", "track_id"))
    tryouts, tasks = defaultdict(set), defaultdict(set)
    answered = FocusAnswer.tryouts.through.objects.filter(focusanswer__focus_area__in=list(tracks))
    for area_id, tryout_id in answered.values_list("focusanswer__focus_area", "tryout_id"):
        tryouts[area_id].add(tryout_id)
    area_of_track = {track: area for area, track in tracks.items() if track is not None}
    if area_of_track:
        for track_id, tryout_id in Tryout.objects.filter(track__in=list(area_of_track)).values_list("track_id", "pk"):
            tryouts[area_of_track[track_id]].add(tryout_id)
    linked = FocusAnswer.tasks.through.objects.filter(focusanswer__focus_area__in=list(tracks))
    for area_id, task_id in linked.values_list("focusanswer__focus_area", "unittask_id"):
        tasks[area_id].add(task_id)
    return {pk: Scope(tryouts=frozenset(tryouts[pk]), tasks=frozenset(tasks[pk])) for pk in tracks}


def register_follow_kinds():
    add_kind(FollowKind("subject", Subject, _("KLE subject"), _("KLE subjects"), scope=subject_scopes))
    add_kind(
        FollowKind(
            "focusarea",
            FocusArea,
            _("focus area"),
            _("Focus areas of the strategy"),
            scope=focus_area_scopes,
            visible=lambda queryset: queryset.select_related("strategy"),  # its URL names the strategy
        )
    )
