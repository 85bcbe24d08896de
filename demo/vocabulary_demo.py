"""The demo's shared vocabulary (vocabulary/): KLE loaded from the shipped plan, the units' KLE
tasks, the try-outs' subjects and facets, topics tied to KLE with synonyms, a few drifted
spellings of topics for the merge review, and two strategies with the units' answers.

Called by seed_demo after the organisation is built (DemoBuilder), with the same seeded random
generator, so the same seed gives the same vocabulary.
"""

from datetime import date

from django.db import connection
from taggit.models import Tag, TaggedItem

from core.text import danish_slugify
from demo.bulk_load import insert_rows, insert_with_history
from tryouts.models import Tryout
from units.models import UnitKind, UnitTask
from vocabulary.kle import load_shipped_kle
from vocabulary.models import (
    Aspect,
    FocusAnswer,
    FocusArea,
    Strategy,
    Subject,
    TopicPairDismissal,
    TopicRedirect,
    TopicSubject,
    TopicSynonym,
    TryoutSubject,
    UnitSubject,
)
from vocabulary.signals import tracks_strategy

# The KLE subjects a unit of each line of work (demo_data.PROFILES) has.
PROFILE_KLE = {
    "ledelse": ["00.01.00", "00.30.00", "00.13.04"],
    "job": ["15.20.24", "15.17", "15.23.00", "15.40.15", "32.24.04"],
    "familie": ["27.24", "27.27", "27.12"],
    "voksen": ["27.57", "27.51", "27.21", "27.15.12"],
    "skole": ["17.03.08", "17.00.35", "17.13"],
    "dagtilbud": ["28.09", "28.09.04", "28.12"],
    "børnesundhed": ["29.12.08", "29.15.04", "29.12"],
    "pleje": ["27.42", "27.36.24", "27.60.14"],
    "hjemmepleje": ["27.36.04", "29.18.00", "27.36.20", "27.66.12"],
    "træning": ["27.36.16", "29.21.00", "27.60"],
    "teknik": ["01.05", "06.00.07", "01.02.05"],
    "drift": ["05.07.00", "05.01.08"],
    "økonomi": ["00.32.00", "00.30"],
    "hr": ["81.03", "81.04", "81.28", "81.38"],
    "it": ["85.11.00", "85.13.00"],
    "borgerservice": ["23.00", "32.24"],
    "kultur": ["21.00.00", "18.20", "20.07.00"],
    "ejendom": ["82.08.00", "82.02"],
}

# Topics tied to the KLE subjects they are about: their people count under the subject, and the
# subject's title finds them in search.
TOPIC_KLE = {
    "beskæftigelse": ["15.20"],
    "fleksjob": ["15.20.24"],
    "sygedagpenge": ["15.17"],
    "kontanthjælp": ["32.24.04"],
    "integration": ["15.40.15"],
    "anbringelse": ["27.27"],
    "plejefamilier": ["27.27"],
    "udsatte børn og unge": ["27.24"],
    "familiebehandling": ["27.24"],
    "botilbud": ["27.57"],
    "misbrug": ["27.51"],
    "handicap": ["27.21"],
    "frivillighed": ["27.15.12"],
    "specialpædagogik": ["17.03.08"],
    "inklusion": ["17.03.08"],
    "trivsel": ["17.00.35"],
    "SFO": ["17.13"],
    "folkeskolen": ["17"],
    "dagtilbud": ["28.09"],
    "dagpleje": ["28.09"],
    "læreplaner": ["28.09.04"],
    "sundhedspleje": ["29.12.08"],
    "tandpleje": ["29.15.04"],
    "sundhedsfremme": ["29.09"],
    "forebyggelse": ["29.09"],
    "plejecenter": ["27.42"],
    "ældrepleje": ["27.36"],
    "hjemmepleje": ["27.36.04"],
    "sygepleje": ["29.18"],
    "madservice": ["27.36.24"],
    "ældremad": ["27.36.24"],
    "rehabilitering": ["27.36.16"],
    "genoptræning": ["29.21"],
    "hjælpemidler": ["27.60"],
    "velfærdsteknologi": ["27.60.14", "27.66.12"],
    "visitation": ["27.36.20"],
    "klimatilpasning": ["06.00.07"],
    "natur": ["01.05"],
    "lokalplan": ["01.02.05"],
    "affald": ["07"],
    "vintertjeneste": ["05.07"],
    "vejdrift": ["05.01.08"],
    "budget": ["00.30"],
    "regnskab": ["00.32"],
    "digitalisering": ["85.13"],
    "rekruttering": ["81.02"],
    "onboarding": ["81.05"],
    "kompetenceudvikling": ["81.04"],
    "sygefravær": ["81.28"],
    "MED-samarbejde": ["81.38"],
    "arbejdsmiljø": ["87"],
    "løn": ["81.15"],
    "kommunikation": ["00.13.04"],
    "biblioteker": ["21"],
    "idræt": ["18.20"],
    "musikskole": ["20.07"],
    "ungdomsskole": ["18"],
    "innovation": ["88.24.16"],
    "rengøring": ["82.08"],
}

