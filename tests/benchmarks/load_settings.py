"""Production settings for the load run, with its static files collected into a temporary folder.

Everything comes from ``config.settings`` and the environment, as in a deployment; only
``STATIC_ROOT`` moves, to ``LOADRUN_STATIC_ROOT``, so that the run never writes into the tree.
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["LOADRUN_STATIC_ROOT"])

# The load run measures pages under load; the statement timeout of web requests
# (DB_STATEMENT_TIMEOUT_MS) is for production, not for a benchmark's timings.
DB_STATEMENT_TIMEOUT_MS = 0
