"""Common municipal synonyms and abbreviations, so a fresh installation knows them; administrators
edit and add more in Django admin ("Synonymer"). The index is not touched: they apply at query time."""

from django.db import migrations

SYNONYMS = [
    "SOSU-hjælper, social- og sundhedshjælper",
    "SOSU-assistent, social- og sundhedsassistent",
    "SOSU, social- og sundhed",
    "UU, Ungdommens Uddannelsesvejledning",
    "UU-vejleder, ungdomsuddannelsesvejleder",
    "PPR, Pædagogisk Psykologisk Rådgivning",
    "handicap, funktionsnedsættelse",
    "handicappede, mennesker med funktionsnedsættelse",
    "flexjob, fleksjob",
    "demente, demens, demensramte",
    "APV, arbejdspladsvurdering",
    "SFO, skolefritidsordning",
    "SSP, skole socialforvaltning og politi",
    "MED-udvalg, medarbejderudvalg",
    "AMR, arbejdsmiljørepræsentant",
    "TR, tillidsrepræsentant",
    "GDPR, databeskyttelse, persondata",
    "DPO, databeskyttelsesrådgiver",
    "IT, informationsteknologi",
    "HR, personale",
    "KLE, Kommunernes Landsforenings Emnesystematik",
    "BBR, Bygnings- og Boligregistret",
    "ADHD, opmærksomhedsforstyrrelse",
    "genoptræning, rehabilitering",
    "ældre, seniorer, pensionister",
    "hjemmehjælp, hjemmepleje",
    "plejehjem, plejecenter",
    "børnehave, daginstitution",
    "sagsbehandler, socialrådgiver",
    "ledig, arbejdsløs",
    "kontanthjælp, uddannelseshjælp",
    "sygemelding, sygefravær",
]


def seed(apps, schema_editor):
    from search.models import synonym_match_text

    Synonym = apps.get_model("search", "Synonym")
    for terms in SYNONYMS:
        Synonym.objects.get_or_create(terms=terms, defaults={"match_text": synonym_match_text(terms)})


class Migration(migrations.Migration):
    dependencies = [("search", "0004_ranking_synonyms_misses")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
