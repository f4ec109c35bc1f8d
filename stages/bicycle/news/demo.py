"""Demo posts of the demo organisations, about the Jerichower Land. Loading twice adds nothing."""

from datetime import timedelta

from sqlmodel import Session, select

from core.models import Organisation, utcnow
from stages.bicycle.news.models import NewsPost

STADTWERKE = "Stadtwerke Burg (Demo)"
ZEITUNG = "Volksstimme Jerichower Land (Demo)"
SPARKASSE = "Sparkasse Jerichower Land (Demo)"
DRK = "DRK Kreisverband Genthin (Demo)"
LANDKREIS = "Landkreis Jerichower Land (Demo)"
HEIMATVEREIN = "Heimatverein Gommern (Demo)"
HOFLADEN = "Hofladen Möckern (Demo)"

# (key, organisation, municipality, category, days ago, title, teaser, body in Markdown)
DEMO_POSTS = [
    (
        "landstrom-tarif",
        STADTWERKE,
        "landkreis",
        "energie",
        1,
        "Jerichower Landstrom: neuer Ökotarif für das ganze Kreisgebiet",
        "Strom aus Wind und Sonne der Region – jetzt auch für Haushalte außerhalb von Burg.",
        "Ab dem 1. des kommenden Monats können alle Haushalte im Jerichower Land den "
        "**Jerichower Landstrom** beziehen.\n\n## Was ist neu?\n\n"
        "- Strom aus Windparks bei Möckern und Solardächern in Genthin\n"
        "- Preisgarantie für 24 Monate\n- Beratung im Kundenzentrum in Burg\n\n"
        "Mehr dazu bald in der Landstrom-Ecke des Landwerks.",
    ),
    (
        "tuerme-beleuchtung",
        STADTWERKE,
        "burg",
        "energie",
        3,
        "Burgs Türme leuchten jetzt mit LED",
        "Die Stadt der Türme spart Strom: Berliner Torturm und Wassertorturm sind umgerüstet.",
        "Die Stadtwerke haben die Beleuchtung von **Berliner Torturm** und **Wassertorturm** "
        "auf sparsame LED umgestellt. Der Stromverbrauch sinkt um rund zwei Drittel.\n\n"
        "Die übrigen Türme der Stadt folgen im nächsten Jahr.",
    ),
    (
        "zaehlerstand",
        STADTWERKE,
        "burg",
        "energie",
        6,
        "Zählerstände bitte bis Monatsende melden",
        "Für die Jahresabrechnung brauchen wir Ihren Zählerstand – per Karte, Telefon oder online.",
        "Die Ablesekarten sind unterwegs. Sie können Ihren Stand auch telefonisch durchgeben "
        "oder im Kundenzentrum in Burg abgeben.\n\n> Tipp: Machen Sie ein Foto vom Zähler, "
        "dann haben Sie den Stand später zur Hand.",
    ),
    (
        "fernwaerme-burg-sued",
        STADTWERKE,
        "burg",
        "energie",
        11,
        "Fernwärme für Burg-Süd: Bauarbeiten in der Zerbster Straße",
        "Ab Montag wird die Fernwärmeleitung verlängert; die Straße ist halbseitig gesperrt.",
        "Die Arbeiten dauern voraussichtlich sechs Wochen. Fußwege bleiben frei, "
        "Anlieger können ihre Grundstücke jederzeit erreichen.",
    ),
    (
        "ladesaeulen",
        STADTWERKE,
        "genthin",
        "energie",
        17,
        "Zwei neue Ladesäulen am Bahnhof Genthin",
        "Elektroautos laden am Bahnhof Genthin jetzt mit Landstrom.",
        "Die beiden Ladesäulen am Bahnhofsvorplatz liefern je 22 kW. Bezahlt wird mit "
        "Ladekarte oder per Smartphone.",
    ),
    (
        "kreistag-haushalt",
        LANDKREIS,
        "landkreis",
        "verwaltung",
        2,
        "Kreistag beschließt Haushalt mit Schwerpunkt Schulen",
        "Der Kreistag des Jerichower Landes hat den Haushalt für das kommende Jahr beschlossen.",
        "Den größten Posten bilden die Schulen: Sanierungen in **Genthin**, **Burg** und "
        "**Gommern** sind eingeplant.\n\nDie Sitzungsunterlagen liegen in der Kreisverwaltung "
        "in Burg zur Einsicht aus.",
    ),
    (
        "buergerbuero-zeiten",
        LANDKREIS,
        "genthin",
        "verwaltung",
        5,
        "Bürgerbüro Genthin: längere Öffnungszeiten am Donnerstag",
        "Donnerstags ist das Bürgerbüro in Genthin künftig bis 18 Uhr geöffnet.",
        "Damit können auch Berufstätige ihre Anliegen nach der Arbeit erledigen. "
        "Termine lassen sich telefonisch vereinbaren.",
    ),
    (
        "schulbus-winter",
        LANDKREIS,
        "landkreis",
        "verwaltung",
        8,
        "Schülerverkehr im Winter: was bei Glätte gilt",
        "Fallen Schulbusse wegen Glatteis aus, informiert der Landkreis ab 6 Uhr morgens.",
        "## So erfahren Sie es\n\n1. Im Radio und auf der Internetseite des Landkreises\n"
        "2. Bei Ihrer Schule\n3. Hier in den Neuigkeiten\n\nBitte schicken Sie Kinder bei "
        "Ausfall nicht allein zur Haltestelle.",
    ),
    (
        "wasserstrassenkreuz-radweg",
        LANDKREIS,
        "elbe-parey",
        "verwaltung",
        12,
        "Radweg am Wasserstraßenkreuz Hohenwarthe wieder frei",
        "Nach der Sanierung ist der Elberadweg entlang der Trogbrücke wieder befahrbar.",
        "Der Abschnitt zwischen Hohenwarthe und Parey war seit dem Frühjahr gesperrt. "
        "Jetzt ist der Belag erneuert und die Beschilderung ergänzt.",
    ),
    (
        "breitband-moeckern",
        LANDKREIS,
        "moeckern",
        "verwaltung",
        20,
        "Glasfaser für die Ortsteile von Möckern",
        "In 14 Ortsteilen der Stadt Möckern beginnt der geförderte Breitbandausbau.",
        "Die Einheitsgemeinde Möckern ist flächenmäßig eine der größten in Deutschland – "
        "umso wichtiger ist schnelles Internet. Hausanschlüsse sind bis zum Ende der "
        "Vorvermarktung kostenlos.",
    ),
    (
        "wahlhelfer",
        LANDKREIS,
        "landkreis",
        "verwaltung",
        26,
        "Wahlhelferinnen und Wahlhelfer gesucht",
        "Für die nächste Wahl werden in allen Gemeinden Helferinnen und Helfer gesucht.",
        "Es gibt ein Erfrischungsgeld. Melden Sie sich bei Ihrer Gemeinde- oder Stadtverwaltung.",
    ),
    (
        "wasserburg-fuehrung",
        HEIMATVEREIN,
        "gommern",
        "kultur",
        2,
        "Führung durch die Wasserburg Gommern",
        "Der Heimatverein lädt zur Führung durch die Wasserburg und ihre Geschichte ein.",
        "Treffpunkt ist das Burgtor. Die Führung dauert etwa anderthalb Stunden und ist "
        "*kostenlos*; über eine Spende freut sich der Verein.",
    ),
    (
        "steinbruch-geschichte",
        HEIMATVEREIN,
        "gommern",
        "kultur",
        9,
        "Vortrag: Die Steinbrüche um Gommern",
        "Wie der Quarzit aus Gommern Magdeburg und Berlin mitgebaut hat.",
        "Ein Abend über die Geschichte der Steinbrüche, die heute als Badeseen und "
        "Naturschutzgebiet bekannt sind. Mit alten Fotografien aus dem Vereinsarchiv.",
    ),
    (
        "heimatstube",
        HEIMATVEREIN,
        "gommern",
        "vereine",
        15,
        "Heimatstube sucht alte Fotos und Geschichten",
        "Haben Sie Fotos aus Gommern, Dannigkow oder Vehlitz? Der Heimatverein sammelt sie.",
        "Wir scannen Ihre Bilder und geben sie sofort zurück. Auch Erinnerungen, die Sie "
        "erzählen möchten, schreiben wir gern auf.",
    ),
    (
        "mitglieder",
        HEIMATVEREIN,
        "gommern",
        "vereine",
        30,
        "Jahresversammlung des Heimatvereins",
        "Rückblick, Wahlen und Pläne für das Jubiläumsjahr.",
        "Alle Mitglieder und Interessierte sind eingeladen. Für Kaffee und Kuchen ist gesorgt.",
    ),
    (
        "kloster-jerichow-sommer",
        ZEITUNG,
        "jerichow",
        "kultur",
        1,
        "Kloster Jerichow: Konzerte im Kreuzgang im neuen Jahr",
        "Die Konzertreihe im romanischen Backsteinkloster geht in ein neues Jahr.",
        "Das **Kloster Jerichow**, eines der ältesten Backsteinbauwerke Norddeutschlands, "
        "lädt wieder zu Konzerten im Kreuzgang ein. Karten gibt es an der Klosterkasse.",
    ),
    (
        "genthin-weihnachtsmarkt",
        ZEITUNG,
        "genthin",
        "kultur",
        4,
        "Weihnachtsmarkt in Genthin mit Bühnenprogramm",
        "Drei Tage Markt auf dem Marktplatz, mit Chören aus der ganzen Region.",
        "Vereine aus Genthin und den Ortsteilen betreiben die Buden. Der Erlös eines "
        "Standes geht an die Tafel.",
    ),
    (
        "biederitz-kita",
        ZEITUNG,
        "biederitz",
        "soziales",
        7,
        "Biederitz baut eine neue Kita",
        "Im Ortsteil Heyrothsberge entstehen 90 neue Betreuungsplätze.",
        "Die Gemeinde Biederitz wächst, besonders durch Familien aus dem nahen Magdeburg. "
        "Die neue Kita soll im übernächsten Sommer öffnen.",
    ),
    (
        "moeser-sportplatz",
        ZEITUNG,
        "moeser",
        "vereine",
        10,
        "Möser: Sportplatz bekommt Flutlicht",
        "Der SV Möser kann künftig auch im Winter abends trainieren.",
        "Der Verein hat einen großen Teil der Kosten mit Spenden und Eigenleistung gestemmt.",
    ),
    (
        "elbe-parey-faehre",
        ZEITUNG,
        "elbe-parey",
        "sonstiges",
        13,
        "Elbfähre bei Parey pausiert bei Niedrigwasser",
        "Bei niedrigem Pegel ruht der Fährbetrieb; Radfahrer nutzen die Brücke bei Hohenwarthe.",
        "Den aktuellen Stand erfahren Sie am Fähranleger und bei der Gemeinde Elbe-Parey.",
    ),
    (
        "burg-ihle-park",
        ZEITUNG,
        "burg",
        "sonstiges",
        16,
        "Ihlepark in Burg: neue Bänke und Spielgeräte",
        "Nach der Landesgartenschau wird der Park weiter gepflegt und ergänzt.",
        "Ältere Besucherinnen und Besucher hatten sich mehr Sitzplätze gewünscht – jetzt "
        "stehen zwölf neue Bänke entlang der Ihle.",
    ),
    (
        "jerichow-radtour",
        ZEITUNG,
        "jerichow",
        "kultur",
        22,
        "Radtour auf der Straße der Romanik",
        "Von Jerichow nach Burg: eine Tagestour zu Kirchen aus Backstein.",
        "Die Strecke ist rund 40 Kilometer lang und weitgehend flach. Unterwegs laden "
        "Dorfkirchen zur Pause ein.",
    ),
    (
        "gommern-badesee",
        ZEITUNG,
        "gommern",
        "sonstiges",
        28,
        "Wasserqualität im Kulk bei Gommern sehr gut",
        "Der beliebte Badesee im ehemaligen Steinbruch hat die Prüfung bestanden.",
        "Das Gesundheitsamt hat die Badestelle erneut mit „ausgezeichnet“ bewertet.",
    ),
    (
        "blutspende",
        DRK,
        "genthin",
        "soziales",
        3,
        "Blutspende in Genthin",
        "Das DRK bittet um Blutspenden – jede Spende hilft bis zu drei Menschen.",
        "Bitte bringen Sie Ihren Personalausweis mit. Erstspender sind herzlich willkommen.",
    ),
    (
        "hausnotruf",
        DRK,
        "landkreis",
        "soziales",
        9,
        "Hausnotruf: Sicherheit für Alleinlebende",
        "Ein Knopfdruck genügt, und das DRK ist da – im ganzen Jerichower Land.",
        "Der Hausnotruf ist für viele ältere Menschen die Voraussetzung, weiter zu Hause "
        "wohnen zu können. Wir beraten Sie und Ihre Angehörigen kostenlos.",
    ),
    (
        "erste-hilfe-kurs",
        DRK,
        "burg",
        "soziales",
        14,
        "Erste-Hilfe-Kurs für Seniorinnen und Senioren",
        "Ein Vormittag zum Auffrischen: stabile Seitenlage, Notruf, Herzdruckmassage.",
        "Der Kurs ist auf ältere Menschen zugeschnitten, mit Pausen und ohne Prüfung.",
    ),
    (
        "sparkasse-filiale",
        SPARKASSE,
        "moeckern",
        "wirtschaft",
        4,
        "Sparkassenbus fährt jetzt auch nach Loburg",
        "Die mobile Filiale hält jeden Dienstag auf dem Marktplatz in Loburg.",
        "Am Sparkassenbus können Sie Geld abheben, Überweisungen abgeben und sich beraten "
        "lassen – ohne weite Wege.",
    ),
    (
        "vereinsfoerderung",
        SPARKASSE,
        "landkreis",
        "vereine",
        18,
        "Sparkasse fördert 40 Vereine im Jerichower Land",
        "Aus dem Zweckertrag gehen Spenden an Sport-, Kultur- und Heimatvereine.",
        "Bewerben können sich gemeinnützige Vereine aus dem ganzen Landkreis bis Ende März.",
    ),
    (
        "online-banking-kurs",
        SPARKASSE,
        "burg",
        "wirtschaft",
        24,
        "Online-Banking sicher nutzen: Kurs in Burg",
        "Wie erkenne ich falsche E-Mails? Ein Nachmittag für alle, die unsicher sind.",
        "Bringen Sie gern Ihr eigenes Smartphone oder Tablet mit.",
    ),
    (
        "hofladen-kartoffeln",
        HOFLADEN,
        "moeckern",
        "wirtschaft",
        2,
        "Neue Kartoffeln aus dem Fläming",
        "Im Hofladen gibt es wieder Kartoffeln, Zwiebeln und Äpfel aus eigener Ernte.",
        "Geöffnet ist Dienstag bis Samstag. Vorbestellungen nehmen wir telefonisch an.",
    ),
    (
        "hofladen-schlachtfest",
        HOFLADEN,
        "moeckern",
        "wirtschaft",
        19,
        "Hoffest mit regionalen Erzeugern",
        "Honig, Wurst, Käse und Brot aus dem Jerichower Land an einem Ort.",
        "Für Kinder gibt es Ponyreiten und eine Strohburg.",
    ),
    (
        "hofladen-lieferung",
        HOFLADEN,
        "moeckern",
        "wirtschaft",
        33,
        "Gemüsekisten jetzt auch nach Gommern und Burg",
        "Unsere Gemüsekiste kommt einmal pro Woche – auch in die Nachbarstädte.",
        "Die Kiste lässt sich jederzeit pausieren oder kündigen.",
    ),
]

