"""Demo events of the Jerichower Land over the coming weeks, so the list is never empty.

Dates are relative to the day of loading; each event has a stable demo key, so loading again
adds nothing. Events of a demo organisation that does not exist are left out."""

from datetime import date, time, timedelta
from typing import NamedTuple

from sqlmodel import Session, select

from core.models import Organisation
from stages.bicycle.events import times
from stages.bicycle.events.models import Event

STADTWERKE = "Stadtwerke Burg (Demo)"
VOLKSSTIMME = "Volksstimme Jerichower Land (Demo)"
SPARKASSE = "Sparkasse Jerichower Land (Demo)"
DRK = "DRK Kreisverband Genthin (Demo)"
LANDKREIS = "Landkreis Jerichower Land (Demo)"
HEIMATVEREIN = "Heimatverein Gommern (Demo)"
HOFLADEN = "Hofladen Möckern (Demo)"

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


class DemoEvent(NamedTuple):
    key: str
    organisation: str
    title: str
    category: str
    municipality: str
    place_name: str
    address: str
    week: int  # 0: this week's (or the next) such weekday
    weekday: int
    start: str | None  # "HH:MM" in Berlin; None for an all-day event
    end: str | None = None  # earlier than start: on the next day
    days: int = 1  # all-day events
    price_cents: int | None = None  # None: free
    price_note: str = ""
    is_accessible: bool = False
    accessibility_notes: str = ""
    is_cancelled: bool = False
    description: str = ""


KLOSTER = dict(
    organisation=LANDKREIS,
    title="Konzert im Kloster Jerichow",
    category="kultur",
    municipality="jerichow",
    place_name="Kloster Jerichow",
    address="Am Kloster 1, 39319 Jerichow",
    weekday=SUN,
    start="17:00",
    end="19:00",
    price_cents=1500,
    price_note="ermäßigt 10 €",
    is_accessible=True,
    accessibility_notes="Stufenloser Zugang über den Klosterhof, barrierefreies WC vorhanden.",
    description="Kammermusik in der Klosterkirche.\nEinlass ab 16:30 Uhr.",
)
WASSERBURG = dict(
    organisation=HEIMATVEREIN,
    title="Führung an der Wasserburg Gommern",
    category="bildung",
    municipality="gommern",
    place_name="Wasserburg Gommern",
    address="Walther-Rathenau-Straße 10, 39245 Gommern",
    weekday=SAT,
    start="14:00",
    end="15:30",
    price_cents=400,
    description="Der Heimatverein erzählt die Geschichte der Wasserburg.\nTreffpunkt am Burgtor.",
)
WOCHENMARKT = dict(
    organisation=LANDKREIS,
    title="Wochenmarkt in Burg",
    category="markt",
    municipality="burg",
    place_name="Marktplatz",
    address="Markt, 39288 Burg",
    weekday=SAT,
    start="08:00",
    end="12:00",
    is_accessible=True,
    description="Obst, Gemüse, Brot und Blumen von Höfen aus der Region.",
)
SENIOREN = dict(
    organisation=DRK,
    title="Seniorennachmittag beim DRK",
    category="sonstiges",
    municipality="genthin",
    place_name="DRK-Begegnungsstätte",
    address="Brandenburger Straße 20, 39307 Genthin",
    weekday=WED,
    start="14:30",
    end="17:00",
    is_accessible=True,
    accessibility_notes="Ebenerdiger Eingang; Fahrdienst auf Anfrage.",
    description="Kaffee, Kuchen und Gespräche.\nJeden zweiten Mittwoch, alle sind willkommen.",
)

