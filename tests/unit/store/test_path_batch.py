"""Batched stats (`scanner.path_batch`): the compiled batch, split over two threads for long
batches, gives what `os.stat` gives, path for path, with -1 where a path cannot be stat'ed."""

from __future__ import annotations

import os

import numpy as np
import pytest

from trainboard.store import scanner


@pytest.mark.parametrize("count", [0, 3, 2_500])  # 2,500 paths: the two-thread split
@pytest.mark.parametrize("compiled", [True, False])
def test_a_batch_stats_each_path_as_os_stat_does(tmp_path, monkeypatch, count, compiled):
    if not compiled:
        monkeypatch.setattr(scanner, "_scan", None)
    paths = []
    for i in range(count):
        path = tmp_path / f"f{i:05d} ü"  # non-ASCII names are encoded as the file system's
        path.write_bytes(b"x" * (i % 7))
        paths.append(str(path))
    if count:
        paths[count // 2] = str(tmp_path / "missing")  # in the second thread's half
    batch = scanner.path_batch(paths)
    exists = [os.path.exists(p) for p in paths]
    assert exists.count(False) == (1 if count else 0)
    sizes, ctimes = batch.stat(), batch.stat(ctime=True)
    assert sizes.dtype == ctimes.dtype == np.int64
    stats = [os.stat(p) if e else None for p, e in zip(paths, exists, strict=True)]
    assert sizes.tolist() == [st.st_size if st else -1 for st in stats]
    assert ctimes.tolist() == [st.st_ctime_ns if st else -1 for st in stats]
    if count:
        os.truncate(paths[0], 100)
        assert batch.stat()[0] == 100  # stat'ed again each time, not remembered
