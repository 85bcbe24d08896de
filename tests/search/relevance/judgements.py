"""What a search of the judged municipality (municipality.py) should find, query by query.

Each query names its class (the issue's classes of mistakes, plus inflections, compounds,
prefixes and queries that must find nothing) and its graded hits: 3 is the answer a colleague
wants first, 2 a good hit, 1 acceptable further down. `never` lists false friends, which must
not be in the top 10. `ordered` asks that every higher grade comes before every lower one in the
top 10 (the name-ranking rules: exact full name > exact first or last name > name prefix).

Hits are named by the data's keys ("p:lars.jensen", "u:demens", "t:gaatur") or by rules over
the people's names, which judge every such person the same way:
  first:Lars     a first name (or part of a double first name) is Lars
  firstis:Anne   the whole first name is Anne
  last:Larsen    a surname (or part of a double surname) is Larsen
  name^:lars     a first or last name starts with "lars" but is not "lars"
  title:sygeplejerske   the job title contains the word
"""

import re

from search.evaluation import JudgedQuery
from tests.search.relevance.load import Directory

S = "surname"  # -sen names are not stemmed into first names
X = "exact"  # exact names before names that start with them
F = "full name"
T = "tie"  # a real second signal, not the alphabet
SP = "spelling"  # o/ø, ae/æ, aa/å both ways
TY = "typo"
E = "e-mail"  # no e-mail or initials false friends
M = "many words"
SY = "synonym"
C = "compound"
I = "inflection"  # noqa: E741
P = "prefix"
N = "negative"
W = "word"  # everyday topics

