"""The fixed words of a note in each language it can be written in (`--langue`)."""

from __future__ import annotations

from dataclasses import dataclass

FRENCH_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class Labels:
    """The words of a note's fixed lines in one language (`--langue`)."""

    language: str
    weekdays: tuple[str, ...]
    harvest_date: str
    avis: str
    texte: str
    history: str
    untitled: str


LABELS = {
    "fr": Labels(
        "fr",
        FRENCH_WEEKDAYS,
        "Date de récolte :",
        "## Mon avis :",
        "## Texte complet :",
        "## Historique :",
        "Sans titre",
    ),
    "en": Labels("en", ENGLISH_WEEKDAYS, "Harvest date:", "## My take:", "## Full text:", "## History:", "Untitled"),
}
FRENCH = LABELS["fr"]

AVIS_HEADING = FRENCH.avis
TEXTE_HEADING = FRENCH.texte
