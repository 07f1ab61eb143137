"""Every question a source document asks must be findable in the flow that encodes it.

For each flow a list of key sentences, copied from its seed document (whitespace-normalised):
one per question, sub-question, guarantee element or characteristic the flow turns into a
question. A flow covers a key sentence when it occurs in the flow's texts: flow and card
intros, question texts, help, option labels, rating items and scale labels. Comparison ignores
case, whitespace, hyphens and dashes, typographic quotes and markdown emphasis (so a compound
split over two lines in the seed still matches); light chat edits around the key sentence are
fine, but the sentence itself stays as the document has it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from flows.catalog import load_catalog
from flows.schema import Flow

SEEDS = Path(__file__).parents[3] / "shared" / "seeds"

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-", "*": None})


def normalise(text: str) -> str:
    """Lower case, plain quotes, no emphasis marks; dashes, hyphens and whitespace one space."""
    return re.sub(r"[\s-]+", " ", text.translate(_QUOTES)).strip().lower()


def flow_corpus(flow: Flow) -> str:
    parts = [flow.title, flow.intro or ""]
    for card in flow.cards:
        parts += [card.title, card.intro or ""]
        for question in card.questions:
            parts += [question.text, question.help or ""]
            parts += [option.label for option in question.options]
            parts += [item.text for item in question.items]
            parts += [point.label for point in question.scale]
    return normalise("\n".join(parts))


KEY_SENTENCES: dict[str, list[str]] = {
    "visie-op-beroep": [
        # 1. Visie op beroep
        "of op alle (aanstaande) onderwijsprofessionals binnen jullie partnerschap",
        "waarom voor deze afbakening is gekozen",
        "Welke voordelen zien jullie hierin",
        "hoe werkt deze keuze uit in de praktijk",
        "of en hoe de gedeelde visie op het beroep ook van toepassing kan zijn op alle "
        "onderwijsprofessionals",
        "Wat betekent dit voor het partnerschap en voor de Onderwijsregio",
        "tot welke afspraken en acties leidt dit",
        # 2. Partnerschap Samen Opleiden
        "Wat zijn de kernelementen van jullie visie op het beroep?",
        "Maak elk kernelement zo concreet mogelijk",
        "Hoe is de visie op het beroep tot stand gekomen?",
        "eigen partnerschap? Waarom?",  # "je" became "jullie": see CORRECTIONS
        "Wat zijn belangrijke maar meer algemene elementen?",
        "Levert de bespreking nieuwe inzichten op? Welke?",
        # 3. Opleidingsinfrastructuur Samen Opleiden
        "Deel met elkaar kernelementen van de visies op het beroep.",
        "Wat zijn overeenkomsten tussen de visies, in woorden, maar vooral ook in betekenis en "
        "bedoeling?",
        "tussen alle betrokken partnerschappen of tussen twee of drie partnerschappen?",
        "Wat zijn de verschillen?",
        "Zijn dit verschillen tussen alle betrokken partnerschappen?",
        "Zitten de verschillen in de elementen die specifiek zijn voor een partnerschap?",
        "Of vooral in de meer algemene elementen?",
        "Welke nieuwe inzichten levert het gesprek op?",
        "Welke conclusies kunnen getrokken worden?",
        "Wat betekent een en ander voor het Samen Opleiden in de Onderwijsregio?",
        # 4. Vijf functies
        "Wat staat er in de visie van de Onderwijsregio over de relatie tussen de visie op het "
        "beroep enerzijds en de vijf functies werven, matchen, Samen Opleiden, begeleiden en "
        "professionaliseren anderzijds?",
        "Welke rol speelt het beroepsbeeld bij elk van de functies? En in de onderlinge samenhang?",
        "Gebruikt elk partnerschap de visie op het beroep als onderlegger voor begeleiden en "
        "professionaliseren? En voor werven en matchen? En hoe gebeurt dat in de Onderwijsregio?",
        "Hoe wordt begeleiden ingekleurd door de visie op het beroep?",
        "Hoe wordt professionaliseren ingekleurd door de visie op het beroep?",
        "Hoe worden werven en matchen ingekleurd door de visie op het beroep?",
        "Is een doorgaande lijn zichtbaar?",
        "Welke nieuwe inzichten levert dit op? Leveren de inzichten nog aanvullingen op voor de "
        "visie op leren en voor de visie op opleiden?",
        # 5. Onderwijsregio & Visie op beroep: de keuze maken
        "Bespreek de ambitie van de Onderwijsregio en haar context: Welke accenten legt de "
        "Onderwijsregio?",
        "Welke kenmerken heeft de context van de Onderwijsregio?",
        "Mono-sectoraal of Cross-sectoraal?",
        "Hoe wordt er gesproken over het beroep?",
        "Worden er mogelijk - expliciet of impliciet - kenmerken gegeven van een visie op het "
        "beroep?",
        "Wat zijn kernelementen? Wat houden deze in?",
        "Noteer de kernelementen (en eventueel concretisering)",
        "Wat is het toekomstige beeld van het beroep van leraar (primair, voortgezet of",
        "of van de onderwijsprofessional in de breedte?",  # "beroepsopleiding": see CORRECTIONS
        "Bekijk de opbrengsten van de eerdere gesprekken.",
        "Analyseer de antwoorden en trek conclusies: wat betekenen deze voor de visies op het "
        "beroep?",
        "Tot welke keuze leidt dit? Meerdere visies op het beroep in de Onderwijsregio? Een "
        "gezamenlijke visie op het beroep voor alle sectoren in de Onderwijsregio? Een visie op "
        "het beroep per sector in de Onderwijsregio? Of een eigen keuze.",
        "de kernelementen uit deze onderbouwing",
        # Tot slot, with card 1's revisit: "Pak na het doorlopen van alle stappen dit kaartje
        # opnieuw erbij" (asserted to be asked there in tests/flows/test_faithfulness.py)
        "In de vervolgstappen wordt uitgegaan van de visie op het beroep van de leraar; deze is "
        "in alle partnerschappen Samen Opleiden uitgewerkt.",
        "Pak na het doorlopen van alle stappen dit kaartje opnieuw erbij.",
        "De keuze voor een of meerdere visies op het beroep binnen de Onderwijsregio is nu "
        "gemaakt. Dit vormt de basis voor verdere gesprekken.",
        "Wat betekent de genomen keuze voor de visie op het beroep van andere "
        "onderwijsprofessionals?",
        "Wat betekenen de inzichten die zijn opgedaan tussen de visie op het beroep enerzijds en "
        "de vijf functies werven, matchen, Samen Opleiden, begeleiden en professionaliseren "
        "anderzijds voor de visie op het beroep?",
        "De visie op het beroep geeft invulling aan de visie op leren en de visie op opleiden.",
        "wat kan behouden blijven en wat vraagt om aanscherping of aanpassing",
        "Denkend vanuit het kwaliteitskader, kunnen daarna stappen gezet worden rondom de "
        "leeromgeving, de organisatie en de kwaliteitscultuur.",
    ],
    "kwaliteitskader": [
        # 1.2 Basiskwaliteit en eigen ambities
        "onderscheid tussen de basiskwaliteit (de minimale vereisten) en de eigen ambities (eigen "
        "kenmerken van kwaliteit)",
        "formuleert ambities voor de versterking van Samen Opleiden",
        "verbreding naar de functies begeleiden en professionaliseren",
        "de ambities willen verwezenlijken",
        "de uitkomsten van deze processen in beeld",
        "het benutten van mogelijkheden om het Samen Opleiden",
        "versterking van de gezamenlijke verantwoordelijkheid voor de ontwikkeling van de leraar",
        "op het terrein van onderwijsontwikkeling en onderzoek",
        "een sterkere verbinding tussen het leren in",
        "het ontwikkelen en inzetten van kennis over leren en opleiden",
        "het delen van expertise en het inzetten van experts van binnen en buiten een partnerschap",
        # the four guarantees
        "Wat moet minimaal zichtbaar zijn in het Samen Opleiden?",
        "Het partnerschap heeft een gezamenlijk en gedragen beeld van het beroep van leraar en "
        "heeft dat vertaald in een visie op het leren en opleiden van aanstaande leraren.",
        "Er is een beeld van het beroep geformuleerd.",
        "waar aanstaande leraren aan moeten voldoen",
        "geëxpliciteerde visie op leren gekoppeld over hoe de verschillende groepen aanstaande "
        "leraren de beoogde",
        "in duurzaam partnerschap het leren van aanstaande leraren faciliteren",
        "worden gedragen in alle lagen van het partnerschap",
        "een passende, samenhangende en consistente leeromgeving gerealiseerd",
        "Er is een gezamenlijk opleidingsprogramma voor verschillende groepen aanstaande leraren.",
        "Het is transparant hoe dit programma gezamenlijk wordt uitgevoerd in de praktijk.",
        "Doelstellingen, programma's en de feedback- en beoordelingssystematiek zijn vastgelegd.",
        "De werkplek is een professionele leeromgeving waar aanstaande leraren zich optimaal "
        "kunnen ontwikkelen.",
        "afgestemd, vastgelegd en ingebed in organisatiestructuren en HRM",
        "Er is een overleg-, beslis- en afsprakenstructuur voor de verschillende actoren, waarin "
        "de gezamenlijkheid tot uitdrukking komt.",
        "De verantwoordelijkheden en benodigde competenties van de verschillende actoren zijn "
        "vastgesteld en ingebed in de organisatiestructuur.",
        "Voor de verschillende actoren is een aanpak voor professionele ontwikkeling uitgewerkt.",
        "collectief ervaren eigenaarschap van kwaliteit",
        "Het gebruik van een systematiek om de basiskwaliteit te bewaken én continue "
        "ontwikkeling van het Samen Opleiden te borgen.",
        "Doen we het goede?",
        "Hoe weten we dat?",
        "Vinden anderen dat ook (bijvoorbeeld via audits met externen, ontwikkelingsgerichte peer "
        "review)?",
        "Wat doen we met die wetenschap?",
        "Op basis van de antwoorden worden vervolgstappen afgesproken, uitgevoerd, geëvalueerd "
        "en bijgesteld.",
        "Is wat we willen bereiken (Waarborg 1) nog actueel en relevant?",
        "Bereiken we daadwerkelijk wat we willen bereiken?",
        "Doen we wat we willen doen en is dat effectief (Waarborg 2)?",
        "Is dat op de goede manier georganiseerd (Waarborg 3)?",
        "Doen we dit voldoende in gezamenlijkheid en met betrokkenheid in alle lagen?",
    ],
    "peer-review-voorbereiding": [
        "kritische reflectie op de vier waarborgen van het Kwaliteitskader Samen Opleiden in de "
        "Onderwijsregio, per partnerschap of voor alle partnerschappen samen",
        "reflecties uit de vorige (beoordelingsgerichte of ontwikkelingsgerichte) peer reviews",
        "aandachtspunten en centrale thema's rond het Samen Opleiden",
        "vraagstukken waarover ze met het bezoekend panel van gedachten wil wisselen",
        "wie er gaan deelnemen aan de uitvoering van de peer review",
        "een brede participatie van alle belanghebbenden bij het Samen Opleiden",
        "welke Onderwijsregio het bezoekend panel levert",
        "welke expertise er in dit panel aanwezig dient te zijn",
        "(gezien de te bespreken vraagstukken)",
        "Het bezoekend panel bestaat uit betrokkenen bij Samen Opleiden uit minimaal één andere "
        "Onderwijsregio.",
        "onafhankelijke procesbegeleider",
        "gecommuniceerd en meegenomen in de andere Onderwijsregio's",
        "Er wordt een programma gemaakt voor de uitvoering van de peer review.",
        "Dit programma geeft ruimte voor dialoog en doet recht aan de te bespreken vraagstukken "
        "en de aanwezige expertise van zowel de bezoekende als de ontvangende partij.",
        "het versturen van de kritische reflectie en het programma van de peer review aan het "
        "bezoekend panel",
    ],
    "peer-review-afronding": [
        "zich beelden vormen bij de voorliggende vraagstukken",
        "op grond van een gezamenlijke analyse van de vraag tot verbetermogelijkheden van de "
        "huidige situatie",
        "wat de inzichten opleveren voor het Samen Opleiden in de Onderwijsregio",
        "conclusies en reflecties, adviezen en mogelijke oplossingsrichtingen",
        "binnen twee weken na de peer review een verslag",
        "verstuurd naar de voorzitter van het bezoekend panel voor opmerkingen, aanvullingen en "
        "feedback voor doorontwikkeling",
        "(gezamenlijke) actiepunten voor de komende vier jaar",
        "de impact van de conclusies en daaruit voortkomende actiepunten bij alle "
        "partnerschappen in de Onderwijsregio landen",
        "de verslagen van de peer review",
        "vooraf gemaakte afspraken",
        "noteren voor het eigen partnerschap leerpunten en inzichten voor de eigen "
        "doorontwikkeling, en delen deze met de eigen Onderwijsregio('s)",
    ],
    "begeleiden-professionaliseren": [
        # 4.1 Lerende leraar
        "een geëxpliciteerde visie op de rol en de positie van startende leraren",
        "uitgangspunten voor de taken en de werkomgeving die passen bij de werkervaring en het "
        "bekwaamheidsniveau van startende leraren",
        "welke wenselijke bekwaamheidsontwikkeling startende leraren in de eerste jaren van hun "
        "loopbaan doormaken (niveau vakbekwaam)",
        "leidend voor de ondersteuning die startende leraren wordt geboden",
        "een geëxpliciteerde visie te ontwikkelen op bekwaamheidsonderhoud binnen een lerende "
        "cultuur",
        "het eigenaarschap van lerarenteams",
        "een geëxpliciteerde visie op de rol en de positie van expertleraren",
        # 4.2 Leeromgeving
        "een begeleidingssystematiek en/of programma voor startende leraren gericht op de "
        "ontwikkeling tot vakbekwaamheid",
        "worden startende leraren ingezet op een wijze die past bij hun ervaring en hun "
        "bekwaamheidsniveau",
        "de wijze van begeleiden en van beoordelen zijn op alle scholen passend en transparant",
        "aanpakken en ervaringen uitgewisseld",
        "Het niveau vakbekwaam dat startende leraren in een begeleidingsprogramma behalen, wordt "
        "regiobreed erkend.",
        "Bij de ontwikkeling van begeleidingsprogramma's voor starters werken schoolbesturen en "
        "lerarenopleidingen nauw samen.",
        "een zo dekkend mogelijk ondersteuningsaanbod",
        "Het expertniveau op een bepaald domein dat leraren in een programma behalen, wordt "
        "regiobreed erkend.",
        "Bij de ontwikkeling van een dekkend ondersteuningsaanbod werken schoolbesturen en "
        "lerarenopleidingen nauw samen.",
        # 4.3 Organisatie
        "voor het begeleiden van startende leraren vastgesteld en ingebed in de "
        "governancestructuur",
        "Er is in de regio een overleg- en afsprakenstructuur voor de verschillende actoren, "
        "waarin de gezamenlijkheid tot uitdrukking komt.",
        "De Onderwijsregio stimuleert regionale samenwerking bij de professionele ontwikkeling "
        "van alle betrokken actoren.",
        "hun inductiebeleid en de inductieprogramma's hebben ingebed in het strategisch HRM-beleid",
        "om een gezamenlijke infrastructuur te realiseren voor de professionalisering en "
        "expertise-ontwikkeling van leraren",
        "weerspiegelt de gezamenlijke ambitie en het gedeelde eigenaarschap",
        "gebruikgemaakt van de expertise van de verschillende partners in de Onderwijsregio",
        "Er zijn waar nodig passende afspraken over financiële verrekeningen.",
        "de implicaties die de inzet van expertleraren heeft voor de structuur en het HRM-beleid "
        "van onderwijsorganisaties",
        # 4.4 Kwaliteitscultuur
        "De Onderwijsregio gebruikt een systematiek om de doorgaande lijn Samen Opleiden - "
        "begeleiden - professionaliseren te versterken",
        "vanuit het perspectief van de (aanstaande) leraar sprake is van een doorgaande lijn in "
        "begeleiding en professionalisering",
        "Doen we het goede?",
        "Hoe weten we dat?",
        "Vinden anderen dat ook (bijvoorbeeld via ontwikkelingsgerichte peer review)?",
        "Wat doen we met die wetenschap?",
        "wordt gebruikgemaakt van onderzoeksuitkomsten",
        "Is wat we willen bereiken nog actueel en relevant? (Waarborg 1)",
        "Bereiken we daadwerkelijk wat we willen bereiken?",
        "Waarin zijn nog ontwikkelstappen te maken en wat is dan een concrete volgende stap?",
        "Doen we wat we willen doen en is dat effectief? (Waarborg 2)",
        "Waar is in de uitvoering verbetering mogelijk? (Waarborg 2)",
        "Is dat op de goede manier georganiseerd? (Waarborg 3)",
        "Doen we dit voldoende in gezamenlijkheid? (Waarborg 3)",
        "Waar is ten aanzien van de organisatie verbetering mogelijk? (Waarborg 3)",
    ],
    "waarom-samen-opleiden": [
        "Verbinden leren op het instituut en in de praktijk",
        "Aanpak voor lerarentekort",
        "Leven lang leren en leren te leren",
        "Professionalisering en talentontwikkeling",
        "Wat is de toegevoegde waarde van Samen Opleiden en Samen Professionaliseren voor jullie "
        "als (opleidings)school?",
        "Wat is de toegevoegde waarde van ieder van de partners en op welke wijze benutten jullie "
        "die toegevoegde waarde?",
        "In hoeverre zijn deze doelen van Samen Opleiden en Samen Professionaliseren bekend bij "
        "alle betrokkenen?",
        "Wat is voor jullie de reikwijdte van Samen Opleiden en Samen Professionaliseren?",
        "Cocreatie",
        "Wat is jullie visie op leren van jullie leerlingen?",
        "Waarin zijn jullie onderscheidend?",
        "Welke unieke leermogelijkheden biedt de visie van de school voor leraren in opleiding?",
        "Op welke wijze wordt jullie unieke visie en context nu ingezet voor het opleiden van "
        "docenten?",
        "De vijf pijlers van het werven tot en met het behouden van leraren",
        "nagedacht over werken in het onderwijs?",
        "Kunnen leerlingen of potentiële zij-instromers meelopen?",
        "Niet iedere school is hetzelfde; qua cultuur, didactiek, pedagogische visie en",
        "Wat is kenmerkend voor jullie school?",
        "Kunnen studenten, zij-instromers en eigen collega's zich hierop oriënteren?",
        "Opleiden is effectief als het leren op het instituut en op de werkplek optimaal op "
        "elkaar aansluiten.",
        "Theorie en praktijk continu met elkaar verbonden",
        "de unieke context van de leerwerkplek (school) benut",
        "Om dit te voorkomen is goede inductiebegeleiding voorwaardelijk.",
        "Blijven leren en ontwikkelen is een van de voorwaarden voor een aantrekkelijke",
        "voorbeeldrol naar leerlingen, leraren in opleiding en collega's in het leren leren en "
        "levenslang blijven leren",
        "In hoeverre hebben jullie een visie op ieder van de vijf pijlers?",
        "In hoeverre kan iedere collega die visie in eigen woorden uitleggen?",
        "Kortom: is de visie doorleefd?",
        "Een gedeelde doorleefde visie is een visie die iedere collega in eigen woorden uit kan "
        "leggen.",
        "Een gedeelde doorleefde visie is voorwaardelijk voor",
        "samenwerken aan hetzelfde doel",
        "samen te kunnen leren en reflecteren",
        "te kunnen uitspreken en aanspreken",
        "successen te kunnen vieren",
        "te kunnen prioriteren",
        "professionele ruimte te bieden",
        "bij de context van de school passend professionaliseringsbeleid te maken",
        "bij de context van de school passend kwaliteitsbeleid te maken",
        "welke wedstrijd spelen wij?",
        "wat zijn de spelregels?",
        "wanneer doen we het goed?",
        "waar trainen we op?",
    ],
    "toekomstscenarios": [
        "op welke wijze we leerlingen goed kunnen voorbereiden op de toekomst",
        "Welke leraar past daarbij en hoe leiden we die op?",
        "is dat wat we nu hebben en doen genoeg? Of moet het anders? Meer?",
        "Samen verantwoordelijk voor het opleiden van studenten",
        "Samen verantwoordelijk voor de professionele ontwikkeling van startende en zittende "
        "leraren",
        "Samen verantwoordelijk voor schoolontwikkeling m.b.v. onderzoek",
        "werkplekbegeleiders, schoolopleiders en instituutsopleiders dezelfde taal spreken",
        # Scenario 1
        "Het gaat hierbij om parallelle trajecten: in de lerarenopleiding wordt de nadruk gelegd "
        "op kennis opdoen",
        "Gescheiden curricula",
        "Elke partner heeft een eigen opdracht",
        "Benutten gescheiden werelden van samen opleiden",
        # Scenario 2
        "Vanuit het opleidingstraject wordt gekeken wat, waar en hoe het beste geleerd kan worden.",
        "Gemengde leergemeenschappen t.b.v. intensivering samenwerking",
        "Elkaars kwaliteiten optimaal benutten: werken vanuit wederzijds vertrouwen en erkenning",
        "Gescheiden HRD systemen",
        "Bijdragen aan elkaars professionaliseringstraject",
        # Scenario 3
        "Werken vanuit een gezamenlijke visie op onderwijs, leren en opleiden voor alle "
        "betrokkenen",
        "Samen leeractiviteiten ontwerpen, uitvoeren en evalueren, met modelling, onderzoek en "
        "verdieping",
        "Gezamenlijke regiefunctie voor gehele professionaliseringstraject (aankomend t/m expert "
        "leraar & specialisatie)",
        "Innoveren is onderdeel van opleiden en schoolontwikkeling",
        "Gemengde leergemeenschappen t.b.v. samen leren, onderzoeken, co-creatie",
        "wat hebben we samen te bieden?",
        "Hoe kunnen we vraag en aanbod op elkaar afstemmen?",
        "Hoe kunnen we ontwikkelingen blijven volgen?",
        "Is sturing nog mogelijk en wenselijk? Hoe doe je dat?",
        "Sluit dit scenario wel aan bij studenten en zittende leerkrachten die afhankelijk zijn "
        "van externe sturing?",
        "In hoeverre neemt de overhead niet het leeuwendeel van tijd en energie in?",
        "niet de meeste tijd kwijt is met organiseren, in plaats van leren?",
        "Wie bepaalt de kwaliteit van dat wat er geleerd moet worden?",
        "Hoe borg je de kwaliteit?",
        # voorwaarden per thema
        "Wat is er nodig om dit scenario optimaal te laten functioneren?",
        "Organisatie",
        "Opleiden",
        "HR-beleid",
        "Leiderschap",
        "Onderzoek",
        "Visie",
        # Conclusie
        "nog een brug te ver",
        "Doorlopende lijn en in gezamenlijkheid (leraren en studenten, lerarenopleidingen en "
        "scholen) verder professionaliseren",
        "Ruimte voor persoonlijke ontwikkeling",
        "Leren van elkaar",
        "In leergemeenschappen werken",
        "Breed functiehuis waarin competentieprofielen van werkplekbegeleiders is opgenomen",
        "Betrokkenheid van bestuur en schoolleiding",
        "Onderzoekende houding van alle betrokkenen",
        "Het primaire proces: leren van de leerling niet uit het oog verliezen",
        "hoe het onderwijs er over 10 jaar uit zal zien en de consequenties voor het opleiden "
        "van studenten/leraren",
        "wat er nu staat bij scenario 2 en de bovenstaande punten",
    ],
    "opleidingsteam": [
        # Beroepsbeeld
        "Kwalificatie - je leert het vak en de techniek: lesgeven, didactiek, vakinhoud.",
        "Socialisatie - je wordt onderdeel van een team, een school, een gemeenschap van "
        "professionals.",
        "Subjectificatie - je ontwikkelt een eigen stem en stijl: wie wil ik zijn als leraar, "
        "wat vind ik belangrijk?",
        "Werkt vanuit pedagogische en didactische expertise.",
        "Onderzoekt en verbetert de eigen lespraktijk.",
        "Reflecteert op eigen handelen.",
        "Leert samen met collega's en draagt bij aan team- en schoolontwikkeling.",
        "Neemt verantwoordelijkheid voor professionele groei en loopbaan.",
        "Is verbonden met de maatschappelijke opdracht van onderwijs.",
        # Professionele identiteit
        "Wie ben ik en wie wil ik worden als leraar?",
        "Welke waarden en overtuigingen vormen mijn onderwijs?",
        "Wat is mijn visie op leren en leerlingen?",
        "Wat drijft mij?",
        "Hoe wil ik bijdragen aan mijn school, vak of regio?",
        # Doorgaande leerlijn en kernwaarden
        "Startbekwaam - De leraar werkt vanuit basiscompetenties en heeft behoefte aan "
        "intensieve begeleiding, veiligheid en gerichte feedback.",
        "Vakbekwaam - De leraar werkt steeds zelfstandiger, verdiept zich in didactiek, draagt "
        "bij aan schoolontwikkeling",
        "Expert - De leraar ontwerpt onderwijs, begeleidt collega's, zet onderzoek in en "
        "stimuleert innovatie binnen het team en de school.",
        "Diversiteit & inclusie - Er is ruimte voor verschillende routes, tempo's en "
        "professionele identiteiten.",
        "Vertrouwen - Een veilige leeromgeving is cruciaal. Begeleiding is gericht op groei, "
        "niet op controle.",
        "Duurzaamheid - Er wordt geïnvesteerd in langdurige ontwikkeling, behoud van leraren en "
        "een professionele cultuur waarin leren vanzelfsprekend is.",
        # Drie processen
        "Het opleiden van studenten (richting startbekwaam)",
        "Het begeleiden van startende leraren (inductie, richting vakbekwaam)",
        "Professionalisering van zittende leraren (richting expert)",
        "zoals formatief evalueren, diversiteit of professionele identiteit",
        # Rollen (bijlage 2, figuur 4)
        "Schoolopleider (SO)",
        # Figuur 4: mogelijke duiding van rollen binnen een opleidingsteam
        "Coach startende docent / Inductiecoach",
        "Coördinerend instituutopleider",
        "School-onderzoeksbegeleider",
        "School-onderzoekcoördinator",
        "Instituut-onderzoeksbegeleider",
        "Instituut-onderzoekcoördinator",
        "Assessor / examiner",
        "Programma- of projectleider SO&P",
        "MT portefeuille Opleidingsteam",
        "Werkplekbegeleider (WPB)",
        "Docentbegeleider (inductie)",
        "Onderzoeksbegeleider",
        "Onderzoekscoördinator",
        "Instituutsopleider (IO)",
        "MT-lid verantwoordelijk voor het opleidingsteam",
        "HR-contactpersoon",
        "Opleiden van studenten",
        "Inductie van starters",
        "Professionalisering zittende docenten",
        "Altijd betrokken",
        "Op aanvraag",
        "Niet betrokken",
        "inzicht in aanwezige en ontbrekende expertise",
        # Kwaliteitscyclus
        "Ontwerpen - gezamenlijke visie, kwaliteitscriteria, thema's en instrumenten bepalen.",
        "Uitvoeren - scholen en opleidingsteams werken aan begeleiding, coaching, teamleren en "
        "onderzoek.",
        "Reflecteren & evalueren - via monitoring, evaluaties, kwaliteitsgesprekken en "
        "schoolbezoeken.",
        "Borgen & verbeteren - succesvolle werkwijzen vastleggen in structuren, afspraken en "
        "processen.",
        "Werken volgens de organisatiematrix (David Breughem): wat doen we samen, wat per school?",
        # Regioronde 2026
        "de stand van zaken rond opleidingsteams, samenwerking tussen actoren, gebruikte "
        "instrumenten en de verbinding met werven, matchen en strategisch HRM",
        "nulmeting",
        "goede voorbeelden",
        "ontwikkelkansen",
        # Werkende principes (bijlage 1)
        "Samenwerken aan doorlopende professionele ontwikkeling",
        "Samenwerken gebeurt op basis van vertrouwen tussen scholen, besturen, "
        "lerarenopleidingen, partnerschappen en eventuele andere organisaties in de regio.",
        "Visie en beroepsbeeld",
        "Een gedragen visie op doorlopende professionele ontwikkeling vormt de basis",
        "Kaders",
        "Landelijke en wettelijke kaders, zoals eisen voor start- en vakbekwaamheid, het "
        "Kwaliteitskader en de Regeling Onderwijsregio's, dienen als richtinggevend en "
        "afbakenend kader.",
        "Lerende cultuur",
        "In scholen en opleidingsinstituten is een vanzelfsprekende lerende cultuur aanwezig "
        "voor alle onderwijsprofessionals.",
        "Kwaliteit van doorlopende professionele ontwikkeling",
        "Inzichten uit theoretisch en praktijkonderzoek over wat werkt in professionele "
        "ontwikkeling worden benut.",
        "Gerichte inzet van financiën",
        "Middelen voor samen opleiden, begeleiden en professionaliseren gaan in principe naar de "
        "scholen zelf",
        # ... and every other point of Bijlage 1
        "We bouwen verder op wat we van elkaar kennen en wat een ieder aan expertise te bieden "
        "heeft.",
        "Scholen, besturen en lerarenopleidingen zijn betrokken in zowel de initiële als "
        "post-initiële fase, en zetten daarbij in op wederzijdse expertise.",
        "Samenwerken wordt ondersteund door bestaande, gewortelde infrastructuren zoals "
        "opleidingsteams in de school, huisacademies, lectoraten en regionale netwerken.",
        "Er wordt samengewerkt vanuit de urgentie die voortkomt uit het lerarentekort, wat vraagt "
        "om solidariteit tussen alle betrokkenen.",
        "evidence-informed samenwerkingsstructuren, met aandacht voor zowel de 'zachte' als de "
        "'harde' kant van samenwerking.",
        "bijvoorbeeld in een verhouding van 70–30 als richtlijn.",
        "Uitgewerkte beroepsbeelden van onderwijsprofessionals, zoals leraren en "
        "onderwijsassistenten, dienen als uitgangspunt voor loopbaanpaden",
        "De focus ligt op overeenkomsten tussen visies en beroepsbeelden in de regio",
        "Scholen en opleidingsinstituten behouden hun eigenheid en eigen kleur",
        "Vanuit deze kaders worden regionale, partnerschaps-, bestuurlijke en schoolspecifieke "
        "accenten gelegd",
        "Schoolleiders vinden doorlopende professionele ontwikkeling belangrijk",
        "Zij trekken hierin samen op met schoolopleiders, coördinatoren van huisacademies en HRM.",
        "Specifieke aandacht voor middenmanagement is noodzakelijk.",
        "Doorlopende professionele ontwikkeling is gericht op zowel individuele "
        "ontwikkelbehoeften als op team- en schoolgerichte ontwikkeling.",
        "Deze principes dragen bij aan onderwijsprofessionals die regie nemen én ruimte krijgen",
        "Er worden beredeneerde keuzes gemaakt over de nabijheid van activiteiten gericht op "
        "professionele ontwikkeling: schoolnabij, bovenschools/bestuurlijk of regionaal.",
        "Doorlopende professionele ontwikkeling wordt gekoppeld aan strategisch HRM",
        "Professionele ontwikkeling loopt in de pas met schoolontwikkeling en de koers van de "
        "school.",
        "Daarbij wordt gekeken naar wat nodig is op regionaal, lokaal (bijv. wijk) en "
        "schoolniveau.",
        "Overhead wordt beperkt en zorgvuldig ingezet.",
        "Over de inzet van middelen voor de bijdrage van lerarenopleidingen aan doorlopende "
        "professionele ontwikkeling wordt gezamenlijk en beredeneerd besloten.",
        "Er wordt ingezet op landelijke afspraken over tarieven van instituten bij samen "
        "opleiden, inductie en professionaliseren.",
        # Whose handbook it is
        "Onderwijsregio Food Valley",
        "Een leraar in de OWR-FV",
    ],
}

FLOW_IDS = sorted(KEY_SENTENCES)


# Where a flow deliberately differs from its seed: (what the seed has, what the flow says
# instead, why). The seed's words must be in the seed and gone from the flow; the flow's in it.
CORRECTIONS: dict[str, list[tuple[str, str, str]]] = {
    "visie-op-beroep": [
        (
            "Welke elementen zijn specifiek voor je eigen partnerschap?",
            "Welke elementen zijn specifiek voor jullie eigen partnerschap?",
            "one voice per card: the card's other questions say jullie",
        ),
        (
            "primair, voortgezet of middelbaar beroepsopleiding",
            "primair, voortgezet of middelbaar beroepsonderwijs",
            "the seed's slip: mbo is middelbaar beroepsonderwijs",
        ),
    ],
    "waarom-samen-opleiden": [
        (
            "startende docenten in de eerste drie jaar van hun loopbaan en verlaten het onderwijs",
            "startende docenten in de eerste drie jaar van hun loopbaan en verlaat het onderwijs",
            "the seed's slip: 1 op de 3 stopt en verlaat",
        ),
    ],
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def seed_dir() -> Path:
    if not SEEDS.is_dir():
        reason = f"seed directory {SEEDS} is absent"
        print(reason)
        pytest.skip(reason)
    return SEEDS


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_flow_asks_every_question_of_its_source(catalog, flow_id: str) -> None:
    flow = catalog.get(flow_id)
    assert flow is not None, f"flow '{flow_id}' is not in the catalogue"
    corpus = flow_corpus(flow)
    missing = [key for key in KEY_SENTENCES[flow_id] if normalise(key) not in corpus]
    assert not missing, f"{flow_id} does not ask:\n" + "\n".join(f"- {key}" for key in missing)


@pytest.mark.parametrize("flow_id", FLOW_IDS)
def test_key_sentences_are_quoted_from_the_seed(catalog, flow_id: str) -> None:
    flow = catalog.get(flow_id)
    assert flow is not None, f"flow '{flow_id}' is not in the catalogue"
    seed = normalise((seed_dir() / flow.source).read_text(encoding="utf-8"))
    not_quoted = [key for key in KEY_SENTENCES[flow_id] if normalise(key) not in seed]
    assert not not_quoted, f"not found in {flow.source}:\n" + "\n".join(
        f"- {key}" for key in not_quoted
    )


@pytest.mark.parametrize("flow_id", [flow.id for flow in load_catalog()])
def test_flow_source_names_an_existing_seed(catalog, flow_id: str) -> None:
    source = catalog.get(flow_id).source
    assert (seed_dir() / source).is_file(), f"{flow_id}: source '{source}' is not a seed file"


@pytest.mark.parametrize("flow_id", sorted(CORRECTIONS))
def test_a_corrected_slip_of_the_seed_is_corrected_in_the_flow(catalog, flow_id: str) -> None:
    flow = catalog.get(flow_id)
    seed = normalise((seed_dir() / flow.source).read_text(encoding="utf-8"))
    corpus = flow_corpus(flow)
    for seed_has, flow_says, why in CORRECTIONS[flow_id]:
        assert normalise(seed_has) in seed, f"{flow.source} does not have: {seed_has}"
        assert normalise(seed_has) not in corpus, f"{flow_id} still has ({why}): {seed_has}"
        assert normalise(flow_says) in corpus, f"{flow_id} does not say ({why}): {flow_says}"
