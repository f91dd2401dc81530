"""Every `/data/` route trainboard serves answers as a real TensorBoard does, on one logdir written by
torch, tensorboardX and TensorBoard's own summary protos.

Two TensorBoards serve the logdir: the Rust data server (`--load_fast=true`, TensorBoard's default) and
the Python `EventAccumulator` (`--load_fast=false`). Each test compares trainboard's answer with the
loader docs/tensorboard-api.md says the route follows, and asserts exactly the differences listed there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.compat._tb_logdir import ADD_HPARAMS_TRIALS, write_add_hparams_trials, write_logdir

pytest.importorskip("tensorboard")
pytest.importorskip("tensorboardX")
pytest.importorskip("torch")

pytestmark = [pytest.mark.compat, pytest.mark.slow]

SRC = Path(__file__).resolve().parents[2] / "src"
STARTUP_SECONDS = 90
HPARAMS_SESSIONS = 3
ALL_STATUSES = ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"]


@dataclass
class Answer:
    status: int
    content_type: str
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]

    def get(self, path: str, **params: str | list[str]) -> Answer:
        query = f"?{urllib.parse.urlencode(params, doseq=True)}" if params else ""
        return self._send(urllib.request.Request(f"http://127.0.0.1:{self.port}{path}{query}"))

    def post(self, path: str, body: bytes, content_type: str = "application/json") -> Answer:
        url = f"http://127.0.0.1:{self.port}{path}"
        return self._send(urllib.request.Request(url, data=body, headers={"Content-Type": content_type}))

    def _send(self, request: urllib.request.Request) -> Answer:
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, response.headers.get("Content-Type", ""), response.read())
        except urllib.error.HTTPError as err:
            return Answer(err.code, err.headers.get("Content-Type", ""), err.read())


@dataclass
class Servers:
    rust: Server
    python: Server
    ours: Server
    logdir: Path


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(command: list[str], env: dict[str, str] | None = None) -> Server:
    port = _free_port()
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    return Server(port, process)


def _loaded(server: Server, expected_runs: set[str], sessions: int) -> bool:
    try:
        runs = server.get("/data/runs").json()
        groups = server.post(
            "/data/plugin/hparams/session_groups",
            json.dumps({"allowedStatuses": ALL_STATUSES, "sliceSize": 100}).encode(),
        ).json()
    except (OSError, ValueError):
        return False
    return expected_runs <= set(runs) and groups.get("totalSize") == sessions


@contextmanager
def _serving(logdir: Path, sessions: int) -> Iterator[Servers]:
    """TensorBoard's two loaders and trainboard over `logdir`, once each has loaded every run and
    `sessions` hparams session groups."""
    expected = {str(p.parent.relative_to(logdir)) for p in logdir.rglob("events.out.tfevents.*")}
    tensorboard = [sys.executable, "-m", "tensorboard.main", "--logdir", str(logdir), "--host", "127.0.0.1"]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(SRC), os.environ.get("PYTHONPATH")])),
    }
    env.pop("TRAINBOARD_API_ONLY", None)
    started = [
        _start([*tensorboard, "--load_fast=true", "--reload_interval=1"]),
        _start([*tensorboard, "--load_fast=false", "--reload_interval=1"]),
        _start([sys.executable, "-m", "trainboard", "--logdir", str(logdir)], env),
    ]
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        pending = list(started)
        while pending:
            pending = [s for s in pending if not _loaded(s, expected, sessions)]
            assert all(s.process.poll() is None for s in started), "a server exited during startup"
            assert time.monotonic() < deadline, f"servers on ports {[s.port for s in pending]} never loaded"
            time.sleep(0.3)
        # One more reload interval, so that TensorBoard's second pass over the files has happened too.
        time.sleep(1.5)
        yield Servers(*started, logdir=logdir)
    finally:
        for server in started:
            server.process.terminate()
        for server in started:
            server.process.wait(timeout=30)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    logdir = tmp_path_factory.mktemp("tb_logs")
    write_logdir(logdir)
    with _serving(logdir, HPARAMS_SESSIONS) as running:
        yield running


@pytest.fixture(scope="module")
def torch_trials(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """Trials written by torch's and tensorboardX's `add_hparams`: an experiment in every trial run."""
    logdir = tmp_path_factory.mktemp("torch_trials")
    write_add_hparams_trials(logdir)
    with _serving(logdir, ADD_HPARAMS_TRIALS) as running:
        yield running


def _same(servers: Servers, loader: str, path: str, **params: str | list[str]) -> Any:
    """trainboard's JSON answer at `path`, after checking it equals the `loader` TensorBoard's."""
    theirs = getattr(servers, loader).get(path, **params)
    ours = servers.ours.get(path, **params)
    assert theirs.status == 200, (path, theirs.body[:200])
    assert ours.status == 200, (path, ours.body[:200])
    assert ours.json() == theirs.json(), path
    return ours.json()


# -- core -------------------------------------------------------------------------------------------


def test_runs_are_the_same_runs_in_the_python_loaders_order(servers: Servers) -> None:
    ours = _same(servers, "python", "/data/runs")
    # The Rust loader lists the same runs in an order of its own.
    rust = servers.rust.get("/data/runs").json()
    assert sorted(rust) == sorted(ours) and rust != ours


def test_environment_has_tensorboards_fields_but_our_version_and_no_debug_flags(servers: Servers) -> None:
    theirs = servers.rust.get("/data/environment").json()
    ours = servers.ours.get("/data/environment").json()
    assert set(theirs) - set(ours) == {"debug"}  # TensorBoard's debug block echoes every server flag
    differences = {key for key in ours if ours[key] != theirs[key]}
    assert differences == {"version"}


def test_plugins_listing_enables_the_dashboards_tensorboard_enables(servers: Servers) -> None:
    theirs = servers.rust.get("/data/plugins_listing").json()
    ours = servers.ours.get("/data/plugins_listing").json()
    assert set(ours) <= set(theirs)
    for name, entry in ours.items():
        assert entry["enabled"] == theirs[name]["enabled"], name
        assert entry["tab_name"] == theirs[name]["tab_name"], name
        # TensorBoard's loading_mechanism names its Polymer elements; trainboard's app loads no plugin.
        assert entry["loading_mechanism"] == {"type": "NONE"}
    assert {n for n, e in ours.items() if e["enabled"]} == {
        *("scalars", "custom_scalars", "images", "audio", "graphs", "distributions", "histograms"),
        *("text", "hparams", "pr_curves"),
    }


@pytest.mark.parametrize("path", ["/data/logdir", "/data/window_properties", "/data/experiments"])
def test_legacy_core_routes_match(servers: Servers, path: str) -> None:
    theirs = servers.rust.get(path).json()
    ours = servers.ours.get(path).json()
    if path == "/data/logdir":
        assert Path(ours["logdir"]) == Path(theirs["logdir"]).resolve()
    else:
        assert ours == theirs


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "/foo", "/../../etc/passwd", "/data/nope", "/data/plugin/nope/tags", "/scalars/x"]
)
def test_unknown_paths_are_404_like_tensorboard(servers: Servers, path: str) -> None:
    assert servers.rust.get(path).status == 404
    answer = servers.ours.get(path)
    assert answer.status == 404 and b"root:" not in answer.body


def test_the_app_page_loads_at_its_own_urls(servers: Servers) -> None:
    for path, params in [("/", {}), ("/", {"tab": "scalars", "runs": "torch"}), ("/index.html", {})]:
        answer = servers.ours.get(path, **params)
        assert answer.status == 200 and answer.content_type.startswith("text/html")
        assert b"<div id=" in answer.body or b"<script" in answer.body


# -- scalars ----------------------------------------------------------------------------------------


def test_scalar_tags_display_names_and_descriptions_match_the_rust_loader(servers: Servers) -> None:
    ours = _same(servers, "rust", "/data/plugin/scalars/tags")
    assert ours["tf2"]["named"]["displayName"] == "Nice name"
    assert ours["tf2"]["accuracy"] == {
        "displayName": "",
        "description": (
            "<p><strong>fraction</strong> right &lt;script&gt;alert(1)&lt;/script&gt; <a>docs</a> "
            '<a href="https://x.org">ok</a></p>\n<table>\n<thead>\n<tr>\n<th>a</th>\n<th>b</th>\n</tr>\n'
            "</thead>\n<tbody>\n<tr>\n<td>1</td>\n<td>2</td>\n</tr>\n</tbody>\n</table>"
        ),
    }
    # The Python loader fills in the tag as display name of a legacy (torch, tensorboardX) scalar only.
    python = servers.python.get("/data/plugin/scalars/tags").json()
    assert python["torch"]["loss"]["displayName"] == "loss"
    assert python["torch"]["new_style"]["displayName"] == "" == python["tf2"]["accuracy"]["displayName"]


@pytest.mark.parametrize(
    ("run", "tag"), [("torch", "loss"), ("tbx", "reward"), ("tf2", "accuracy"), ("tf2", "diverged")]
)
def test_scalar_points_match_the_python_loader_byte_for_byte(servers: Servers, run: str, tag: str) -> None:
    theirs = servers.python.get("/data/plugin/scalars/scalars", run=run, tag=tag)
    ours = servers.ours.get("/data/plugin/scalars/scalars", run=run, tag=tag)
    assert ours.body == theirs.body
    assert ours.content_type == theirs.content_type == "application/json"


def test_non_finite_values_are_tensorboards_strings(servers: Servers) -> None:
    points = servers.ours.get("/data/plugin/scalars/scalars", run="torch", tag="loss").json()
    assert [p[2] for p in points[1:4]] == ["NaN", "Infinity", "-Infinity"]


def test_repeated_steps_keep_every_point_as_the_python_loader_does(servers: Servers) -> None:
    ours = servers.ours.get("/data/plugin/scalars/scalars", run="torch", tag="loss").json()
    rust = servers.rust.get("/data/plugin/scalars/scalars", run="torch", tag="loss").json()
    assert [p[1] for p in ours] == [0, 1, 2, 3, 4, 4]
    # The Rust loader keeps only the last point of a step.
    assert rust == [p for i, p in enumerate(ours) if i != 4]


def test_scalar_csv_matches_byte_for_byte(servers: Servers) -> None:
    params = {"run": "torch", "tag": "loss", "format": "csv"}
    theirs = servers.python.get("/data/plugin/scalars/scalars", **params)
    ours = servers.ours.get("/data/plugin/scalars/scalars", **params)
    assert ours.body == theirs.body and b"nan" in ours.body
    assert ours.content_type == theirs.content_type


def test_scalars_multirun_matches(servers: Servers) -> None:
    body = urllib.parse.urlencode({"tag": "loss", "runs": ["torch", "hp/run0/train", "tf2"]}, doseq=True)
    form = "application/x-www-form-urlencoded"
    theirs = servers.python.post("/data/plugin/scalars/scalars_multirun", body.encode(), form)
    ours = servers.ours.post("/data/plugin/scalars/scalars_multirun", body.encode(), form)
    assert ours.status == theirs.status == 200
    assert ours.json() == theirs.json() and set(ours.json()) == {"torch", "hp/run0/train"}


@pytest.mark.parametrize(
    ("params", "status"),
    [({"run": "torch", "tag": "nope"}, 404), ({"run": "nope", "tag": "loss"}, 404), ({"run": "torch"}, 400)],
)
def test_scalar_errors_have_tensorboards_status(
    servers: Servers, params: dict[str, str], status: int
) -> None:
    assert servers.rust.get("/data/plugin/scalars/scalars", **params).status == status
    assert servers.ours.get("/data/plugin/scalars/scalars", **params).status == status


ERROR_REQUESTS = [
    ("/data/plugin/histograms/histograms", {"run": "torch", "tag": "nope"}),
    ("/data/plugin/images/images", {"run": "torch", "tag": "nope"}),
    ("/data/plugin/audio/audio", {"run": "nope", "tag": "snd"}),
    ("/data/plugin/images/individualImage", {"blob_key": "garbage"}),
    ("/data/plugin/images/individualImage", {}),
    ("/data/plugin/audio/individualAudio", {"blob_key": "garbage"}),
    ("/data/plugin/pr_curves/pr_curves", {"run": "torch", "tag": "nope"}),
]


@pytest.mark.parametrize(("path", "params"), ERROR_REQUESTS)
def test_plugin_errors_have_tensorboards_status(servers: Servers, path: str, params: dict[str, str]) -> None:
    theirs = servers.rust.get(path, **params)
    ours = servers.ours.get(path, **params)
    assert 400 <= theirs.status < 500
    assert ours.status == theirs.status and ours.json()["error"]


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/data/plugin/distributions/distributions", {"run": "torch"}),
        ("/data/plugin/pr_curves/pr_curves", {"tag": "pr"}),
        ("/data/plugin/graphs/graph", {"run": "graph", "limit_attr_size": "0", "large_attrs_key": "k"}),
    ],
)
def test_requests_tensorboard_fails_with_500_are_a_400(
    servers: Servers, path: str, params: dict[str, str]
) -> None:
    assert servers.rust.get(path, **params).status == 500
    answer = servers.ours.get(path, **params)
    assert answer.status == 400 and answer.json()["error"]


# -- histograms and distributions ---------------------------------------------------------------------


@pytest.mark.parametrize("plugin", ["histograms", "distributions"])
def test_histogram_tags_match(servers: Servers, plugin: str) -> None:
    ours = _same(servers, "rust", f"/data/plugin/{plugin}/tags")
    assert ours["tf2"]["tf_hist"]["description"].startswith("<p><strong>fraction</strong>")


@pytest.mark.parametrize(
    ("run", "tag"), [("torch", "weights"), ("torch", "constant"), ("tbx", "acts"), ("tf2", "tf_hist")]
)
def test_histograms_match_the_python_loader(servers: Servers, run: str, tag: str) -> None:
    theirs = servers.python.get("/data/plugin/histograms/histograms", run=run, tag=tag).json()
    ours = servers.ours.get("/data/plugin/histograms/histograms", run=run, tag=tag).json()
    assert [row[:2] for row in ours] == [row[:2] for row in theirs]
    for mine, their in zip(ours, theirs, strict=True):
        # The same buckets (empty outer ones dropped); the Python loader rounds edges to float32.
        assert len(mine[2]) == len(their[2])
        assert [x for b in mine[2] for x in b] == pytest.approx([x for b in their[2] for x in b], rel=1e-6)
    if run != "tf2":
        # The Rust loader keeps the float64 edges but also the empty buckets of a legacy histogram.
        rust = servers.rust.get("/data/plugin/histograms/histograms", run=run, tag=tag).json()
        assert [len(row[2]) for row in rust] != [len(row[2]) for row in ours]


@pytest.mark.parametrize(("run", "tag"), [("torch", "weights"), ("tbx", "acts"), ("tf2", "tf_hist")])
def test_distributions_match_the_python_loader(servers: Servers, run: str, tag: str) -> None:
    theirs = servers.python.get("/data/plugin/distributions/distributions", run=run, tag=tag).json()
    ours = servers.ours.get("/data/plugin/distributions/distributions", run=run, tag=tag).json()
    assert [row[:2] for row in ours] == [row[:2] for row in theirs]
    for mine, their in zip(ours, theirs, strict=True):
        assert [bp for bp, _ in mine[2]] == [bp for bp, _ in their[2]]
        assert [v for _, v in mine[2]] == pytest.approx([v for _, v in their[2]], rel=1e-6, abs=1e-12)


# -- images and audio ------------------------------------------------------------------------------


@pytest.mark.parametrize("plugin", ["images", "audio"])
def test_blob_tags_match_with_samples(servers: Servers, plugin: str) -> None:
    _same(servers, "rust", f"/data/plugin/{plugin}/tags")


@pytest.mark.parametrize(("tag", "sample"), [("img", 0), ("batch", 0), ("batch", 1), ("batch", 2)])
def test_images_and_their_bytes_match(servers: Servers, tag: str, sample: int) -> None:
    path, params = "/data/plugin/images/images", {"run": "torch", "tag": tag, "sample": str(sample)}
    theirs = servers.rust.get(path, **params).json()
    ours = servers.ours.get(path, **params).json()
    # The query is opaque (TensorBoard says so): each server's names its own blob key.
    assert [(e["wall_time"], e["step"]) for e in ours] == [(e["wall_time"], e["step"]) for e in theirs]
    for mine, their in zip(ours, theirs, strict=True):
        a = servers.ours.get("/data/plugin/images/individualImage?" + mine["query"])
        b = servers.rust.get("/data/plugin/images/individualImage?" + their["query"])
        assert a.body == b.body and a.content_type == b.content_type == "image/png"


def test_audio_and_its_bytes_match_the_python_loader(servers: Servers) -> None:
    path, params = "/data/plugin/audio/audio", {"run": "torch", "tag": "snd"}
    theirs = servers.python.get(path, **params).json()
    ours = servers.ours.get(path, **params).json()
    strip = lambda entries: [{k: v for k, v in e.items() if k != "query"} for e in entries]  # noqa: E731
    assert strip(ours) == strip(theirs) and ours[0]["contentType"] == "audio/wav"
    # The Rust loader does not keep the WAV encoding of a legacy clip.
    assert servers.rust.get(path, **params).json()[0]["contentType"] == "application/octet-stream"
    a = servers.ours.get("/data/plugin/audio/individualAudio?" + ours[0]["query"])
    b = servers.python.get("/data/plugin/audio/individualAudio?" + theirs[0]["query"])
    assert a.body == b.body and a.content_type == b.content_type


# -- text, PR curves, custom scalars, graphs ---------------------------------------------------------


def test_text_tags_match(servers: Servers) -> None:
    # Lists of tags in no particular order (the Rust loader's is a hash order).
    ours = {run: sorted(tags) for run, tags in servers.ours.get("/data/plugin/text/tags").json().items()}
    assert ours == {
        run: sorted(tags) for run, tags in servers.rust.get("/data/plugin/text/tags").json().items()
    }
    assert ours == {
        "torch": ["notes/text_summary"],
        "tbx": ["table/text_summary"],
        "tf2": ["cube", "doc", "grid"],
    }


@pytest.mark.parametrize(
    ("run", "tag"),
    [
        ("torch", "notes/text_summary"),
        ("tbx", "table/text_summary"),
        ("tf2", "doc"),
        ("tf2", "grid"),
        ("tf2", "cube"),
        ("tf2", "nope"),
    ],
)
@pytest.mark.parametrize("markdown", ["true", "false"])
def test_text_renders_as_tensorboard_renders_it(servers: Servers, run: str, tag: str, markdown: str) -> None:
    _same(servers, "rust", "/data/plugin/text/text", run=run, tag=tag, markdown=markdown)


def test_pr_curves_match(servers: Servers) -> None:
    _same(servers, "rust", "/data/plugin/pr_curves/tags")
    ours = _same(servers, "rust", "/data/plugin/pr_curves/pr_curves", run=["torch"], tag="pr")
    assert [c["step"] for c in ours["torch"]] == [0, 1]


def test_custom_scalars_layout_matches(servers: Servers) -> None:
    ours = _same(servers, "rust", "/data/plugin/custom_scalars/layout")
    assert ours["category"][0]["title"] == "Training"


def test_graphs_info_matches(servers: Servers) -> None:
    ours = _same(servers, "rust", "/data/plugin/graphs/info")
    assert ours["graph"]["run_graph"] is True and ours["graph"]["tags"]["step1"]["profile"] is True


@pytest.mark.parametrize("params", [{}, {"limit_attr_size": "64", "large_attrs_key": "_too_large_attrs"}])
def test_graph_pbtxt_is_the_same_graph(servers: Servers, params: dict[str, str]) -> None:
    from google.protobuf import text_format
    from tensorboard.compat.proto import graph_pb2

    theirs = servers.rust.get("/data/plugin/graphs/graph", run="graph", **params)
    ours = servers.ours.get("/data/plugin/graphs/graph", run="graph", **params)
    assert theirs.status == ours.status == 200 and ours.content_type == theirs.content_type
    # The same text but for the order of map entries (node attrs), which protobuf's C printer leaves
    # in its hash table's order; trainboard writes them in the file's order.
    parsed = [text_format.Parse(a.body.decode(), graph_pb2.GraphDef()) for a in (ours, theirs)]
    assert parsed[0] == parsed[1] and len(parsed[0].node) > 10
    assert sorted(ours.body.splitlines()) == sorted(theirs.body.splitlines())


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"run": "graph", "limit_attr_size": "x"},
    ],
)
def test_bad_graph_requests_are_400(servers: Servers, params: dict[str, str]) -> None:
    assert servers.rust.get("/data/plugin/graphs/graph", **params).status == 400
    assert servers.ours.get("/data/plugin/graphs/graph", **params).status == 400


# -- hparams ---------------------------------------------------------------------------------------


def _hparams(server: Server, route: str, request: dict[str, Any], method: str = "POST") -> Answer:
    if method == "POST":
        return server.post(f"/data/plugin/hparams/{route}", json.dumps(request).encode())
    return server.get(f"/data/plugin/hparams/{route}", request=json.dumps(request))


@pytest.mark.parametrize("method", ["POST", "GET"])
@pytest.mark.parametrize("include_metrics", [True, False])
def test_hparams_experiment_matches(servers: Servers, method: str, include_metrics: bool) -> None:
    request = {"experimentName": "", "includeMetrics": include_metrics}
    theirs = _hparams(servers.rust, "experiment", request, method).json()
    ours = _hparams(servers.ours, "experiment", request, method).json()
    assert ours == theirs


SESSION_GROUP_REQUESTS = [
    {"allowedStatuses": ALL_STATUSES, "startIndex": 0, "sliceSize": 10, "includeMetrics": True},
    {"allowedStatuses": ALL_STATUSES, "sliceSize": 2, "startIndex": 1, "includeMetrics": False},
    {
        "allowed_statuses": ALL_STATUSES,
        "slice_size": 10,
        "col_params": [{"hparam": "lr", "order": "ORDER_ASC"}],
    },
    {
        "allowedStatuses": ALL_STATUSES,
        "sliceSize": 10,
        "colParams": [
            {"metric": {"group": "validation", "tag": "loss"}, "order": "ORDER_DESC"},
            {"hparam": "opt", "filterDiscrete": ["adam"], "includeInResult": True},
        ],
    },
    {
        "allowedStatuses": ALL_STATUSES,
        "sliceSize": 10,
        "colParams": [{"hparam": "opt", "filterRegexp": "^s"}],
    },
    {
        "allowedStatuses": ALL_STATUSES,
        "sliceSize": 10,
        "colParams": [{"hparam": "lr", "filterInterval": {"minValue": 0.05, "maxValue": 2}}],
    },
    {"allowedStatuses": ["STATUS_SUCCESS"], "sliceSize": 10},
    {},
]


@pytest.mark.parametrize("request_body", SESSION_GROUP_REQUESTS)
def test_hparams_session_groups_match(servers: Servers, request_body: dict[str, Any]) -> None:
    theirs = _hparams(servers.rust, "session_groups", request_body)
    ours = _hparams(servers.ours, "session_groups", request_body)
    assert ours.status == theirs.status == 200
    assert ours.json() == theirs.json()


def test_hparams_session_groups_by_get_match(servers: Servers) -> None:
    request = SESSION_GROUP_REQUESTS[0]
    assert _hparams(servers.ours, "session_groups", request, "GET").json() == (
        _hparams(servers.rust, "session_groups", request, "GET").json()
    )


@pytest.mark.parametrize("metric", [{"group": "train", "tag": "loss"}, {"group": "", "tag": "acc"}])
def test_hparams_metric_evals_match(servers: Servers, metric: dict[str, str]) -> None:
    request = {"experimentName": "", "sessionName": "hp/run1", "metricName": metric}
    theirs = _hparams(servers.rust, "metric_evals", request)
    ours = _hparams(servers.ours, "metric_evals", request)
    assert ours.status == theirs.status == 200 and ours.json() == theirs.json()


@pytest.mark.parametrize("route", ["experiment", "session_groups", "metric_evals"])
def test_hparams_requests_that_are_not_json_are_400(servers: Servers, route: str) -> None:
    for server in (servers.rust, servers.ours):
        assert server.post(f"/data/plugin/hparams/{route}", b"not json").status == 400
        assert server.get(f"/data/plugin/hparams/{route}").status == 400


def test_a_tensor_without_plugin_metadata_is_under_no_tensorboard_dashboard(servers: Servers) -> None:
    for server in (servers.rust, servers.python, servers.ours):
        for plugin in ("scalars", "histograms", "distributions", "images", "audio", "text", "pr_curves"):
            tags = server.get(f"/data/plugin/{plugin}/tags").json()
            assert "raw_tensor" not in tags.get("tf2", {}), (server.port, plugin)
    # trainboard's own API still lists it, with its values.
    assert "raw_tensor" in servers.ours.get("/api/tags", plugin="tensor").json()["runs"]["tf2"]
    values = servers.ours.get("/api/tensors", run="tf2", tag="raw_tensor").json()["data"]
    assert [d["value"] for d in values] == [[0.0, 1.0, 2.0]]


def test_add_hparams_trials_merge_every_trials_experiment(torch_trials: Servers) -> None:
    """torch and tensorboardX declare an experiment in every trial run. TensorBoard answers one of them
    (which one depends on the loader and, for the Rust one, on the run); trainboard merges them all."""
    request = {"allowedStatuses": ALL_STATUSES, "sliceSize": 100}
    ours = _hparams(torch_trials.ours, "experiment", {}).json()
    mine = {h["name"]: h for h in ours["hparamInfos"]}
    assert set(mine) == {"arch", "bn", "lr", "optimizer"}
    assert [m["name"]["tag"] for m in ours["metricInfos"]] == ["accuracy", "loss"]
    groups = _hparams(torch_trials.ours, "session_groups", request).json()
    assert groups["totalSize"] == ADD_HPARAMS_TRIALS
    for server in (torch_trials.rust, torch_trials.python):
        theirs = _hparams(server, "experiment", {}).json()
        names = {h["name"] for h in theirs["hparamInfos"]}
        assert names in ({"bn", "lr", "optimizer"}, {"arch", "lr"})  # one torch or tensorboardX trial's
        for info in theirs["hparamInfos"]:
            # The same info, plus a domain seen in the sessions where the trial declared none.
            assert {k: v for k, v in mine[info["name"]].items() if k in info} == info
            assert set(mine[info["name"]]) - set(info) <= {"domainInterval", "domainDiscrete"}
        metrics = [m["name"] for m in theirs["metricInfos"]]
        their_groups = _hparams(server, "session_groups", request).json()
        # The same groups and sessions; TensorBoard's carry only the metrics of the experiment it chose.
        for group, their in zip(groups["sessionGroups"], their_groups["sessionGroups"], strict=True):
            assert group["hparams"] == their["hparams"]
            assert [v for v in group["metricValues"] if v["name"] in metrics] == their["metricValues"]
            assert [s["name"] for s in group["sessions"]] == [s["name"] for s in their["sessions"]]
    loss = [v for v in groups["sessionGroups"][4]["metricValues"] if v["name"]["tag"] == "loss"]
    assert loss[0]["value"] == "NaN"


@pytest.mark.parametrize(
    "params",
    [
        {"run": "torch", "tag": "loss"},
        {"run": "torch", "tag": "new_.*|lo"},
        {"run": "torch", "tag": "oss"},
        {"run": "torch", "tag": "("},
        {"run": "nope", "tag": "loss"},
        {"run": "torch"},
    ],
)
def test_custom_scalars_scalars_match(servers: Servers, params: dict[str, str]) -> None:
    _same(servers, "python", "/data/plugin/custom_scalars/scalars", **params)


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_custom_scalars_download_matches_byte_for_byte(servers: Servers, fmt: str) -> None:
    params = {"run": "torch", "tag": "loss", "format": fmt}
    theirs = servers.python.get("/data/plugin/custom_scalars/download_data", **params)
    ours = servers.ours.get("/data/plugin/custom_scalars/download_data", **params)
    assert (ours.status, ours.content_type, ours.body) == (theirs.status, theirs.content_type, theirs.body)
