"""`python -m bench [--quick]` — samenbot against the floor, measured in one run.

Prints ONE JSON object and appends a row to docs/benchmarks.md. See bench/README.md for what
each figure means; the targets are those of issue 12. Numbers are for reading, not asserting:
the tests never check wall-clock limits. No tracemalloc: nothing here slows what it times.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.live import measure as measure_live

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"

SIZES = {
    "full": {"answers": 5_000, "groups": 100, "runs": 1_000, "stored": 1_000_000},
    "quick": {"answers": 500, "groups": 10, "runs": 250, "stored": 100_000},
}


def _json_of(module: str, *args: str, timeout: float) -> dict:
    """Run `python -m bench.<module>` in a process of its own and read its JSON line."""
    result = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _ratio(subject: float, floor: float) -> float | None:
    return round(subject / floor, 2) if floor else None


def _targets(report: dict) -> dict[str, bool | None]:
    ingest, busy, memory = report["ingest"], report["busy_group"]["samenbot"], report["memory"]
    claims = report["reminder_claim_ms"]
    retrieval = [
        figures.get(name)
        for figures in report["retrieval"].values()
        for name in ("summary_ms", "export_md_ms")
    ]
    return {
        "ingest_throughput_ge_0.5x_floor": ingest["ratio_to_floor"]["per_second"] >= 0.5,
        "ingest_p99_le_3x_floor": ingest["ratio_to_floor"]["p99_ms"] <= 3,
        "busy_last_ack_le_2s": busy["last_ack_s"] <= 2,
        "busy_next_question_le_1s": busy["next_question_s"] <= 1,
        "cpu_per_answer_le_3x_floor": report["cpu_ms_per_answer"]["ratio_to_floor"] <= 3,
        "synthesis_500_le_200ms": report["synthesis"].get("synthesis_ms", 1e9) <= 200,
        "retrieval_le_20ms": (
            all(value is not None and value <= 20 for value in retrieval) if retrieval else None
        ),
        "rss_1000_runs_le_150MB": (
            memory["rss_mib"] * 1.048576 <= 150 if memory["active_runs"] >= 1000 else None
        ),
        "reminder_claim_100k_le_1.5x_1k": claims.get("ratio", 1e9) <= 1.5,
    }


def run(mode: str, postgres_url: str | None) -> dict:
    sizes = SIZES[mode]
    began = time.monotonic()
    floor, bot = _live(sizes["answers"], sizes["groups"], sizes["runs"])
    ingest_ratio = {
        "per_second": _ratio(bot["ingest"]["per_second"], floor["ingest"]["per_second"]),
        "p99_ms": _ratio(bot["ingest"]["p99_ms"], floor["ingest"]["p99_ms"]),
    }
    cpu = {
        "samenbot": bot["ingest"].pop("cpu_ms_per_answer"),
        "floor": floor["ingest"].pop("cpu_ms_per_answer"),
    }
    cpu["ratio_to_floor"] = _ratio(cpu["samenbot"], cpu["floor"])
    retrieval_args = [str(sizes["stored"])] + ([postgres_url] if postgres_url else [])
    claims = _json_of("reminders", "1000", "100000", timeout=300)
    if "1000" in claims:
        claims["ratio"] = _ratio(claims["100000"], claims["1000"])
    report = {
        "mode": mode,
        "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"),
        "commit": _commit(),
        "ingest": {
            "samenbot": bot["ingest"],
            "floor": floor["ingest"],
            "ratio_to_floor": ingest_ratio,
        },
        "busy_group": {"samenbot": bot["busy_group"], "floor": floor["busy_group"]},
        "cpu_ms_per_answer": cpu,
        "synthesis": _json_of("synthesis", timeout=300),
        "retrieval": _json_of("retrieval", *retrieval_args, timeout=900),
        "memory": bot["memory"],
        "reminder_claim_ms": claims,
        "rate_limited_by_double": {"samenbot": bot["rate_limited"], "floor": floor["rate_limited"]},
    }
    report["targets"] = _targets(report)
    report["seconds"] = round(time.monotonic() - began, 1)
    return report


def _live(answers: int, groups: int, runs: int | None) -> tuple[dict, dict]:
    """The floor, then samenbot (with `runs` active for its memory), each in a process of its
    own (bench/live.py)."""
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        floor = asyncio.run(measure_live("floor", answers, groups, None, work / "floor"))
        bot = asyncio.run(measure_live("samenbot", answers, groups, runs, work / "samenbot"))
    return floor, bot


def ingest_only(answers: int, groups: int) -> dict:
    """The busy group and the ingest alone, samenbot beside the floor: what one change does,
    in about a minute, not recorded (`--ingest ANSWERS GROUPS`)."""
    floor, bot = _live(answers, groups, None)
    return {
        "commit": _commit(),
        "samenbot": bot,
        "floor": floor,
        "ratio_to_floor": {
            key: _ratio(bot["ingest"][key], floor["ingest"][key])
            for key in ("per_second", "cpu_ms_per_answer")
        },
    }


def _commit() -> str:
    result = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    return result.stdout.strip() or "?"


def append_row(report: dict) -> None:
    """One line per run in docs/benchmarks.md, below the table header there."""
    ingest, busy = report["ingest"], report["busy_group"]
    cpu, synthesis = report["cpu_ms_per_answer"], report["synthesis"]
    sqlite, postgres = (
        report["retrieval"].get("sqlite", {}),
        report["retrieval"].get("postgresql", {}),
    )
    claims, met = report["reminder_claim_ms"], report["targets"]
    cells = [
        f"{report['at']} {report['mode']} `{report['commit']}`",
        f"{ingest['samenbot']['per_second']} / {ingest['floor']['per_second']}",
        f"{ingest['samenbot']['p99_ms']} / {ingest['floor']['p99_ms']}",
        f"{busy['samenbot']['last_ack_s']} / {busy['floor']['last_ack_s']}",
        f"{busy['samenbot']['next_question_s']} / {busy['floor']['next_question_s']}",
        f"{cpu['samenbot']} / {cpu['floor']}",
        f"{synthesis.get('synthesis_ms')}",
        f"{sqlite.get('summary_ms')} / {sqlite.get('export_md_ms')}",
        f"{postgres.get('summary_ms', '–')} / {postgres.get('export_md_ms', '–')}",
        f"{report['memory']['rss_mib']}",
        f"{claims.get('1000')} / {claims.get('100000')}",
        f"{sum(1 for ok in met.values() if ok)}/{sum(1 for ok in met.values() if ok is not None)}",
    ]
    RESULTS.write_text(with_row(RESULTS.read_text(encoding="utf-8"), cells), encoding="utf-8")


def with_row(document: str, cells: list[str]) -> str:
    """`document` with a row added at the end of the runs table (the first table whose header
    starts with "| run |"), whatever follows the table."""
    lines = document.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| run |"))
    end = header
    while end + 1 < len(lines) and lines[end + 1].startswith("|"):
        end += 1
    lines.insert(end + 1, "| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument(
        "--quick", action="store_true", help="500 answers over 10 groups, 250 runs, 100 k stored"
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--no-record", action="store_true", help="do not append to docs/benchmarks.md"
    )
    parser.add_argument(
        "--ingest",
        nargs=2,
        type=int,
        metavar=("ANSWERS", "GROUPS"),
        help="only the busy group and the ingest, beside the floor; not recorded",
    )
    args = parser.parse_args()
    if args.ingest:
        print(json.dumps(ingest_only(*args.ingest)))
        return
    postgres_url = None if args.no_postgres else os.environ.get("BENCH_DATABASE_URL", POSTGRES_URL)
    report = run("quick" if args.quick else "full", postgres_url)
    if not args.no_record and RESULTS.exists():
        append_row(report)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
