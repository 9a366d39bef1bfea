"""Demo data of enforcement: the five cities' 2024 as published, then 2025 (``loading``)."""

from enforcement.demo.figures import CITY_AGENCIES, DEMO_AGENCIES
from enforcement.demo.loading import load_enforcement

__all__ = ["CITY_AGENCIES", "DEMO_AGENCIES", "load_enforcement"]
