"""A stand-in for the build's choices, shared by the view-state tests."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Choices:
    """Releases, categories and names as a build would offer them."""

    releases: Mapping[str, tuple[int, int]] = field(default_factory=lambda: {
        "2026-02-12": (1995, 2024), "2026-05-18": (1950, 2025)})
    default_release: str = "2026-02-12"
    categories: tuple[str, ...] = ("Aircraft", "Ships", "Sensors")

    def country(self, text: str) -> str | None:
        names = {"turkiye": "Turkiye", "türkiye": "Turkiye", "turkey": "Turkiye",
                 "pakistan": "Pakistan", "china": "China", "israel": "Israel",
                 "south korea": "South Korea"}
        return names.get(text.strip().casefold())

    def area(self, text: str) -> str | None:
        areas = {"nato": "NATO", "south asia": "South Asia", "warsaw pact": "Warsaw Pact"}
        return areas.get(text.strip().casefold())


CH = Choices()
