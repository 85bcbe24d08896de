"""The weekly digest "Nyt i det, du følger": what it says, whom it reaches, and at most one a week.

Time travels by passing `now=` to the run and by dating the news (no sleeps): everything the
`org` fixture made happened two months ago (`quiet`), and the news of a test is dated after the
follows it is news for.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from following.digest import due_limit, send_digests
from following.models import DigestSettings, ExpertiseAdded, Follow
from following.services import unsubscribe_token, user_of_token
from people.models import Role
from tests.conftest import make_user_with_person
from tests.factories import MembershipFactory, PersonFactory, TryoutFactory, UnitFactory, UnitTaskFactory, UserFactory
from tryouts.models import Status, Tryout
from units.models import UnitTask

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_search_index")]

T0 = timezone.now()


def at(days):
    return T0 + timedelta(days=days)


def dated(obj, when, created=None):
    """Date a try-out's change (and creation), a task's creation or a recorded expertise."""
    if isinstance(obj, Tryout):
        Tryout.objects.filter(pk=obj.pk).update(updated_at=when, **({"created_at": created} if created else {}))
    elif isinstance(obj, UnitTask):
        UnitTask.history.filter(id=obj.pk).update(history_date=when)
    return obj


def follow(user, obj, kind, since=T0):
    return Follow.objects.create(user=user, kind=kind, object_id=obj.pk, created_at=since)


def topic(name):
    return Tag.objects.get(name=name)


@pytest.fixture
def quiet(org, employee, leader):
    """All the fixture's try-outs, tasks and expertise are two months old."""
    past = at(-60)
    Tryout.objects.update(created_at=past, updated_at=past)
    UnitTask.history.update(history_date=past)
    UnitTask.objects.filter(starts_on__gt=past.date()).exclude(pk=org.tasks.future.pk).update(starts_on=past.date())
    ExpertiseAdded.objects.update(added_at=past)
    return org


def letters():
    return {message.to[0]: message for message in mail.outbox}


def html_of(message):
    return next(content for content, kind in message.alternatives if kind == "text/html")


# --- what the digest says --------------------------------------------------------------------------


def test_the_digest_tells_what_is_new_in_what_i_follow_and_why(quiet, employee, leader):
    org = quiet
    follow(employee, topic("ældrepleje"), "topic")
    follow(employee, org.centre, "unit")
    follow(employee, org.tryouts.idea, "tryout")
    dated(org.tryouts.owned, at(1))  # ældrepleje, owned by a unit under the centre: changed
    new_in_team = TryoutFactory(
        title="Sansehave på plejecentret", owner_unit=org.team, status=Status.IDE, learnings="", tags=[]
    )
    dated(new_in_team, at(1.5), created=at(1.5))
    dated(org.tryouts.idea, at(1.2))  # followed itself (and under the centre)
    dated(org.tryouts.participating, at(1))  # another centre's, but Hjemmeplejen Syd takes part
    dated(TryoutFactory(title="Legepladsen", owner_unit=org.school, tags=["trivsel"]), at(1))  # not followed
    dated(TryoutFactory(title="For længe siden", owner_unit=org.afdeling), at(-3))  # before she followed
    task = UnitTaskFactory(unit=org.afdeling, title="Sommerfest for borgerne", starts_on=at(-1).date())
    dated(task, at(1))
    colleague = PersonFactory(first_name="Karen", last_name="Lund", title="Sygeplejerske")
    MembershipFactory(person=colleague, unit=org.school)
    colleague.expertise.add("ældrepleje")
    ExpertiseAdded.objects.filter(person=colleague).update(added_at=at(1))

    run = send_digests(now=at(2))

    assert (run.due, run.sent, run.nothing_new) == (1, 1, 0)
    message = letters()["mette.jensen@faxekommune.dk"]
    assert message.subject == "Nyt i det, du følger"
    text = message.body
    assert text.startswith("Kære Mette\n")
    # Try-outs: the new one first, then the changed ones, newest first; each with why it is news.
    titles = [line[2:].split(" (")[0] for line in text.splitlines() if line.startswith("- ")]
    assert titles[:4] == [
        "Sansehave på plejecentret",
        "Digital vagtplan",
        "Morgenmad med borgerne",
        "Frivillige i skolegården",
    ]
    assert "Legepladsen" not in text and "For længe siden" not in text
    assert "- Sansehave på plejecentret (ny · Idé · Team Haslev)" in text
    assert "- Morgenmad med borgerne (ændret · I gang · Hjemmeplejen Syd)" in text
    assert "Det har vi lært: Fællesskab giver appetit." in text
    assert "Fordi du følger: Center for Sundhed & Ældre, ældrepleje" in text
    assert "Fordi du følger: Center for Sundhed & Ældre, Digital vagtplan" in text
    assert f"http://localhost:8000{org.tryouts.owned.get_absolute_url()}" in text
    # The new current task and the colleague who added the topic.
    assert "- Sommerfest for borgerne (Hjemmeplejen Syd, fra " in text
    assert "- Karen Lund, Sygeplejerske, Skolen ved Stranden: ældrepleje" in text
    # The way out: the settings on /mine/ and a signed link that needs no login.
    assert "http://localhost:8000/mine/#following" in text
    unsubscribe = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert f"Afmeld: {unsubscribe}" in text
    assert user_of_token(unsubscribe.rstrip("/").rsplit("/", 1)[1]) == employee.pk
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    html = html_of(message)
    assert '<html lang="da">' in html
    assert f'<a href="http://localhost:8000{new_in_team.get_absolute_url()}"' in html
    assert "Center for Sundhed &amp; Ældre" in html
    assert "<strong>Det har vi lært:</strong> Fællesskab giver appetit." in html
    assert f'href="{unsubscribe}"' in html
    assert DigestSettings.objects.get(user=employee).last_sent_at == at(2)