# (query, class, {grade: [selectors]}, never, ordered)
QUERIES = [
    # --- surnames are names, not stems ------------------------------------------------------
    ("Andersen", S, {3: ["last:Andersen"]}, ["first:Anders"], True),
    ("Larsen", S, {3: ["last:Larsen"]}, ["first:Lars"], True),
    ("Rasmussen", S, {3: ["last:Rasmussen"]}, ["first:Rasmus"], True),
    ("Jensen", S, {3: ["last:Jensen"]}, ["first:Jens"], True),
    ("Nielsen", S, {3: ["last:Nielsen"]}, ["first:Niels"], True),
    ("Hansen", S, {3: ["last:Hansen"]}, ["first:Hans"], True),
    ("Pedersen", S, {3: ["last:Pedersen"]}, ["first:Peter"], True),
    ("Mortensen", S, {3: ["last:Mortensen"]}, ["first:Morten"], True),
    ("Madsen", S, {3: ["last:Madsen"]}, ["first:Mads"], True),
    ("Jakobsen", S, {3: ["last:Jakobsen"]}, ["first:Jakob"], True),
    ("Sørensen", S, {3: ["last:Sørensen"]}, ["first:Søren"], True),
    ("Christiansen", S, {3: ["last:Christiansen"]}, ["first:Christian"], True),
    # --- exact first or last name before names that start with it ------------------------------
    ("Lars", X, {3: ["first:Lars"], 1: ["name^:lars"]}, [], True),
    ("Hans", X, {3: ["first:Hans"], 1: ["name^:hans"]}, [], True),
    ("Jens", X, {3: ["first:Jens"], 1: ["name^:jens"]}, [], True),
    ("Anders", X, {3: ["first:Anders"], 1: ["name^:anders"]}, [], True),
    ("Morten", X, {3: ["first:Morten"], 1: ["name^:morten"]}, [], True),
    ("Holm", X, {3: ["last:Holm"], 1: ["name^:holm"]}, [], True),
    ("Berg", X, {3: ["last:Berg"], 1: ["name^:berg"]}, [], True),
    ("Dam", X, {3: ["last:Dam"], 1: ["name^:dam"]}, [], True),
    ("Lund", X, {3: ["last:Lund"], 1: ["name^:lund"]}, [], True),
    ("Skov", X, {3: ["last:Skov"], 1: ["name^:skov"]}, [], True),
    ("Bo", X, {3: ["first:Bo"]}, ["p:birthe.olsen"], True),
    ("Per", X, {3: ["first:Per"]}, [], True),
    ("Kjær", X, {3: ["last:Kjær"]}, [], True),
    # --- full names --------------------------------------------------------------------------
    ("Mette Hansen", F, {3: ["p:mette.hansen"], 2: ["p:mette.marie.hansen"]}, [], True),
    ("hansen mette", F, {3: ["p:mette.hansen"], 2: ["p:mette.marie.hansen"]}, [], True),
    ("Mette Marie Hansen", F, {3: ["p:mette.marie.hansen"]}, [], False),
    ("Lene Nielsen", F, {3: ["p:lene.holm.nielsen"]}, [], False),
    ("Holm Nielsen", F, {3: ["p:lene.holm.nielsen"]}, [], False),
    ("Lars Møller Pedersen", F, {3: ["p:lars.moeller.pedersen"]}, [], False),
    ("Anne-Marie Østergaard", F, {3: ["p:anne.marie.oestergaard"]}, [], False),
    ("Jens Peter Kjeldsen", F, {3: ["p:jens.peter.kjeldsen"]}, [], False),
    ("Katrine Bach-Petersen", F, {3: ["p:katrine.bach.petersen"]}, [], False),
    ("Bach Petersen", F, {3: ["p:katrine.bach.petersen"]}, [], False),
    ("Hanne Kjær Mikkelsen", F, {3: ["p:hanne.kjaer.mikkelsen"], 2: ["p:mette.kjaer.mikkelsen"]}, [], True),
    # --- ties: a real second signal ------------------------------------------------------------
    ("Anne", T, {3: ["firstis:Anne"], 2: ["first:Anne"], 1: ["name^:anne"]}, [], True),
    ("Mette", T, {3: ["firstis:Mette"], 2: ["first:Mette"]}, [], True),
    ("Jens Nielsen", T, {3: ["p:jens.nielsen"], 2: ["p:jens.nielsen.2"]}, [], True),
    ("Gåtur med demente borgere", T, {3: ["t:gaatur"], 2: ["t:gaatur.gammel"]}, [], True),
    ("hjemmeplejen nord", T, {3: ["u:hjemnord"], 1: ["u:hjemsyd"]}, [], False),
    ("rehabilitering", T, {3: ["u:traening"], 2: ["t:rehab", "u:hjemnord"]}, [], False),
    ("sygeplejerske Hansen", T, {3: ["p:mette.hansen"]}, [], False),
    ("Lars hjemmeplejen", T, {3: ["p:lars.jensen", "p:lars.holm"]}, [], False),
    # --- o/ø, ae/æ, aa/å ---------------------------------------------------------------------------
    ("Norgaard", SP, {3: ["p:kasper.noergaard"], 1: ["p:henning.nordgaard"]}, [], True),
    ("Noergaard", SP, {3: ["p:kasper.noergaard"]}, [], False),
    ("Bogh", SP, {3: ["p:lars.boegh"]}, [], False),
    ("Ostergaard", SP, {3: ["last:Østergaard", "last:Østergård"]}, [], False),
    ("Østergård", SP, {3: ["last:Østergaard", "last:Østergård"]}, [], False),
    ("Aagaard", SP, {3: ["p:thomas.aagaard"]}, [], False),
    ("Ågård", SP, {3: ["p:thomas.aagaard"]}, [], False),
    ("Kjaergaard", SP, {3: ["p:soeren.kjaergaard"]}, [], False),
    ("Soren", SP, {3: ["first:Søren"]}, [], False),
    ("Jorgen", SP, {3: ["first:Jørgen"]}, [], False),
    ("Moller", SP, {3: ["last:Møller"]}, [], False),
    ("Groenbaek", SP, {3: ["p:maja.groenbaek"]}, [], False),
    ("Gronbaek", SP, {3: ["p:maja.groenbaek"]}, [], False),
    ("Aegidius", SP, {3: ["p:susanne.aegidius"]}, [], False),
    ("Laerke", SP, {3: ["p:laerke.friis"]}, [], False),
    ("Aase", SP, {3: ["p:aase.lindholm", "p:aase.brink"]}, [], False),
    ("Brondum", SP, {3: ["p:poul.broendum"]}, [], False),
    ("Bjorn Thygesen", SP, {3: ["p:bjoern.thygesen"]}, [], False),
    # --- typos: one slip in a short word, more in a long one ------------------------------------------
    ("Pedrsen", TY, {3: ["last:Pedersen"]}, [], False),
    ("Rasmusen", TY, {3: ["last:Rasmussen"]}, [], False),
    ("Mete Hansen", TY, {3: ["p:mette.hansen"], 2: ["p:mette.marie.hansen"]}, [], False),
    ("Hlom", TY, {3: ["last:Holm"]}, [], False),
    ("dmens", TY, {3: ["u:demens"], 2: ["t:musik", "t:gaatur"]}, [], False),
    ("Chrstensen", TY, {3: ["last:Christensen"]}, [], False),
    ("sundhedsplejerkse", TY, {3: ["title:sundhedsplejerske", "u:sundhedspleje"]}, [], False),
    ("fysioterapuet", TY, {3: ["title:fysioterapeut"]}, [], False),
    ("borgerindragelse", TY, {3: ["t:borgerpanel", "t:borgerind"]}, [], False),
    ("rehabillitering", TY, {3: ["u:traening"]}, [], False),
    # --- e-mail codes and initials are no first names --------------------------------------------------
    ("Anni", E, {3: ["p:anni.christensen"]}, ["p:anna.nielsen"], False),
    ("Ulla", E, {3: ["p:ulla.friis"]}, ["p:ulrik.larsen"], False),
    ("Tove", E, {3: ["p:tove.joergensen"]}, ["p:tobias.vestergaard"], False),
    ("ulla@faxekommune.dk", E, {3: ["p:ulrik.larsen"]}, ["p:ulla.friis"], False),
    ("meha", E, {3: ["p:mette.hansen"]}, [], False),
    # --- many words: the hits that match most of them first ----------------------------------------------
    ("hjælp til demente i eget hjem", M, {3: ["u:demens"], 2: ["u:hjemsyd", "u:hjemnord", "t:gaatur"]}, [], False),
    ("hvem kan hjælpe med GDPR", M, {3: ["u:jura", "p:bjoern.thygesen"], 2: ["t:gdpr"]}, [], False),
    ("unge uden uddannelse og job", M, {3: ["u:uu", "t:ung"]}, [], False),
    ("støtte til børn med autisme i skolen", M, {3: ["u:ppr", "t:autisme"]}, [], False),
    (
        "sygeplejerske med erfaring i sårpleje",
        M,
        {3: ["p:mette.hansen", "p:ida.poulsen", "p:heidi.lauridsen", "p:bo.berg"]},
        [],
        False,
    ),
    ("ansøgning om kørestol", M, {3: ["u:visitation", "u:depot"]}, [], False),
    ("hvem ved noget om skybrud og regnvand", M, {3: ["t:regnvand", "p:kasper.noergaard", "u:natur"]}, [], False),
    ("balancetræning for ældre der falder", M, {3: ["t:fald"]}, [], False),
    # --- synonyms and abbreviations --------------------------------------------------------------------
    ("SOSU-hjælper", SY, {3: ["title:sundhedshjælper", "title:sosu-hjælper"]}, [], False),
    ("social- og sundhedsassistent", SY, {3: ["title:sundhedsassistent", "title:sosu-assistent"]}, [], False),
    ("UU", SY, {3: ["u:uu"], 2: ["title:uu-vejleder"]}, [], False),
    ("PPR", SY, {3: ["u:ppr"]}, [], False),
    ("handicap", SY, {3: ["u:handicap", "u:egevang"]}, [], False),
    ("funktionsnedsættelse", SY, {3: ["u:egevang", "u:handicap"]}, [], False),
    ("flexjob", SY, {3: ["u:fleks", "t:flex"], 2: ["p:jens.peter.kjeldsen"]}, [], False),
    ("APV", SY, {3: ["u:arbejdsmiljoe", "t:apv"]}, [], False),
    ("demente", SY, {3: ["u:demens", "t:gaatur", "t:gaatur.gammel"], 2: ["t:musik"]}, [], False),
    ("SFO", SY, {3: ["u:moellevang", "u:strand"]}, [], False),
    # --- long compounds are not outranked by their parts ------------------------------------------------
    ("kommunikationsmedarbejder", C, {3: ["p:laerke.friis"], 1: ["u:kommunikation"]}, ["u:faxe"], False),
    ("hjælpemiddeldepotet", C, {3: ["u:depot"]}, [], False),
    ("sundhedsplejerske", C, {3: ["title:sundhedsplejerske"], 2: ["u:sundhedspleje"]}, [], False),
    ("databeskyttelsesrådgiver", C, {3: ["p:bjoern.thygesen"]}, [], False),
    ("inddragelse", C, {3: ["t:borgerpanel", "t:borgerind", "t:medarbejder"]}, [], False),
    ("velfærdsteknologi", C, {3: ["t:skaerm", "t:robot", "t:sårapp", "p:christina.hvid"]}, [], False),
    ("hjemmesygeplejersker", C, {3: ["u:sygepleje"]}, [], False),
    # --- inflections ---------------------------------------------------------------------------------
    ("plejecentret", I, {3: ["u:solhoej", "u:oestervang"]}, [], False),
    ("plejecentre", I, {3: ["u:solhoej", "u:oestervang"]}, [], False),
    ("sygeplejersker", I, {3: ["title:sygeplejerske", "u:sygepleje"]}, [], False),
    ("jobcentret", I, {3: ["u:jobcenter"]}, [], False),
    ("borgerinddragelsen", I, {3: ["t:borgerpanel", "t:borgerind"]}, [], False),
    ("biblioteket", I, {3: ["u:bibliotek"], 2: ["t:mitid", "t:borgerpanel", "t:sprogcafe"]}, [], False),
    ("børnehaver", I, {3: ["u:maelkeboetten", "u:egeloekke"]}, [], False),
    ("kørestole", I, {3: ["u:depot", "u:visitation", "p:anne.mette.olsen"]}, [], False),
    # --- as you type --------------------------------------------------------------------------------
    ("Mett", P, {3: ["first:Mette"]}, [], False),
    ("Østerg", P, {3: ["last:Østergaard", "last:Østergård"]}, [], False),
    ("sundhedspl", P, {3: ["title:sundhedsplejerske", "u:sundhedspleje"]}, [], False),
    ("kommunik", P, {3: ["u:kommunikation"], 2: ["title:kommunikation"]}, [], False),
    ("jobc", P, {3: ["u:jobcenter"]}, [], False),
    ("ergot", P, {3: ["title:ergoterapeut"]}, [], False),
    # --- everyday topics -------------------------------------------------------------------------------
    (
        "demens",
        W,
        {3: ["u:demens"], 2: ["t:musik", "t:gaatur", "u:oestervang", "first:Anni", "p:line.krogh"]},
        [],
        False,
    ),
    (
        "sårpleje",
        W,
        {3: ["u:sygepleje", "t:sårapp", "p:mette.hansen", "p:bo.berg", "p:ida.poulsen", "p:heidi.lauridsen"]},
        [],
        False,
    ),
    ("rygestop", W, {3: ["u:sundhedshus", "p:signe.jakobsen"]}, [], False),
    ("GDPR", W, {3: ["u:jura", "p:bjoern.thygesen", "t:gdpr"], 2: ["p:nikolaj.frederiksen"]}, [], False),
    ("klimatilpasning", W, {3: ["u:natur", "p:kasper.noergaard", "t:regnvand"]}, [], False),
    ("snerydning", W, {3: ["u:vejpark", "t:snerydning", "p:peter.hansen", "p:thomas.aagaard"]}, [], False),
    ("kontanthjælp", W, {3: ["u:ydelse", "p:dorte.jeppesen"]}, [], False),
    ("byggetilladelse", W, {3: ["u:byg", "p:hans.bach", "p:claus.johansen"]}, [], False),
    ("storskrald", W, {3: ["t:storskrald", "u:affald", "p:henning.nordgaard"]}, [], False),
    ("pas og kørekort", W, {3: ["u:borgerservice", "p:susanne.jensen"]}, [], False),
    ("tandlæge", W, {3: ["p:nanna.frederiksen"], 2: ["u:tandpleje"]}, [], False),
    ("misbrug", W, {3: ["u:misbrug", "p:kirsten.madsen"], 2: ["t:alkohol", "p:martin.mikkelsen"]}, [], False),
    ("underretning", W, {3: ["u:familie", "p:tina.larsen"]}, [], False),
    ("ensomhed", W, {3: ["t:ensomhed"]}, [], False),
    ("MitID", W, {3: ["t:mitid", "u:borgerservice"]}, [], False),
    ("jurist", W, {3: ["title:jurist"]}, [], False),
    # --- written after the ranking was tuned on the queries above, and measured without tuning ----------
    ("Kristiansen", S, {3: ["last:Kristiansen"]}, ["first:Kristian"], True),
    ("Thygesen", S, {3: ["last:Thygesen"]}, [], True),
    ("Mikkel", X, {3: ["first:Mikkel"], 1: ["name^:mikkel"]}, [], True),
    ("Mads", X, {3: ["first:Mads"], 1: ["name^:mads"]}, [], True),
    ("Krog", X, {3: ["last:Krogh"]}, [], False),
    ("Jytte Holm", F, {3: ["p:jytte.holm"]}, [], False),
    ("Vestergard", SP, {3: ["last:Vestergaard", "last:Vestergård"]}, [], False),
    ("fysioterapeut Dam", T, {3: ["p:morten.dam"]}, [], False),
    ("tandregulering", W, {3: ["u:tandpleje", "p:nanna.frederiksen"]}, [], False),
    ("lokalplan", I, {3: ["u:byg", "p:morten.vestergaard", "p:hans.bach", "t:borgerind"]}, [], False),
    ("ergoterapeuter", I, {3: ["title:ergoterapeut", "u:traening"]}, [], False),
    ("genbrugspladsen", I, {3: ["u:affald"], 2: ["p:leif.kjeldsen"]}, [], False),
    ("sprogkonsulent", C, {3: ["p:maja.groenbaek"]}, [], False),
    ("hjælp til rygestop", M, {3: ["u:sundhedshus", "p:signe.jakobsen"]}, [], False),
    ("stofmisbrug blandt unge", M, {3: ["p:martin.mikkelsen"], 2: ["u:misbrug", "u:ssp"]}, [], False),
    # --- nothing to find ----------------------------------------------------------------------------
    ("xyzzy", N, {}, [], False),
    ("qwertyuiop", N, {}, [], False),
    ("blockchain", N, {}, [], False),
    ("Zlatan Ibrahimović", N, {}, [], False),
    ("asdfghjkl", N, {}, [], False),
    ("kvantefysik", N, {}, [], False),
    ("Wolfgang Amadeus", N, {}, [], False),
]


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s-]+", name.lower()) if w]


