"""The words the anonymiser knows: surname particles, capitalised words that identify no
one, the common words of a coach's summary, and Dutch places (reports/anonymise.py).

Lists, not rules: a word a coach's stories keep losing, or a place they keep
leaving in, is added here, and how the rules use them stays in anonymise.py.
"""

from __future__ import annotations

# Parts of Dutch surnames ("tussenvoegsels"): never a name on their own, and
# absorbed into the marker when they stand before one ("van der [naam]" -> "[naam]").
PARTICLES = frozenset("van de der den het 't ter ten la le du da di del el al von vom zu".split())

# Capitalised words that identify no one and may stay anywhere in a sentence.
SAFE = frozenset(
    """
    Welzijn Recept WoR ONS4 ONS GGD GGZ POH POH-GGZ Wmo WMO AOW UWV SVB CJG CBS RIVM WLZ Wlz Zvw
    Ik U Nederland Nederlands Nederlandse Engels Engelse Duits Frans Turks Arabisch Pools
    Kerst Kerstmis Pasen Pinksteren Ramadan Suikerfeest Sinterklaas Koningsdag Oud Nieuw
    Covid COVID Corona WhatsApp Facebook Zoom Teams Google Internet
    """.split()
)

# Words a sentence may start with that are not names: function words, and the
# common words of a coach's summary. Compared folded (lower case, no accents).
COMMON = frozenset(
    """
    de het een en of maar want dus toen als dan omdat doordat hoewel terwijl nadat voordat zodat
    ik je jij u hij zij ze we wij jullie hun hen haar hem zijn mijn ons onze uw men er hier daar
    die dat dit deze wie wat waar wanneer hoe waarom welke welk iemand niemand iedereen alles niets
    iets veel weinig meer minder meest meeste alle allebei beide elk elke ieder iedere sommige andere
    in op aan bij met van voor na naar uit over onder tussen tijdens sinds door om tot zonder via
    tegen volgens vanaf vanuit binnen buiten naast achter boven langs rond rondom per dankzij
    ook nog al wel niet geen nooit altijd vaak soms soms meestal eerst daarna later nu toen straks
    inmiddels intussen ondertussen uiteindelijk eindelijk vervolgens daarnaast verder bovendien
    tenslotte ten slotte helaas gelukkig gezien hopelijk misschien waarschijnlijk zeker echter toch
    samen alleen weer opnieuw zelf zelfs vooral ongeveer bijna ruim heel erg zeer best erg beter
    goed slecht mooi fijn leuk blij tevreden trots bang moe somber eenzaam druk rustig lastig
    is was zijn waren wordt werd worden werden heeft had hebben hadden kan kon kunnen konden
    wil wilde willen zal zou zullen zouden moet moest moeten mag mocht mogen gaat ging gaan gingen
    komt kwam komen kwamen doet deed doen blijft bleef blijven vindt vond vinden voelt voelde
    lijkt leek staat stond zit zat loopt liep heb hebt ben bent krijgt kreeg geeft gaf
    mevrouw meneer mevr mw dhr heer cliënt client cliente deelnemer deelneemster klant
    coach welzijnscoach huisarts huisartsen praktijk praktijkondersteuner verwijzer verwijzing
    gesprek gesprekken contact contacten afspraak afspraken doel doelen resultaat resultaten
    traject afsluiting evaluatie samenvatting conclusie advies tip tips eind einde begin start
    zoon zonen dochter dochters kind kinderen kleinkind kleinkinderen man vrouw partner echtgenoot
    echtgenote weduwe weduwnaar vader moeder ouders broer zus zussen familie buurman buurvrouw
    buren vriend vriendin vrienden vriendinnen kennis kennissen collega collega's mantelzorger
    wandelen fietsen zwemmen dansen koken schilderen tekenen zingen breien tuinieren lezen
    schrijven sporten bewegen yoga koffie koffieochtend inloop moestuin koor wandelgroep
    vrijwilligerswerk dagbesteding activiteit activiteiten cursus les lessen groep groepen club
    buurthuis buurtcentrum wijkcentrum bibliotheek kerk moskee museum zorgboerderij
    eenzaamheid somberheid stress rouw verlies zingeving geldzorgen schulden mantelzorg
    gezondheid energie vervoer kosten taal tijd werk pensioen ziekte overlijden scheiding verhuizing
    week weken maand maanden jaar jaren dag dagen ochtend middag avond weekend keer
    maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
    eerste tweede derde vierde vijfde laatste volgende vorige nieuwe oude
    een twee drie vier vijf zes zeven acht negen tien
    ja nee oké ok prima dank bedankt bel mail stuur neem zie kijk vraag let dokter arts
    geboren overleden getrouwd gescheiden verhuisd gestart begonnen gestopt afgerond afgesloten
    doorverwezen verwezen aangemeld opgehaald gebracht geholpen gesproken besproken afgesproken
    thuis buiten binnen onderweg daarom daardoor hierdoor ondanks volgens vooral tot slot kortom
    eenmaal eens steeds telkens regelmatig wekelijks dagelijks maandelijks graag liever
    wandelt fietst zwemt kookt schildert zingt leest schrijft tuiniert helpt komt gaat doet
    the a an and or but so she he they we it this that there her his their after before since
    when then now also still not no yes with without in on at by for from to of because
    """.split()
)

