"""Production settings for the load run, with its static files collected into a temporary folder.

Everything comes from ``config.settings`` and the environment, as in a deployment; only
``STATIC_ROOT`` moves, to ``LOADRUN_STATIC_ROOT``, so that the run never writes into the tree.
"""

import os
from pathlib import Path

from config.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["LOADRUN_STATIC_ROOT"])
