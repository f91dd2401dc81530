"""trainboard's server against TensorBoard's on the same logdir: chart latency and 50 concurrent clients.

    python benchmarks/server.py                  # 20,000 points, 10 s of load per server (~1 minute)
    python benchmarks/server.py --seconds 3      # quicker

1. Latency: `GET /api/scalars` for a 20,000-point series, smoothed (0.6) on the full series and
   reduced to 1,000 min/max buckets. The server's own time comes from its `Server-Timing` header;
   the goal is a median of at most 10 ms. TensorBoard's `/data/plugin/scalars/scalars` for the same
   tag is timed by round trip (it returns its 1,000-point reservoir sample and smooths in the browser).
2. Load: 50 keep-alive clients on loopback for `--seconds` each, cycling through the routes a dashboard
   calls (runs, tags, environment, series) with Accept-Encoding: gzip as browsers send it, against each
   server in turn: requests per second, p50 and p99 latency. The budget (issue #15) is at least twice
   TensorBoard's requests per second with no errors. A third pass sends If-None-Match as a browser
   revalidating its cache does (TensorBoard sends no ETags). Any error fails the run.
Latency ratios are trainboard / TensorBoard (below 1: trainboard is faster); the throughput ratio is
trainboard / TensorBoard (above 1: trainboard serves more).
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
RUN, TAG = "run", "loss"
SERVER_TIME_GOAL_MS = 10.0
THROUGHPUT_BUDGET = 2.0  # issue #15: at least twice TensorBoard's requests per second, no errors
STARTUP_TIMEOUT = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_logdir(logdir: Path, points: int) -> None:
    from torch.utils.tensorboard import SummaryWriter

    values = np.random.default_rng(0).normal(size=points).cumsum()
    values[points // 3] += 1000.0  # the spike a chart must show
    with SummaryWriter(str(logdir / RUN)) as writer:
        for step, value in enumerate(values.tolist()):
            writer.add_scalar(TAG, value, step)


def start(command: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until(url: str, ready: callable, proc: subprocess.Popen[bytes], what: str) -> None:  # type: ignore[valid-type]
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{what} exited with code {proc.returncode}")
        try:
            response = httpx.get(url, timeout=5)
            if response.status_code == 200 and ready(response.json()):
                return
        except (httpx.HTTPError, ValueError, KeyError):
            pass
        time.sleep(0.2)
    raise SystemExit(f"{what} did not serve {url} within {STARTUP_TIMEOUT:.0f} s")


def latency(
    url: str, params: dict[str, str | int | float], repeats: int, *, cold: bool = False
) -> tuple[list[float], list[float]]:
    """(round trips in ms, Server-Timing durations in ms when the server sends them). `cold` changes
    the smoothing a little on every request, so that no answer comes from trainboard's cache."""
    trips, server = [], []
    with httpx.Client(timeout=30) as client:
        client.get(url, params=params)  # warm caches and connections
        for i in range(repeats):
            started = time.perf_counter()
            asked = {**params, "smoothing": 0.6 - (i + 1) * 1e-9} if cold else params
            response = client.get(url, params=asked)
            trips.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            timing = response.headers.get("server-timing", "")
            if "dur=" in timing:
                server.append(float(timing.split("dur=")[1].split(",")[0]))
    return trips, server


