"""`trainboard export`: what goes into the HTML file, decoded back the way the page decodes it."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from trainboard import SummaryWriter, cli, export
from trainboard.export import EMPTY, QUANT_MAX, ExportError, export_report

pytestmark = pytest.mark.skipif(not export.TEMPLATE.is_file(), reason="the report page is not built")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _decode(path: Path) -> tuple[dict[str, Any], bytes]:
    page = path.read_text()
    meta = re.search(r'id="tb-report-meta" type="application/json">(.*?)</script>', page, re.S)
    binary = re.search(r'id="tb-report-binary" type="application/octet-stream">(.*?)</script>', page, re.S)
    assert meta and binary
    return json.loads(meta.group(1)), base64.b64decode(binary.group(1))


def _series(meta: dict[str, Any], run: str, tag: str) -> dict[str, Any]:
    r, t = meta["runs"].index(run), meta["tags"].index(tag)
    return next(s for s in meta["series"] if s["run"] == r and s["tag"] == t)


def _levels(entry: dict[str, Any], data: bytes) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    lv = entry["levels"]
    out = []
    for level in lv["levels"]:
        n = level["buckets"]
        codes = np.frombuffer(data, "<u2", 3 * n, level["offset"]).reshape(3, n).astype(float)
        values = np.where(codes == EMPTY, np.nan, lv["lo"] + codes * (lv["hi"] - lv["lo"]) / QUANT_MAX)
        out.append((values[0], values[1], values[2]))
    return out


@pytest.fixture(scope="module")
def logdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("export")
    with SummaryWriter(str(root / "short")) as w:
        for step in range(0, 300, 3):
            w.add_scalar("loss", 1.0 / (step + 1), step)
        w.add_scalar("sparse", 1.0, 5)
        w.add_scalar("sparse", 2.0, 17)
        w.add_scalar("sparse", 3.0, 1000)
        w.add_hparams({"lr": 0.1, "opt": "sgd"}, {"final": 0.5}, run_name=".")
    with SummaryWriter(str(root / "long")) as w:
        for step in range(50_000):
            w.add_scalar("loss", 100.0 if step == 31_337 else float(step % 10), step)
    return root


def test_short_series_keep_every_point_and_steps_as_start_and_stride(logdir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    export_report(str(logdir), out, stream=io.StringIO())
    meta, data = _decode(out)
    entry = _series(meta, "short", "loss")["raw"]
    assert (entry["start"], entry["stride"]) == (0.0, 3.0)
    values = np.frombuffer(data, "<f4", 100, entry["values"])
    np.testing.assert_array_equal(values, np.float32(1.0 / (np.arange(0, 300, 3) + 1)))
    sparse = _series(meta, "short", "sparse")["raw"]
    np.testing.assert_array_equal(np.frombuffer(data, "<f8", 3, sparse["steps"]), [5, 17, 1000])


def test_long_series_become_levels_whose_max_holds_the_spike_at_every_level(
    logdir: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    export_report(str(logdir), out, stream=io.StringIO())
    meta, data = _decode(out)
    entry = _series(meta, "long", "loss")
    buckets = [level["buckets"] for level in entry["levels"]["levels"]]
    assert buckets[0] == export.LEVEL_TOP and buckets == sorted(buckets) and len(buckets) >= 3
    for (mins, maxs, means), n in zip(_levels(entry, data), buckets, strict=True):
        assert np.nanmax(maxs) == pytest.approx(100.0)
        spike_bucket = int(31_337 * n / 49_999)
        assert maxs[spike_bucket] == pytest.approx(100.0)
        assert np.nanmin(mins) == pytest.approx(0.0, abs=1e-3)
        assert np.all(mins <= means + 1e-9) and np.all(means <= maxs + 1e-9)


def test_the_file_stays_within_max_size_by_keeping_less_detail(logdir: Path, tmp_path: Path) -> None:
    template = export.TEMPLATE.stat().st_size
    big, small = tmp_path / "big.html", tmp_path / "small.html"
    export_report(str(logdir), big, stream=io.StringIO())
    result = export_report(str(logdir), small, max_bytes=template + 20_000, stream=io.StringIO())
    assert result.bytes <= template + 20_000
    assert small.stat().st_size == result.bytes
    levels = _series(_decode(small)[0], "long", "loss")["levels"]["levels"]
    assert sum(level["buckets"] for level in levels) * 6 < 20_000
    assert big.stat().st_size > small.stat().st_size


def test_hparams_table_rows_and_columns(logdir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    export_report(str(logdir), out, stream=io.StringIO())
    table = _decode(out)[0]["hparams"]
    assert table["hparams"] == ["lr", "opt"] and table["metrics"] == ["final"]
    row = {"run": "short", "hparams": {"lr": 0.1, "opt": "sgd"}, "metrics": {"final": 0.5}}
    assert table["rows"] == [row]


def test_names_that_close_a_script_element_stay_inside_the_json(tmp_path: Path) -> None:
    with SummaryWriter(str(tmp_path / "logs" / "</script><b>x")) as w:
        w.add_scalar("<!--tag", 1.0, 0)
    out = tmp_path / "r.html"
    export_report(str(tmp_path / "logs"), out, stream=io.StringIO())
    meta, _data = _decode(out)
    assert meta["runs"] == ["</script><b>x"] and meta["tags"] == ["<!--tag"]


def test_progress_is_drawn_on_a_terminal(logdir: Path, tmp_path: Path) -> None:
    terminal = _Terminal()
    export_report(str(logdir), tmp_path / "r.html", stream=terminal)
    text = terminal.getvalue()
    assert "encoding [" in text and "/4 series" in text
    assert re.search(r"loaded 2 event files \(.*\) in [\d.]+ s", text)


def test_missing_and_empty_logdirs_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_report(str(tmp_path / "missing"), tmp_path / "r.html", stream=io.StringIO())
    (tmp_path / "empty").mkdir()
    assert cli.main(["export", "--logdir", str(tmp_path / "empty"), "-o", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("trainboard export: error: logdir") and "holds no scalars" in err[-1]
    assert not (tmp_path / "r.html").exists()


def test_bad_max_size_is_a_one_line_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(["export", "--logdir", str(tmp_path), "--max_size", "0"])
    assert exc.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_budget_too_small_for_anything_keeps_the_coarsest_level_and_says_so(
    logdir: Path, tmp_path: Path
) -> None:
    stream = io.StringIO()
    result = export_report(str(logdir), tmp_path / "r.html", max_bytes=1000, stream=stream)
    meta, _data = _decode(tmp_path / "r.html")
    levels = _series(meta, "long", "loss")["levels"]["levels"]
    assert [level["buckets"] for level in levels] == [export.LEVEL_MIN]
    # A short series is cheaper whole than as the coarsest level.
    assert "raw" in _series(meta, "short", "sparse")
    assert result.bytes > 1000 and "over --max_size 0.001 MB" in stream.getvalue()