SYNONYMS = {
    "borgerinddragelse": ["inddragelse af borgere", "borgerdialog", "brugerinddragelse"],
    "fleksjob": ["flexjob"],
    "PPR": ["pædagogisk psykologisk rådgivning"],
    "SFO": ["skolefritidsordning"],
    "GDPR": ["databeskyttelse", "persondata"],
    "velfærdsteknologi": ["teknologi i plejen"],
    "MED-samarbejde": ["MED-udvalg", "medarbejderindflydelse"],
    "kunstig intelligens": ["AI"],
    "ældrepleje": ["pleje af ældre", "seniorpleje"],
    "hverdagsrehabilitering": ["hverdagsmestring"],
    "onboarding": ["introduktion af nye medarbejdere"],
    "sygefravær": ["fravær ved sygdom"],
}

# Free tags drift: other spellings of existing topics, as colleagues typed them (the merge
# review finds them: same fold, same stem, a typo apart). (variant, topic, uses moved to it)
DRIFT = [
    ("borger-inddragelse", "borgerinddragelse", 4),
    ("hverdags-rehabilitering", "hverdagsrehabilitering", 3),
    ("Velfærdsteknologier", "velfærdsteknologi", 4),
    ("digitaliseringen", "digitalisering", 3),
    ("arbejdsmiljøet", "arbejdsmiljø", 3),
    ("komunikation", "kommunikation", 2),
    ("sprogstimmulering", "sprogstimulering", 2),
    ("bæredygtig", "bæredygtighed", 2),
    ("plejecentre", "plejecenter", 2),
    ("faldforebyggende", "faldforebyggelse", 2),
    ("frivillige", "frivillighed", 3),
]

# The second strategy: a municipality-style development strategy with ten focus areas under four
# themes, to show that strategies are data. (theme, title, text)
DEVELOPMENT_STRATEGY = {
    "name": "Udviklingsstrategi 2025–2028",
    "slug": "udviklingsstrategi-2025-2028",
    "description": (
        "Kommunalbestyrelsens retning for de næste fire år. Alle ledere drøfter med deres medarbejdere, "
        "hvad hvert fokusområde betyder i netop deres enhed, og skriver det på enhedens visitkort."
    ),
    "starts_on": date(2025, 1, 1),
    "ends_on": date(2028, 12, 31),
    "areas": [
        (
            "Borgeren i centrum",
            "Tidlig indsats",
            "Vi opdager behov, før de vokser sig store, og handler sammen med borgeren og de nærmeste omkring dem.",
        ),
        (
            "Borgeren i centrum",
            "Samskabelse med civilsamfundet",
            "Foreninger, frivillige og lokale virksomheder er medspillere. Vi inviterer dem ind, før løsningen er "
            "fundet.",
        ),
        (
            "Borgeren i centrum",
            "Korrekte og forståelige afgørelser",
            "Borgeren skal kunne stole på, at afgørelsen er rigtig, og forstå den første gang.",
        ),
        (
            "Sammenhæng på tværs",
            "Én plan for borgeren",
            "Når flere fagområder arbejder med den samme borger, koordinerer vi, så borgeren oplever én indsats.",
        ),
        (
            "Sammenhæng på tværs",
            "Viden, der deles",
            "Det, én enhed har lært, skal de andre kunne finde og bygge videre på.",
        ),
        (
            "Arbejdspladsen",
            "Ledelse tæt på opgaven",
            "Ledere kender hverdagen i deres enhed og giver medarbejderne rum til at handle.",
        ),
        (
            "Arbejdspladsen",
            "Rekruttering og fastholdelse",
            "Vi er en arbejdsplads, man søger til og bliver på, fordi der er plads til at udvikle sig.",
        ),
        (
            "Bæredygtig drift",
            "Grøn omstilling i hverdagen",
            "Energi, transport, indkøb og affald: hver enhed finder sine egne skridt mod en lavere klimabelastning.",
        ),
        (
            "Bæredygtig drift",
            "Styring med data",
            "Vi følger med i, om indsatserne virker, og justerer undervejs.",
        ),
        (
            "Bæredygtig drift",
            "Digitale løsninger, der virker",
            "Digitalisering skal spare borgere og medarbejdere for tid, ikke flytte arbejdet et andet sted hen.",
        ),
    ],
}

