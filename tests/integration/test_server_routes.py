"""Every route of the real server, over logdirs written by torch's and trainboard's writers."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

Server = Any  # conftest.Server: a running `python -m trainboard` subprocess


def test_environment_reports_version_logdir_title_and_finished_load(
    torch_server: Server, torch_logdir: Path
) -> None:
    env = torch_server.get("/api/environment").json()
    assert env["logdirs"] == [str(torch_logdir)]
    assert env["window_title"] == "exp 7"
    assert env["live"] is True and env["loading"] is False
    assert env["progress"]["files_done"] == env["progress"]["files_total"] == 2


def test_runs_lists_both_runs_with_start_times(torch_server: Server) -> None:
    body = torch_server.get("/api/runs").json()
    assert [r["name"] for r in body["runs"]] == ["adam", "sgd"]
    assert all(r["start_time"] > 1e9 for r in body["runs"])
    assert body["generation"] >= 1


def test_plugins_say_which_dashboards_have_data(torch_server: Server) -> None:
    listing = {p["name"]: p["has_data"] for p in torch_server.get("/api/plugins").json()}
    assert listing["scalars"] and listing["images"] and listing["histograms"] and listing["text"]
    assert next(iter(listing)) == "scalars"


def test_tags_per_plugin_give_counts_and_last_step(torch_server: Server) -> None:
    body = torch_server.get("/api/tags", params={"plugin": "scalars"}).json()
    assert body["plugin"] == "scalars"
    assert body["runs"]["adam"]["loss"]["count"] == 5000
    assert body["runs"]["adam"]["loss"]["last_step"] == 4999
    assert set(body["runs"]["sgd"]) == {"loss"}


def test_short_series_comes_back_exact_without_band(torch_server: Server) -> None:
    body = torch_server.get("/api/scalars", params={"run": "sgd", "tag": "loss"}).json()
    assert body["downsampled"] is False and body["band"] is None
    assert body["step"] == list(range(10))
    np.testing.assert_allclose(body["value"], [2.0 - s * 0.1 for s in range(10)], rtol=1e-6)


def test_downsampled_series_keeps_the_spike_and_gives_a_band(torch_server: Server) -> None:
    body = torch_server.get("/api/scalars", params={"run": "adam", "tag": "loss", "points": 100}).json()
    assert body["downsampled"] is True and body["total"] == body["in_range"] == 5000
    assert 3333 in body["step"]
    assert len(body["band"]["min"]) == 100 and max(body["band"]["max"]) > 100
    assert len(body["step"]) <= 400 and body["step"] == sorted(body["step"])


def test_zoom_window_returns_full_detail_for_the_window(torch_server: Server) -> None:
    params = {"run": "adam", "tag": "loss", "points": 1000, "start": 100, "end": 199}
    body = torch_server.get("/api/scalars", params=params).json()
    assert body["in_range"] == 100 and body["downsampled"] is False
    assert body["step"] == list(range(100, 200))


def test_smoothing_is_tensorboards_debiased_ema_of_the_full_series(torch_server: Server) -> None:
    body = torch_server.get("/api/scalars", params={"run": "sgd", "tag": "loss", "smoothing": 0.6}).json()
    last, expected = 0.0, []
    for n, v in enumerate(body["value"], start=1):
        last = last * 0.6 + 0.4 * v
        expected.append(last / (1 - 0.6**n))
    np.testing.assert_allclose(body["smoothed"], expected, rtol=1e-9)


def test_relative_x_starts_at_zero_and_wall_x_is_unix_time(torch_server: Server) -> None:
    relative = torch_server.get("/api/scalars", params={"run": "sgd", "tag": "loss", "x": "relative"}).json()
    wall = torch_server.get("/api/scalars", params={"run": "sgd", "tag": "loss", "x": "wall"}).json()
    assert relative["x"][0] == 0.0 and relative["x"] == sorted(relative["x"])
    assert wall["x"] == wall["wall_time"]


def test_csv_download_has_every_point_under_tensorboards_header(torch_server: Server) -> None:
    response = torch_server.get(
        "/api/scalars/download", params={"run": "adam", "tag": "loss", "format": "csv"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["Wall time", "Step", "Value"]
    assert len(rows) == 5001 and float(rows[3334][2]) > 100


def test_json_download_has_every_point_as_wall_step_value(torch_server: Server) -> None:
    rows = torch_server.get(
        "/api/scalars/download", params={"run": "adam", "tag": "loss", "format": "json"}
    ).json()
    assert len(rows) == 5000 and rows[0][1] == 0 and rows[0][2] == pytest.approx(1.0)


def test_tensorboard_data_routes_keep_tensorboards_shapes(torch_server: Server, torch_logdir: Path) -> None:
    assert torch_server.get("/data/runs").json() == ["adam", "sgd"]
    env = torch_server.get("/data/environment").json()
    assert env["data_location"] == str(torch_logdir) and env["window_title"] == "exp 7"
    assert torch_server.get("/data/logdir").json() == {"logdir": str(torch_logdir)}
    assert torch_server.get("/data/window_properties").json() == {"window_title": "exp 7"}
    listing = torch_server.get("/data/plugins_listing").json()
    assert listing["scalars"]["enabled"] is True
    tags = torch_server.get("/data/plugin/scalars/tags").json()
    # TensorBoard's default (Rust) loader: no display name was logged, so none is answered.
    assert tags["adam"]["loss"] == {"displayName": "", "description": ""}
    rows = torch_server.get("/data/plugin/scalars/scalars", params={"run": "sgd", "tag": "loss"}).json()
    assert len(rows) == 10 and rows[3][1] == 3
    text = torch_server.get(
        "/data/plugin/scalars/scalars", params={"run": "sgd", "tag": "loss", "format": "csv"}
    ).text
    assert text.splitlines()[0] == "Wall time,Step,Value"


def test_blob_route_serves_image_bytes_with_sniffed_type_and_long_cache(torch_server: Server) -> None:
    step = torch_server.get("/api/images/step", params={"run": "adam", "tag": "sample", "step": 0}).json()
    blob_id = step["images"][0]["blob_id"]
    response = torch_server.get(f"/api/blob/{blob_id}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert "immutable" in response.headers["cache-control"]


def test_every_response_carries_nosniff_and_a_restrictive_csp(torch_server: Server) -> None:
    for path in ("/api/runs", "/api/scalars?run=x&tag=y", "/data/runs"):
        headers = torch_server.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert "default-src 'self'" in headers["content-security-policy"]
        assert "unsafe-eval" not in headers["content-security-policy"]


def test_api_docs_page_lists_the_routes_and_loads_swagger_from_the_server(torch_server: Server) -> None:
    page = torch_server.get("/api/docs")
    assert page.status_code == 200 and "/api/docs/swagger-ui-bundle.js" in page.text
    assert "script-src 'self';" in page.headers["content-security-policy"]
    assert "https:" not in page.text + page.headers["content-security-policy"]
    paths = torch_server.get("/api/openapi.json").json()["paths"]
    for route in ("/api/scalars", "/api/runs", "/api/tags", "/api/blob/{blob_id}", "/api/events"):
        assert route in paths


def test_logdir_written_by_trainboard_is_served(
    server_factory: Callable[..., Server], trainboard_logdir: Path
) -> None:
    server = server_factory(trainboard_logdir)
    server.wait_loaded()
    body = server.get("/api/scalars", params={"run": "run", "tag": "reward"}).json()
    assert body["step"] == list(range(100)) and body["value"][-1] == 99.0
    listing = {p["name"]: p["has_data"] for p in server.get("/api/plugins").json()}
    assert listing["scalars"] and listing["images"] and listing["histograms"]
    image = server.get("/api/images/step", params={"run": "run", "tag": "frame", "step": 0}).json()
    blob = server.get(f"/api/blob/{image['images'][0]['blob_id']}")
    assert blob.headers["content-type"] == "image/png" and blob.content.startswith(b"\x89PNG")


def test_tensors_route_returns_histogram_buckets_and_text_as_json(torch_server: Server) -> None:
    histogram = torch_server.get("/api/tensors", params={"run": "adam", "tag": "weights"}).json()
    assert histogram["total"] == 1
    point = histogram["data"][0]
    assert point["step"] == 0 and point["shape"][1] == 3
    assert sum(bucket[2] for bucket in point["value"]) == pytest.approx(1000)
    text = torch_server.get("/api/tensors", params={"run": "adam", "tag": "notes/text_summary"}).json()
    assert text["data"][0]["value"] == ["hello **world**"]


def test_tensors_route_refuses_a_scalar_tag_with_a_404(torch_server: Server) -> None:
    response = torch_server.get("/api/tensors", params={"run": "adam", "tag": "loss"})
    assert response.status_code == 404 and "loss" in response.json()["error"]