DEMO_EVENTS = [
    DemoEvent(
        key="museumsnacht-burg",
        organisation=LANDKREIS,
        title="Museumsnacht in der Stadt der Türme",
        category="kultur",
        municipality="burg",
        place_name="Altstadt Burg",
        address="Markt, 39288 Burg",
        week=3,
        weekday=SAT,
        start="18:00",
        end="00:00",
        price_cents=500,
        price_note="Kinder bis 14 Jahre frei",
        accessibility_notes="Nicht alle Türme sind barrierefrei; das Museum hat einen Aufzug.",
        description="Türme, Museen und Kirchen der Stadt der Türme öffnen bis Mitternacht.\n"
        "Mit Turmblasen um 22 Uhr.",
    ),
    DemoEvent(
        key="kartoffelfest-genthin",
        organisation=SPARKASSE,
        title="Kartoffelfest in Genthin",
        category="feste",
        municipality="genthin",
        place_name="Marktplatz Genthin",
        address="Marktplatz, 39307 Genthin",
        week=5,
        weekday=SAT,
        start=None,
        days=2,
        is_accessible=True,
        description="Kartoffeln aus der Region, Musik und ein Markt für die ganze Familie.",
    ),
    *(
        DemoEvent(key=f"konzert-kloster-jerichow-{n}", week=w, **KLOSTER)
        for n, w in enumerate((2, 6, 10), 1)
    ),
    *(
        DemoEvent(key=f"wasserburg-gommern-{n}", week=w, **WASSERBURG)
        for n, w in enumerate((1, 4, 8), 1)
    ),
    DemoEvent(
        key="hoffest-schloss-moeckern",
        organisation=HOFLADEN,
        title="Hoffest am Schloss Möckern",
        category="feste",
        municipality="moeckern",
        place_name="Schlosspark Möckern",
        address="Schloßstraße, 39291 Möckern",
        week=7,
        weekday=SAT,
        start="10:00",
        end="17:00",
        description="Regionale Produkte, Führungen durch das Schloss und Musik im Park.",
    ),
    DemoEvent(
        key="radtour-wasserstrassenkreuz",
        organisation=STADTWERKE,
        title="Radtour zum Wasserstraßenkreuz Hohenwarthe",
        category="natur",
        municipality="moeser",
        place_name="Trogbrücke Hohenwarthe",
        address="Parkplatz an der Trogbrücke, Hohenwarthe",
        week=2,
        weekday=SUN,
        start="10:00",
        end="14:00",
        description="Gemütliche Tour, etwa 25 km.\nBitte eigenes Rad und Getränke mitbringen.",
    ),
    *(DemoEvent(key=f"wochenmarkt-burg-{w + 1}", week=w, **WOCHENMARKT) for w in range(8)),
    *(
        DemoEvent(key=f"seniorennachmittag-drk-{w // 2 + 1}", week=w, **SENIOREN)
        for w in (0, 2, 4, 6)
    ),
    DemoEvent(
        key="blutspende-genthin",
        organisation=DRK,
        title="Blutspende in Genthin",
        category="sonstiges",
        municipality="genthin",
        place_name="DRK-Begegnungsstätte",
        address="Brandenburger Straße 20, 39307 Genthin",
        week=3,
        weekday=THU,
        start="15:00",
        end="19:00",
        is_accessible=True,
        description="Bitte den Personalausweis mitbringen.",
    ),
    DemoEvent(
        key="energiesprechstunde",
        organisation=STADTWERKE,
        title="Energiesprechstunde: Strom sparen im Haushalt",
        category="bildung",
        municipality="burg",
        place_name="Kundenzentrum der Stadtwerke",
        address="In der Alten Kaserne 6, 39288 Burg",
        week=1,
        weekday=TUE,
        start="16:00",
        end="18:00",
        is_accessible=True,
        description="Bringen Sie Ihre letzte Stromrechnung mit; wir rechnen gemeinsam nach.",
    ),
    DemoEvent(
        key="onlinebanking-kurs",
        organisation=SPARKASSE,
        title="Onlinebanking sicher nutzen – ein Kurs für Ältere",
        category="bildung",
        municipality="burg",
        place_name="Sparkasse, Beratungscenter",
        address="Schartauer Straße 2, 39288 Burg",
        week=2,
        weekday=THU,
        start="10:00",
        end="12:00",
        is_accessible=True,
        description="Schritt für Schritt, mit eigenem Smartphone oder Tablet.",
    ),
    DemoEvent(
        key="lesercafe-volksstimme",
        organisation=VOLKSSTIMME,
        title="Lesercafé der Volksstimme",
        category="kultur",
        municipality="burg",
        place_name="Lokalredaktion Burg",
        address="Schartauer Straße 19, 39288 Burg",
        week=4,
        weekday=FRI,
        start="15:00",
        end="17:00",
        description="Die Lokalredaktion lädt zu Kaffee und Gespräch ein.",
    ),
    DemoEvent(
        key="erntefest-hofladen",
        organisation=HOFLADEN,
        title="Erntefest im Hofladen Möckern",
        category="feste",
        municipality="moeckern",
        place_name="Hofladen Möckern",
        address="Magdeburger Straße 5, 39291 Möckern",
        week=9,
        weekday=SAT,
        start="10:00",
        end="16:00",
        description="Frisch vom Feld: Kartoffeln, Kürbisse und Äpfel, dazu Kinderprogramm.",
    ),
    DemoEvent(
        key="kinderfest-biederitz",
        organisation=LANDKREIS,
        title="Kinderfest in Biederitz",
        category="familie",
        municipality="biederitz",
        place_name="Sportplatz Biederitz",
        address="Am Sportplatz, 39175 Biederitz",
        week=5,
        weekday=SUN,
        start="11:00",
        end="17:00",
        is_accessible=True,
        description="Hüpfburg, Kinderschminken und Spiele.",
    ),
    DemoEvent(
        key="elberadtour-parey",
        organisation=VOLKSSTIMME,
        title="Elberadtour bei Parey",
        category="sport",
        municipality="elbe-parey",
        place_name="Fähranleger Parey",
        address="An der Fähre, 39317 Elbe-Parey",
        week=6,
        weekday=SAT,
        start="09:30",
        end="15:00",
        description="Etwa 40 km auf dem Elberadweg, mit Picknick am Deich.",
    ),
    DemoEvent(
        key="seenlauf-gommern",
        organisation=HEIMATVEREIN,
        title="Gommeraner Seenlauf",
        category="sport",
        municipality="gommern",
        place_name="Kulk Gommern",
        address="Am Kulk, 39245 Gommern",
        week=8,
        weekday=SUN,
        start="09:00",
        end="13:00",
        price_cents=800,
        price_note="Anmeldung bis zum Vortag",
        description="Strecken über 5 und 10 km rund um die Seen.",
    ),
    DemoEvent(
        key="orgelkonzert-burg",
        organisation=LANDKREIS,
        title="Orgelkonzert in der Oberkirche Unser Lieben Frauen",
        category="kultur",
        municipality="burg",
        place_name="Oberkirche Unser Lieben Frauen",
        address="Kirchplatz, 39288 Burg",
        week=3,
        weekday=SUN,
        start="16:00",
        end="17:30",
        price_note="Spenden erbeten",
    ),
    DemoEvent(
        key="vortrag-tuerme-burg",
        organisation=VOLKSSTIMME,
        title="Vortrag: Die Türme von Burg",
        category="bildung",
        municipality="burg",
        place_name="Lokalredaktion Burg",
        address="Schartauer Straße 19, 39288 Burg",
        week=1,
        weekday=THU,
        start="19:00",
        end="20:30",
        price_cents=300,
        is_cancelled=True,
        description="Der Vortrag fällt wegen Krankheit aus und wird nachgeholt.",
    ),
    DemoEvent(
        key="kraeuterwanderung-moeser",
        organisation=HEIMATVEREIN,
        title="Kräuterwanderung bei Möser",
        category="natur",
        municipality="moeser",
        place_name="Waldparkplatz Möser",
        address="Am Wald, 39291 Möser",
        week=4,
        weekday=SAT,
        start="10:00",
        end="12:00",
        price_cents=500,
        description="Was am Wegrand wächst und was man daraus machen kann.",
    ),
    DemoEvent(
        key="bauernmarkt-jerichow",
        organisation=HOFLADEN,
        title="Bauernmarkt am Kloster Jerichow",
        category="markt",
        municipality="jerichow",
        place_name="Klosterhof Jerichow",
        address="Am Kloster 1, 39319 Jerichow",
        week=5,
        weekday=SAT,
        start="09:00",
        end="13:00",
        is_accessible=True,
    ),
    DemoEvent(
        key="bastelnachmittag-genthin",
        organisation=DRK,
        title="Bastelnachmittag für Familien",
        category="familie",
        municipality="genthin",
        place_name="DRK-Begegnungsstätte",
        address="Brandenburger Straße 20, 39307 Genthin",
        week=3,
        weekday=WED,
        start="15:00",
        end="17:00",
        is_accessible=True,
    ),
    DemoEvent(
        key="fackelwanderung-gommern",
        organisation=HEIMATVEREIN,
        title="Fackelwanderung durch Gommern",
        category="natur",
        municipality="gommern",
        place_name="Wasserburg Gommern",
        address="Walther-Rathenau-Straße 10, 39245 Gommern",
        week=9,
        weekday=FRI,
        start="20:00",
        end="01:00",
        price_cents=300,
        description="Mit Fackeln von der Wasserburg zum Kulk und zurück.\nAusklang am Lagerfeuer.",
    ),
    DemoEvent(
        key="fotoausstellung-genthin",
        organisation=VOLKSSTIMME,
        title="Ausstellung: Fotografien aus dem Jerichower Land",
        category="kultur",
        municipality="genthin",
        place_name="Kreismuseum Genthin",
        address="Mützelstraße 22, 39307 Genthin",
        week=2,
        weekday=MON,
        start=None,
        days=14,
        is_accessible=True,
        description="Leserinnen und Leser zeigen ihre schönsten Bilder der Region.",
    ),
]


