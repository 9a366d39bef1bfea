"""Admin of commendations, by topic: award forms, nominations, the council, decisions.

Every write with a rule goes through the services.
"""

from commendations.admin import catalogue, council, decisions, documents, levels, nominations

__all__ = ["catalogue", "council", "decisions", "documents", "levels", "nominations"]
