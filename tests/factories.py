"""factory-boy factories for tests (Faker da_DK)."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from people.models import Membership, Person, Role
from tryouts.models import Status, Track, Tryout
from units.models import Collaboration, Suggestion, Unit, UnitKind, UnitTask

factory.Faker._DEFAULT_LOCALE = "da_DK"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"bruger{n}")
    password = factory.django.Password("demo")


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Enhed {n}")
    kind = UnitKind.AFDELING
    about = factory.Faker("paragraph")
    core_tasks = factory.Faker("paragraph")
    email = factory.Faker("email")
    phone = factory.Faker("phone_number")
    last_confirmed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class CentreFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Center {n}")
    kind = UnitKind.CENTER


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    title = factory.Faker("job")
    email = factory.LazyAttribute(lambda p: f"{p.first_name[:3]}{p.last_name[:3]}@faxekommune.dk".lower())
    phone = factory.Faker("phone_number")

    @factory.post_generation
    def expertise(self, create, extracted, **kwargs):
        if create and extracted:
            self.expertise.add(*extracted)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.MEDARBEJDER
    is_primary = True


class UnitTaskFactory(DjangoModelFactory):
    class Meta:
        model = UnitTask

    unit = factory.SubFactory(UnitFactory)
    title = factory.Sequence(lambda n: f"Særlig opgave {n}")
    description = factory.Faker("sentence")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=30))


class CollaborationFactory(DjangoModelFactory):
    class Meta:
        model = Collaboration

    from_unit = factory.SubFactory(UnitFactory)
    to_unit = factory.SubFactory(UnitFactory)
    description = factory.Faker("sentence")


class TrackFactory(DjangoModelFactory):
    class Meta:
        model = Track
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Spor {n}")
    slug = factory.Sequence(lambda n: f"spor-{n}")


class TryoutFactory(DjangoModelFactory):
    class Meta:
        model = Tryout
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Prøvehandling {n}")
    summary = factory.Faker("sentence")
    challenge = factory.Faker("paragraph")
    approach = factory.Faker("paragraph")
    status = Status.I_GANG
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timezone.timedelta(days=60))
    owner_unit = factory.SubFactory(UnitFactory)
    track = factory.SubFactory(TrackFactory)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.add(*extracted)


class SuggestionFactory(DjangoModelFactory):
    """A suggestion to a visitkort or try-out; pass `target=`."""

    class Meta:
        model = Suggestion
        exclude = ["target"]

    author = factory.SubFactory(UserFactory)
    target = factory.SubFactory(UnitFactory)
    target_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    target_id = factory.LazyAttribute(lambda o: o.target.pk)
    text = factory.Faker("sentence", locale="da_DK")