def resolve(selector: str, directory: Directory) -> set[tuple[str, int]]:
    """The hits a selector names (see the module docstring)."""
    rule, _colon, value = selector.partition(":")
    kinds = {"p": "person", "u": "unit", "t": "tryout"}
    if rule in kinds:
        return {(kinds[rule], directory.ids[(kinds[rule], value)])}
    value = value.lower()
    tests = {
        "first": lambda p: value in _words(p.first_name) or value == p.first_name.lower(),
        "firstis": lambda p: p.first_name.lower() == value,
        "last": lambda p: value in _words(p.last_name) or value == p.last_name.lower(),
        "name^": lambda p: any(w.startswith(value) and w != value for w in _words(f"{p.first_name} {p.last_name}")),
        "title": lambda p: value in p.title.lower(),
    }
    matching = {("person", directory.ids[("person", p.key)]) for p in directory.people if tests[rule](p)}
    assert matching, f"{selector} names nobody"
    return matching


def judged_queries(directory: Directory) -> list[JudgedQuery]:
    labels = {}
    for (kind, key), object_id in directory.ids.items():
        labels[(kind, object_id)] = key
    judged = []
    for query, kind_of_query, grades, never, ordered in QUERIES:
        by_hit = {}
        for grade in sorted(grades):  # a hit named by several grades keeps the highest
            for selector in grades[grade]:
                by_hit.update(dict.fromkeys(resolve(selector, directory), grade))
        false_friends = set().union(*(resolve(s, directory) for s in never)) - set(by_hit) if never else set()
        judged.append(JudgedQuery(query, kind_of_query, by_hit, false_friends, not grades, ordered, labels=labels))
    return judged
