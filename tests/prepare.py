"""`make test` runs this first: make sure what the suite needs is there, and say what is not.

PostgreSQL is optional: when `TEST_DATABASE_URL` points at a server that answers (starting the
local cluster if it is merely stopped), the storage and reminder tests run there too, and `make
test` runs every end-to-end test (and the soak) a second time on PostgreSQL
(`E2E_DATABASE=postgresql`); otherwise they are skipped with the reason printed.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import asyncpg


async def _reachable(url: str) -> str | None:
    try:
        connection = await asyncpg.connect(
            url.replace("postgresql+asyncpg://", "postgresql://"), timeout=5
        )
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return str(error) or type(error).__name__
    await connection.close()
    return None


def _start_local_cluster() -> None:
    if not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        return
    for version in sorted(os.listdir("/etc/postgresql")):
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            capture_output=True,
            check=False,
        )


def postgres_answers() -> int:
    """`python -m tests.prepare --postgres-answers`: exit 0 when the second pass (the whole
    suite on PostgreSQL) can run, else print why not in one line and exit 1."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    problem = asyncio.run(_reachable(url)) if url.startswith("postgresql") else "not configured"
    if problem:
        print(f"tests: the whole suite on PostgreSQL is skipped: TEST_DATABASE_URL {problem}")
        return 1
    print(f"tests: the whole suite again, on PostgreSQL at {url}")
    return 0


def main() -> int:
    if "--postgres-answers" in sys.argv[1:]:
        return postgres_answers()
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        print("tests: PostgreSQL not configured (TEST_DATABASE_URL); those tests will be skipped")
        return 0
    problem = asyncio.run(_reachable(url))
    if problem:
        _start_local_cluster()
        problem = asyncio.run(_reachable(url))
    if problem:
        print(
            f"tests: PostgreSQL at {url} is not reachable ({problem}); those tests will be skipped"
        )
    else:
        print(
            f"tests: PostgreSQL at {url} is reachable; storage tests run on SQLite and PostgreSQL"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
