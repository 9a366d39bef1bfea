"""Run a ``manage.py`` command and print, last, the peak memory of this process alone.

``python -m tests.benchmarks.peak import_data …`` runs ``manage.py import_data …`` here and
then prints ``peak memory: <kB> kB`` (Linux's VmHWM). A child's ``ru_maxrss`` as its
parent reads it (``os.wait4``) is no measure of the child: it takes in the memory of the
process that started it, as that stood when the child became Python. The import benchmark,
holding the stored rows it copies back later, made the XLSX import look 382 MB where it
took 248 MB. VmHWM is the high-water mark of the child's own memory, from its start.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

PREFIX = "peak memory: "


def peak_kb() -> int:
    """Return the high-water mark of this process's resident memory, in kB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("/proc/self/status has no VmHWM: the peak is measured on Linux")


def main() -> None:
    sys.argv = ["manage.py", *sys.argv[1:]]
    try:
        runpy.run_path("manage.py", run_name="__main__")
    finally:
        print(f"{PREFIX}{peak_kb()} kB", flush=True)


if __name__ == "__main__":
    main()
