# ruff: noqa: E501 (a data table reads best one record a line)
"""A hand-written Danish municipality for judging search relevance (not the demo generator).

Units, people and try-outs as a colleague would meet them in Faxe's directory: real Danish
names (æ, ø, å, double surnames, -sen names, "Aa" names), job titles written the way HR writes
them (sometimes "SOSU-assistent", sometimes "Social- og sundhedsassistent"), and visitkort text
in the municipality's own words. `load.py` builds it; `judgements.py` says what a search for
each query should find.

Each table is text, one record a line, fields separated by "|"; lists by ",".
"""

# key | name | kind | parent | about | core tasks | can help with | topics
UNITS = """
faxe | Faxe Kommune | kommune | | Kommunen for 37.000 borgere mellem Køge Bugt og Præstø Fjord. | | |
direktion | Direktionen | direktion | faxe | Kommunaldirektøren og direktørerne. | Strategi og ledelse af hele organisationen. | |
sundhed | Center for Sundhed og Ældre | center | direktion | Vi hjælper ældre og syge borgere til et godt hverdagsliv. | Hjemmepleje, plejecentre, sygepleje og træning. | | ældrepleje, sundhed
hjemnord | Hjemmeplejen Nord | afdeling | sundhed | Vi besøger borgere i eget hjem i Haslev og omegn. | Personlig pleje og praktisk hjælp i hjemmet. | Forflytning og hverdagsrehabilitering. | ældrepleje, rehabilitering
hjemsyd | Hjemmeplejen Syd | afdeling | sundhed | Vi besøger borgere i eget hjem i Faxe, Rønnede og Karise. Mange borgere i nord og syd lever med demens. | Personlig pleje, praktisk hjælp og medicingivning. | Tryghedsbesøg om natten. | ældrepleje
solhoej | Plejecenter Solhøj | institution | sundhed | Plejecenter med 48 boliger i Haslev. | Pleje og omsorg døgnet rundt for beboerne. | Aktiviteter og frivillige. | ældrepleje, frivillighed
oestervang | Plejecenter Østervang | institution | sundhed | Plejecenter med 60 boliger og en skærmet enhed for borgere med demens. | Pleje, omsorg og aktiviteter for beboerne. | Sansehave og musik. | ældrepleje, demens
demens | Demensteamet | team | sundhed | Demenskoordinatorer der rådgiver borgere med demens og deres pårørende. | Udredning, rådgivning og pårørendegrupper. | Råd om demens i eget hjem. | demens, pårørende
traening | Træning og Rehabilitering | afdeling | sundhed | Fysioterapeuter og ergoterapeuter. | Genoptræning efter sygehusophold og rehabiliteringsforløb. | Træning på holdet eller i hjemmet. | rehabilitering, genoptræning
sygepleje | Sygeplejen | afdeling | sundhed | Hjemmesygeplejersker i hele kommunen. | Sårpleje, medicin og sygepleje i hjemmet. | Sårpleje og tryksår. | sygepleje, sårpleje
visitation | Visitation og Hjælpemidler | afdeling | sundhed | Vi vurderer behovet for hjemmehjælp og hjælpemidler. | Visitation til pleje, plejebolig og hjælpemidler. | Ansøgning om rollator og kørestol. | hjælpemidler
depot | Hjælpemiddeldepotet | team | visitation | Lager og værksted for udlånte hjælpemidler. | Levering, afhentning og reparation af kørestole, rollatorer og plejesenge. | | hjælpemidler
sundhedshus | Sundhedshuset | afdeling | sundhed | Forebyggelse og sundhedsfremme for voksne. | Rygestop, kostvejledning og forløb for borgere med kroniske sygdomme. | Hjælp til rygestop. | forebyggelse, kronisk sygdom
madservice | Madservice Faxe | team | sundhed | Produktionskøkken der laver mad til ældre i eget hjem og på plejecentrene. | Madudbringning og ernæring. | Kost til småtspisende. | ernæring
boern | Center for Børn og Familie | center | direktion | Vi støtter børn, unge og familier. | Rådgivning, forebyggelse og anbringelse. | | trivsel
familie | Familierådgivningen | afdeling | boern | Socialrådgivere for børn og unge med særlige behov. | Underretninger, børnefaglige undersøgelser og anbringelse. | Råd om underretning. | trivsel, underretning
sundhedspleje | Sundhedsplejen | team | boern | Sundhedsplejersker der besøger nyfødte og deres forældre. | Hjemmebesøg, vejning og trivsel i skolen. | Amning og søvn. | trivsel, spædbørn
ppr | Pædagogisk Psykologisk Rådgivning | afdeling | boern | Psykologer, tale-hørekonsulenter og specialpædagoger for dagtilbud og skoler. | Pædagogiske psykologiske vurderinger og rådgivning om børn med autisme og ADHD. | Sparring om inklusion. | inklusion, autisme
tandpleje | Den Kommunale Tandpleje | institution | boern | Tandpleje for børn og unge under 18 år. | Undersøgelser, forebyggelse og tandregulering. | | tandpleje
ssp | SSP-samarbejdet | team | boern | Skole, socialforvaltning og politi i samarbejde om unge i risiko. | Forebyggelse af kriminalitet blandt unge. | | kriminalitet, unge
skole | Center for Dagtilbud og Skole | center | direktion | Skoler, børnehaver og dagpleje i hele kommunen. | | | læring
moellevang | Møllevangskolen | institution | skole | Folkeskole med 520 elever fra 0. til 9. klasse. | Undervisning og skolefritidsordning. | | læring, inklusion
strand | Strandskolen | institution | skole | Folkeskole ved kysten med 310 elever. | Undervisning, udeskole og skolefritidsordning. | Naturfag i det fri. | læring, natur
maelkeboetten | Børnehuset Mælkebøtten | institution | skole | Integreret institution med vuggestue og børnehave i Haslev. | Pædagogik, leg og sprog for børn fra 0 til 6 år. | | sprog, leg
egeloekke | Skovbørnehaven Egeløkke | institution | skole | Børnehave i skoven, hvor børnene er ude hele dagen. | Naturpædagogik for børn fra 3 til 6 år. | Ture i skoven for andre børnehaver. | natur, leg
dagpleje | Dagplejen | afdeling | skole | Dagplejere passer børn fra 0 til 3 år i eget hjem. | Pasning i dagpleje og legestuer. | | pasning
uu | Ungdommens Uddannelsesvejledning | team | skole | Vejledere for unge mellem 13 og 25 år. | Vejledning om valg af ungdomsuddannelse og uddannelsesparathed. | Unge uden uddannelse eller job. | uddannelse, unge
musikskole | Faxe Musikskole | institution | skole | Undervisning i instrumenter, sang og sammenspil for børn og unge. | | | musik
arbejde | Center for Arbejdsmarked | center | direktion | Jobcenter og ydelser. | | | beskæftigelse
jobcenter | Jobcenter Faxe | afdeling | arbejde | Vi hjælper ledige borgere i job og uddannelse. | Samtaler, virksomhedspraktik og løntilskud. | Rekruttering til virksomheder. | beskæftigelse
fleks | Fleksjob og Ressourceforløb | team | jobcenter | Borgere med nedsat arbejdsevne. | Fleksjob, ressourceforløb og jobafklaring. | Råd om fleksjob til arbejdsgivere. | beskæftigelse, fleksjob
ydelse | Ydelseskontoret | team | arbejde | Udbetaling af kontanthjælp, sygedagpenge og ledighedsydelse. | Kontanthjælp, uddannelseshjælp og sygedagpenge. | | ydelser
integration | Integration og Sprog | team | arbejde | Nye borgere fra andre lande. | Danskundervisning, integrationsprogram og tolkning. | Tolk til samtaler. | integration, sprog
virksomhed | Virksomhedsservice | team | jobcenter | Kontakt til virksomheder om praktik og rekruttering. | Virksomhedspraktik og jobrotation. | | erhverv
teknik | Center for Teknik og Miljø | center | direktion | Veje, byggeri, natur og miljø. | | | klima
vejpark | Vej og Park | afdeling | teknik | Driften af kommunens veje, stier og grønne områder. | Vejarbejde, snerydning og glatførebekæmpelse. | Huller i vejen og væltede træer. | veje
byg | Byg og Plan | afdeling | teknik | Byggesager og lokalplaner. | Byggetilladelser, lokalplaner og BBR. | Råd før du søger byggetilladelse. | byggeri
natur | Natur og Miljø | afdeling | teknik | Natur, vandløb og miljøtilsyn. | Klimatilpasning, spildevand og naturpleje. | Regnvand og skybrud. | klima, natur
affald | Affald og Genbrug | team | teknik | Genbrugspladser og affaldsordninger. | Dagrenovation, storskrald og genbrugspladsen. | Sortering af affald. | affald, genbrug
beredskab | Beredskabet | afdeling | teknik | Brandvæsen og redning. | Brandsyn og beredskabsplaner. | | beredskab
social | Center for Social og Psykiatri | center | direktion | Hjælp til voksne med særlige behov. | | | socialpsykiatri
handicap | Handicaprådgivningen | afdeling | social | Socialrådgivere for voksne med handicap. | Bostøtte, ledsagelse og hjælp efter serviceloven. | Råd om handicap og hjælpemidler. | handicap
egevang | Bostedet Egevang | institution | social | Bosted for 24 voksne med betydelig og varig funktionsnedsættelse. | Botilbud, aktiviteter og socialpædagogisk støtte. | | botilbud
socialpsyk | Socialpsykiatrien | afdeling | social | Støtte til borgere med psykiske lidelser. | Bostøtte, værested og recovery. | | psykiatri, socialpsykiatri
misbrug | Misbrugscentret | afdeling | social | Rådgivning og behandling af alkohol- og stofmisbrug. | Ambulant behandling og anonym rådgivning. | | misbrug
oekonomi | Center for Økonomi og IT | center | direktion | Økonomi, løn og IT for hele kommunen. | | | økonomi
it | IT og Digitalisering | afdeling | oekonomi | IT-support, netværk og digitalisering. | IT-support til medarbejdere og udrulning af nye systemer. | Hjælp til computer og telefon. | digitalisering
loen | Løn og Personale | afdeling | oekonomi | Lønudbetaling og personaleadministration. | Løn, lønsedler, ferie og pension. | | løn
analyse | Økonomi og Analyse | afdeling | oekonomi | Budget og regnskab. | Budgetlægning, regnskab og analyser. | | økonomi, budget
indkoeb | Indkøb og Udbud | team | oekonomi | Kommunens indkøb. | Udbud, indkøbsaftaler og kontrakter. | | indkøb
hr | HR og Kommunikation | center | direktion | HR, kommunikation, jura og politisk sekretariat. | | |
kommunikation | Kommunikation | afdeling | hr | Kommunens presse, web og intranet. | Pressemeddelelser, hjemmesiden og sociale medier. | Hjælp til klarsprog og plakater. | kommunikation
arbejdsmiljoe | HR og Arbejdsmiljø | afdeling | hr | HR-konsulenter for ledere og medarbejdere. | Arbejdsmiljø, arbejdspladsvurdering, sygefravær og rekruttering. | Hjælp til arbejdspladsvurdering og trivselsmåling. | arbejdsmiljø, trivsel
jura | Jura og Databeskyttelse | afdeling | hr | Kommunens jurister og databeskyttelsesrådgiver. | Databeskyttelse, GDPR, aktindsigt og klagesager. | Råd om GDPR og persondata. | databeskyttelse
sekretariat | Politisk Sekretariat | afdeling | hr | Betjening af byrådet og udvalgene. | Dagsordener og referater. | |
kultur | Center for Kultur og Borgerservice | center | direktion | Biblioteker, borgerservice, kultur og fritid. | | | kultur
borgerservice | Borgerservice | afdeling | kultur | Borgerservice i Haslev og Faxe. | Pas, kørekort, sundhedskort og digital post. | Hjælp til MitID. | borgerservice
bibliotek | Faxe Bibliotekerne | institution | kultur | Bibliotekerne i Haslev og Faxe. | Udlån, arrangementer og læsehjælp. | Lektiecafé. | læsning, kultur
fritid | Kultur og Fritid | afdeling | kultur | Foreninger, haller og kulturliv. | Tilskud til foreninger og booking af haller. | | foreninger, frivillighed
"""

