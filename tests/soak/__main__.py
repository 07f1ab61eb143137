"""`python -m tests.soak [--kills 50] [--seed 7]`: the long soak (`make soak`); prints its
report as JSON and exits 1 when anything was lost, skipped, doubled or left stale."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from tests.soak.harness import soak


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.soak")
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="samenbot-soak-") as directory:
        report = asyncio.run(soak(Path(directory), kills=args.kills, seed=args.seed))
    print(report.to_json())
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