class Loopback:
    """A minimal HTTP/1.1 keep-alive client over one asyncio connection. The load clients use it instead
    of httpx, whose pool costs about 4 ms of client CPU a request at 50 connections: with httpx the
    load generator, not the server, set the pace (it used a whole core to drive either server)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], int]:
        """(status, headers, body bytes) of one GET; reconnects when the server closed the connection."""
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{extra}\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {}
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                fields[k.strip().lower()] = v.strip()
        if fields.get("transfer-encoding", "").lower() == "chunked":
            size = 0
            while True:
                chunk = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                await self.reader.readexactly(chunk + 2)
                size += chunk
                if chunk == 0:
                    break
        else:
            size = int(fields.get("content-length", "0"))
            await self.reader.readexactly(size)
        if fields.get("connection", "").lower() == "close":
            self.writer.close()
        return status, fields, size

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def load(
    base: str, paths: list[str], clients: int, seconds: float, *, conditional: bool = False
) -> tuple[int, int, list[float], list[str]]:
    """(answers, errors, latencies in ms, first error messages) of `clients` concurrent keep-alive
    clients cycling through `paths` for `seconds`, each sending what a browser sends (Accept-Encoding:
    gzip; with `conditional`, If-None-Match with the ETag of its last answer to that path, as the
    browser's cache does; then a 304 counts as an answer)."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    done, errors, messages, latencies = 0, 0, [], []
    stop_at = time.monotonic() + seconds

    async def client_loop(offset: int) -> None:
        nonlocal done, errors
        conn = Loopback(host, int(port))
        etags: dict[str, str] = {}
        i = offset
        try:
            while time.monotonic() < stop_at:
                path = paths[i % len(paths)]
                headers = {"Accept-Encoding": "gzip"}
                if conditional and path in etags:
                    headers["If-None-Match"] = etags[path]
                started = time.perf_counter()
                try:
                    status, fields, _size = await asyncio.wait_for(conn.get(path, headers), 30)
                    if status not in ((200, 304) if conditional else (200,)):
                        raise RuntimeError(f"HTTP {status} for {path}")
                    latencies.append((time.perf_counter() - started) * 1000)
                    if "etag" in fields:
                        etags[path] = fields["etag"]
                    done += 1
                except (OSError, RuntimeError, asyncio.IncompleteReadError, asyncio.TimeoutError) as exc:
                    errors += 1
                    conn.close()
                    conn = Loopback(host, int(port))
                    if len(messages) < 3:
                        messages.append(f"{type(exc).__name__}: {exc}")
                i += 1
        finally:
            conn.close()

    await asyncio.gather(*(client_loop(k) for k in range(clients)))
    return done, errors, latencies, messages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points", type=int, default=20_000)
    parser.add_argument("--buckets", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=200)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="trainboard-bench-") as tmp:
        logdir = Path(tmp)
        write_logdir(logdir, args.points)
        tb_port, ours_port = free_port(), free_port()
        env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TRAINBOARD_API_ONLY="1")
        ours = start(
            [sys.executable, "-m", "trainboard", "--logdir", str(logdir), "--port", str(ours_port)], env
        )
        theirs = start(
            [
                sys.executable,
                "-m",
                "tensorboard.main",
                "--logdir",
                str(logdir),
                "--port",
                str(tb_port),
                "--load_fast=false",
                "--reload_interval",
                "0",
            ],
            dict(os.environ),
        )
        ours_base, tb_base = f"http://127.0.0.1:{ours_port}", f"http://127.0.0.1:{tb_port}"
        try:
            wait_until(
                f"{ours_base}/api/tags?plugin=scalars",
                lambda b: b["runs"][RUN][TAG]["count"] == args.points,
                ours,
                "trainboard",
            )
            wait_until(f"{tb_base}/data/plugin/scalars/tags", lambda b: TAG in b[RUN], theirs, "TensorBoard")

            params = {"run": RUN, "tag": TAG, "points": args.buckets, "smoothing": 0.6}
            _trips, cold_server = latency(f"{ours_base}/api/scalars", params, args.repeats, cold=True)
            our_trips, our_server = latency(f"{ours_base}/api/scalars", params, args.repeats)
            tb_trips, _ = latency(
                f"{tb_base}/data/plugin/scalars/scalars", {"run": RUN, "tag": TAG}, args.repeats
            )
            server_ms = statistics.median(cold_server)
            print(f"series: {args.points:,} points, smoothing 0.6, {args.buckets:,} buckets")
            p95 = np.percentile(cold_server, 95)
            ours_ms, tb_ms = statistics.median(our_trips), statistics.median(tb_trips)
            goal = SERVER_TIME_GOAL_MS
            print(f"  trainboard server time  median {server_ms:6.2f} ms   p95 {p95:6.2f} ms", end="")
            print(f"   (computed each time; goal <= {goal:.0f} ms)")
            cached_ms = statistics.median(our_server)
            print(f"  trainboard server time  median {cached_ms:6.2f} ms  (the same answer again, cached)")
            print(f"  trainboard round trip   median {ours_ms:6.2f} ms  (cached; every point considered)")
            print(f"  TensorBoard round trip  median {tb_ms:6.2f} ms  (its 1,000-point sample)")
            print(f"  ratio trainboard/TensorBoard round trip: {ours_ms / tb_ms:.2f}")

            query = f"?run={RUN}&tag={TAG}"
            our_paths = [
                "/api/runs",
                "/api/tags?plugin=scalars",
                "/api/environment",
                f"/api/scalars{query}&points={args.buckets}&smoothing=0.6",
            ]
            tb_paths = [
                "/data/runs",
                "/data/plugin/scalars/tags",
                "/data/environment",
                f"/data/plugin/scalars/scalars{query}",
            ]
            our_done, our_errors, our_lat, our_messages = asyncio.run(
                load(ours_base, our_paths, args.clients, args.seconds)
            )
            tb_done, tb_errors, tb_lat, _ = asyncio.run(load(tb_base, tb_paths, args.clients, args.seconds))
            cond_done, cond_errors, cond_lat, _ = asyncio.run(
                load(ours_base, our_paths, args.clients, args.seconds, conditional=True)
            )
            ours_rps, tb_rps = our_done / args.seconds, tb_done / args.seconds
            ratio = ours_rps / max(tb_rps, 1e-9)
            print(
                f"load: {args.clients} keep-alive clients x {args.seconds:.0f} s on loopback, gzip accepted"
            )
            for name, n, errs, lat in (
                ("trainboard ", our_done, our_errors, our_lat),
                ("TensorBoard", tb_done, tb_errors, tb_lat),
                ("trainboard, If-None-Match (browser revalidation)", cond_done, cond_errors, cond_lat),
            ):
                p50, p99 = np.percentile(lat, (50, 99)) if lat else (math.nan, math.nan)
                print(
                    f"  {name}  {n / args.seconds:8.0f} req/s   errors {errs}   "
                    f"latency p50 {p50:6.1f} ms  p99 {p99:6.1f} ms"
                )
            print(
                f"  ratio trainboard/TensorBoard throughput: {ratio:.2f}  "
                f"(budget >= {THROUGHPUT_BUDGET:.0f}: {'met' if ratio >= THROUGHPUT_BUDGET else 'MISSED'})"
            )
            for message in our_messages:
                print(f"  trainboard error: {message}")
        finally:
            for proc in (ours, theirs):
                proc.terminate()
                proc.wait(30)
    ok = (
        server_ms <= SERVER_TIME_GOAL_MS
        and our_errors == 0
        and cond_errors == 0
        and ratio >= THROUGHPUT_BUDGET
    )
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
