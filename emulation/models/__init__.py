"""Models of emulation: clusters and movements, pacts and results, the titles catalogue."""

from emulation.models.clusters import Cluster, ClusterMember, Movement
from emulation.models.pacts import Criterion, IndicatorResult, Pact
from emulation.models.rewards import BaseSalary, PhysicalItem, reward_amount
from emulation.models.rules import TitleRule
from emulation.models.titles import (
    CommendationType,
    Initiative,
    Level,
    Title,
    TitleAward,
)

__all__ = [
    "BaseSalary",
    "Cluster",
    "ClusterMember",
    "CommendationType",
    "Criterion",
    "IndicatorResult",
    "Initiative",
    "Level",
    "Movement",
    "Pact",
    "PhysicalItem",
    "Title",
    "TitleAward",
    "TitleRule",
    "reward_amount",
]