# key | first name | last name | unit | job title | e-mail local part | expertise | about
# The e-mail local part is the municipality's short code (first two letters of each name,
# as HR makes them); some codes happen to be first names of others ("anni", "ulla", "tove").
PEOPLE = """
mette.hansen | Mette | Hansen | sygepleje | Sygeplejerske | meha | sårpleje, diabetes |
mette.marie.hansen | Mette Marie | Hansen | sekretariat | Udvalgssekretær | mmha | |
peter.hansen | Peter | Hansen | vejpark | Vejarbejder | peha | snerydning |
hanne.hansen | Hanne | Hansen | loen | Lønkonsulent | haha | løn, pension |
hans.bach | Hans | Bach | byg | Byggesagsbehandler | haba | byggetilladelse, lokalplaner |
hans.joergen.friis | Hans Jørgen | Friis | beredskab | Beredskabschef | hjfr | brandsyn |
hans.kristian.lund | Hans Kristian | Lund | affald | Driftsleder | hklu | genbrug |
lars.jensen | Lars | Jensen | hjemnord | Social- og sundhedshjælper | laje | forflytning |
lars.boegh | Lars | Bøgh | jobcenter | Jobkonsulent | labo | virksomhedspraktik |
lars.moeller.pedersen | Lars | Møller Pedersen | it | IT-supporter | lape | netværk |
lars.holm | Lars | Holm | hjemsyd | Afdelingsleder | laho | ledelse, ældrepleje |
ole.larsen | Ole | Larsen | traening | Fysioterapeut | olla | genoptræning |
tina.larsen | Tina | Larsen | familie | Socialrådgiver | tila | underretning |
henrik.larsen | Henrik | Larsen | analyse | Økonomikonsulent | hela | budget |
ulrik.larsen | Ulrik | Larsen | natur | Miljømedarbejder | ulla | spildevand |
birgitte.andersen | Birgitte | Andersen | visitation | Visitator | bian | hjælpemidler |
kim.andersen | Kim | Andersen | vejpark | Værkfører | kian | |
jette.andersen | Jette | Andersen | solhoej | Social- og sundhedsassistent | jean | demens |
anders.kjaer | Anders | Kjær | kommunikation | Kommunikationschef | ankj | presse, kommunikation |
anders.lykke | Anders | Lykke | musikskole | Musikskolelærer | anly | klaver |
camilla.rasmussen | Camilla | Rasmussen | ppr | Psykolog | cara | autisme, ADHD |
jan.rasmussen | Jan | Rasmussen | indkoeb | Indkøbskonsulent | jara | udbud |
rasmus.holt | Rasmus | Holt | uu | UU-vejleder | raho | ungdomsuddannelse |
rasmus.dam | Rasmus | Dam | strand | Lærer | rada | naturfag, udeskole |
pia.jensen | Pia | Jensen | dagpleje | Dagplejer | pije | |
susanne.jensen | Susanne | Jensen | borgerservice | Borgerservicemedarbejder | suje | pas, kørekort |
anne.marie.jensen | Anne Marie | Jensen | madservice | Ernæringsassistent | amje | ernæring, diætkost |
jens.nielsen | Jens | Nielsen | jobcenter | Teamleder | jeni | ledelse, beskæftigelse |
jens.nielsen.2 | Jens | Nielsen | vejpark | | jeni2 | |
lene.holm.nielsen | Lene | Holm Nielsen | traening | Ergoterapeut | leni | hjælpemidler, genoptræning |
maria.nielsen | Maria | Nielsen | maelkeboetten | Pædagog | mani | sprog |
anna.nielsen | Anna | Nielsen | familie | Familiebehandler | anni | familiebehandling |
niels.skov | Niels | Skov | natur | Biolog | nisk | naturpleje, vandløb |
niels.erik.lund | Niels Erik | Lund | analyse | Controller | nelu | regnskab |
karen.petersen | Karen | Petersen | handicap | Socialrådgiver | kape | bostøtte, handicap |
peter.brandt | Peter | Brandt | direktion | Kommunaldirektør | pebr | ledelse, strategi |
michael.pedersen | Michael | Pedersen | it | Systemadministrator | mipe | netværk, sikkerhed |
bente.pedersen | Bente | Pedersen | oestervang | Social- og sundhedshjælper | bepe | demens |
louise.mortensen | Louise | Mortensen | sundhedspleje | Sundhedsplejerske | lomo | amning, spædbørn |
morten.vestergaard | Morten | Vestergaard | byg | Planlægger | move | lokalplaner |
kirsten.madsen | Kirsten | Madsen | misbrug | Misbrugsbehandler | kima | alkohol, misbrug |
mads.kristoffersen | Mads | Kristoffersen | egevang | Pædagog | makr | socialpædagogik |
signe.jakobsen | Signe | Jakobsen | sundhedshus | Sundhedskonsulent | sija | rygestop, forebyggelse |
jakob.winther | Jakob | Winther | fritid | Fritidskonsulent | jawi | foreninger, haller |
anni.christensen | Anni | Christensen | demens | Demenskoordinator | anch | demens, pårørende |
bo.christiansen | Bo | Christiansen | ssp | SSP-konsulent | boch | kriminalitetsforebyggelse |
bo.berg | Bo | Berg | sygepleje | Sygeplejerske | bobe | sårpleje |
birthe.olsen | Birthe | Olsen | tandpleje | Tandplejer | biol | tandpleje |
linda.berggren | Linda | Berggren | bibliotek | Bibliotekar | libe | læsning, litteratur |
helle.soerensen | Helle | Sørensen | hjemnord | SOSU-assistent | heso | medicin |
soeren.kjaergaard | Søren | Kjærgaard | traening | Fysioterapeut | sokj | genoptræning, faldforebyggelse |
soeren.kristensen | Søren | Kristensen | it | Digitaliseringskonsulent | sokr | digitalisering |
pernille.bach.soerensen | Pernille | Bach Sørensen | kommunikation | Webredaktør | pebs | hjemmeside, klarsprog |
joergen.hald | Jørgen | Hald | byg | Bygningskonstruktør | joha | byggeri |
tove.joergensen | Tove | Jørgensen | bibliotek | Biblioteksassistent | tojo | læsehjælp |
karin.holm | Karin | Holm | hjemsyd | Social- og sundhedshjælper | kaho | demens |
jesper.holm | Jesper | Holm | vejpark | Vejformand | jeho | vejarbejde |
rikke.holmgaard | Rikke | Holmgaard | arbejdsmiljoe | HR-konsulent | riho | arbejdsmiljø, trivsel |
torben.holmberg | Torben | Holmberg | beredskab | Brandmand | toho | redning |
ida.damgaard | Ida | Damgaard | maelkeboetten | Pædagogmedhjælper | idda | leg |
trine.lundgaard | Trine | Lundgaard | jobcenter | Jobkonsulent | trlu | løntilskud |
karina.lund | Karina | Lund | borgerservice | Borgerservicemedarbejder | kalu | digital post |
vibeke.skovgaard | Vibeke | Skovgaard | egeloekke | Pædagog | visk | naturpædagogik |
kasper.noergaard | Kasper | Nørgaard | natur | Klimakoordinator | kano | klimatilpasning, skybrud |
henning.nordgaard | Henning | Nordgaard | affald | Chauffør | heno | storskrald |
anne.marie.oestergaard | Anne-Marie | Østergaard | boern | Centerchef | amoe | ledelse, børn og unge |
lone.oestergaard | Lone | Østergård | familie | Familiebehandler | loos | familiebehandling |
tobias.vestergaard | Tobias | Vestergaard | it | IT-supporter | tove | support |
charlotte.vestergaard | Charlotte | Vestergård | loen | Lønkonsulent | chve | løn |
thomas.aagaard | Thomas | Aagaard | vejpark | Maskinfører | thaa | snerydning |
aase.lindholm | Aase | Lindholm | solhoej | Sygeplejerske | aali | demens, palliation |
aage.krogh | Aage | Krogh | beredskab | Brandmand | aakr | |
aase.brink | Åse | Brink | sundhedshus | Diætist | aabr | kostvejledning, ernæring |
maja.groenbaek | Maja | Grønbæk | integration | Sprogkonsulent | magr | danskundervisning |
poul.broendum | Poul | Brøndum | jura | Jurist | pobr | aktindsigt, klagesager |
laerke.friis | Lærke | Friis | kommunikation | Kommunikationsmedarbejder | lafr | sociale medier, presse |
ulla.friis | Ulla | Friis | hjemnord | Social- og sundhedshjælper | ulfr | |
bjoern.thygesen | Bjørn | Thygesen | jura | Databeskyttelsesrådgiver | bjth | GDPR, databeskyttelse |
susanne.aegidius | Susanne | Ægidius | sekretariat | Chefkonsulent | suae | byråd |
anne.svendsen | Anne | Svendsen | uu | UU-vejleder | ansv | ungdomsuddannelse, uddannelsesparathed |
anne.mette.olsen | Anne-Mette | Olsen | depot | Hjælpemiddeltekniker | amol | kørestole |
annette.juhl | Annette | Juhl | analyse | Budgetkonsulent | anju | budget |
jens.peter.kjeldsen | Jens Peter | Kjeldsen | fleks | Jobkonsulent | jpkj | fleksjob, ressourceforløb |
marianne.due.hansen | Marianne | Due-Hansen | sundhedspleje | Sundhedsplejerske | madu | søvn, spædbørn |
katrine.bach.petersen | Katrine | Bach-Petersen | familie | Teamleder | kabp | anbringelse |
karl.johan.lauridsen | Karl Johan | Lauridsen | depot | Lagerarbejder | kjla | |
lise.lotte.bang | Lise-Lotte | Bang | arbejdsmiljoe | HR-chef | llba | rekruttering |
gitte.moeller | Gitte | Møller | hjemsyd | Sygeplejerske | gimo | diabetes |
jonas.moeller | Jonas | Møller | strand | Lærer | jomo | matematik |
emma.schmidt | Emma | Schmidt | hjemnord | SOSU-hjælper | emsc | |
freja.mikkelsen | Freja | Mikkelsen | solhoej | Social- og sundhedshjælper | frmi | aktiviteter |
sofie.thomsen | Sofie | Thomsen | oestervang | SOSU-assistent | soth | demens, sansestimulation |
ida.poulsen | Ida | Poulsen | sygepleje | Sygeplejerske | idpo | sårpleje, tryksår |
julie.knudsen | Julie | Knudsen | ppr | Tale-hørekonsulent | jukn | sprog, tale |
nanna.frederiksen | Nanna | Frederiksen | tandpleje | Tandlæge | nafr | tandregulering |
cecilie.henriksen | Cecilie | Henriksen | sundhedspleje | Sundhedsplejerske | cehe | trivsel i skolen |
stine.eriksen | Stine | Eriksen | socialpsyk | Bostøttemedarbejder | stei | bostøtte, recovery |
heidi.clausen | Heidi | Clausen | egevang | Social- og sundhedsassistent | hecl | medicin |
sanne.simonsen | Sanne | Simonsen | visitation | Hjælpemiddelkonsulent | sasi | hjælpemidler, boligændringer |
malene.iversen | Malene | Iversen | jobcenter | Sagsbehandler | mair | sygedagpenge |
dorte.jeppesen | Dorte | Jeppesen | ydelse | Ydelsesmedarbejder | doje | kontanthjælp |
winnie.mogensen | Winnie | Mogensen | ydelse | Ydelsesmedarbejder | wimo | sygedagpenge |
jytte.jespersen | Jytte | Jespersen | madservice | Køkkenleder | jyje | ernæring |
grethe.nissen | Grethe | Nissen | solhoej | Centerleder | grni | ledelse |
birgit.lauridsen | Birgit | Lauridsen | dagpleje | Dagplejepædagog | bila | legestue |
inge.kjaer | Inge | Kjær | bibliotek | Bibliotekar | inkj | lektiecafé |
marianne.jepsen | Marianne | Jepsen | familie | Socialrådgiver | maje | børnefaglige undersøgelser |
vibeke.lassen | Vibeke | Lassen | handicap | Teamleder | vila | handicap, ledsagelse |
jette.bruun | Jette | Bruun | sundhedshus | Sygeplejerske | jebr | KOL, diabetes |
lone.toft | Lone | Toft | moellevang | Skoleleder | loto | ledelse, inklusion |
dorthe.dahl | Dorthe | Dahl | moellevang | Lærer | doda | dansk |
tanja.kristiansen | Tanja | Kristiansen | egevang | Pædagog | takr | autisme |
anja.borup | Anja | Borup | integration | Integrationskonsulent | anbo | integrationsprogram |
christina.hvid | Christina | Hvid | it | Projektleder | chhv | digitalisering, velfærdsteknologi |
lotte.lind | Lotte | Lind | kommunikation | Grafiker | loli | layout |
rene.andreasen | René | Andreasen | vejpark | Vejarbejder | rean | |
thomas.olesen | Thomas | Olesen | virksomhed | Virksomhedskonsulent | thol | rekruttering, virksomhedspraktik |
martin.mikkelsen | Martin | Mikkelsen | misbrug | Misbrugskonsulent | mami | stofmisbrug, unge |
jesper.laursen | Jesper | Laursen | analyse | Økonomichef | jela | budget, ledelse |
claus.johansen | Claus | Johansen | byg | Byggesagsbehandler | cljo | byggetilladelse |
carsten.poulsen | Carsten | Poulsen | affald | Renovationsarbejder | capo | |
frank.simonsen | Frank | Simonsen | beredskab | Brandmand | frsi | |
kenneth.jakobsen | Kenneth | Jakobsen | jobcenter | Jobkonsulent | keja | unge, uddannelse |
klaus.eriksen | Klaus | Eriksen | uu | UU-vejleder | kler | erhvervsuddannelse |
kristian.thomsen | Kristian | Thomsen | strand | Lærer | krth | idræt |
mikkel.johansen | Mikkel | Johansen | musikskole | Musikskolelærer | mijo | guitar |
nikolaj.frederiksen | Nikolaj | Frederiksen | jura | Jurist | nifr | GDPR, udbud |
mathias.andreasen | Mathias | Andreasen | socialpsyk | Bostøttemedarbejder | maan | recovery |
emil.henriksen | Emil | Henriksen | ssp | Gadeplansmedarbejder | emhe | unge |
frederik.clausen | Frederik | Clausen | fritid | Halinspektør | frcl | haller |
christian.knudsen | Christian | Knudsen | it | IT-arkitekt | chkn | sikkerhed |
steen.winther | Steen | Winther | natur | Miljøsagsbehandler | stwi | miljøtilsyn |
per.olsen | Per | Olsen | loen | Pensionskonsulent | peol | pension |
poul.toft | Poul | Toft | depot | Chauffør | poto | |
erik.dahl | Erik | Dahl | vejpark | Vejarbejder | erda | |
bjarne.bruun | Bjarne | Bruun | beredskab | Indsatsleder | bjbr | redning |
finn.lassen | Finn | Lassen | indkoeb | Indkøbschef | fila | udbud, indkøb |
flemming.borup | Flemming | Borup | byg | Landinspektør | flbo | BBR |
leif.kjeldsen | Leif | Kjeldsen | affald | Genbrugspladsmedarbejder | leki | genbrug |
preben.hvid | Preben | Hvid | sekretariat | Byrådssekretær | prhv | byråd |
casper.lind | Casper | Lind | uu | UU-vejleder | cali | ungdomsuddannelse |
simon.juhl | Simon | Juhl | ydelse | Teamleder | siju | ledighedsydelse |
oliver.nissen | Oliver | Nissen | musikskole | Musikskolelærer | olni | trommer |
ib.winther | Ib | Winther | fritid | Pedel | ibwi | |
brian.bang | Brian | Bang | vejpark | Gartner | brba | grønne områder |
allan.dam | Allan | Dam | it | IT-supporter | alda | support |
kim.toft | Kim | Toft | integration | Tolk | kito | tolkning, arabisk |
mette.kjaer.mikkelsen | Mette | Kjær Mikkelsen | oestervang | Social- og sundhedshjælper | memi | sansehave |
hanne.kjaer.mikkelsen | Hanne | Kjær Mikkelsen | traening | Ergoterapeut | hami | hverdagsrehabilitering |
line.krogh | Line | Krogh | demens | Demenskoordinator | likr | demens, pårørende |
rikke.hald | Rikke | Hald | sundhedshus | Sundhedskonsulent | riha | forebyggelse, kronisk sygdom |
trine.due | Trine | Due | hjemnord | Sygeplejerske | trdu | medicin |
julie.skov | Julie | Skov | familie | Socialrådgiver | jusk | anbringelse |
emma.nielsen | Emma | Nielsen | egeloekke | Pædagogmedhjælper | emni | |
sofie.bruun | Sofie | Bruun | moellevang | Lærer | sobr | engelsk |
kirsten.borup | Kirsten | Borup | handicap | Socialrådgiver | kibo | bostøtte |
grethe.winther | Grethe | Winther | madservice | Ernæringsassistent | grwi | diætkost |
jytte.holm | Jytte | Holm | dagpleje | Dagplejer | jyho | |
heidi.lauridsen | Heidi | Lauridsen | sygepleje | Sygeplejerske | hela2 | sårpleje |
stine.madsen | Stine | Madsen | hjemsyd | SOSU-hjælper | stma | |
peter.nissen | Peter | Nissen | socialpsyk | Afdelingsleder | peni | psykiatri, ledelse |
morten.dam | Morten | Dam | traening | Fysioterapeut | moda | træning |
gitte.lund | Gitte | Lund | moellevang | Lærer | gilu | inklusion |
"""

