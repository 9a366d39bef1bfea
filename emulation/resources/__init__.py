"""Spreadsheet columns of emulation: import specs and export resources, by topic."""

from emulation.resources.results import IndicatorResultImport, IndicatorResultResource
from emulation.resources.titles import (
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
