"""Write the seed corpus of fuzz_reader.py into fuzz/corpus (run once; the files are committed).

    python fuzz/make_corpus.py

Seeds are short: the first records of a torch and a trainboard event file, one record of every
kind they write, the hostile records of tests/fuzz/samples.py, and a few bare messages.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz import samples  # noqa: E402
from trainboard.events.records import HEADER_SIZE, frame, read_records  # noqa: E402


def main() -> None:
    out = ROOT / "fuzz" / "corpus"
    out.mkdir(exist_ok=True)
    seeds: list[bytes] = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in samples.write_samples(Path(tmp)):
            data = path.read_bytes()
            recs = read_records(data).records
            seeds.append(data[: recs[6][0] - HEADER_SIZE])  # the first six records
            kinds: dict[bytes, bytes] = {}
            for _, payload in recs:
                kinds.setdefault(payload[9:40], frame(payload))  # roughly one per tag and kind
            seeds.extend(kinds.values())
    seeds.extend(samples.hostile_records()[:-1])
    seeds.append(samples.event(1, graph_def=samples.deep_graph(120)))
    seeds.append(bytes([0]) + samples.deep_graph(3))
    for seed in seeds:
        if len(seed) <= 4096:
            (out / hashlib.sha1(seed).hexdigest()[:16]).write_bytes(seed)


if __name__ == "__main__":
    main()
