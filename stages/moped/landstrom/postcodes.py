"""The postcodes of the Jerichower Land the Stadtwerke supply, as data: postcode → the
municipalities (slugs of core.municipalities) it reaches into. Taken from the Deutsche Post
areas of the district's municipalities; where a postcode is shared (39291: Möckern and Möser),
both are named. A postcode that is not listed here is outside the district."""

POSTCODES: dict[str, tuple[str, ...]] = {
    "39175": ("biederitz",),  # Biederitz, Gerwisch, Heyrothsberge
    "39245": ("gommern",),  # Gommern, Vehlitz, Dannigkow
    "39264": ("gommern", "moeckern"),  # Dornburg, Prödel; Lübs
    "39279": ("gommern", "moeckern"),  # Leitzkau; Loburg
    "39288": ("burg",),  # Burg, Niegripp, Parchau, Schartau
    "39291": ("moeckern", "moeser"),  # Möckern and villages; Möser, Lostau, Hohenwarthe
    "39307": ("genthin",),  # Genthin, Altenplathow, Parchen
    "39317": ("elbe-parey",),  # Parey, Bergzow, Ferchland, Güsen
    "39319": ("jerichow",),  # Jerichow, Klietznick, Redekin
}


def in_district(postcode: str) -> bool:
    return postcode in POSTCODES
