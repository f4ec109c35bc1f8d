"""The eight municipalities of the Jerichower Land (slug → name), in a fixed order."""

MUNICIPALITIES: dict[str, str] = {
    "burg": "Burg",
    "genthin": "Genthin",
    "gommern": "Gommern",
    "moeckern": "Möckern",
    "jerichow": "Jerichow",
    "biederitz": "Biederitz",
    "moeser": "Möser",
    "elbe-parey": "Elbe-Parey",
}


def municipality_name(slug: str | None) -> str:
    return MUNICIPALITIES.get(slug or "", "")
