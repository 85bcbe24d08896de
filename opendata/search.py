"""What try-outs from other municipalities hand the search index: kind "shared", found beside
the own try-outs and labelled with their origin on the line under the title ("Fra Odense Kommune ·
Hjemmeplejen"). Their topics count in the topic facet where the own vocabulary has the same word.
The search page offers "Egen kommune / Andre kommuner" (portal/views.py)."""

from django.db.models.signals import post_save
from django.utils import translation
from django.utils.translation import gettext as _
from taggit.models import Tag

from opendata.models import SharedTryout, Subscription, topic_key
from search import index
from search.documents import index_text
from search.registry import Document, SearchType, register
from tryouts.models import Status
from tryouts.search import FIELDS as TRYOUT_FIELDS

KIND = "shared"
CURRENT = (Status.IDE, Status.I_GANG)
# Why another municipality's try-out matched: the own try-outs' labels for the fields a shared
# try-out has; its origin and unit are the hit's place.
SHARED_FIELDS = ("topics", "summary", "challenge", "approach", "learnings", "partners")
FIELDS = tuple(field for field in TRYOUT_FIELDS if field.key in SHARED_FIELDS)


def origin_label(municipality: str) -> str:
    """ "Fra Odense Kommune": stored in the index, so in the directory's language, Danish."""
    with translation.override("da"):
        return _("From %(municipality)s") % {"municipality": municipality}


def local_topic_ids(names) -> dict[str, int]:
    """{topic key: id of the own topic with that name}, one query."""
    keys = {topic_key(name) for name in names}
    if not keys:
        return {}
    candidates = {form for name in names for form in (name, name.lower(), name.capitalize(), name.strip())}
    return {
        topic_key(tag.name): tag.pk for tag in Tag.objects.filter(name__in=candidates) if topic_key(tag.name) in keys
    }


def shared_documents(ids):
    tryouts = list(SharedTryout.objects.filter(pk__in=ids).select_related("subscription").prefetch_related("topics"))
    own_topics = local_topic_ids({topic.name for tryout in tryouts for topic in tryout.topics.all()})
    for tryout in tryouts:
        topics = [topic.name for topic in tryout.topics.all()]
        place = origin_label(tryout.subscription.municipality)
        yield Document(
            kind=KIND,
            object_id=tryout.pk,
            title=tryout.title,
            names=tryout.title,
            keywords=index_text(*topics),
            body=index_text(
                tryout.summary,
                tryout.challenge,
                tryout.approach,
                tryout.learnings,
                *tryout.partner_kinds,
                tryout.unit_name,
                tryout.subscription.municipality,
            ),
            sections={
                "topics": ", ".join(topics),
                "summary": tryout.summary,
                "challenge": tryout.challenge,
                "approach": tryout.approach,
                "learnings": tryout.learnings,
                "partners": ", ".join(tryout.partner_kinds),
            },
            place=f"{place} · {tryout.unit_name}" if tryout.unit_name else place,
            status=tryout.status,
            is_current=tryout.status in CURRENT,
            topic_ids=sorted({own_topics[topic_key(name)] for name in topics if topic_key(name) in own_topics}),
        )


def subscription_changed(sender, instance, created, **kwargs):
    """The label carries the subscription's name."""
    if not created:
        index.index_objects(KIND, instance.tryouts.values_list("pk", flat=True))


def register_search():
    register(SearchType(KIND, SharedTryout, shared_documents, shown_fields=("title", "status"), fields=FIELDS))
    post_save.connect(subscription_changed, sender=Subscription, dispatch_uid="search-shared-subscription")