def _weekday_in(today: date, week: int, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * week)


def _clock(text: str) -> time:
    return time.fromisoformat(text)


def _span(demo: DemoEvent, day: date):
    if demo.start is None:
        end_date = day + timedelta(days=demo.days - 1)
        return times.event_span(
            all_day=True, start_date=day, start_time=None, end_date=end_date, end_time=None
        )
    start, end = _clock(demo.start), _clock(demo.end)
    return times.event_span(
        all_day=False,
        start_date=day,
        start_time=start,
        end_date=day + timedelta(days=1) if end <= start else day,
        end_time=end,
    )


def load_demo(db: Session) -> None:
    names = {demo.organisation for demo in DEMO_EVENTS}
    organisations = {
        o.name: o for o in db.exec(select(Organisation).where(Organisation.name.in_(names)))
    }
    loaded = set(db.exec(select(Event.demo_key).where(Event.demo_key.is_not(None))))
    today = times.berlin_today(times.now())
    for demo in DEMO_EVENTS:
        if demo.key in loaded or demo.organisation not in organisations:
            continue
        starts_at, ends_at = _span(demo, _weekday_in(today, demo.week, demo.weekday))
        db.add(
            Event(
                organisation_id=organisations[demo.organisation].id,
                title=demo.title,
                description=demo.description,
                starts_at=starts_at,
                ends_at=ends_at,
                all_day=demo.start is None,
                place_name=demo.place_name,
                address=demo.address,
                municipality=demo.municipality,
                category=demo.category,
                is_free=demo.price_cents is None,
                price_cents=demo.price_cents,
                price_note=demo.price_note,
                is_accessible=demo.is_accessible,
                accessibility_notes=demo.accessibility_notes,
                is_cancelled=demo.is_cancelled,
                is_demo=True,
                demo_key=demo.key,
            )
        )
    db.flush()