# key | title | owner unit | status | track | topics | summary | challenge | approach | learnings | contacts
TRYOUTS = """
gaatur | Gåtur med demente borgere | demens | i_gang | borgerperspektivet | demens, bevægelse | Ugentlige gåture for borgere med demens og deres pårørende. | Borgere med demens bliver ensomme og inaktive. | Frivillige går med hver tirsdag. | Pårørende får også en pause. | anni.christensen
gaatur.gammel | Gåtur med demente borgere | oestervang | afsluttet | borgerperspektivet | demens | Gåture for beboere. | Beboerne kom for lidt ud. | Gåture om formiddagen. | Det krævede flere frivillige. |
musik | Musik og demens | oestervang | i_gang | borgerperspektivet | demens, musik | Musik i dagligdagen på den skærmede enhed. | Uro om eftermiddagen. | Fælles sang og musik før aftensmaden. | Mindre uro og færre konflikter. | sofie.thomsen
skaerm | Skærmbesøg i hjemmeplejen | hjemnord | i_gang | borgerperspektivet | velfærdsteknologi | Nogle besøg sker på skærm i stedet for i hjemmet. | Mange korte besøg og lange køreture. | Borgeren får en tablet til skærmbesøg. | Skærmbesøg egner sig til medicinpåmindelser. | lars.jensen, christina.hvid
robot | Robotstøvsugere hos borgerne | visitation | afsluttet | styring | velfærdsteknologi, hjælpemidler | Robotstøvsugere i stedet for rengøring. | Rengøring tager tid fra plejen. | Udlån af robotstøvsugere. | Virker bedst i boliger uden dørtrin. | sanne.simonsen
ensomhed | Fællesspisning mod ensomhed | solhoej | i_gang | borgerperspektivet | ensomhed, fællesskab | Fællesspisning for ældre i lokalområdet. | Ensomhed blandt ældre, der bor alene. | Åbent spisefællesskab på plejecentret. | Maden samler folk. | freja.mikkelsen
morgenmad | Morgenmad med borgerne | hjemsyd | i_gang | borgerperspektivet | ernæring | Vi spiser morgenmad sammen med borgerne. | Borgerne spiser for lidt om morgenen. | Personalet spiser med. | Fællesskab giver appetit. | karin.holm
sårapp | Sår-app til hjemmesygeplejen | sygepleje | i_gang | styring | sårpleje, velfærdsteknologi | Fotos af sår deles sikkert med lægen. | Sårpleje blev dokumenteret forskelligt. | En app til billeder af sår. | Ens dokumentation giver hurtigere heling. | ida.poulsen, mette.hansen
rehab | Hverdagsrehabilitering fra første dag | traening | i_gang | borgerperspektivet | rehabilitering | Træning i hverdagen før hjemmehjælp. | Borgere bliver afhængige af hjælp. | Ergoterapeuter træner med borgeren i hjemmet. | Flere klarer sig selv efter otte uger. | hanne.kjaer.mikkelsen
fald | Faldforebyggelse for ældre | traening | afsluttet | borgerperspektivet | faldforebyggelse, træning | Balancetræning for ældre. | Mange ældre falder i hjemmet. | Hold med balancetræning. | Færre fald efter et halvt år. | soeren.kjaergaard
autisme | Autismevenlig skoledag | ppr | i_gang | borgerperspektivet | autisme, inklusion | Faste rammer for elever med autisme. | Elever med autisme mistrives i store klasser. | Små pauserum og visuelle skemaer. | Færre konflikter i frikvartererne. | camilla.rasmussen, lone.toft
sprogkuffert | Sprogkufferter i dagplejen | dagpleje | afsluttet | arbejdspladskulturen | sprog | Kufferter med bøger og spil. | Sprogudvikling hos de mindste. | Kufferter går på omgang mellem dagplejerne. | Forældrene låner dem også. | birgit.lauridsen
udeskole | Udeskole hver fredag | strand | i_gang | arbejdspladskulturen | natur, læring | Undervisning i naturen. | Eleverne mangler bevægelse. | Hver fredag foregår timerne ude. | Mere ro i klassen. | rasmus.dam
ung | Unge uden uddannelse i praktik | uu | i_gang | borgerperspektivet | uddannelse, unge | Praktik for unge uden uddannelse. | Unge falder fra ungdomsuddannelsen. | Korte praktikker i lokale virksomheder. | Praktik giver mod på uddannelse. | anne.svendsen, thomas.olesen
flex | Fleksjob i små virksomheder | fleks | i_gang | borgerperspektivet | fleksjob, beskæftigelse | Flere fleksjob hos små arbejdsgivere. | Små virksomheder kender ikke ordningen. | Jobkonsulenter besøger virksomhederne. | Én fast kontaktperson hjælper. | jens.peter.kjeldsen
sprogcafe | Sprogcafé for nye borgere | integration | i_gang | borgerperspektivet | integration, sprog | Frivillige taler dansk med nye borgere. | Nye borgere øver for lidt dansk. | Sprogcafé på biblioteket. | Samtaler om hverdagen virker bedst. | maja.groenbaek
regnvand | Regnvand i byrummet | natur | i_gang | styring | klimatilpasning, skybrud | Regnvand ledes til grønne områder. | Skybrud oversvømmer kældre. | Regnbede i boligområderne. | Borgerne vil gerne passe regnbedene. | kasper.noergaard
snerydning | Snerydning med borgere | vejpark | stoppet | borgerperspektivet | veje, frivillighed | Borgere rydder sne på stier. | For få folk til stierne. | Frivillige får udstyr. | Forsikringen var en hindring. | peter.hansen
storskrald | Storskrald på bestilling | affald | afsluttet | styring | affald | Storskrald hentes efter aftale. | Storskrald stod længe på fortovet. | Bestilling på hjemmesiden. | Færre klager. | henning.nordgaard
apv | Kort APV hvert kvartal | arbejdsmiljoe | i_gang | arbejdspladskulturen | arbejdsmiljø, trivsel | Fem spørgsmål om arbejdsmiljø hvert kvartal. | Arbejdspladsvurdering hvert tredje år er for sjældent. | Kort digital måling. | Ledere handler hurtigere. | rikke.holmgaard
klarsprog | Klarsprog i breve til borgerne | kommunikation | afsluttet | borgerperspektivet | klarsprog, kommunikation | Breve skrevet så borgerne forstår dem. | Borgerne ringer for at få brevene forklaret. | Skabeloner og kurser i klarsprog. | Færre opkald. | pernille.bach.soerensen, laerke.friis
gdpr | GDPR-tjek på fem minutter | jura | i_gang | styring | databeskyttelse | Et kort tjek før nye systemer tages i brug. | Medarbejdere kender ikke reglerne for persondata. | Tjekliste og sparring. | Tjekket skal være kort. | bjoern.thygesen
borgerpanel | Borgerpanel om biblioteket | bibliotek | afsluttet | borgerperspektivet | borgerinddragelse | Borgere hjælper med at forme biblioteket. | Få borgere deltog i høringer. | Et borgerpanel mødes fire gange om året. | Borgerinddragelse tidligt giver bedre beslutninger. | linda.berggren
medarbejder | Medarbejderinddragelse i vagtplanen | hjemsyd | i_gang | arbejdspladskulturen | trivsel | Medarbejderne lægger selv vagtplanen. | Utilfredshed med vagterne. | Selvplanlægning i teams. | Færre sygedage. | lars.holm
mitid | MitID-hjælp på biblioteket | borgerservice | i_gang | borgerperspektivet | digitalisering | Hjælp til MitID uden tidsbestilling. | Ældre borgere kan ikke bruge MitID. | Borgerservice møder op på biblioteket. | Kort ventetid. | karina.lund
tandbus | Tandplejebus til skolerne | tandpleje | idé | borgerperspektivet | tandpleje | En tandplejebus besøger skolerne. | Børn udebliver fra tandplejen. | Bussen kommer til skolen. | | nanna.frederiksen
alkohol | Anonym alkoholrådgivning online | misbrug | i_gang | borgerperspektivet | misbrug, alkohol | Chat med en rådgiver uden navn. | Mange venter for længe med at søge hjælp. | Anonym chat om aftenen. | Unge bruger chatten. | kirsten.madsen
recovery | Recovery-café | socialpsyk | i_gang | borgerperspektivet | recovery, psykiatri | Et værested drevet af brugerne. | Borgere med psykiske lidelser mangler fællesskab. | Brugerne driver caféen selv. | Ansvar giver selvtillid. | stine.eriksen
borgerind | Borgerinddragelse i lokalplaner | byg | afsluttet | borgerperspektivet | borgerinddragelse, lokalplaner | Borgermøder før lokalplanen skrives. | Klager kom først efter høringen. | Åbne møder i landsbyerne. | Tidlig dialog giver færre klager. | morten.vestergaard
"""
