"""The spreadsheets of emulation: import specs and exports, by topic."""

from emulation.imports.initiatives import InitiativeImport, InitiativeResource
from emulation.imports.results import IndicatorResultImport, IndicatorResultResource
from emulation.imports.titles import TitleAwardImport, TitleAwardResource

__all__ = [
    "IndicatorResultImport",
    "IndicatorResultResource",
    "InitiativeImport",
    "InitiativeResource",
    "TitleAwardImport",
    "TitleAwardResource",
]
