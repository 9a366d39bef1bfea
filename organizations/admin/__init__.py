"""Admin of organizations, by topic: localities and units, people and memberships, import jobs.

``base`` is the admin base every app's admins use. The site itself (``organizations.admin_site``)
stays outside this package: INSTALLED_APPS loads it before the models are ready.
"""

from organizations.admin import imports, people, ratings, units

__all__ = ["imports", "people", "ratings", "units"]
