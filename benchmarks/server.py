"""trainboard's server against TensorBoard's on the same logdir: chart latency and 50 concurrent clients.

    python benchmarks/server.py                  # 20,000 points, 10 s of load per server (~1 minute)
    python benchmarks/server.py --seconds 3      # quicker

1. Latency: `GET /api/scalars` for a 20,000-point series, smoothed (0.6) on the full series and
   reduced to 1,000 min/max buckets. The server's own time comes from its `Server-Timing` header;
   the goal is a median of at most 10 ms. TensorBoard's `/data/plugin/scalars/scalars` for the same
   tag is timed by round trip (it returns its 1,000-point reservoir sample and smooths in the browser).
2. Load: 50 clients on loopback for `--seconds` each, cycling through the routes a dashboard calls
   (runs, tags, environment, series), against each server in turn. Any error fails the run.
Ratios are trainboard / TensorBoard (below 1: trainboard is faster).
"""

from __future__ import annotations

import argparse
import asyncio
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


def latency(url: str, params: dict[str, str | int | float], repeats: int) -> tuple[list[float], list[float]]:
    """(round trips in ms, Server-Timing durations in ms when the server sends them)."""
    trips, server = [], []
    with httpx.Client(timeout=30) as client:
        client.get(url, params=params)  # warm caches and connections
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(url, params=params)
            trips.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
            timing = response.headers.get("server-timing", "")
            if "dur=" in timing:
                server.append(float(timing.split("dur=")[1].split(",")[0]))
    return trips, server


async def load(base: str, paths: list[str], clients: int, seconds: float) -> tuple[int, int, list[str]]:
    """(requests, errors, first error messages) for `clients` concurrent clients over `seconds`."""
    done, errors, messages = 0, 0, []
    stop_at = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client_loop(client: httpx.AsyncClient, offset: int) -> None:
        nonlocal done, errors
        i = offset
        while time.monotonic() < stop_at:
            try:
                response = await client.get(base + paths[i % len(paths)])
                if response.status_code != 200:
                    raise httpx.HTTPStatusError(
                        str(response.status_code), request=response.request, response=response
                    )
                done += 1
            except httpx.HTTPError as exc:
                errors += 1
                if len(messages) < 3:
                    messages.append(f"{type(exc).__name__}: {exc}")
            i += 1

    async with httpx.AsyncClient(timeout=30, limits=limits) as client:
        await asyncio.gather(*(client_loop(client, k) for k in range(clients)))
    return done, errors, messages


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
            our_trips, our_server = latency(f"{ours_base}/api/scalars", params, args.repeats)
            tb_trips, _ = latency(
                f"{tb_base}/data/plugin/scalars/scalars", {"run": RUN, "tag": TAG}, args.repeats
            )
            server_ms = statistics.median(our_server)
            print(f"series: {args.points:,} points, smoothing 0.6, {args.buckets:,} buckets")
            p95 = np.percentile(our_server, 95)
            ours_ms, tb_ms = statistics.median(our_trips), statistics.median(tb_trips)
            goal = SERVER_TIME_GOAL_MS
            print(f"  trainboard server time  median {server_ms:6.2f} ms   p95 {p95:6.2f} ms", end="")
            print(f"   (goal <= {goal:.0f} ms)")
            print(f"  trainboard round trip   median {ours_ms:6.2f} ms  (every point considered)")
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
            our_done, our_errors, our_messages = asyncio.run(
                load(ours_base, our_paths, args.clients, args.seconds)
            )
            tb_done, tb_errors, _ = asyncio.run(load(tb_base, tb_paths, args.clients, args.seconds))
            print(f"load: {args.clients} clients x {args.seconds:.0f} s on loopback")
            print(f"  trainboard   {our_done / args.seconds:8.0f} req/s   errors {our_errors}")
            print(f"  TensorBoard  {tb_done / args.seconds:8.0f} req/s   errors {tb_errors}")
            print(f"  ratio trainboard/TensorBoard throughput: {our_done / max(tb_done, 1):.2f}")
            for message in our_messages:
                print(f"  trainboard error: {message}")
        finally:
            for proc in (ours, theirs):
                proc.terminate()
                proc.wait(30)
    ok = server_ms <= SERVER_TIME_GOAL_MS and our_errors == 0
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