# Dutch places (municipalities and larger towns): at the start of a sentence
# they are removed as places, and anywhere they are marked "[plaats]".
PLACES = frozenset(
    """
    Amsterdam Rotterdam Haag Utrecht Eindhoven Groningen Tilburg Almere Breda Nijmegen Apeldoorn
    Arnhem Haarlem Haarlemmermeer Amersfoort Zaanstad Zaandam Enschede Zwolle Leiden Zoetermeer
    Leeuwarden Maastricht Dordrecht Ede Alphen Westland Alkmaar Emmen Delft Venlo Deventer Sittard
    Geleen Helmond Oss Amstelveen Hilversum Heerlen Hengelo Purmerend Schiedam Lelystad Roosendaal
    Leidschendam Voorburg Gouda Vlaardingen Almelo Spijkenisse Hoorn Velsen Assen Capelle Veenendaal
    Katwijk Zeist Nieuwegein Roermond Doetinchem Gooise Helder Hoogeveen Terneuzen Middelburg
    Vlissingen Goes Kampen Harderwijk Heerenveen Smallingerland Drachten Sneek Meppel Steenwijk
    Dronten Zeewolde Urk Noordoostpolder Emmeloord Nunspeet Elburg Ermelo Putten Barneveld
    Wageningen Renkum Rheden Zutphen Winterswijk Oldenzaal Hardenberg Ommen Raalte Dalfsen
    Staphorst Hattem Heerde Epe Voorst Lochem Borne Losser Haaksbergen Coevorden Veendam
    Stadskanaal Hoogezand Delfzijl Winschoten Appingedam Heiloo Castricum Beverwijk Heemskerk
    Uitgeest Zandvoort Hoofddorp Nieuw-Vennep Weesp Diemen Aalsmeer Uithoorn Huizen Bussum Naarden
    Laren Blaricum Baarn Soest Bunschoten Spakenburg Leusden Woudenberg Houten IJsselstein Vianen
    Culemborg Tiel Zaltbommel Gorinchem Leerdam Waalwijk Dongen Oosterhout Etten-Leur Vught Boxtel
    Veldhoven Valkenswaard Nuenen Geldrop Mierlo Deurne Venray Weert Kerkrade Landgraaf Brunssum
    Vaals Valkenburg Meerssen Maasgouw Uden Veghel Cuijk Boxmeer Wijchen Druten Lingewaard
    Overbetuwe Duiven Zevenaar Westervoort Montferland IJsselstreek Aalten Berkelland Bronckhorst
    Twente Tubbergen Dinkelland Twenterand Wierden Rijssen Holten Nijverdal Hellendoorn Zierikzee
    Hulst Krimpen Ridderkerk Barendrecht Albrandswaard Maassluis Rijswijk Pijnacker Nootdorp
    Lansingerland Wassenaar Voorschoten Oegstgeest Leiderdorp Noordwijk Teylingen Lisse Hillegom
    Waddinxveen Bodegraven Woerden Montfoort Lopik Nieuwkoop Braassem Heemstede Bloemendaal Texel
    Vlieland Terschelling Ameland Schiermonnikoog Harlingen Franeker Dokkum Bolsward Joure Workum
    Flevoland Friesland Fryslân Drenthe Overijssel Gelderland Brabant Limburg Zeeland Holland
    Atolwijk Boswijk Bolderwijk Zuiderzeewijk Waterwijk Kustwijk Warande Noordersluis Havendiep
    Stadshart Lelystad-Haven Oostvaardersplassen Batavia
    """.split()
)

# Words after which a capitalised word is a place, not a person ("in Dronten").
PLACE_WORDS = frozenset("in uit naar te vanuit richting rond buiten binnen nabij omgeving wijk".split())
# Places that are also ordinary words ("duiven", "goes"): in lower case, a place only after "in", "naar", ...
PLACES_ALSO_WORDS = frozenset("duiven putten kampen goes hulst laren borne holten ede epe oss urk weert soest "
                              "lisse ommen tiel gooise helder vaals".split())
