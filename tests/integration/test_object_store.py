"""Object-store logdirs against a real S3 API server (moto's server mode) on loopback.

trainboard's writer writes `s3://` runs as segment objects from two processes at once; `trainboard.read`,
the dashboard's server and TensorBoard's own loader read the same objects; a point written while the
server runs is served after the next reload. Endpoint and credentials come from the usual variables
(AWS_ENDPOINT_URL for botocore and s3fs, S3_ENDPOINT for TensorBoard).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.integration.conftest import SRC, Server, free_port

pytest.importorskip("s3fs", reason="the s3 extra (s3fs) is not installed")
pytest.importorskip("moto.server", reason="moto[server] is not installed")

BUCKET = "trainboard-test"


@pytest.fixture(scope="module")
def s3() -> Iterator[str]:
    """A moto S3 server on a free loopback port, with the environment pointing at it."""
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": endpoint,
        "S3_ENDPOINT": endpoint,
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint, timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None and time.monotonic() < deadline, "moto's S3 server did not start"
                time.sleep(0.1)
        import boto3

        boto3.client("s3").create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        proc.terminate()
        proc.wait(10)


def _fresh_fs():
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()
    return s3fs.S3FileSystem()


_WRITER = textwrap.dedent(
    """
    import sys, time
    from trainboard import SummaryWriter
    url, steps = sys.argv[1], int(sys.argv[2])
    writer = SummaryWriter(url, flush_secs=0.2)
    for step in range(steps):
        writer.add_scalar("loss", step * 0.5, step)
        if step % 50 == 0:
            time.sleep(0.25)  # a few segments, as a slow training loop makes
    writer.close()
    """
)


def test_two_processes_write_segments_that_trainboard_and_tensorboard_read_alike(s3: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    urls = [f"s3://{BUCKET}/sweep/run{i}" for i in range(2)]
    writers = [
        subprocess.Popen([sys.executable, "-c", _WRITER, url, "300"], env=env, stderr=subprocess.PIPE)
        for url in urls
    ]
    for proc in writers:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()

    fs = _fresh_fs()
    segments = sorted(fs.ls(f"{BUCKET}/sweep/run0"))
    assert len(segments) > 2, "a slow loop should have made several segments"
    assert all(".tfevents." in s and s[-6:].isdigit() for s in segments)

    import trainboard

    exp = trainboard.read(f"s3://{BUCKET}/sweep")
    assert exp.runs == ["run0", "run1"] and not exp.warnings
    for run in exp.runs:
        arrays = exp.scalar_arrays(run, "loss")
        assert list(arrays.step) == list(range(300))
        assert list(arrays.value) == [step * 0.5 for step in range(300)]

    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    accumulator = EventAccumulator(f"s3://{BUCKET}/sweep/run1", size_guidance={"scalars": 0})
    accumulator.Reload()
    assert [(e.step, e.value) for e in accumulator.Scalars("loss")] == [(s, s * 0.5) for s in range(300)]


def test_the_dashboard_serves_points_written_while_it_runs_and_two_servers_agree(
    s3: str, server_factory: Callable[..., Server]
) -> None:
    import trainboard

    logdir = f"s3://{BUCKET}/live"
    writer = trainboard.SummaryWriter(f"{logdir}/run")
    try:
        writer.add_scalar("reward", 1.0, 1)
        writer.flush()
        servers = [server_factory(logdir, "--reload_interval", "1") for _ in range(2)]
        for server in servers:
            server.wait_loaded()
        writer.add_scalar("reward", 2.0, 2)  # not flushed: the writer's own delay puts it there
        deadline = time.monotonic() + 30

        def steps(server: Server) -> list[int]:
            body = server.get("/api/scalars", params={"run": "run", "tag": "reward"}).json()
            return body.get("step", [])

        while steps(servers[0]) != [1, 2] or steps(servers[1]) != [1, 2]:
            assert time.monotonic() < deadline, [steps(s) for s in servers]
            time.sleep(0.2)
        answers = [
            s.get("/api/scalars", params={"run": "run", "tag": "reward", "smoothing": "0"}) for s in servers
        ]
        assert answers[0].json() == answers[1].json()
    finally:
        writer.close()


def test_an_unreachable_store_says_so_in_one_line(s3: str) -> None:
    import trainboard
    from trainboard.errors import WriteError

    # A store of its own, stopped while the writer holds values for it.
    port = free_port()
    store = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(os.environ["AWS_ENDPOINT_URL"], timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "moto's S3 server did not start"
                time.sleep(0.1)
        fs = _fresh_fs()
        fs.mkdir(BUCKET)
        writer = trainboard.SummaryWriter(f"s3://{BUCKET}/doomed/run", flush_secs=3600)
        for step in range(3):
            writer.add_scalar("loss", 1.0, step)
        store.terminate()
        store.wait(10)
        with pytest.raises(WriteError) as info:
            writer.flush()
        message = str(info.value)
        assert "\n" not in message
        assert message.startswith(f"writing s3://{BUCKET}/doomed/run/events.out.tfevents.")
        assert "3 logged values were not written" in message
        assert "Check that the bucket exists and the credentials may write to it" in message
        with pytest.raises(WriteError):
            writer.add_scalar("loss", 1.0, 4)
        with pytest.raises(WriteError):
            writer.close()  # said once more here, not at exit
    finally:
        if store.poll() is None:
            store.kill()
        os.environ["AWS_ENDPOINT_URL"] = s3
        _fresh_fs()


def test_the_writer_names_segments_in_writing_order(s3: str, tmp_path: Path) -> None:
    import trainboard

    writer = trainboard.SummaryWriter(f"s3://{BUCKET}/order/run", flush_secs=3600)
    for step in range(12):
        writer.add_scalar("loss", float(step), step)
        writer.flush()  # one segment each
    writer.close()
    names = [p.rsplit("/", 1)[1] for p in _fresh_fs().ls(f"{BUCKET}/order/run")]
    assert len(names) == 12 and names == sorted(names)
    assert [int(n.rsplit(".", 1)[1]) for n in names] == list(range(12))


# -- requests per reload, counted by a proxy in front of the S3 server --------------------------------


class _CountingProxy:
    """A loopback HTTP proxy to the S3 server that counts requests by kind (and the object keys list
    requests return, as "keys") and the most object GETs in flight.

    Each object GET is held `delay` seconds, so fetches that overlap are seen overlapping.
    """

    def __init__(self, upstream: str, delay: float = 0.05) -> None:
        import http.client
        import http.server
        import threading
        import urllib.parse

        target = urllib.parse.urlsplit(upstream)
        self.counts: dict[str, int] = {}
        self.seen: list[tuple[str, str]] = []
        self.in_flight = 0
        self.most_in_flight = 0
        lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _forward(self) -> None:
                path, _, query = self.path.partition("?")
                is_object = path.strip("/").count("/") >= 1
                kind = {
                    "HEAD": "head",
                    "PUT": "put",
                    "GET": "get" if is_object and "list-type" not in query else "list",
                }.get(self.command, self.command.lower())
                with lock:
                    proxy.seen.append((self.command, self.path))
                    proxy.counts[kind] = proxy.counts.get(kind, 0) + 1
                    proxy.in_flight += kind == "get"
                    proxy.most_in_flight = max(proxy.most_in_flight, proxy.in_flight)
                try:
                    if kind == "get":
                        time.sleep(delay)
                    length = int(self.headers.get("Content-Length") or 0)
                    body = self.rfile.read(length) if length else None
                    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
                    headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                    conn.request(self.command, self.path, body=body, headers=headers)
                    answer = conn.getresponse()
                    data = answer.read()
                    if kind == "list":
                        with lock:
                            proxy.counts["keys"] = proxy.counts.get("keys", 0) + data.count(b"<Key>")
                    self.send_response(answer.status)
                    for key, value in answer.getheaders():
                        if key.lower() not in ("transfer-encoding", "content-length", "connection"):
                            self.send_header(key, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(data)
                    conn.close()
                finally:
                    with lock:
                        proxy.in_flight -= kind == "get"

            do_GET = do_PUT = do_HEAD = do_POST = do_DELETE = _forward  # noqa: N815 (http.server names)

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def reset(self) -> None:
        self.counts.clear()
        self.seen.clear()
        self.most_in_flight = 0

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def proxy(s3: str) -> Iterator[_CountingProxy]:
    counting = _CountingProxy(s3)
    os.environ["AWS_ENDPOINT_URL"] = counting.url
    _fresh_fs()
    try:
        yield counting
    finally:
        os.environ["AWS_ENDPOINT_URL"] = s3
        _fresh_fs()
        counting.close()


def _write_segments(url: str, first: int, count: int) -> None:
    import trainboard

    writer = trainboard.SummaryWriter(url, flush_secs=3600)
    for step in range(first, first + count):
        writer.add_scalar("loss", float(step), step)
        writer.flush()  # one segment each
    writer.close()


def test_a_reload_lists_each_folder_once_past_its_last_segment_and_heads_nothing(
    proxy: _CountingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trainboard
    from trainboard.store import remote

    monkeypatch.setattr(remote, "FULL_WALK_SECS", 3600.0)
    logdir = f"s3://{BUCKET}/bounded"
    _write_segments(f"{logdir}/run", 0, 40)
    exp = trainboard.read(logdir)
    assert list(exp.scalar_arrays("run", "loss").step) == list(range(40))

    def reload_counts() -> dict[str, int]:
        proxy.reset()
        exp.reload()
        return dict(proxy.counts)

    # A quiet reload lists the logdir and its run once each, and only the run's last segment comes
    # back (a full listing would return all 40).
    assert reload_counts() == {"list": 2, "keys": 1}
    _write_segments(f"{logdir}/run", 40, 3)
    counts = reload_counts()
    # The three new segments listed (with the last old one) and fetched; no HEAD at all.
    assert counts == {"list": 2, "keys": 4, "get": 3}, counts
    assert list(exp.scalar_arrays("run", "loss").step) == list(range(43))
    # Twice the history costs the same.
    _write_segments(f"{logdir}/run", 43, 40)
    reload_counts()
    _write_segments(f"{logdir}/run", 83, 1)
    assert reload_counts() == {"list": 2, "keys": 2, "get": 1}
    # A file beside the event files (Lightning's hparams.yaml) is known from the listing: looking for
    # one that is not there costs no request, and one written since is read with one GET.
    proxy.reset()
    assert exp.read_beside("run", "hparams.yaml") is None and proxy.counts == {}
    _fresh_fs().pipe_file(f"{BUCKET}/bounded/run/hparams.yaml", b"lr: 0.5\n")
    exp.reload()
    proxy.reset()
    assert exp.read_beside("run", "hparams.yaml") == b"lr: 0.5\n" and proxy.counts == {"get": 1}, proxy.seen
    # A new top-level run shows at the next reload, not only at the next full walk.
    _write_segments(f"{logdir}/run2", 0, 2)
    exp.reload()
    assert exp.runs == ["run", "run2"]
    assert list(exp.scalar_arrays("run2", "loss").step) == [0, 1]
    assert list(exp.scalar_arrays("run", "loss").step) == list(range(84))


def test_a_runs_new_segments_are_fetched_concurrently_within_a_bound(proxy: _CountingProxy) -> None:
    import trainboard
    from trainboard.store.remote import PREFETCH_FILES

    logdir = f"s3://{BUCKET}/parallel"
    _write_segments(f"{logdir}/run", 0, 3 * PREFETCH_FILES)
    proxy.reset()
    exp = trainboard.read(logdir)
    assert list(exp.scalar_arrays("run", "loss").step) == list(range(3 * PREFETCH_FILES))
    assert proxy.counts.get("get") == 3 * PREFETCH_FILES
    assert proxy.counts.get("head", 0) <= 1, "one HEAD at most: whether the logdir exists at all"
    assert 2 <= proxy.most_in_flight <= PREFETCH_FILES, proxy.most_in_flight


def test_trainboard_export_reads_an_s3_logdir(s3: str, tmp_path: Path) -> None:
    from trainboard import export

    if not export.TEMPLATE.is_file():
        pytest.skip("the report page is not built")
    _write_segments(f"s3://{BUCKET}/export/run", 0, 5)
    out = tmp_path / "report.html"
    result = export.export_report(f"s3://{BUCKET}/export", out)
    assert (result.runs, result.series, result.points, result.raw_series) == (1, 1, 5, 1)
    assert out.stat().st_size == result.bytes and '"runs":["run"]' in out.read_text()


def test_embeddings_of_an_s3_run_read_like_local_ones_and_stay_inside_the_run(
    s3: str, tmp_path: Path
) -> None:
    import numpy as np

    import trainboard
    from trainboard.errors import InvalidArgumentError
    from trainboard.plugins.projector.routes import tb_info

    local = tmp_path / "logs"
    rng = np.random.default_rng(0)
    with trainboard.SummaryWriter(str(local / "run")) as w:
        w.add_scalar("loss", 1.0, 0)
        w.add_embedding(
            rng.standard_normal((20, 5)).astype(np.float32),
            metadata=[f"p{i}" for i in range(20)],
            label_img=rng.random((20, 3, 8, 8)).astype(np.float32),
            global_step=3,
            tag="features",
        )
    fs = _fresh_fs()
    fs.put(f"{local}/", f"{BUCKET}/projector/logs/", recursive=True)
    assert fs.exists(f"{BUCKET}/projector/logs/run/projector_config.pbtxt")

    mine, theirs = trainboard.read(f"s3://{BUCKET}/projector/logs"), trainboard.read(local)
    [remote], [disk] = mine.embeddings(), theirs.embeddings()
    assert (remote.run, remote.name, remote.tag, remote.step) == (disk.run, disk.name, disk.tag, disk.step)
    np.testing.assert_array_equal(remote.tensor, disk.tensor)
    assert remote.metadata_table() == disk.metadata_table()
    assert remote.sprite_bytes() == disk.sprite_bytes() and remote.sprite_dim == disk.sprite_dim
    assert tb_info(mine, "run")["embeddings"][0]["tensorName"] == disk.name

    # A config naming a file outside the run is refused, as on disk.
    config = fs.cat_file(f"{BUCKET}/projector/logs/run/projector_config.pbtxt").decode()
    fs.pipe_file(
        f"{BUCKET}/projector/logs/run/projector_config.pbtxt",
        config.replace(disk.info.tensor_path, "../../elsewhere/tensors.tsv").encode(),
    )
    exp = trainboard.read(f"s3://{BUCKET}/projector/logs")
    with pytest.raises(InvalidArgumentError, match="outside the run directory"):
        _ = exp.embeddings("run")[0].tensor


def test_add_embedding_to_an_s3_log_dir_writes_what_it_writes_on_disk(s3: str, tmp_path: Path) -> None:
    import numpy as np

    import trainboard

    rng = np.random.default_rng(1)
    mat = rng.standard_normal((12, 4)).astype(np.float32)
    images = rng.random((12, 3, 6, 6)).astype(np.float32)
    url = f"s3://{BUCKET}/embed-direct/logs"
    for log_dir in (f"{url}/run", str(tmp_path / "logs" / "run")):
        with trainboard.SummaryWriter(log_dir) as w:
            w.add_scalar("loss", 1.0, 0)
            w.add_embedding(mat, metadata=[f"p{i}" for i in range(12)], label_img=images, global_step=2)
    assert not (Path.cwd() / "s3:").exists()  # nothing was written to a local folder named after the URL
    fs = _fresh_fs()
    local = tmp_path / "logs" / "run"
    for name in ("projector_config.pbtxt", "00002/default/tensors.tsv", "00002/default/metadata.tsv"):
        assert fs.cat_file(f"{BUCKET}/embed-direct/logs/run/{name}") == (local / name).read_bytes(), name
    [remote] = trainboard.read(url).embeddings()
    np.testing.assert_allclose(remote.tensor, mat, rtol=1e-6)
    assert remote.sprite_bytes() == (local / "00002/default/sprite.png").read_bytes()
