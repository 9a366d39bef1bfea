"""Admin of emulation, by topic: clusters and pacts, indicator results, titles."""

from emulation.admin import clusters, results, titles

__all__ = ["clusters", "results", "titles"]
