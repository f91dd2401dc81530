"""POST /api/scalars/runs: one answer per card, each run exactly as GET /api/scalars answers it."""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np
import pytest
from fastapi.testclient import TestClient

from trainboard import SummaryWriter
from trainboard.plugins.scalars import columnar
from trainboard.server.app import create_app
from trainboard.server.settings import ServerSettings
from trainboard.store import read

OPTIONS = [
    {"points": 1000, "smoothing": 0.0, "x": "step"},
    {"points": 7, "smoothing": 0.6, "x": "step"},
    {"points": 5, "smoothing": 0.9, "x": "relative", "start": 1.0, "end": 40.0},
    {"points": 3, "smoothing": 0.3, "x": "wall"},
]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    logdir = tmp_path_factory.mktemp("sweep")
    rng = np.random.default_rng(1)
    for i, n in enumerate((50, 13, 1)):
        with SummaryWriter(str(logdir / f"seed{i}")) as w:
            for step in sorted(rng.choice(500, n, replace=False).tolist()):
                w.add_scalar("loss", float(rng.normal()), step, walltime=100.0 + step)
            if i == 0:
                w.add_scalar("loss", math.nan, 600, walltime=700.0)
    with SummaryWriter(str(logdir / "other")) as w:
        w.add_scalar("acc", 1.0, 0)
    settings = ServerSettings(logdir=str(logdir), api_only=True)
    app = create_app(read(str(logdir), load=False), settings)
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as c:
        app.fastapi.state.live.wait_loaded(10)
        yield c


def _same(got: object, want: object) -> None:
    g = np.asarray(got, dtype=np.float64)
    w = np.asarray([math.nan if v is None else v for v in want], dtype=np.float64)  # type: ignore[union-attr]
    np.testing.assert_array_equal(g, w)


@pytest.mark.parametrize("options", OPTIONS)
@pytest.mark.parametrize("fmt", ["json", "columnar"])
def test_each_run_is_what_api_scalars_answers(client: TestClient, options: dict, fmt: str) -> None:
    runs = ["seed0", "seed1", "seed2", "other"]
    response = client.post(
        "/api/scalars/runs", json={"tags": ["loss"], "runs": runs, "format": fmt, **options}
    )
    assert response.status_code == 200, response.text
    if fmt == "json":
        body = response.json()
    else:
        assert response.headers["content-type"] == columnar.MEDIA_TYPE
        body = columnar.decode(response.content)
    assert [s["run"] for s in body["series"]] == ["seed0", "seed1", "seed2"]
    assert body["missing"] == [["other", "loss"]]
    for s in body["series"]:
        one = client.get("/api/scalars", params={"run": s["run"], "tag": "loss", **options}).json()
        for key in ("total", "in_range", "downsampled"):
            assert s[key] == one[key]
        for key in columnar.COLUMNS:
            _same(s[key], one[key])
        assert (s["band"] is None) == (one["band"] is None)
        if one["band"] is not None:
            for key in columnar.BAND_COLUMNS:
                _same(s["band"][key], one["band"][key])


def test_band_false_leaves_the_band_out(client: TestClient) -> None:
    body = client.post(
        "/api/scalars/runs",
        json={"tags": ["loss"], "runs": ["seed0"], "points": 3, "band": False, "format": "json"},
    ).json()
    assert body["series"][0]["downsampled"] and body["series"][0]["band"] is None


def test_bad_requests_are_400_with_a_message(client: TestClient) -> None:
    r = client.post("/api/scalars/runs", json={"tags": ["loss"], "runs": ["seed0"], "start": 5, "end": 1})
    assert r.status_code == 400 and "swap" in r.json()["error"]
    r = client.post("/api/scalars/runs", json={"tags": ["loss"], "runs": ["x"] * 10_001})
    assert r.status_code == 400 and "runs" in r.json()["error"]
    r = client.post("/api/scalars/runs", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 400


def test_decode_rejects_foreign_and_truncated_bytes() -> None:
    with pytest.raises(ValueError, match="TBC1"):
        columnar.decode(b"{}")
    data = columnar.encode([], {"missing": []})
    assert columnar.decode(data)["series"] == []
    s = {"run": "r", "tag": "t", "total": 2, "in_range": 2, "downsampled": False, "band": None}
    s.update({c: np.arange(2.0) for c in columnar.COLUMNS})
    with pytest.raises(ValueError, match="holds"):
        columnar.decode(columnar.encode([s], {"missing": []})[:-8])


def test_several_tags_answer_every_existing_pair_tag_by_tag(client: TestClient) -> None:
    body = columnar.decode(
        client.post("/api/scalars/runs", json={"tags": ["acc", "loss"], "runs": ["other", "seed1"]}).content
    )
    assert [(s["run"], s["tag"]) for s in body["series"]] == [("other", "acc"), ("seed1", "loss")]
    assert body["missing"] == [["seed1", "acc"], ["other", "loss"]]


def test_last_gives_each_run_its_value_at_the_last_step(client: TestClient) -> None:
    body = client.post(
        "/api/scalars/last", json={"tags": ["loss", "acc"], "runs": ["seed1", "other", "gone"]}
    ).json()
    one = client.get("/api/scalars", params={"run": "seed1", "tag": "loss"}).json()
    assert body == {"loss": {"seed1": one["value"][-1]}, "acc": {"other": 1.0}}


def test_groups_answer_one_line_per_group_with_its_band(client: TestClient) -> None:
    body = {
        "tags": ["loss"],
        "groups": [{"name": "seeds", "runs": ["seed0", "seed1"]}, {"name": "none", "runs": ["other"]}],
        "stat": "median",
        "group_band": "minmax",
        "smoothing": 0.5,
    }
    answer = columnar.decode(client.post("/api/scalars/runs", json=body).content)
    assert [(s["run"], s["members"]) for s in answer["series"]] == [("seeds", 2)]
    assert answer["missing"] == [["none", "loss"]]
    line = answer["series"][0]
    ok = np.isfinite(line["smoothed"])
    assert not ok[-1]  # seed0's NaN at step 600 stays a gap, the only member there
    assert np.all(line["band"]["min"][ok] <= line["smoothed"][ok] + 1e-12)
    assert np.all(line["smoothed"][ok] <= line["band"]["max"][ok] + 1e-12)
    r = client.post("/api/scalars/runs", json={**body, "group_band": "iqr"})
    assert r.status_code == 400 and "group_band" in r.json()["error"]
