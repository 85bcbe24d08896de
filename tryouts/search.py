"""What try-outs hand the search index: one document per try-out, the status and track facets,
and their titles in the documents of their owner unit and their contacts (contributions, so
units and people need not know try-outs)."""

from collections import defaultdict

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from people.models import Person
from search import index
from search.documents import card_quality, index_text, tags_by_object
from search.registry import Document, Facet, Field, SearchType, contribute, register, register_facet
from tryouts.models import Status, Track, Tryout
from units.models import Unit

KIND = "tryout"
M2M_ACTIONS = {"post_add", "post_remove", "post_clear"}
STATUS_WORDS = {Status.IDE: "idé", Status.I_GANG: "i gang", Status.AFSLUTTET: "afsluttet", Status.STOPPET: "stoppet"}
# Why a try-out matched, most telling first ("Det har vi lært: …"). Its status stands on its
# badge (shown), its owner unit is the hit's place.
FIELDS = (
    Field("topics", _("Topics")),
    Field("summary", _("Summary")),
    Field("challenge", _("The challenge")),
    Field("approach", _("What we are trying")),
    Field("learnings", _("What we have learned")),
    Field("outcome", _("Outcome")),
    Field("next_steps", _("Next steps")),
    Field("track", _("Track")),
    Field("partners", _("Partners")),
    Field("units", _("Participating units")),
    Field("status", _("Status"), shown=True),
)


def names_by_tryout(through, target: str, ids) -> dict[int, list[str]]:
    """{try-out id: names of its `target` (partner kinds, units) in their model's order}, read as
    tuples: `prefetch_related` cloned a queryset per try-out (docs/performance.md, session 6)."""
    ordering = through._meta.get_field(target).related_model._meta.ordering
    names = defaultdict(list)
    rows = through.objects.filter(tryout_id__any=ids).order_by(*(f"{target}__{key}" for key in ordering))
    for tryout_id, name in rows.values_list("tryout_id", f"{target}__name"):
        names[tryout_id].append(name)
    return names


def tryout_documents(ids):
    tryouts = list(Tryout.objects.filter(pk__any=ids).select_related("owner_unit", "track"))
    pks = [t.pk for t in tryouts]
    tags_of = tags_by_object(Tryout, pks)
    kinds_of = names_by_tryout(Tryout.partner_kinds.through, "partnerkind", pks)
    units_of = names_by_tryout(Tryout.units.through, "unit", pks)
    now = timezone.now()
    for tryout in tryouts:
        tags = tags_of[tryout.pk]
        kinds, units = kinds_of[tryout.pk], units_of[tryout.pk]
        yield Document(
            kind=KIND,
            object_id=tryout.pk,
            title=tryout.title,
            keywords=index_text(*(t.name for t in tags), tryout.track.name if tryout.track else ""),
            body=index_text(
                tryout.summary,
                tryout.challenge,
                tryout.approach,
                tryout.learnings,
                tryout.outcome,
                tryout.next_steps,
                tryout.partners,
                *kinds,
                tryout.owner_unit.name,
                *units,
                STATUS_WORDS.get(tryout.status, ""),
            ),
            sections={
                "topics": ", ".join(t.name for t in tags),
                "summary": tryout.summary,
                "challenge": tryout.challenge,
                "approach": tryout.approach,
                "learnings": tryout.learnings,
                "outcome": tryout.outcome,
                "next_steps": tryout.next_steps,
                "track": tryout.track.name if tryout.track else "",
                "partners": ", ".join(filter(None, [*kinds, tryout.partners])),
                "units": ", ".join(units),
                "status": STATUS_WORDS.get(tryout.status, ""),
            },
            place=tryout.owner_unit.name,
            centre_id=tryout.owner_unit.centre_id,
            status=tryout.status,
            track_id=tryout.track_id,
            is_current=tryout.status in (Status.IDE, Status.I_GANG),
            topic_ids=[t.pk for t in tags],
            # A try-out is as fresh as its last change; what it taught counts as much as its plan.
            quality=card_quality(
                [tryout.summary, tryout.challenge, tryout.approach, tryout.learnings, tags],
                tryout.updated_at,
                now,
            ),
        )


