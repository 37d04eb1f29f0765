"""Provinces, cities and districts for the address pickers, read from ``config/regions.toml``.

Every province is listed by name; provinces with a ``[cities."<province>"]`` table (Shandong in the
sample data) offer cities and districts to pick, the others let the citizen type them.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kiosk.errors import KioskError

REGIONS_FILE = Path(__file__).resolve().parents[2] / "config" / "regions.toml"


class RegionsError(KioskError):
    """The regions file is missing or malformed."""


@dataclass(frozen=True)
class Regions:
    """Province names and, where known, each province's cities with their districts."""

    provinces: tuple[str, ...]
    cities_of: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def cities(self, province: str) -> tuple[str, ...]:
        """The cities of ``province`` (empty: not known, to be typed)."""
        return tuple(self.cities_of.get(province, {}))

    def districts(self, province: str, city: str) -> tuple[str, ...]:
        """The districts and counties of ``city`` in ``province`` (empty: not known)."""
        return self.cities_of.get(province, {}).get(city, ())

    def normalise(self, address: dict[str, str]) -> dict[str, str]:
        """Fix a card address split where a county-level city sits in the city slot (山东省/滕州市/…)."""
        out = dict(address)
        province, city = out.get("province", ""), out.get("city", "")
        if province in self.cities_of and city and city not in self.cities_of[province] and not out.get("district"):
            for parent, districts in self.cities_of[province].items():
                if city in districts:
                    out["city"], out["district"] = parent, city
                    break
        return out


def parse_regions(text: str) -> Regions:
    """Build :class:`Regions` from the TOML text; :class:`RegionsError` says what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegionsError(f"regions file is not valid TOML: {exc}") from exc
    provinces = data.get("provinces")
    if not isinstance(provinces, list) or not provinces or not all(isinstance(p, str) and p for p in provinces):
        raise RegionsError("regions file needs a non-empty 'provinces' list of names")
    cities: dict[str, dict[str, tuple[str, ...]]] = {}
    for province, table in (data.get("cities") or {}).items():
        if province not in provinces:
            raise RegionsError(f"regions file: cities given for unknown province {province!r}")
        if not isinstance(table, dict) or not all(isinstance(v, list) and v for v in table.values()):
            raise RegionsError(f"regions file: cities of {province} must map each city to a list of districts")
        cities[province] = {city: tuple(str(d) for d in districts) for city, districts in table.items()}
    return Regions(tuple(provinces), cities)


@lru_cache(maxsize=4)
def load_regions(path: Path = REGIONS_FILE) -> Regions:
    """The regions of ``path`` (read once)."""
    try:
        return parse_regions(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RegionsError(f"regions file {path} cannot be read: {exc.strerror or exc}") from exc
