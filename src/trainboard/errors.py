"""The errors trainboard raises on purpose, each saying what went wrong and what to do.

    PublicError                      any error a user (or an HTTP client) can cause; carries `http_code`
    ├── InvalidArgumentError         ValueError   400  a bad argument: wrong type, bad range, bad flag
    ├── NotFoundError                KeyError     404  something named does not exist
    │   ├── RunNotFoundError                          no run by that name in the logdir
    │   ├── TagNotFoundError                          the run has no such tag (for that kind of data)
    │   └── BlobNotFoundError                         a blob id that is unknown or no longer readable
    ├── LogdirError                  OSError      400  a logdir that cannot be listed or read
    ├── WriteError                   OSError      500  an event file could not be written (disk full, ...)
    ├── MissingExtraError            ImportError  500  an optional dependency is not installed
    ├── ServerStartError             RuntimeError 500  a notebook's dashboard server did not start
    └── ExportError                  ValueError   400  `trainboard export` has nothing to write

The store and the writer raise these; `server/app.py` maps `http_code` to a response once, so no route
builds its own error JSON. Anything else that escapes is a bug and becomes a 500.

    try:
        exp.scalar_arrays("ppo/seed0", "reward")
    except trainboard.errors.TagNotFoundError as err:
        print(err)   # No tag 'reward' in run 'ppo/seed0'; known tags: loss, return
"""

from __future__ import annotations

__all__ = [
    "BlobNotFoundError",
    "ExportError",
    "InvalidArgumentError",
    "LogdirError",
    "MissingExtraError",
    "NotFoundError",
    "PublicError",
    "RunNotFoundError",
    "ServerStartError",
    "TagNotFoundError",
    "WriteError",
]


class PublicError(Exception):
    """Base of every error whose message is meant for the user; `http_code` is what the server answers."""

    http_code: int = 500

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else self.__class__.__name__

    def __str__(self) -> str:
        # KeyError's own __str__ would quote the message; ours is a sentence.
        return self.message


class InvalidArgumentError(PublicError, ValueError):
    """An argument has the wrong type, shape or range, e.g. `exp.scalars(run=3)` or `--reload_interval -1`."""

    http_code = 400


class NotFoundError(PublicError, KeyError):
    """Something was asked for by name and does not exist."""

    http_code = 404


class RunNotFoundError(NotFoundError):
    """No run of that name: the names are in `Experiment.runs`."""


class TagNotFoundError(NotFoundError):
    """The run exists but holds no such tag for the requested kind of data: see `Experiment.tags()`."""


class BlobNotFoundError(NotFoundError):
    """A blob id that the store never handed out, or whose event file has since been removed."""


class LogdirError(PublicError, OSError):
    """A logdir that does not exist or cannot be listed or read (OS and fsspec errors end up here)."""

    http_code = 400


class WriteError(PublicError, OSError):
    """A `SummaryWriter` could not write its event file: the disk is full, the file or its directory was
    removed, or the filesystem failed. What was written before stays readable; the message says how much
    was lost and where."""

    http_code = 500


class MissingExtraError(PublicError, ImportError):
    """An optional dependency is missing; the message names the extra to install (`trainboard[pandas]`)."""

    http_code = 500


class ServerStartError(PublicError, RuntimeError):
    """A dashboard that `trainboard.notebook` started exited or never answered; the message quotes what it
    printed last, and `output` holds its last lines."""

    http_code = 500

    def __init__(self, message: str, output: str = "") -> None:
        super().__init__(message)
        self.output = output


class ExportError(PublicError, ValueError):
    """`trainboard export` cannot write a report: the logdir does not exist or holds no scalars, or the
    report page was never built (the message names the build command)."""

    http_code = 400
