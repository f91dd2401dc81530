"""The errors trainboard raises on purpose, each saying what went wrong and what to do.

    PublicError                      any error a user (or an HTTP client) can cause; carries `http_code`
    ├── InvalidArgumentError         ValueError   400  a bad argument: wrong type, bad range, bad flag
    │   └── ConfigError                               a projector_config.pbtxt or a file it names is bad
    ├── NotFoundError                KeyError     404  something named does not exist
    │   ├── RunNotFoundError                          no run by that name in the logdir
    │   ├── TagNotFoundError                          the run has no such tag (for that kind of data)
    │   ├── BlobNotFoundError                         a blob id that is unknown or no longer readable
    │   └── GraphNotFoundError                        the run exists but logged no graph
    ├── LogdirError                  OSError      400  a logdir that cannot be listed or read
    ├── WriteError                   OSError      500  a log_dir or event file cannot be written
    ├── MissingExtraError            ImportError  500  an optional dependency is not installed
    ├── GraphTraceError              RuntimeError 500  `add_graph` could not trace the model
    ├── ServerStartError             RuntimeError 500  a notebook's dashboard server did not start
    ├── ExportError                  ValueError   400  `trainboard export` has nothing to write
    └── ServeError                   RuntimeError 500  `trainboard serve` cannot start (port taken, ...)
        └── FrontendNotBuiltError                     the dashboard was never built (a source checkout)

    ValueError                       signals between trainboard's own layers, caught where they are raised
    ├── DecodeError                                   bytes that are not the protobuf message expected;
    │                                                 the store skips and reports the record
    └── UnknownFieldsError                            a graph holds fields trainboard does not model,
                                                      so its text format is not served (400)

The store and the writer raise these; `server/app.py` maps `http_code` to a response once, so no route
builds its own error JSON. Anything else that escapes is a bug and becomes a 500. Every class lives
here; the modules that raise them (`events.wire`, `server.serve`, `plugins.graphs`, ...) re-export
theirs under the old names.

    try:
        exp.scalar_arrays("ppo/seed0", "reward")
    except trainboard.errors.TagNotFoundError as err:
        print(err)   # No tag 'reward' in run 'ppo/seed0'; known tags: loss, return
"""

from __future__ import annotations

__all__ = [
    "BlobNotFoundError",
    "ConfigError",
    "DecodeError",
    "ExportError",
    "FrontendNotBuiltError",
    "GraphNotFoundError",
    "GraphTraceError",
    "InvalidArgumentError",
    "LogdirError",
    "MissingExtraError",
    "NotFoundError",
    "PublicError",
    "RunNotFoundError",
    "ServeError",
    "ServerStartError",
    "TagNotFoundError",
    "UnknownFieldsError",
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


class GraphNotFoundError(NotFoundError):
    """The run exists but no graph was logged in it."""


class ConfigError(InvalidArgumentError):
    """A projector_config.pbtxt or a file it names is unreadable or not allowed (outside the run)."""


class LogdirError(PublicError, OSError):
    """A logdir that does not exist or cannot be listed or read (OS and fsspec errors end up here)."""

    http_code = 400


class WriteError(PublicError, OSError):
    """A `SummaryWriter` could not write: its log_dir cannot be created or written to (the message says
    why and what to pass instead), or later the disk filled, the file or its directory was removed, or
    the filesystem failed. What was written before stays readable; the message says how much was lost."""

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


class GraphTraceError(PublicError, RuntimeError):
    """`add_graph` could not trace the model with `torch.jit.trace`; the message names the cause and what
    to try (`use_strict_trace=False`, other inputs). Nothing was written."""

    http_code = 500


class ServeError(PublicError, RuntimeError):
    """`trainboard serve` cannot start for a reason the user can fix (the port is taken, the logdir is a
    file, ...); the message is the one line to print."""

    http_code = 500


class FrontendNotBuiltError(ServeError):
    """The package has no built dashboard (a source checkout that skipped the frontend build); the message
    names the build command, and `TRAINBOARD_API_ONLY=1` serves the API without it."""


class DecodeError(ValueError):
    """A payload is not a valid protobuf message (of the type it was decoded as)."""


class UnknownFieldsError(ValueError):
    """The message holds fields trainboard does not model, so its text would differ from TensorBoard's."""


class ExportError(PublicError, ValueError):
    """`trainboard export` cannot write a report: the logdir does not exist or holds no scalars, or the
    report page was never built (the message names the build command)."""

    http_code = 400
