"""The chart answers are cached per series and parameters, dropped when the series changes, answered
304 when the client holds them, and gzipped where that pays."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient

from trainboard import SummaryWriter
from trainboard.plugins.scalars import columnar
from trainboard.plugins.scalars.series import chart_cache, scalars_many
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import Experiment, read
from trainboard.store.sampling import ema, m4

SERIES = {"run": "a", "tag": "loss", "points": 20, "smoothing": 0.6}


def _write(logdir: Path, run: str, steps: range, offset: float = 0.0) -> None:
    with SummaryWriter(str(logdir / run)) as w:
        for step in steps:
            w.add_scalar("loss", float(np.sin(step / 7.0)) + offset, step, walltime=1000.0 + step)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[TestClient, Experiment, Path]]:
    _write(tmp_path, "a", range(200))
    _write(tmp_path, "b", range(200), 1.0)
    exp = read(str(tmp_path), load=False)
    app = create_app(exp, ServerSettings(logdir=str(tmp_path), api_only=True))
    with TestClient(app, base_url="http://localhost") as c:
        app.fastapi.state.live.wait_loaded(10)
        yield c, exp, tmp_path


def test_an_unchanged_answer_is_a_304_without_a_body(served) -> None:
    client, _exp, _logdir = served
    first = client.get("/api/scalars", params=SERIES)
    assert first.status_code == 200
    tag = first.headers["etag"]
    assert tag.startswith('W/"') and first.headers["cache-control"] == "no-cache"
    again = client.get("/api/scalars", params=SERIES, headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag
    # Other parameters are another answer, with another ETag.
    other = client.get("/api/scalars", params={**SERIES, "smoothing": 0.5}, headers={"If-None-Match": tag})
    assert other.status_code == 200 and other.headers["etag"] != tag


def test_a_run_that_grows_gets_a_new_answer_and_drops_the_old_one(served) -> None:
    client, exp, logdir = served
    first = client.get("/api/scalars", params=SERIES)
    assert first.json()["total"] == 200
    versions = chart_cache(exp).versions()
    _write(logdir, "a", range(200, 300))  # a second event file in the run
    exp.reload()
    grown = client.get("/api/scalars", params=SERIES, headers={"If-None-Match": first.headers["etag"]})
    assert grown.status_code == 200 and grown.json()["total"] == 300
    assert grown.headers["etag"] != first.headers["etag"]
    # What was computed from the old points is gone; the run that did not change keeps its entry.
    now = chart_cache(exp).versions()
    assert now[("a", "loss")] != versions[("a", "loss")]
    assert grown.json()["step"][-1] == 299


def test_a_removed_run_is_not_found_even_with_the_old_etag(served) -> None:
    client, exp, logdir = served
    first = client.get("/api/scalars", params=SERIES)
    card = {"tags": ["loss"], "runs": ["a", "b"], "points": 20, "format": "json"}
    before = client.post("/api/scalars/runs", json=card)
    shutil.rmtree(logdir / "a")
    exp.reload()
    gone = client.get("/api/scalars", params=SERIES, headers={"If-None-Match": first.headers["etag"]})
    assert gone.status_code == 404
    after = client.post("/api/scalars/runs", json=card, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.json()["missing"] == [["a", "loss"]]
    assert [s["run"] for s in after.json()["series"]] == ["b"]


def test_a_card_is_a_304_until_one_of_its_runs_changes(served) -> None:
    client, exp, logdir = served
    card = {"tags": ["loss"], "runs": ["a", "b"], "points": 20, "smoothing": 0.6}
    first = client.post("/api/scalars/runs", json=card)
    assert first.headers["content-type"] == columnar.MEDIA_TYPE
    tag = first.headers["etag"]
    assert client.post("/api/scalars/runs", json=card, headers={"If-None-Match": tag}).status_code == 304
    grouped = {**card, "groups": [{"name": "all", "runs": ["a", "b"]}]}
    assert client.post("/api/scalars/runs", json=grouped, headers={"If-None-Match": tag}).status_code == 200
    _write(logdir, "b", range(200, 210), 1.0)
    exp.reload()
    changed = client.post("/api/scalars/runs", json=card, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    totals = {s["run"]: s["total"] for s in columnar.decode(changed.content)["series"]}
    assert totals == {"a": 200, "b": 210}


def test_json_answers_are_gzipped_for_clients_that_accept_it(served) -> None:
    client, _exp, _logdir = served
    params = {**SERIES, "points": 1000}
    plain = client.get("/api/scalars", params=params, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    packed = client.get("/api/scalars", params=params, headers={"Accept-Encoding": "gzip"}, extensions={})
    assert packed.headers["content-encoding"] == "gzip" and packed.headers["vary"] == "Accept-Encoding"
    assert packed.content == plain.content  # httpx decoded it
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    refused = client.get("/api/scalars", params=params, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers


def test_small_answers_are_not_compressed(served) -> None:
    client, _exp, _logdir = served
    small = client.get("/api/scalars", params={**SERIES, "points": 1}, headers={"Accept-Encoding": "gzip"})
    assert len(small.content) < 1400 and "content-encoding" not in small.headers


def test_runs_on_one_grid_computed_together_equal_each_computed_alone(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    values = rng.normal(size=(12, 300)).cumsum(axis=1)
    values[3, 10] = np.nan
    values[4] = 2.0
    for i, row in enumerate(values):
        with SummaryWriter(str(tmp_path / f"r{i}")) as w:
            for step, v in enumerate(row.tolist()):
                w.add_scalar("loss", v, step * 2, walltime=50.0 + step)
    with SummaryWriter(str(tmp_path / "odd")) as w:  # another grid, in the same request
        for step in range(0, 900, 3):
            w.add_scalar("loss", float(step), step)
    exp = read(str(tmp_path))
    runs = [f"r{i}" for i in range(12)] + ["odd", "nothing"]
    answers = scalars_many(exp, runs, "loss", points=40, smoothing=0.7, start=20.0, end=500.0)
    assert answers[-1] is None
    for run, got in zip(runs[:-1], answers[:-1], strict=True):
        a = exp.scalar_arrays(run, "loss")
        x = a.step.astype(float)
        smoothed = ema(a.value, 0.7)
        lo, hi = np.searchsorted(x, 20.0), np.searchsorted(x, 500.0, "right")
        env = m4(x[lo:hi], a.value[lo:hi], 40)
        assert got is not None and got["downsampled"]
        np.testing.assert_array_equal(got["x"], x[env.indices + lo])
        np.testing.assert_array_equal(got["smoothed"], smoothed[env.indices + lo])
        np.testing.assert_array_equal(got["band"]["max"], env.max)
    # Asked again, the answers come from the cache, the very same objects.
    again = scalars_many(exp, runs, "loss", points=40, smoothing=0.7, start=20.0, end=500.0)
    assert all(x is y for x, y in zip(again, answers, strict=True) if x is not None)


def test_gzip_bodies_are_valid_gzip(served) -> None:
    client, _exp, _logdir = served
    # Read the raw bytes, not httpx's decoding: the body must be a gzip member of the identity bytes.
    with client.stream("GET", "/api/scalars", params={**SERIES, "points": 1000}) as r:
        raw = b"".join(r.iter_raw())
    assert r.headers["content-encoding"] == "gzip"
    plain = client.get(
        "/api/scalars", params={**SERIES, "points": 1000}, headers={"Accept-Encoding": "identity"}
    )
    assert gzip.decompress(raw) == plain.content


def test_a_client_on_this_machine_gets_the_bytes_uncompressed(served) -> None:
    _client, exp, logdir = served
    app = create_app(exp, ServerSettings(logdir=str(logdir), api_only=True))
    with TestClient(app, base_url="http://localhost", client=("127.0.0.1", 50000)) as local:
        answer = local.get(
            "/api/scalars", params={**SERIES, "points": 1000}, headers={"Accept-Encoding": "gzip"}
        )
    assert answer.status_code == 200 and "content-encoding" not in answer.headers
    assert len(answer.content) > 1400
