"""trainboard: a drop-in `SummaryWriter` and a fast, live dashboard for TensorBoard event files.

>>> from trainboard import SummaryWriter
>>> writer = SummaryWriter("logs/REINFORCE")
>>> writer.add_scalar("reward", 21.0, global_step=20)
>>> import trainboard
>>> exp = trainboard.read("logs")
>>> trainboard.patch()  # frameworks' torch/tensorboardX writers now write through trainboard's

In a notebook, ``%load_ext trainboard`` then ``%trainboard --logdir logs`` shows the dashboard inline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from trainboard._version import __version__

if TYPE_CHECKING:
    from trainboard._patch import patch, unpatch
    from trainboard._reader import Experiment, read
    from trainboard.writer import SummaryWriter

__all__ = ["Experiment", "SummaryWriter", "__version__", "patch", "read", "unpatch"]

# Imported on first use, so `import trainboard` stays cheap for training scripts and the CLI.
_LAZY = {
    "SummaryWriter": "trainboard.writer",
    "read": "trainboard._reader",
    "Experiment": "trainboard._reader",
    "patch": "trainboard._patch",
    "unpatch": "trainboard._patch",
}


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext trainboard``: registers the ``%trainboard`` magic (`trainboard.notebook`)."""
    from trainboard.notebook import load_ipython_extension as load

    load(ipython)


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'trainboard' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
