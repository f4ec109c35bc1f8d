"""`make bench`: run the benchmarks and write their figures into docs/benchmarks.md.

    .venv/bin/python -m bench                 every benchmark, in the order below
    .venv/bin/python -m bench flag_cost ...   only these

Each benchmark is a module in bench/ with `TITLE` and `run() -> str` (its figures as Markdown).
Its section in docs/benchmarks.md sits between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`
and is replaced on every run; the text around the sections (analysis, before/after) is kept.
"""

import importlib
import re
import sys
import time
from pathlib import Path

from bench.machine import machine_line

BENCHMARKS = [
    "flag_cost",
    "vote_integrity",
    "throughput",
    "propagation",
    "growth",
    "marketplace_search",
]
DOCUMENT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def section(name: str, body: str, seconds: float) -> str:
    module = importlib.import_module(f"bench.{name}")
    return (
        f"<!-- bench:{name} -->\n### {module.TITLE}\n\n"
        f"Command: `make bench ONLY={name}` · {machine_line()} · run took {seconds:.0f} s\n\n"
        f"{body.strip()}\n<!-- /bench:{name} -->"
    )


def write_section(name: str, text: str) -> None:
    document = DOCUMENT.read_text()
    pattern = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->", re.S)
    if pattern.search(document):
        document = pattern.sub(lambda _: text, document)
    else:
        document = document.rstrip() + "\n\n" + text + "\n"
    DOCUMENT.write_text(document)


def main(names: list[str]) -> None:
    unknown = [name for name in names if name not in BENCHMARKS]
    if unknown:
        sys.exit(f"Unknown benchmark(s): {', '.join(unknown)}. Known: {', '.join(BENCHMARKS)}")
    for name in names or BENCHMARKS:
        print(f"== {name}", flush=True)
        started = time.monotonic()
        body = importlib.import_module(f"bench.{name}").run()
        print(body, flush=True)
        write_section(name, section(name, body, time.monotonic() - started))
    print(f"Figures written to {DOCUMENT}")


if __name__ == "__main__":
    main(sys.argv[1:])