def titles_for_units(unit_ids):
    """{unit id: the titles of the try-outs it owns}, for the units' documents."""
    titles = defaultdict(list)
    for owner_id, title in Tryout.objects.filter(owner_unit_id__any=unit_ids).values_list("owner_unit_id", "title"):
        titles[owner_id].append(title)
    return {pk: "; ".join(index_text(title) for title in found) for pk, found in titles.items()}


def titles_for_contacts(person_ids):
    """{person id: the titles and topics of the try-outs they are contacts for}."""
    links = list(
        Tryout.contacts.through.objects.filter(person_id__any=person_ids).values_list("person_id", "tryout_id")
    )
    tryouts = dict(Tryout.objects.filter(pk__any={t for _p, t in links}).values_list("pk", "title"))
    tags = tags_by_object(Tryout, list(tryouts))
    texts = defaultdict(list)
    for person_id, tryout_id in links:
        topics = ", ".join(t.name for t in tags[tryout_id])
        texts[person_id].append(f"{tryouts[tryout_id]} ({topics})" if topics else tryouts[tryout_id])
    return {pk: "; ".join(index_text(text) for text in found) for pk, found in texts.items()}


def reindex_around(tryout, contact_ids=None):
    """The try-out's entry and the entries that hold its title (owner unit, contacts)."""
    index.index_objects(KIND, [tryout.pk])
    index.index_objects("unit", [tryout.owner_unit_id])
    if contact_ids is None:
        contact_ids = tryout.contacts.values_list("pk", flat=True)
    index.index_objects("person", contact_ids)


def tryout_changed(sender, instance, **kwargs):
    reindex_around(instance)


def tryout_deleting(sender, instance, **kwargs):
    # The contacts are unlinked before post_delete; remember whose entries mention the try-out.
    instance._search_contact_ids = list(instance.contacts.values_list("pk", flat=True))


def tryout_deleted(sender, instance, **kwargs):
    index.remove_objects(KIND, [instance.pk])
    index.index_objects("unit", [instance.owner_unit_id])
    index.index_objects("person", getattr(instance, "_search_contact_ids", []))


def relations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in M2M_ACTIONS:
        return
    if reverse:  # e.g. person.tryouts.add(tryout): the instance is the other side
        index.index_objects(KIND, pk_set or [])
        if isinstance(instance, Person):
            index.index_objects("person", [instance.pk])
        return
    index.index_objects(KIND, [instance.pk])
    if sender is Tryout.contacts.through:
        index.index_objects("person", pk_set or instance.contacts.values_list("pk", flat=True))


def tags_changed(sender, instance, action, **kwargs):
    if action in M2M_ACTIONS and isinstance(instance, Tryout):
        reindex_around(instance)


def unit_changed(sender, instance, created=False, **kwargs):
    """A try-out's document holds its owner's and participants' names (a new unit has no try-outs)."""
    if created:
        return
    owned = Tryout.objects.of_unit(instance).values_list("pk", flat=True)
    index.index_objects(KIND, owned)


def track_changed(sender, instance, **kwargs):
    index.index_objects(KIND, instance.tryouts.values_list("pk", flat=True))


def register_search():
    register(SearchType(KIND, Tryout, tryout_documents, shown_fields=("title", "slug", "status"), fields=FIELDS))
    register_facet(Facet("status", _("Try-out status"), choices=tuple(Status.choices), kinds=(KIND,)))
    register_facet(Facet("track", _("Track"), label_model=Track, kinds=(KIND,)))
    contribute("unit", titles_for_units, Field("tryouts", _("Try-outs")))
    contribute("person", titles_for_contacts, Field("tryouts", _("Contact for try-outs")))
    uid = "search-tryout"
    post_save.connect(tryout_changed, sender=Tryout, dispatch_uid=uid)
    pre_delete.connect(tryout_deleting, sender=Tryout, dispatch_uid=f"{uid}-deleting")
    post_delete.connect(tryout_deleted, sender=Tryout, dispatch_uid=f"{uid}-delete")
    post_save.connect(track_changed, sender=Track, dispatch_uid=f"{uid}-track")
    post_save.connect(unit_changed, sender=Unit, dispatch_uid=f"{uid}-unit")
    for through in (Tryout.contacts.through, Tryout.units.through, Tryout.partner_kinds.through):
        m2m_changed.connect(relations_changed, sender=through, dispatch_uid=f"{uid}-{through.__name__}")
    m2m_changed.connect(tags_changed, sender=TaggedItem, dispatch_uid=f"{uid}-tags")
