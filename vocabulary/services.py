"""Writes to the vocabulary of units and try-outs: each public function is one transaction and
raises a domain exception the page turns into a message."""

from django.db import IntegrityError, transaction

from core.forms import StaleEdit, save_versioned
from tryouts.models import Tryout
from units.models import Unit
from vocabulary.models import (
    Aspect,
    FocusAnswer,
    FocusArea,
    Subject,
    TryoutSubject,
    UnitSubject,
    responsible_elsewhere,
    responsible_message,
)

__all__ = ["AlreadyLinked", "ResponsibleTaken", "StaleEdit", "add_tryout_subject", "add_unit_subject"]


class ResponsibleTaken(Exception):
    """Another unit is already *ansvarlig* for the subject; `holder` is that unit."""

    def __init__(self, subject: Subject, holder: Unit):
        self.subject, self.holder = subject, holder
        super().__init__(str(responsible_message(subject, holder)))


class AlreadyLinked(Exception):
    """The unit already has this subject with this aspect (or the try-out has the subject)."""


def add_unit_subject(unit: Unit, subject: Subject, aspect: str) -> UnitSubject:
    """Record the unit's responsibility for a KLE subject. The unique index decides a race; the
    loser gets the same clear refusal as a check beforehand would have given."""
    with transaction.atomic():
        if aspect == Aspect.ANSVARLIG:
            holder = responsible_elsewhere(subject.pk, unit.pk)
            if holder is not None:
                raise ResponsibleTaken(subject, holder)
        if UnitSubject.objects.filter(unit=unit, subject=subject, aspect=aspect).exists():
            raise AlreadyLinked
        try:
            with transaction.atomic():
                return UnitSubject.objects.create(unit=unit, subject=subject, aspect=aspect)
        except IntegrityError:
            holder = responsible_elsewhere(subject.pk, unit.pk) if aspect == Aspect.ANSVARLIG else None
            if holder is not None:
                raise ResponsibleTaken(subject, holder) from None
            raise AlreadyLinked from None


def remove_unit_subject(link: UnitSubject) -> None:
    link.delete()


def add_tryout_subject(tryout: Tryout, subject: Subject) -> TryoutSubject:
    """Tie a KLE subject or an action facet (P08, P20 …) to a try-out."""
    try:
        with transaction.atomic():
            return TryoutSubject.objects.create(tryout=tryout, subject=subject)
    except IntegrityError:
        raise AlreadyLinked from None


def remove_tryout_subject(link: TryoutSubject) -> None:
    link.delete()


def save_focus_answer(form, unit: Unit, focus_area: FocusArea) -> FocusAnswer:
    """Save the unit's answer for a focus area from a valid FocusAnswerForm. A form loaded before
    the answer existed carries version 0; if someone answered meanwhile, or changed the answer
    since the form's version, StaleEdit (the page keeps the user's text)."""
    answer = form.instance
    if answer.pk is None:
        if form.loaded_version != 0:
            raise StaleEdit
        answer.unit, answer.focus_area = unit, focus_area
        try:
            with transaction.atomic():
                return form.save()
        except IntegrityError:
            raise StaleEdit from None
    return save_versioned(answer, form.loaded_version, form.save)