def test_nothing_is_sent_when_nothing_is_new(quiet, employee):
    follow(employee, quiet.afdeling, "unit")
    follow(employee, topic("trivsel"), "topic")
    run = send_digests(now=at(2))
    assert (run.due, run.sent, run.nothing_new) == (1, 0, 1)
    assert mail.outbox == []
    assert not DigestSettings.objects.filter(user=employee, last_sent_at__isnull=False).exists()


def test_html_in_names_and_learnings_is_text(quiet, employee):
    follow(employee, quiet.afdeling, "unit")
    tryout = TryoutFactory(title="<b>Fed</b> idé", owner_unit=quiet.afdeling, learnings="<script>alert(1)</script>")
    dated(tryout, at(1), created=at(1))
    send_digests(now=at(2))
    html = html_of(mail.outbox[0])
    assert "<script>" not in html and "<b>Fed</b>" not in html
    assert "&lt;b&gt;Fed&lt;/b&gt; idé" in html
    assert "<b>Fed</b> idé" in mail.outbox[0].body  # the plain text is plain


def test_a_news_item_before_i_followed_the_thing_is_not_news_to_me(quiet, employee):
    follow(employee, topic("ældrepleje"), "topic", since=at(-10))
    follow(employee, topic("trivsel"), "topic", since=at(1.5))
    dated(quiet.tryouts.participating, at(1))  # trivsel, changed before she followed the topic
    dated(quiet.tryouts.owned, at(1))
    send_digests(now=at(2))
    assert "Morgenmad med borgerne" in mail.outbox[0].body
    assert "Frivillige i skolegården" not in mail.outbox[0].body


def test_the_first_digest_looks_a_week_back_and_none_more_than_four_weeks(quiet, employee):
    follow(employee, quiet.afdeling, "unit", since=at(-90))
    dated(quiet.tryouts.owned, at(-3))
    dated(TryoutFactory(title="Ti dage gammel", owner_unit=quiet.afdeling), at(-10))
    send_digests(now=at(0))
    assert "Morgenmad med borgerne" in mail.outbox[0].body
    assert "Ti dage gammel" not in mail.outbox[0].body

    mail.outbox.clear()
    DigestSettings.objects.filter(user=employee).update(last_sent_at=at(-60))  # the job did not run for long
    dated(TryoutFactory(title="Fem uger gammel", owner_unit=quiet.afdeling), at(-35))
    send_digests(now=at(0))
    assert "Ti dage gammel" in mail.outbox[0].body
    assert "Fem uger gammel" not in mail.outbox[0].body


def test_my_own_new_expertise_is_not_news_to_me(quiet, employee):
    follow(employee, topic("rehabilitering"), "topic")
    employee.person.expertise.add("rehabilitering")
    ExpertiseAdded.objects.update(added_at=at(1))
    assert send_digests(now=at(2)).sent == 0


