"""The eight municipalities of the Jerichower Land (slug → name), in a fixed order, and where
their centres lie, for "nearest first" without geocoding anyone's address."""

from math import asin, cos, radians, sin, sqrt

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

# Latitude and longitude of each town's centre (for Elbe-Parey its seat, Parey), as the
# municipalities' Wikipedia articles give them, rounded to 0.01° (about 1 km): enough to order
# neighbours, not to give directions.
CENTRES: dict[str, tuple[float, float]] = {
    "burg": (52.27, 11.86),
    "genthin": (52.40, 12.16),
    "gommern": (52.07, 11.83),
    "moeckern": (52.14, 11.95),
    "jerichow": (52.50, 12.02),
    "biederitz": (52.15, 11.72),
    "moeser": (52.22, 11.80),
    "elbe-parey": (52.37, 11.98),
}

EARTH_RADIUS_KM = 6371.0


def municipality_name(slug: str | None) -> str:
    return MUNICIPALITIES.get(slug or "", "")


def distance_km(origin: str, destination: str) -> float:
    """Great-circle distance between two municipalities' centres (haversine)."""
    (lat1, lon1), (lat2, lon2) = CENTRES[origin], CENTRES[destination]
    dlat, dlon = radians(lat2 - lat1), radians(lon2 - lon1)
    a = sin(dlat / 2) ** 2 + cos(radians(lat1)) * cos(radians(lat2)) * sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


def nearest_first(origin: str) -> list[str]:
    """Every municipality, the origin first, then by distance from it (ties in the fixed order)."""
    order = list(MUNICIPALITIES)
    return sorted(order, key=lambda slug: (round(distance_km(origin, slug), 1), order.index(slug)))