# One draft, so the demo partner sees what drafts look like.
DEMO_DRAFT = (
    "landstrom-winter-entwurf",
    STADTWERKE,
    "burg",
    "energie",
    0,
    "Entwurf: Energiespartipps für den Winter",
    "Noch nicht veröffentlicht: Tipps zum Heizen und Lüften.",
    "- Stoßlüften statt Kipplüften\n- Heizkörper frei halten",
)


def load_demo(db: Session) -> None:
    organisations = {
        org.name: org for org in db.exec(select(Organisation).where(Organisation.is_demo))
    }
    # Demo posts carry a fixed source id, so the unique (organisation, source) pair keeps
    # a second load from adding them again.
    existing = set(db.exec(select(NewsPost.source_id).where(NewsPost.is_demo)))
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    for published, rows in ((True, DEMO_POSTS), (False, [DEMO_DRAFT])):
        for key, org_name, place, category, days_ago, title, teaser, body in rows:
            organisation = organisations.get(org_name)
            source_id = f"demo:{key}"
            if organisation is None or source_id in existing:
                continue
            when = now - timedelta(days=days_ago)
            db.add(
                NewsPost(
                    organisation_id=organisation.id,
                    title=title,
                    teaser=teaser,
                    body=body,
                    municipality=place,
                    category=category,
                    is_published=published,
                    published_at=when if published else None,
                    created_at=when,
                    updated_at=when,
                    source_id=source_id,
                    is_demo=True,
                )
            )
    db.flush()
