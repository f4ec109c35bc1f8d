"""Load from a separate process: wrk against one URL, for a bounded time, with N connections.

`wrk(url, connections=50, seconds=10)` returns requests/s, latency percentiles (p50/p95/p99
from wrk's own histogram, printed by a Lua `done` hook) and the error counts. With `cookies`,
the requests take turns through them (one signed-in resident or returning visitor each)."""

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

WRK = "wrk"
MARK = "BENCH-RESULT "

# Lua for wrk: rotate the given Cookie headers over the requests; at the end print one JSON
# line with the counts and percentiles (wrk reports latency in microseconds).
SCRIPT = """
local cookies = {%(cookies)s}
local turn = 0
request = function()
  if #cookies > 0 then
    turn = turn %% #cookies + 1
    wrk.headers["Cookie"] = cookies[turn]
  end
  return wrk.format(nil)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%(mark)s{"requests": %%d, "duration_us": %%d, "bytes": %%d, "p50": %%d, "p95": %%d, ' ..
    '"p99": %%d, "max": %%d, "non_2xx": %%d, "socket_errors": %%d}\\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class LoadResult:
    url: str
    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int  # answers outside 2xx and 3xx, as wrk counts them
    socket_errors: int  # connect, read, write errors and timeouts
    bytes_per_request: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def _lua_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk(
    url: str,
    *,
    connections: int = 50,
    seconds: int = 10,
    threads: int = 2,
    cookies: list[str] = (),
    timeout_s: int = 10,
) -> LoadResult:
    """Run wrk for `seconds` against `url` and parse its result."""
    script = SCRIPT % {"cookies": ", ".join(map(_lua_string, cookies)), "mark": MARK}
    with tempfile.TemporaryDirectory(prefix="landwerk-wrk-") as folder:
        path = Path(folder) / "bench.lua"
        path.write_text(script)
        completed = subprocess.run(
            [
                WRK,
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                f"--timeout={timeout_s}s",
                "-s",
                str(path),
                url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + timeout_s + 30,
            check=True,
        )
    line = next((line for line in completed.stdout.splitlines() if line.startswith(MARK)), None)
    if line is None:
        raise RuntimeError(
            f"wrk printed no result for {url}:\n{completed.stdout}{completed.stderr}"
        )
    result = json.loads(line.removeprefix(MARK))
    requests = result["requests"]
    return LoadResult(
        url=url,
        connections=connections,
        requests=requests,
        seconds=result["duration_us"] / 1e6,
        p50_ms=result["p50"] / 1000,
        p95_ms=result["p95"] / 1000,
        p99_ms=result["p99"] / 1000,
        max_ms=result["max"] / 1000,
        non_2xx=result["non_2xx"],
        socket_errors=result["socket_errors"],
        bytes_per_request=result["bytes"] / requests if requests else 0.0,
    )


if __name__ == "__main__":
    import sys

    print(wrk(sys.argv[1], seconds=int(sys.argv[2]) if len(sys.argv) > 2 else 5))
