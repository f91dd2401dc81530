"""`patch()`: torch's and tensorboardX's writers write through trainboard's, so frameworks' loggers do too.

Lightning's `TensorBoardLogger`, transformers' `TensorBoardCallback`, Stable-Baselines3's
``tensorboard_log``, accelerate's and ignite's trackers all build ``torch.utils.tensorboard.SummaryWriter``
or ``tensorboardX.SummaryWriter`` themselves. After `patch()`, constructing one of the classes in
`TARGETS` gives an instance of a subclass whose methods are trainboard's (`trainboard.SummaryWriter`,
`trainboard.events.filewriter.FileWriter` / `EventFileWriter`), with the original class as a fallback
base: ``isinstance`` checks still pass and a method trainboard lacks is the original's.

How: each original class gets one attribute, ``__new__``, that picks the trainboard-backed subclass
when the class itself (not a subclass of it) is constructed. Patching the class object, rather than
rebinding module names, reaches every ``from torch.utils.tensorboard import SummaryWriter`` done before
the call (Stable-Baselines3 does it at import). Modules not imported yet are patched right after their
import by a finder on `sys.meta_path`, so `patch()` imports neither torch nor tensorboardX and costs
nothing for the one a script does not use. `unpatch()` removes the finder and turns the ``__new__``s into
pass-throughs (CPython cannot delete a ``__new__`` again); writers created while patched stay trainboard's.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
from collections.abc import Callable, Sequence
from types import ModuleType, TracebackType
from typing import Any

from trainboard.events.filewriter import EventFileWriter as _TrainboardEventFileWriter
from trainboard.events.filewriter import FileWriter as _TrainboardFileWriter
from trainboard.writer import SummaryWriter as _TrainboardSummaryWriter

__all__ = ["TARGETS", "Patch", "is_patched", "patch", "unpatch"]

# module -> classes in it that patch() redirects to trainboard's writer
TARGETS: dict[str, tuple[str, ...]] = {
    "torch.utils.tensorboard.writer": ("SummaryWriter", "FileWriter"),
    "tensorboard.summary.writer.event_file_writer": ("EventFileWriter",),
    "tensorboardX.writer": ("SummaryWriter", "FileWriter"),
    "tensorboardX.event_file_writer": ("EventFileWriter",),
}

_lock = threading.RLock()
_active = False
# original class -> the trainboard-backed subclass its __new__ returns while patched
_patched: dict[type, type] = {}
# the same, kept after unpatch() so that patching again reuses the class (and its __new__ stays one)
_replacements: dict[type, type] = {}


class Patch:
    """What `patch()` returns: also a context manager that restores the state before the call.

    with trainboard.patch():
        trainer.fit(model)   # TensorBoardLogger writes through trainboard
    """

    def __init__(self, was_active: bool) -> None:
        self._was_active = was_active

    def __enter__(self) -> Patch:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self._was_active:
            unpatch()

    def __repr__(self) -> str:
        return f"<trainboard.patch: {'active' if _active else 'undone'}>"


def patch() -> Patch:
    """Make torch's and tensorboardX's writers write through trainboard's; calling it again does nothing.

        import trainboard
        trainboard.patch()
        trainer = lightning.Trainer(logger=TensorBoardLogger("logs"))   # now trainboard's live writer

    Writers created from now on are trainboard's: live by default (a value is on disk within 0.2 s)
    unless the framework passes ``flush_secs``. Undo with `unpatch()`, or use ``with trainboard.patch():``.
    """
    global _active
    with _lock:
        was_active = _active
        if not was_active:
            _active = True
            sys.meta_path.insert(0, _FINDER)
            for name in TARGETS:
                module = sys.modules.get(name)
                if module is not None:
                    _patch_module(module)
    return Patch(was_active)


def unpatch() -> None:
    """Give torch's and tensorboardX's classes back their own behaviour; writers made meanwhile stay."""
    global _active
    with _lock:
        _active = False
        while _FINDER in sys.meta_path:
            sys.meta_path.remove(_FINDER)
        _patched.clear()


def is_patched() -> bool:
    """Whether `patch()` is in effect."""
    return _active


# -- the trainboard-backed classes ------------------------------------------------------------------
class _TorchSummaryWriter(_TrainboardSummaryWriter):
    """torch's ``SummaryWriter`` arguments, trainboard's writer."""


class _TensorboardXSummaryWriter(_TrainboardSummaryWriter):
    """tensorboardX's ``SummaryWriter(logdir, ..., write_to_disk, log_dir, comet_config)``, trainboard's."""

    def __init__(
        self,
        logdir: str | None = None,
        comment: str = "",
        purge_step: int | None = None,
        max_queue: int = 10,
        flush_secs: float | None = None,
        filename_suffix: str = "",
        write_to_disk: bool = True,
        log_dir: str | None = None,
        comet_config: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        if kwargs:
            raise TypeError(f"SummaryWriter() got unexpected keyword arguments {sorted(kwargs)}")
        super().__init__(log_dir or logdir, comment, purge_step, max_queue, flush_secs, filename_suffix)
        self.logdir = self.log_dir  # tensorboardX's attribute name


def _keeps_tensorboardx(args: Sequence[Any], kwargs: dict[str, Any]) -> bool:
    """tensorboardX's own class keeps ``write_to_disk=False`` and Comet logging, which trainboard lacks."""
    write_to_disk = kwargs.get("write_to_disk", args[6] if len(args) > 6 else True)
    comet = kwargs.get("comet_config", args[8] if len(args) > 8 else None) or {}
    return not write_to_disk or not comet.get("disabled", True)


