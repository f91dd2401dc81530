"""`trainboard demo --no-serve --out DIR` writes a logdir in which every dashboard has something to show."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import trainboard
from trainboard import cli, demo


@pytest.fixture(scope="module")
def demo_logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert cli.main(["demo", "--no-serve", "--out", str(out)]) in (None, 0)
    return out


@pytest.fixture(scope="module")
def experiment(demo_logdir: Path) -> trainboard.Experiment:
    return trainboard.read(str(demo_logdir))


def _tags(experiment: trainboard.Experiment, plugin: str) -> set[str]:
    return {tag for plugins in experiment.tags().values() for tag in plugins.get(plugin, [])}


def test_demo_writes_several_runs_with_differing_hyperparameters(experiment: trainboard.Experiment) -> None:
    assert set(experiment.runs) >= {run.name for run in demo.RUNS}
    table = experiment.hparams()
    assert len(table) >= len(demo.RUNS)
    assert table["lr"].nunique() > 1 and table["optimizer"].nunique() > 1


def test_demo_loss_keeps_every_point_and_the_spike(experiment: trainboard.Experiment) -> None:
    arrays = experiment.scalar_arrays(demo.LIVE_RUN.name, "loss/train")
    assert len(arrays.step) == demo.STEPS
    assert arrays.step[int(np.argmax(arrays.value))] == demo.SPIKE_STEP


@pytest.mark.parametrize(
    ("plugin", "tag"),
    [
        ("scalars", "accuracy/val"),
        ("histograms", "weights/dense"),
        ("images", "samples/generated"),
        ("audio", "audio/chord"),
        ("text", "notes/text_summary"),
        ("pr_curves", "pr/positive_class"),
        ("custom_scalars", None),
        ("mesh", None),
        ("hparams", None),
    ],
)
def test_demo_logs_each_kind_of_data(experiment: trainboard.Experiment, plugin: str, tag: str | None) -> None:
    tags = _tags(experiment, plugin)
    assert tags, f"no {plugin} data in the demo logdir"
    if tag is not None:
        assert tag in tags


def test_every_dashboard_the_server_lists_has_data(experiment: trainboard.Experiment) -> None:
    from trainboard.server.listings import plugins_listing

    empty = [plugin["name"] for plugin in plugins_listing(experiment) if not plugin["has_data"]]
    assert not empty, f"dashboards without demo data: {empty}"


def test_demo_graph_has_the_mlp_layers(experiment: trainboard.Experiment) -> None:
    graph = experiment.graph(demo.LIVE_RUN.name)
    assert graph is not None
    names = {node.name for node in graph.node}
    assert {"input", "dense1/MatMul", "dense2/Softmax", "output"} <= names


def test_demo_video_is_an_animated_gif(experiment: trainboard.Experiment) -> None:
    (datum,) = experiment.blob_series(demo.LIVE_RUN.name, "rollout/episode")
    gif = experiment.read_blob(datum.blobs[-1].blob_id)
    assert gif.startswith(b"GIF8")


def test_demo_text_holds_a_markdown_table(experiment: trainboard.Experiment) -> None:
    (datum,) = experiment.tensor_series(demo.LIVE_RUN.name, "notes/text_summary")
    text = datum.value.reshape(-1)[0]
    text = text.decode() if isinstance(text, bytes) else str(text)
    assert "| optimizer | lr | dropout |" in text


def test_live_appends_continue_the_run_after_the_last_step(tmp_path: Path) -> None:
    demo.write_demo(tmp_path)
    stop = threading.Event()
    live = threading.Thread(target=demo.append_live, args=(tmp_path, stop))
    live.start()
    exp = trainboard.read(str(tmp_path))
    for _ in range(100):  # the live run flushes every tick; give it up to ~10 s on a loaded machine
        if len(exp.scalar_arrays(demo.LIVE_RUN.name, "loss/train").step) > demo.STEPS:
            break
        stop.wait(0.1)
        exp.reload()
    stop.set()
    live.join()
    exp.reload()
    steps = exp.scalar_arrays(demo.LIVE_RUN.name, "loss/train").step
    assert len(steps) > demo.STEPS
    assert steps[demo.STEPS] == demo.STEPS


def test_demo_serves_the_logdir_and_the_live_run_grows_over_http(tmp_path: Path) -> None:
    env = {**os.environ, "TRAINBOARD_API_ONLY": "1", "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "trainboard", "demo", "--out", str(tmp_path), "--port", "0"]
    server = subprocess.Popen([*command, "--host", "127.0.0.1"], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stdout is not None
        url = None
        for line in server.stdout:  # the banner names the port the OS picked
            if match := re.search(r"(http://127\.0\.0\.1:\d+)/", line):
                url = match.group(1)
                break
        assert url, "trainboard demo exited without printing the address it serves"
        query = f"{url}/api/scalars?run={demo.LIVE_RUN.name}&tag=loss/train&points=10"
        totals = []
        for _ in range(150):  # up to ~15 s for a live append to reach the server on a loaded machine
            try:
                # The server answers while its first load is under way, with what it has read so far.
                if _get_json(f"{url}/api/environment")["loading"]:
                    threading.Event().wait(0.1)
                    continue
                totals.append(_get_json(query)["total"])
            except urllib.error.HTTPError as exc:
                # The server answers before its first load ends; until then the run is unknown (404).
                assert exc.code == 404, exc
            if totals and totals[-1] > demo.STEPS:
                break
            threading.Event().wait(0.1)
        assert totals, f"the server never knew run {demo.LIVE_RUN.name!r}"
        assert totals[0] >= demo.STEPS
        assert totals[-1] > demo.STEPS, "the live run did not grow while being served"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def test_demo_out_on_a_file_exits_with_one_line_instead_of_a_traceback(tmp_path: Path, capsys) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder")
    with pytest.raises(SystemExit) as info:
        demo.main(["--no-serve", "--out", str(path)])
    assert info.value.code == 2
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last == (
        f"trainboard demo: error: --out {path} is a file; pass a folder to write the demo runs into"
    )
    assert path.read_text() == "not a folder"
