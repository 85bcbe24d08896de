"""`manage.py bench_digest`: how long the weekly digest run takes for everyone in a big directory.

`--prepare` gives every active person of the (seeded) directory a login, makes each follow
`--follows` things (topics, units, try-outs, KLE subjects and focus areas, at random), dates the
directory two months back and then makes a realistic week: `--changed` try-outs changed, new
current tasks and colleagues adding topics to their expertise. The run itself is
`send_digests()` with the e-mails rendered (text and HTML) and handed to Django's dummy backend,
so the figures cover everything but the mail server. It prints figures; it asserts nothing.

    manage.py seed_demo --scale 62.5            # 50,000 people
    manage.py bench_digest --prepare --follows 5
"""

import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from following.digest import send_digests
from following.models import DigestSettings, ExpertiseAdded, Follow
from people.models import Person
from tryouts.models import Tryout
from units.models import Unit, UnitTask
from vocabulary.models import FocusArea, Subject

BATCH = 5000


class Command(BaseCommand):
    help = "Time the weekly digest run (send_weekly_digest) over the whole directory."

    def add_arguments(self, parser):
        parser.add_argument("--prepare", action="store_true", help="Make logins, follows and a week of news first.")
        parser.add_argument("--follows", type=int, default=5, help="Things each person follows (with --prepare).")
        parser.add_argument("--changed", type=int, default=150, help="Try-outs changed this week (with --prepare).")
        parser.add_argument("--seed", type=int, default=19)

    def handle(self, *args, prepare=False, follows=5, changed=150, seed=19, **options):
        if prepare:
            self.prepare(random.Random(seed), follows, changed)
        DigestSettings.objects.all().delete()  # everyone is due: a first digest for all
        people = Follow.objects.values("user_id").distinct().count()
        self.stdout.write(f"people following something: {people}; follows: {Follow.objects.count()}")
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for label, dry in (("composed only (--dry-run)", True), ("composed, rendered, sent, recorded", False)):
                DigestSettings.objects.all().delete()
                with CaptureQueriesContext(connection) as queries:
                    started, cpu = time.perf_counter(), time.process_time()
                    run = send_digests(dry_run=dry)
                    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                database = sum(float(query["time"]) for query in queries)
                self.stdout.write(
                    f"{label}: {seconds:.1f} s ({cpu:.1f} s CPU in Python, {database:.1f} s in "
                    f"{len(queries)} queries); {run.summary}"
                )

    def prepare(self, rng, follows, changed):
        now = timezone.now()
        past = now - timedelta(days=60)
        user_model = get_user_model()
        password = make_password(None)
        with transaction.atomic():
            Follow.objects.all().delete()
            ExpertiseAdded.objects.all().delete()
            people = list(Person.objects.active().filter(user__isnull=True).values_list("pk", "email"))
            for start in range(0, len(people), BATCH):
                chunk = people[start : start + BATCH]
                users = user_model.objects.bulk_create(
                    [user_model(username=f"bench-{pk}", email=email, password=password) for pk, email in chunk]
                )
                Person.objects.bulk_update(
                    [Person(pk=pk, user_id=user.pk) for (pk, _email), user in zip(chunk, users, strict=True)],
                    ["user"],
                )
            self.stdout.write(f"logins made: {len(people)}")

            Tryout.objects.update(created_at=past, updated_at=past)
            UnitTask.history.update(history_date=past)
            tag_ids = list(Tag.objects.values_list("pk", flat=True))
            unit_ids = list(Unit.objects.active().values_list("pk", flat=True))
            tryout_ids = list(Tryout.objects.values_list("pk", flat=True))
            # KLE subjects that something is filed under, and the strategy's focus areas (seed_demo makes both).
            subject_ids = list(
                Subject.objects.filter(Q(tryouts__isnull=False) | Q(units__isnull=False))
                .distinct()
                .values_list("pk", flat=True)
            )
            focus_area_ids = list(FocusArea.objects.values_list("pk", flat=True))
            kinds = [
                (kind, ids)
                for kind, ids in [
                    ("topic", tag_ids),
                    ("unit", unit_ids),
                    ("tryout", tryout_ids),
                    ("subject", subject_ids),
                    ("focusarea", focus_area_ids),
                ]
                if ids
            ]
            users = list(user_model.objects.filter(person__is_active=True).values_list("pk", flat=True))
            made = []
            for user_id in users:
                chosen = set()
                while len(chosen) < follows:
                    kind, ids = kinds[rng.randrange(len(kinds))]
                    chosen.add((kind, rng.choice(ids)))
                made += [Follow(user_id=user_id, kind=kind, object_id=pk, created_at=past) for kind, pk in chosen]
            Follow.objects.bulk_create(made, batch_size=BATCH)
            self.stdout.write(f"follows made: {len(made)} ({follows} for each of {len(users)} people)")

            changed = min(changed, len(tryout_ids))
            for pk in rng.sample(tryout_ids, changed):
                Tryout.objects.filter(pk=pk).update(updated_at=now - timedelta(days=rng.uniform(0.1, 6.5)))
            new_tasks = rng.sample(unit_ids, min(100, len(unit_ids)))
            UnitTask.objects.bulk_create(
                [
                    UnitTask(unit_id=pk, title=f"Ny opgave {n}", starts_on=timezone.localdate() - timedelta(days=2))
                    for n, pk in enumerate(new_tasks)
                ]
            )
            person_tags = list(
                TaggedItem.objects.filter(content_type__model="person").values_list("object_id", "tag_id")[:200_000]
            )
            ExpertiseAdded.objects.bulk_create(
                [
                    ExpertiseAdded(person_id=person, tag_id=tag, added_at=now - timedelta(days=rng.uniform(0.1, 6.5)))
                    for person, tag in rng.sample(person_tags, min(300, len(person_tags)))
                ]
            )
            self.stdout.write(f"this week: {changed} try-outs changed, {len(new_tasks)} new tasks, 300 new expertise")
