"""The villages and town districts (Ortsteile) of the eight municipalities of the Jerichower
Land, by municipality slug (core.municipalities), alphabetically after the main town.

Compiled from the municipalities' own descriptions as far as known here; TO BE CHECKED against
the official lists (Hauptsatzungen of the municipalities) before the service goes live. A name
missing here cannot be chosen; a post without a village stands for the whole municipality."""

VILLAGES: dict[str, tuple[str, ...]] = {
    "burg": (
        "Burg", "Blumenthal", "Detershagen", "Gütter", "Ihleburg", "Madel", "Niegripp",
        "Parchau", "Reesen", "Schartau",
    ),
    "genthin": (
        "Genthin", "Altenplathow", "Berkenthin", "Brettin", "Dretzel", "Dunkelforth",
        "Fienerode", "Gladau", "Hüttermühle", "Mützel", "Paplitz", "Parchen", "Ringelsdorf",
        "Roßdorf", "Schattberge", "Tucheim", "Wiechenberg",
    ),
    "gommern": (
        "Gommern", "Dannigkow", "Dornburg", "Karith", "Ladeburg", "Leitzkau", "Lübs", "Menz",
        "Nedlitz", "Plötzky", "Pretzien", "Prödel", "Vehlitz", "Wahlitz",
    ),
    "moeckern": (
        "Möckern", "Altengrabow", "Bornsdorf", "Brandenstein", "Brietzke", "Büden",
        "Buschhäuser", "Dalchau", "Dörnitz", "Dreibachen", "Drewitz", "Friedensau", "Glienicke",
        "Göbel", "Grabow", "Grätzer Hof", "Groß Lübars", "Hobeck", "Hohenziatz", "Isterbies",
        "Kähnert", "Kalitz", "Kampf", "Klein Lübars", "Klepps", "Krüssau", "Küsel", "Loburg",
        "Lübars", "Lühe", "Lütnitz", "Lüttgenziatz", "Magdeburgerforth", "Pabsdorf", "Reesdorf",
        "Riesdorf", "Rietzel", "Rosian", "Schweinitz", "Stegelitz", "Stresow", "Theeßen",
        "Tryppehna", "Wallwitz", "Wörmlitz", "Wüstenjerichow", "Zeddenick", "Zeppernick",
        "Ziegelsdorf", "Ziepel",
    ),
    "jerichow": (
        "Jerichow", "Demsin", "Großmangelsdorf", "Kade", "Karow", "Kleinmangelsdorf",
        "Klietznick", "Nielebock", "Redekin", "Scharteucke", "Schlagenthin", "Seedorf",
        "Steinitz", "Wulkow", "Zabakuck",
    ),
    "biederitz": (
        "Biederitz", "Gerwisch", "Gübs", "Heyrothsberge", "Königsborn", "Woltersdorf",
    ),
    "moeser": (
        "Möser", "Hohenwarthe", "Körbelitz", "Lostau", "Pietzpuhl", "Schermen",
    ),
    "elbe-parey": (
        "Parey", "Bergzow", "Derben", "Ferchland", "Güsen", "Hohenseeden", "Neuderben",
        "Zerben",
    ),
}  # fmt: skip


def is_village_of(municipality: str, village: str) -> bool:
    return village in VILLAGES.get(municipality, ())