def test_at_most_one_digest_a_week_and_the_next_tells_only_what_came_after(quiet, employee):
    follow(employee, quiet.afdeling, "unit")
    dated(quiet.tryouts.owned, at(1))
    assert send_digests(now=at(2)).sent == 1
    assert send_digests(now=at(2)).sent == 0  # the same run again (cron started twice)

    later = TryoutFactory(title="Ugen efter", owner_unit=quiet.afdeling)
    dated(later, at(3), created=at(3))
    for day in (3, 4, 6, 8):  # a daily job: news waits until seven days have passed
        run = send_digests(now=at(day))
        assert (run.due, run.sent) == (0, 0), day
    assert len(mail.outbox) == 1

    assert send_digests(now=at(9)).sent == 1
    second = mail.outbox[1].body
    assert "Ugen efter" in second and "Morgenmad med borgerne" not in second
    assert DigestSettings.objects.get(user=employee).last_sent_at == at(9)

    run = send_digests(now=at(17))  # due again, but nothing new: nothing sent, still due tomorrow
    assert (run.due, run.sent, run.nothing_new) == (1, 0, 1)
    assert DigestSettings.objects.get(user=employee).last_sent_at == at(9)


def test_a_week_is_seven_calendar_days_whatever_the_hour_the_job_runs():
    sent = timezone.make_aware(timezone.datetime(2025, 3, 3, 7, 0, 5))  # a Monday, just after seven
    assert due_limit(sent + timedelta(days=7, minutes=-1)) > sent  # next Monday at 06:59: due
    assert due_limit(sent + timedelta(days=6, hours=16)) <= sent  # Sunday evening: not yet


def test_who_gets_no_digest(quiet, employee, leader):
    dated(quiet.tryouts.owned, at(1))
    follow(employee, quiet.afdeling, "unit")
    DigestSettings.objects.create(user=employee, weekly_digest=False)
    follow(leader, quiet.afdeling, "unit")
    leader.person.is_active = False  # left
    leader.person.save()
    nobody = make_user_with_person("uden-adresse", quiet.team, Role.MEDARBEJDER, email="")
    follow(nobody, quiet.afdeling, "unit")
    inactive_login = make_user_with_person("spaerret", quiet.team, Role.MEDARBEJDER, email="spaerret@faxe.dk")
    inactive_login.is_active = False
    inactive_login.save()
    follow(inactive_login, quiet.afdeling, "unit")
    no_person = UserFactory(username="admin2", email="admin2@faxekommune.dk")
    follow(no_person, quiet.afdeling, "unit")
    follow(
        make_user_with_person("ingen-foelger", quiet.team, Role.MEDARBEJDER, email="i@faxe.dk"),
        UnitFactory(is_active=False),
        "unit",
    )

    run = send_digests(now=at(2))
    assert [message.to for message in mail.outbox] == [["admin2@faxekommune.dk"]]
    assert run.due == 2  # the user without a profile, and the one following only an inactive unit
    assert run.nothing_new == 1


def test_an_unsubscribed_person_gets_no_more_digests(quiet, employee, client):
    follow(employee, quiet.afdeling, "unit")
    dated(quiet.tryouts.owned, at(1))
    client.post(f"/afmeld/{unsubscribe_token(employee.pk)}/")
    assert send_digests(now=at(2)).sent == 0


def test_a_failed_e_mail_is_tried_again_next_run(quiet, employee, monkeypatch):
    follow(employee, quiet.afdeling, "unit")
    dated(quiet.tryouts.owned, at(1))

    def refuse(self, messages):
        raise OSError("mail server away")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    run = send_digests(now=at(2))
    assert run.failed == [employee.pk] and run.sent == 0
    monkeypatch.undo()
    assert send_digests(now=at(2.1)).sent == 1


def test_a_run_asks_the_database_the_same_number_of_times_for_1_or_40_followers(quiet):
    dated(quiet.tryouts.owned, at(1))
    ældrepleje = topic("ældrepleje")

    def run_with(followers):
        Follow.objects.all().delete()
        DigestSettings.objects.all().delete()
        mail.outbox.clear()
        for number in range(followers):
            user = UserFactory(email=f"f{number}@faxekommune.dk")
            follow(user, ældrepleje, "topic")
            follow(user, quiet.centre, "unit")
            follow(user, UnitFactory(parent=quiet.centre), "unit")
        with CaptureQueriesContext(connection) as queries:
            run = send_digests(now=at(2))
        assert run.sent == followers
        return len(queries)

    assert run_with(1) == run_with(40)


def test_the_command_sends_and_a_dry_run_only_counts(quiet, employee):
    follow(employee, quiet.afdeling, "unit", since=timezone.now() - timedelta(days=1))
    dated(quiet.tryouts.owned, timezone.now() - timedelta(hours=1))
    out = StringIO()
    call_command("send_weekly_digest", "--dry-run", stdout=out)
    assert "people due a digest: 1; would send: 1; nothing new: 0" in out.getvalue()
    assert mail.outbox == [] and not DigestSettings.objects.exists()
    call_command("send_weekly_digest", stdout=out)
    assert "people due a digest: 1; sent: 1" in out.getvalue()
    assert len(mail.outbox) == 1
