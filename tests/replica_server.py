"""A real PostgreSQL streaming replica of the test server, in a temporary directory.

``pg_basebackup -R`` copies the primary the tests use and writes the standby's connection
settings; ``postgres`` then runs it on a port of its own. The server's files belong to the
``postgres`` operating-system user: when the tests run as root, its commands run as that
user (``runuser``). Anything missing (binaries, the right to replicate) is returned as the
reason to skip, never worked around.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

# Parameters a hot standby must hold at least as high as its primary.
STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


class ReplicaUnavailableError(Exception):
    """The replica cannot be made here; the message says why (the reason to skip)."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class StreamingReplica:
    """A standby of the primary at ``host:port``, started and stopped by the tests."""

    primary: dict[str, str]
    folder: Path
    bin_dir: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _run(self, *command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run(
            [*prefix, *command],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=self.folder,
        )

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        """Open a control connection to the replica (not through Django)."""
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=self.primary["user"],
            dbname=dbname,
            autocommit=True,
        )

    def copy_primary(self) -> None:
        """Take the base backup, and write the standby's own configuration beside it."""
        backup = self._run(
            str(self.bin_dir / "pg_basebackup"),
            "-h",
            self.primary["host"],
            "-p",
            self.primary["port"],
            "-U",
            self.primary["user"],
            "-D",
            str(self.data),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        if backup.returncode != 0:
            raise ReplicaUnavailableError(
                "pg_basebackup could not copy the primary (the server's pg_hba.conf needs a "
                f"'host replication' line for 127.0.0.1): {backup.stderr.strip()}"
            )
        with psycopg.connect(**self.primary, dbname="postgres") as primary:
            minimums = {
                name: primary.execute(f"SHOW {name}").fetchone()[0] for name in STANDBY_MINIMUMS
            }
        # Debian keeps the configuration outside the data directory: the copy has none.
        settings = {
            **minimums,
            "port": str(self.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.folder}'",
            "hot_standby": "on",
            "shared_buffers": "'32MB'",
            "fsync": "off",
        }
        config = "".join(f"{name} = {value}\n" for name, value in settings.items())
        self._write(self.data / "postgresql.conf", config)
        self._write(
            self.data / "pg_hba.conf", "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )

    def _write(self, path: Path, text: str) -> None:
        path.write_text(text)
        if os.geteuid() == 0:
            shutil.chown(path, "postgres", "postgres")

    def start(self) -> None:
        """Start the standby and wait until it accepts reads."""
        started = self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "replica.log"),
            "-w",
            "-t",
            "120",
            "start",
        )
        if started.returncode != 0:
            log = (self.folder / "replica.log").read_text(errors="replace")[-2000:]
            raise ReplicaUnavailableError(f"the replica did not start: {started.stderr} {log}")

    def stop(self, mode: str = "fast") -> None:
        """Stop the standby (``immediate``: as if its machine had gone)."""
        self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def wait_caught_up(self, timeout: float = 180) -> None:
        """Wait until the replica has replayed everything the primary has written so far."""
        with psycopg.connect(**self.primary, dbname="postgres", autocommit=True) as primary:
            target = primary.execute("SELECT pg_current_wal_flush_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            try:
                with self.connect() as replica:
                    state = replica.execute(
                        "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn, pg_last_wal_receive_lsn(),"
                        " pg_last_wal_replay_lsn()",
                        [str(target)],
                    ).fetchone()
                if state[0]:
                    return
            except psycopg.OperationalError as error:
                state = error  # still starting
            time.sleep(0.1)
        log = (self.folder / "replica.log").read_text(errors="replace")[-3000:]
        raise AssertionError(
            f"the replica did not catch up with the primary's {target} in time: {state}\n{log}"
        )

    def remove(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def streaming_replica(primary: dict[str, str]) -> StreamingReplica:
    """Copy the primary into a temporary directory and start it as a streaming replica."""
    with psycopg.connect(**primary, dbname="postgres") as connection:
        version = int(connection.execute("SHOW server_version_num").fetchone()[0]) // 10_000
        may_replicate = connection.execute(
            "SELECT rolreplication OR rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
    bin_dir = Path(f"/usr/lib/postgresql/{version}/bin")
    if not (bin_dir / "postgres").exists() or not (bin_dir / "pg_basebackup").exists():
        raise ReplicaUnavailableError(
            f"the PostgreSQL {version} server binaries are not in {bin_dir}"
        )
    if not may_replicate:
        raise ReplicaUnavailableError(f"the role {primary['user']} may not replicate")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        raise ReplicaUnavailableError("runuser is missing: cannot run postgres as its own user")
    folder = Path(tempfile.mkdtemp(prefix="replica-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    replica = StreamingReplica(primary=primary, folder=folder, bin_dir=bin_dir, port=_free_port())
    try:
        replica.copy_primary()
        replica.start()
    except BaseException:
        replica.remove()
        raise
    return replica
