"""The blog's REINFORCE program as a user runs it, with the wall time of every add_scalar call recorded,
and a page script that records when a chart first showed each point. Shared by benchmarks/live.py and
tests/e2e/test_live_blog.py.
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "examples" / "reinforce_blog.py"
TRAINBOARD_IMPORT = "from trainboard import SummaryWriter"
TORCH_IMPORT = "from torch.utils.tensorboard import SummaryWriter"

# python -c DRIVER <calls.jsonl> <program.py> <module of the SummaryWriter class>
DRIVER = """
import importlib, json, runpy, sys, time
calls, program, module = sys.argv[1], sys.argv[2], sys.argv[3]
cls = importlib.import_module(module).SummaryWriter
original = cls.add_scalar
def timed(self, tag, scalar_value, global_step=None, *args, **kwargs):
    called = time.time()
    original(self, tag, scalar_value, global_step, *args, **kwargs)
    with open(calls, "a") as f:
        f.write(json.dumps([global_step, called]) + "\\n")
cls.add_scalar = timed
sys.argv = [program]
runpy.run_path(program, run_name="__main__")
"""

# trainboard's page: polls the reward card's footer ("N points") every 20 ms and keeps when each count
# was first shown, in window.__shown (point number -> unix seconds).
WATCH_TRAINBOARD = """
() => {
  window.__shown = {};
  setInterval(() => {
    const footer = document.querySelector('article.tb-card[data-tag="reward"] footer');
    const match = footer && footer.textContent.match(/([\\d,]+) points?/);
    if (!match) return;
    const count = Number(match[1].replace(/,/g, ""));
    for (let k = 1; k <= count; k++) if (!(k in window.__shown)) window.__shown[k] = Date.now() / 1000;
  }, 20);
}
"""

# TensorBoard's page (an init script): every XHR/fetch answer that holds scalar points (TensorBoard's
# [wall_time, step, value] triples or {step, value} objects) records the highest step it carried, so
# window.__steps[step] is when the page first had that step.
WATCH_TENSORBOARD = """
(() => {
  window.__steps = {};
  const seen = (text) => {
    let data;
    try { data = JSON.parse(text); } catch { return; }
    const now = Date.now() / 1000;
    const visit = (v) => {
      if (Array.isArray(v)) {
        if (v.length === 3 && v.every((x) => typeof x === "number")) note(v[1]);
        else v.forEach(visit);
      } else if (v && typeof v === "object") {
        if (typeof v.step === "number" && "value" in v) note(v.step);
        Object.values(v).forEach(visit);
      }
    };
    const note = (step) => { if (!(step in window.__steps)) window.__steps[step] = now; };
    visit(data);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    this.addEventListener("load", () => {
      if (this.responseType === "" || this.responseType === "text") seen(this.responseText);
    });
    return send.apply(this, args);
  };
  const fetch0 = window.fetch;
  window.fetch = async (...args) => {
    const response = await fetch0(...args);
    response.clone().text().then(seen, () => {});
    return response;
  };
})();
"""


def write_program(directory: Path, episodes: int, *, torch_writer: bool = False) -> Path:
    """The blog's program with ``episodes`` episodes (and torch's import for the reference run)."""
    source = BLOG.read_text()
    assert "range(10000)" in source and TRAINBOARD_IMPORT in source
    source = source.replace("range(10000)", f"range({episodes})")
    if torch_writer:
        source = source.replace(TRAINBOARD_IMPORT, TORCH_IMPORT)
    program = directory / ("reinforce_torch.py" if torch_writer else "reinforce_blog.py")
    program.write_text(source)
    return program


def read_calls(path: Path) -> list[tuple[int, float]]:
    """(step, unix seconds of the call) of every add_scalar the driver recorded."""
    return [tuple(json.loads(line)) for line in path.read_text().splitlines()]  # type: ignore[misc]
