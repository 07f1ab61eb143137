"""A benchmark run lands as a row of the runs table in docs/benchmarks.md, even when other
sections follow the table."""

from bench.__main__ import with_row

DOCUMENT = """# Benchmarks

| run | ingest /s |
|---|---|
| first | 1 / 2 |

## Before and after

| figure | before |
|---|---|
| x | y |
"""


def test_a_run_is_added_below_the_last_run_not_at_the_end_of_the_file():
    updated = with_row(DOCUMENT, ["second", "3 / 4"]).splitlines()

    assert updated[4:6] == ["| first | 1 / 2 |", "| second | 3 / 4 |"]
    assert updated[-1] == "| x | y |"
