"""The spreadsheets of emulation: import specs and exports, by topic."""

from emulation.imports.results import IndicatorResultImport, IndicatorResultResource
from emulation.imports.titles import (
    InitiativeImport,
    InitiativeResource,
    TitleAwardImport,
    TitleAwardResource,
)

__all__ = [
    "IndicatorResultImport",
    "IndicatorResultResource",
    "InitiativeImport",
    "InitiativeResource",
    "TitleAwardImport",
    "TitleAwardResource",
]