# What a unit writes: an opening about the focus area, then one or two sentences about what it does.
ANSWER_OPENINGS = [
    "For {unit} handler “{area}” især om hverdagen sammen med borgerne.",
    "Vi har drøftet “{area}” på et personalemøde, og det betyder tre ting for os.",
    "“{area}” er noget, vi allerede arbejder med, men vi kan blive skarpere.",
    "I {unit} giver “{area}” os anledning til at se på, hvordan vi bruger vores tid.",
    "Vores vigtigste bidrag til “{area}” er at holde fast i det, der virker, og stoppe det, der ikke gør.",
]
ANSWER_ACTIONS = [
    "Vi afprøver nye arbejdsgange i små skridt og evaluerer efter tre måneder.",
    "Vi inviterer en kollega fra en anden enhed med til vores næste temamøde.",
    "Vi deler vores erfaringer her i kataloget, så andre kan bygge videre på dem.",
    "Vi bruger de månedlige tal til at se, om det gør en forskel for borgerne.",
    "Vi har aftalt, at hver medarbejder kommer med ét forslag inden sommerferien.",
    "Vi samarbejder med de frivillige i lokalområdet om de første skridt.",
    "Vi følger op på det ved hver teammøde, så det ikke bliver ved de gode intentioner.",
]


def delete_vocabulary_data():
    """What points at units, people and try-outs (seed_demo --reset deletes those); KLE, the
    strategies and their focus areas stay (they are not the organisation's data).

    The links and answers go with one DELETE each: Django's deletion would have simple_history
    write a record of each deleted row, one at a time (20 s of a 25 s reset at 5,000 people)."""
    with connection.cursor() as cursor:
        for model in (FocusAnswer.tryouts.through, FocusAnswer.tasks.through, FocusAnswer, UnitSubject, TryoutSubject):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
    for model in (TopicSubject, TopicSynonym, TopicRedirect, TopicPairDismissal):
        model.objects.all().delete()
    Strategy.objects.filter(slug=DEVELOPMENT_STRATEGY["slug"]).delete()


def seed_vocabulary(builder, progress):
    """Everything of the vocabulary the demo shows; returns lines for seed_demo's summary."""
    load_shipped_kle(progress)
    subjects = {s.number: s for s in Subject.objects.all()}
    rng = builder.rng
    missing = sorted({n for ns in [*PROFILE_KLE.values(), *TOPIC_KLE.values()] for n in ns} - set(subjects))
    if missing:
        raise ValueError(f"KLE numbers of the demo are not in the plan: {missing}")

    tags = {tag.name: tag for tag in Tag.objects.all()}
    TopicSubject.objects.bulk_create(
        [
            TopicSubject(tag=tags[name], subject=subjects[n])
            for name, ns in TOPIC_KLE.items()
            if name in tags
            for n in ns
        ]
    )
    for name, synonyms in SYNONYMS.items():
        if name in tags:
            for synonym in synonyms:
                TopicSynonym(tag=tags[name], name=synonym).save()
    drifted = drift_topics(tags, rng)

    unit_links = unit_subjects(builder, subjects, rng)
    insert_with_history(UnitSubject, unit_links)
    tryout_links = tryout_subjects(builder, subjects, rng)
    insert_with_history(TryoutSubject, tryout_links)
    progress("KLE links", len(unit_links) + len(tryout_links), len(unit_links) + len(tryout_links))

    strategies = [tracks_strategy(), development_strategy()]
    answers = focus_answers(builder, strategies, rng)
    progress("strategy answers", answers, answers)
    return [
        f"  KLE subjects    {len(subjects):>7}  ({len(unit_links)} unit tasks, {len(tryout_links)} on try-outs)",
        f"  strategies      {len(strategies):>7}  ({FocusArea.objects.count()} focus areas, {answers} answers)",
        f"  drifted topics  {drifted:>7}  (for the merge review in admin)",
    ]


def drift_topics(tags, rng):
    """Move a few uses of some topics to other spellings of them, as free tags drift."""
    made = 0
    for variant, name, count in DRIFT:
        topic = tags.get(name)
        if topic is None:
            continue
        items = list(TaggedItem.objects.filter(tag=topic).order_by("pk"))
        if len(items) <= count:
            continue
        moving = rng.sample(items, count)
        new = Tag.objects.create(name=variant, slug=_free_slug(variant))
        TaggedItem.objects.filter(pk__in=[item.pk for item in moving]).update(tag=new)
        made += 1
    return made


def _free_slug(name):
    slug, number = danish_slugify(name) or "emne", 1
    base = slug
    while Tag.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}_{number}"
    return slug


