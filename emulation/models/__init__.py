"""Models of emulation: clusters and movements, pacts and results, the titles catalogue."""

from emulation.models.clusters import Cluster, ClusterMember, Movement
from emulation.models.pacts import Criterion, IndicatorResult, Pact
from emulation.models.titles import (
    CommendationType,
    Initiative,
    Level,
    Title,
    TitleAward,
    TitleRule,
)

__all__ = [
    "Cluster",
    "ClusterMember",
    "CommendationType",
    "Criterion",
    "IndicatorResult",
    "Initiative",
    "Level",
    "Movement",
    "Pact",
    "Title",
    "TitleAward",
    "TitleRule",
]