class _TorchFileWriter(_TrainboardFileWriter):
    """torch's ``FileWriter(log_dir, max_queue, flush_secs, filename_suffix)``, trainboard's file writer."""


class _TensorboardXFileWriter(_TrainboardFileWriter):
    """tensorboardX's ``FileWriter(logdir, ...)``, trainboard's file writer."""

    def __init__(
        self, logdir: str, max_queue: int = 10, flush_secs: float | None = None, filename_suffix: str = ""
    ) -> None:
        super().__init__(logdir, max_queue, flush_secs, filename_suffix)


class _EventFileWriter(_TrainboardEventFileWriter):
    """TensorBoard's and tensorboardX's ``EventFileWriter(logdir, max_queue_size, ...)``, trainboard's."""

    def __init__(
        self,
        logdir: str,
        max_queue_size: int = 10,
        flush_secs: float | None = None,
        filename_suffix: str = "",
    ) -> None:
        super().__init__(logdir, max_queue_size, flush_secs, filename_suffix)

    def add_event(self, event: Any) -> None:
        """Queue one `Event` protobuf, as TensorBoard's writer takes it."""
        self.add_payload(bytes(event.SerializeToString()))


# (module, class) -> (trainboard-backed class, test on the constructor's arguments that keeps the original)
_REPLACEMENTS: dict[tuple[str, str], tuple[type, Callable[[Sequence[Any], dict[str, Any]], bool] | None]] = {
    ("torch.utils.tensorboard.writer", "SummaryWriter"): (_TorchSummaryWriter, None),
    ("torch.utils.tensorboard.writer", "FileWriter"): (_TorchFileWriter, None),
    ("tensorboard.summary.writer.event_file_writer", "EventFileWriter"): (_EventFileWriter, None),
    ("tensorboardX.writer", "SummaryWriter"): (_TensorboardXSummaryWriter, _keeps_tensorboardx),
    ("tensorboardX.writer", "FileWriter"): (_TensorboardXFileWriter, None),
    ("tensorboardX.event_file_writer", "EventFileWriter"): (_EventFileWriter, None),
}


def _patch_module(module: ModuleType) -> None:
    for class_name in TARGETS[module.__name__]:
        original = getattr(module, class_name, None)
        if not isinstance(original, type) or original in _patched:
            continue
        replacement = _replacements.get(original)
        if replacement is None:
            if original.__new__ is not object.__new__:
                continue  # a class with its own __new__ is not one we know; leave it alone
            base, keep_original = _REPLACEMENTS[(module.__name__, class_name)]
            # Trainboard's methods first, the original's for whatever trainboard does not define.
            replacement = type(
                class_name, (base, original), {"__module__": __name__, "__doc__": base.__doc__}
            )
            _replacements[original] = replacement
            original.__new__ = _make_new(original, keep_original)  # type: ignore[assignment]
        _patched[original] = replacement


def _make_new(
    original: type, keep_original: Callable[[Sequence[Any], dict[str, Any]], bool] | None
) -> Callable[..., Any]:
    # Stays on the class after unpatch(), doing nothing then: CPython cannot take a __new__ back off a
    # class (after `del`, constructing it with arguments fails in object.__new__).
    def __new__(cls: type, *args: Any, **kwargs: Any) -> Any:  # noqa: N807 - it is the class's __new__
        # Only the class itself: a subclass keeps its own methods (its file writer is still patched).
        if cls is original:
            replacement = _patched.get(original)
            if replacement is not None and (keep_original is None or not keep_original(args, kwargs)):
                cls = replacement
        return object.__new__(cls)

    return staticmethod(__new__)  # type: ignore[return-value]


# -- patching modules imported after patch() ---------------------------------------------------------
class _PatchingFinder(importlib.abc.MetaPathFinder):
    """Finds a `TARGETS` module with the other finders and patches it right after it runs."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in TARGETS:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _PatchingLoader(spec.loader)
                return spec
        return None


class _PatchingLoader(importlib.abc.Loader):
    """Runs the module with its own loader, then patches it and puts the real loader back."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)  # type: ignore[no-any-return]

    def exec_module(self, module: ModuleType) -> None:
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        with _lock:
            if _active:
                _patch_module(module)


_FINDER = _PatchingFinder()

# Tracebacks and reprs show the names people type (`trainboard.patch`), as `__init__` exports them.
patch.__module__ = unpatch.__module__ = "trainboard"