def unit_subjects(builder, subjects, rng):
    """Each unit's KLE tasks from its line of work: the first unit with a subject is responsible
    for it, later ones perform it or have insight; centres have insight in their units' subjects."""
    links, responsible, seen = [], set(), set()
    for planned in builder.units:
        numbers = PROFILE_KLE.get(planned.profile, [])
        if not numbers:
            continue
        if planned.kind in (UnitKind.KOMMUNE, UnitKind.DIREKTION):
            chosen = numbers if planned.kind == UnitKind.KOMMUNE else []
        elif planned.kind == UnitKind.CENTER:
            chosen = builder.some(numbers, 1, 2)
        else:
            chosen = builder.some(numbers, 1, 3)
        for number in chosen:
            subject = subjects[number]
            if planned.kind == UnitKind.CENTER:
                aspect = Aspect.INDSIGT
            elif subject.pk not in responsible and (planned.kind != UnitKind.TEAM or rng.random() < 0.3):
                aspect = Aspect.ANSVARLIG
                responsible.add(subject.pk)
            else:
                aspect = Aspect.UDFOERENDE if rng.random() < 0.8 else Aspect.INDSIGT
            key = (planned.obj.pk, subject.pk, aspect)
            if key not in seen:
                seen.add(key)
                links.append(UnitSubject(unit=planned.obj, subject=subject, aspect=aspect))
    return links


def tryout_subjects(builder, subjects, rng):
    """Each try-out carries a subject or two of its owner's line of work, many the facets P08
    Forsøgsordninger or P20 Projekter."""
    profile_of = {planned.obj.pk: planned.profile for planned in builder.units}
    links = []
    for tryout in Tryout.objects.order_by("pk").only("pk", "owner_unit_id"):
        numbers = PROFILE_KLE.get(profile_of.get(tryout.owner_unit_id), [])
        chosen = builder.some(numbers, 1, 2) if numbers else []
        if rng.random() < 0.4:
            chosen.append("P08")
        elif rng.random() < 0.3:
            chosen.append("P20")
        links += [TryoutSubject(tryout=tryout, subject=subjects[number]) for number in chosen]
    return links


def development_strategy():
    spec = DEVELOPMENT_STRATEGY
    strategy, _created = Strategy.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            "name": spec["name"],
            "description": spec["description"],
            "starts_on": spec["starts_on"],
            "ends_on": spec["ends_on"],
            "is_current": True,
            "position": 1,
        },
    )
    for position, (theme, title, text) in enumerate(spec["areas"]):
        FocusArea.objects.update_or_create(
            strategy=strategy,
            slug=danish_slugify(title),
            defaults={"theme": theme, "title": title, "text": text, "position": position},
        )
    return strategy


def focus_answers(builder, strategies, rng):
    """About a third of the units answer each focus area, with the tasks and try-outs that carry
    it; the demo leader's team has answered some and not others (so /strategi/ has something to ask)."""
    areas = list(
        FocusArea.objects.filter(strategy__in=strategies).select_related("track").order_by("strategy", "position")
    )
    tasks_of, tryouts_of = {}, {}
    for task in UnitTask.objects.only("pk", "unit_id"):
        tasks_of.setdefault(task.unit_id, []).append(task.pk)
    for tryout in Tryout.objects.only("pk", "owner_unit_id", "track_id"):
        tryouts_of.setdefault(tryout.owner_unit_id, []).append((tryout.pk, tryout.track_id))
    answers, links = [], []
    answering = [u for u in builder.units if u.kind not in (UnitKind.KOMMUNE, UnitKind.DIREKTION)]
    for area in areas:
        for planned in answering:
            demo = planned is builder.demo_unit
            if demo:
                if area.position % 2:
                    continue
            elif rng.random() > 0.35:
                continue
            words = {"unit": planned.name, "area": area.title}
            text = " ".join([rng.choice(ANSWER_OPENINGS).format(**words), *builder.some(ANSWER_ACTIONS, 1, 2)])
            answer = FocusAnswer(unit=planned.obj, focus_area=area, text=text)
            answers.append(answer)
            own = tryouts_of.get(planned.obj.pk, [])
            on_track = [pk for pk, track_id in own if area.track_id and track_id == area.track_id]
            tryouts = on_track[:1] or builder.some([pk for pk, _track in own], 0, 1)
            tasks = builder.some(tasks_of.get(planned.obj.pk, []), 0, 2)
            links.append((answer, tasks, tryouts))
    insert_with_history(FocusAnswer, answers)
    insert_rows(
        FocusAnswer.tasks.through,
        ["focusanswer_id", "unittask_id"],
        [(a.pk, t) for a, tasks, _ in links for t in tasks],
    )
    insert_rows(
        FocusAnswer.tryouts.through,
        ["focusanswer_id", "tryout_id"],
        [(a.pk, t) for a, _, tryouts in links for t in tryouts],
    )
    return len(answers)
