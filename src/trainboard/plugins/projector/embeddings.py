"""Embeddings for the projector: files beside the event files, named by a run's projector_config.pbtxt.

The layouts read (spec event-format.md §6.12):

- torch and tensorboardX: ``<run>/projector_config.pbtxt`` naming ``<step:05d>/<tag>/tensors.tsv``,
  ``metadata.tsv`` (a header row when it has more than one column) and ``sprite.png`` tiled by
  ``single_image_dim``.
- TensorFlow's (``projector.visualize_embeddings``): the same config at the run, tensors as TSV or raw
  little-endian float32 of ``tensor_shape``, names ending in ":0". Tensors that live only in a
  TensorFlow checkpoint are not read (that needs TensorFlow); such entries are left out. A config under
  ``plugins/projector/`` is not looked for: TensorBoard lists only folders there, so it never finds one.
- TensorBoard's fallback: a projector_config.pbtxt at the logdir root is run "." even without events.

Every path a config names is resolved (symlinks included) and refused when it lands outside the run's
directory, so a hostile config cannot make the server read other files. Runs in an object store
(s3://...) are read the same way through `RemoteFiles`: paths are normalised instead of resolved,
and any absolute path or URL is refused.

    for emb in embeddings(trainboard.read("logs")):  # or trainboard.read("logs").embeddings()
        emb.run, emb.name, emb.tensor.shape, emb.metadata.head()
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from trainboard.errors import ConfigError, InvalidArgumentError, NotFoundError
from trainboard.events import messages as m
from trainboard.plugins.projector.metadata import CONFIG_FILENAME

if TYPE_CHECKING:
    from trainboard.store import Experiment
    from trainboard.store.logdir import Logdir

__all__ = [
    "CONFIG_FILENAME",
    "Embedding",
    "Metadata",
    "RemoteFiles",
    "embeddings",
    "find_configs",
    "parse_config",
    "parse_metadata",
    "projector_files",
    "read_tensor",
    "resolve_asset",
]

log = logging.getLogger("trainboard.store")
# Name of the one column of a metadata file without a header row (TensorBoard's frontend calls it so).
SINGLE_COLUMN = "label"
# Files larger than this are not read: a config can name any file, and a tensor this big will not draw.
MAX_FILE_BYTES = 4 << 30
# Parsed tensors kept in memory, keyed by path, size and mtime: the dashboard asks twice per view.
_CACHE_ENTRIES = 4


# -- projector_config.pbtxt (protobuf text format) -------------------------------------------------
_TOKEN = re.compile(
    r"""\s+|\#[^\n]*|(?P<str>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(?P<sym>[{}<>\[\]:;,])"""
    r"""|(?P<word>[A-Za-z0-9_.+\-]+)""",
    re.S,
)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_FIELDS: dict[type, dict[str, Any]] = {}


def _unquote(token: str) -> str:
    body, out, i = token[1:-1], bytearray(), 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out += char.encode("utf-8")
            i += 1
            continue
        nxt = body[i + 1]
        if nxt in "01234567":
            digits = re.match(r"[0-7]{1,3}", body[i + 1 :])
            assert digits is not None
            out.append(int(digits.group(), 8) & 0xFF)
            i += 1 + len(digits.group())
        elif nxt == "x":
            digits = re.match(r"[0-9A-Fa-f]{1,2}", body[i + 2 :])
            if digits is None:
                raise ConfigError(f"bad \\x escape in {token!r}")
            out.append(int(digits.group(), 16))
            i += 2 + len(digits.group())
        else:
            out += _ESCAPES.get(nxt, nxt).encode("utf-8")
            i += 2
    return out.decode("utf-8", errors="replace")


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            line = text.count("\n", 0, pos) + 1
            raise ConfigError(f"unexpected {text[pos : pos + 10]!r} on line {line}")
        pos = match.end()
        if match.lastgroup:
            out.append((match.lastgroup, match.group(match.lastgroup)))
    return out


def _scalar(spec: Any, name: str, kind: str, token: str) -> Any:
    if spec.kind == "string":
        if kind != "str":
            raise ConfigError(f"field {name!r} needs a quoted string, found {token!r}")
        return _unquote(token)
    if spec.kind == "message":
        raise ConfigError(f"field {name!r} needs {{...}}, found {token!r}")
    try:
        return int(token, 0)
    except ValueError as exc:
        raise ConfigError(f"field {name!r} needs an integer, found {token!r}") from exc


def _parse_message(cls: type, tokens: list[tuple[str, str]], pos: int, close: str | None) -> tuple[Any, int]:
    fields = _FIELDS.setdefault(cls, {f.name: f for f in cls.FIELDS})  # type: ignore[attr-defined]
    msg = cls()
    while pos < len(tokens):
        kind, value = tokens[pos]
        if close is not None and kind == "sym" and value == close:
            return msg, pos + 1
        if kind != "word":
            raise ConfigError(f"expected a field name, found {value!r}")
        spec = fields.get(value)
        if spec is None:  # protobuf's text_format refuses unknown fields too
            raise ConfigError(f"{cls.__name__} has no field {value!r}")
        pos += 1
        if pos < len(tokens) and tokens[pos] == ("sym", ":"):
            pos += 1
        if pos >= len(tokens):
            raise ConfigError(f"field {value!r} has no value")
        kind2, token = tokens[pos]
        if (kind2, token) == ("sym", "[") and spec.label == "repeated":
            pos += 1  # the list form of a repeated scalar: [1, 2, 3]
            while pos < len(tokens) and tokens[pos] != ("sym", "]"):
                if tokens[pos] != ("sym", ","):
                    getattr(msg, spec.name).append(_scalar(spec, value, *tokens[pos]))
                pos += 1
            if pos >= len(tokens):
                raise ConfigError(f"missing ']' after the values of {value!r}")
            pos += 1
            continue
        if kind2 == "sym" and token in "{<":
            if spec.kind != "message":
                raise ConfigError(f"field {value!r} of {cls.__name__} is not a message")
            sub_cls = getattr(m, spec.type)
            sub, pos = _parse_message(sub_cls, tokens, pos + 1, "}" if token == "{" else ">")
            item: Any = sub
        else:
            pos += 1
            item = _scalar(spec, value, kind2, token)
            while spec.kind == "string" and pos < len(tokens) and tokens[pos][0] == "str":
                item += _unquote(tokens[pos][1])  # adjacent strings concatenate
                pos += 1
        if pos < len(tokens) and tokens[pos] in (("sym", ";"), ("sym", ",")):
            pos += 1
        if spec.label == "repeated":
            getattr(msg, spec.name).append(item)
        else:
            setattr(msg, spec.name, item)
    if close is not None:
        raise ConfigError(f"missing {close!r} at the end of {cls.__name__}")
    return msg, pos


def parse_config(text: str) -> m.ProjectorConfig:
    """A projector_config.pbtxt, as protobuf's text_format.Parse reads it.

    >>> config = parse_config('embeddings { tensor_name: "a:00000" tensor_shape: 3 tensor_shape: 2 }')
    >>> config.embeddings[0].tensor_shape
    [3, 2]
    """
    config, _ = _parse_message(m.ProjectorConfig, _tokens(text), 0, None)
    return config  # type: ignore[no-any-return]


# -- where configs are and what they may name ------------------------------------------------------
class Files(Protocol):
    """How a run's projector files are found and read: the local filesystem, or an object store."""

    def dirname(self, path: str) -> str: ...

    def resolve(self, path: str, config_dir: str, run_dir: str) -> str: ...

    def is_file(self, path: str) -> bool: ...

    def version(self, path: str) -> tuple[Any, ...]: ...

    def read(self, path: str, what: str) -> bytes: ...


class LocalFiles:
    """Projector files on this machine."""

    def dirname(self, path: str) -> str:
        return os.path.dirname(path)

    def resolve(self, path: str, config_dir: str, run_dir: str) -> str:
        return resolve_asset(path, config_dir, run_dir)

    def is_file(self, path: str) -> bool:
        return os.path.isfile(path)

    def version(self, path: str) -> tuple[Any, ...]:
        stat = os.stat(path)
        return (path, stat.st_size, stat.st_mtime_ns)

    def read(self, path: str, what: str) -> bytes:
        return _read_bytes(path, what)


class RemoteFiles:
    """Projector files beside a run's event files in an object store, read through its `Logdir`."""

    def __init__(self, logdir: Logdir) -> None:
        self._logdir = logdir

    def dirname(self, path: str) -> str:
        return posixpath.dirname(path)

    def resolve(self, path: str, config_dir: str, run_dir: str) -> str:
        candidate = posixpath.normpath(posixpath.join(config_dir, path))
        inside = candidate.startswith(run_dir.rstrip("/") + "/")
        # An object store has no links to resolve; an absolute path or a URL is never in the run.
        if "://" in path or path.startswith(("/", "~")) or not inside:
            raise ConfigError(
                f"projector config names {path!r}, which lies outside the run directory {run_dir}; "
                "keep embedding files inside the run"
            )
        return candidate

    def is_file(self, path: str) -> bool:
        try:
            return self._logdir.size(path) >= 0
        except OSError:
            return False

    def version(self, path: str) -> tuple[Any, ...]:
        return (path, self._logdir.size(path))

    def read(self, path: str, what: str) -> bytes:
        try:
            size = self._logdir.size(path)
            if size > MAX_FILE_BYTES:
                raise ConfigError(f"{what} {path} is {size} bytes; more than the {MAX_FILE_BYTES} read")
            return self._logdir.read_range(path, 0, size)
        except OSError as exc:
            raise NotFoundError(f"{what} {path} is not readable: {exc}") from exc


LOCAL = LocalFiles()


def resolve_asset(path: str, config_dir: str, run_dir: str) -> str:
    """The real path of `path` (relative to the config's folder), refused outside `run_dir`."""
    candidate = os.path.expanduser(path)
    if not os.path.isabs(candidate):
        candidate = os.path.join(config_dir, candidate)
    candidate = os.path.realpath(candidate)
    root = os.path.realpath(run_dir)
    try:
        inside = os.path.commonpath([root, candidate]) == root
    except ValueError:
        inside = False
    if not inside:
        raise ConfigError(
            f"projector config names {path!r}, which resolves outside the run directory {run_dir}; "
            "keep embedding files inside the run"
        )
    return candidate


def find_configs(run_dir: str, files: Files = LOCAL) -> list[str]:
    """The projector config of one run directory, as a list: empty or ``[<run>/projector_config.pbtxt]``."""
    path = (
        f"{run_dir.rstrip('/')}/{CONFIG_FILENAME}"
        if isinstance(files, RemoteFiles)
        else os.path.join(run_dir, CONFIG_FILENAME)
    )
    return [path] if files.is_file(path) else []


def _read_bytes(path: str, what: str) -> bytes:
    try:
        size = os.path.getsize(path)
        if size > MAX_FILE_BYTES:
            raise ConfigError(f"{what} {path} is {size} bytes; more than the {MAX_FILE_BYTES} read")
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError as exc:
        raise NotFoundError(f"{what} {path} does not exist; the projector config names it") from exc
    except IsADirectoryError as exc:
        raise NotFoundError(f"{what} {path} is a directory, not a file") from exc
    except OSError as exc:
        raise NotFoundError(f"{what} {path} is not readable: {exc.strerror}") from exc


# -- tensors ------------------------------------------------------------------------------------------
_cache: OrderedDict[tuple[Any, ...], np.ndarray] = OrderedDict()
_cache_lock = threading.Lock()


def _parse_tsv(data: bytes, path: str) -> np.ndarray:
    text = data.decode("utf-8")  # UnicodeDecodeError: the caller tries binary float32
    rows = [line for line in text.split("\n") if line.strip()]
    if not rows:
        return np.zeros((0, 0), dtype=np.float32)
    width = rows[0].count("\t") + 1
    try:
        flat = np.fromstring(text, dtype=np.float32, sep=" ")  # any whitespace separates
    except ValueError as exc:
        raise ConfigError(
            f"{path} holds a value that is not a number; expected tab-separated floats"
        ) from exc
    if flat.size != len(rows) * width:
        raise ConfigError(
            f"{path} has rows of different lengths ({flat.size} values in {len(rows)} rows of "
            f"{width}); every row needs the same number of tab-separated values"
        )
    return flat.reshape(len(rows), width)


def read_tensor(path: str, shape: list[int] | None = None, files: Files = LOCAL) -> np.ndarray:
    """The 2-D float32 matrix in `path`: TSV rows, or raw float32 of `shape` when not text.
    Read-only; cached while the file keeps its size and modification time."""
    try:
        key = files.version(path)
    except OSError as exc:
        raise NotFoundError(f"tensor file {path} does not exist; the projector config names it") from exc
    with _cache_lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    data = files.read(path, "tensor file")
    try:
        tensor = _parse_tsv(data, path)
    except UnicodeDecodeError:
        dims = [int(d) for d in shape or []]
        if len(dims) != 2 or dims[0] * dims[1] * 4 != len(data):
            raise ConfigError(
                f"{path} is neither tab-separated text nor float32 of tensor_shape {dims} "
                f"({len(data)} bytes); rewrite it or fix tensor_shape in the config"
            ) from None
        tensor = np.frombuffer(data, dtype="<f4").reshape(dims).astype(np.float32)
    tensor.setflags(write=False)
    with _cache_lock:
        _cache[key] = tensor
        while len(_cache) > _CACHE_ENTRIES:
            _cache.popitem(last=False)
    return tensor


# -- metadata -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Metadata:
    """A metadata.tsv: column names and one list of strings per column (row i labels point i)."""

    columns: list[str]
    values: list[list[str]]

    @property
    def num_rows(self) -> int:
        return len(self.values[0]) if self.values else 0


def metadata_lines(data: bytes) -> tuple[list[str], int]:
    """The file's lines (newline kept) and how many header rows it has: one when the first line has
    a tab, none otherwise (TensorBoard's rule, so a one-column file never has a header)."""
    lines = data.decode("utf-8", errors="replace").splitlines(keepends=True)
    header = 1 if lines and "\t" in lines[0] else 0
    return lines, header


def parse_metadata(data: bytes) -> Metadata:
    """A metadata.tsv as columns; short rows are padded with empty strings."""
    lines, header = metadata_lines(data)
    rows = [line.rstrip("\r\n").split("\t") for line in lines]
    if rows and not header and rows[-1] == [""]:
        rows.pop()
    if header:
        names, body = rows[0], rows[1:]
    else:
        names, body = [SINGLE_COLUMN], rows
    while body and body[-1] == [""]:
        body.pop()
    values = [[row[i] if i < len(row) else "" for row in body] for i in range(len(names))]
    return Metadata(columns=names, values=values)


# -- one embedding ------------------------------------------------------------------------------------
_TORCH_PATH = re.compile(r"^(?P<step>\d+)/(?P<tag>[^/]+)/tensors\.tsv$")


def _decode_tag(segment: str) -> str:
    return segment.replace("%2f", "/").replace("%5c", "\\").replace("%25", "%")


@dataclass
class Embedding:
    """One embedding of a run: its config entry and, read on first use, the tensor, metadata and sprite.

    `name` is the config's tensor_name (torch: ``<tag>:<step:05d>``); `tag` and `step` come from
    torch's folder layout when it is used, else `tag` is the name and `step` None.
    """

    run: str
    name: str
    info: m.EmbeddingInfo = field(repr=False)
    config_path: str = field(repr=False)
    run_dir: str = field(repr=False)
    files: Files = field(default=LOCAL, repr=False)

    @property
    def tag(self) -> str:
        match = _TORCH_PATH.match(self.info.tensor_path or "")
        return _decode_tag(match.group("tag")) if match else self.name

    @property
    def step(self) -> int | None:
        match = _TORCH_PATH.match(self.info.tensor_path or "")
        return int(match.group("step")) if match else None

    def _asset(self, path: str) -> str:
        return self.files.resolve(path, self.files.dirname(self.config_path), self.run_dir)

    @property
    def shape(self) -> list[int]:
        if self.info.tensor_shape:
            return [int(d) for d in self.info.tensor_shape]
        return list(self.tensor.shape)

    @cached_property
    def tensor(self) -> np.ndarray:
        """The points as a read-only float32 array of shape (N, D)."""
        return read_tensor(self._asset(self.info.tensor_path), list(self.info.tensor_shape), self.files)

    def read_file(self, path: str, what: str) -> bytes:
        """The bytes of a file the config names (`what` says which, for errors), refused outside the run."""
        return self.files.read(self._asset(path), what)

    def metadata_bytes(self) -> bytes | None:
        if not self.info.metadata_path:
            return None
        return self.read_file(self.info.metadata_path, "metadata file")

    def metadata_table(self) -> Metadata | None:
        data = self.metadata_bytes()
        return None if data is None else parse_metadata(data)

    @cached_property
    def metadata(self) -> Any:
        """The labels as a pandas DataFrame (a column per metadata column, strings), None without any."""
        import pandas as pd

        table = self.metadata_table()
        if table is None:
            return None
        return pd.DataFrame(dict(zip(table.columns, table.values, strict=True)), columns=table.columns)

    @property
    def sprite_dim(self) -> list[int] | None:
        """[width, height] of one sprite image, None without a sprite."""
        sprite = self.info.sprite
        if sprite is None or not sprite.image_path:
            return None
        return [int(d) for d in sprite.single_image_dim]

    def sprite_bytes(self) -> bytes | None:
        """The sprite image file (PNG), None without a sprite."""
        sprite = self.info.sprite
        if sprite is None or not sprite.image_path:
            return None
        return self.read_file(sprite.image_path, "sprite image")


def canonical_name(name: str) -> str:
    return name if ":" in name else name + ":0"


def run_config(run_dir: str, files: Files = LOCAL) -> tuple[m.ProjectorConfig, str] | None:
    """The run's projector config as TensorBoard uses it: names filled in, ":0" dropped, entries that
    need a checkpoint left out. None without a config or without an entry left."""
    chosen: tuple[m.ProjectorConfig, str] | None = None
    for path in find_configs(run_dir, files):
        text = files.read(path, "projector config").decode("utf-8", errors="replace")
        try:
            config = parse_config(text)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}; fix or remove the file") from None
        for info in config.embeddings:
            if info.tensor_path and not info.tensor_name:
                info.tensor_name = os.path.basename(info.tensor_path)
            if info.tensor_name.endswith(":0"):
                info.tensor_name = info.tensor_name[:-2]
        config.embeddings = [info for info in config.embeddings if info.tensor_path]
        if config.embeddings:
            chosen = (config, path)
    return chosen


def run_embeddings(run: str, run_dir: str, files: Files = LOCAL) -> list[Embedding]:
    """Every readable embedding a run's config names, in config order."""
    found = run_config(run_dir, files)
    if found is None:
        return []
    config, path = found
    return [Embedding(run, info.tensor_name, info, path, run_dir, files) for info in config.embeddings]


def find_embedding(embeddings: list[Embedding], name: str) -> Embedding | None:
    """The embedding called `name` (``x`` and ``x:0`` are the same name, as in TensorBoard)."""
    for emb in embeddings:
        if canonical_name(emb.name) == canonical_name(name):
            return emb
    return None


def embeddings(exp: Experiment, run: str | None = None, name: str | None = None) -> list[Embedding]:
    """The embeddings of `run` (every run when None) called `name` (any when None), in run order.

    A run whose config is broken raises when asked for by name; over all runs it is skipped with a
    logged warning, so one bad file does not hide the others.
    """
    runs = [run] if run is not None else [*exp.runs, *root_runs(exp)]
    out: list[Embedding] = []
    for r in runs:
        where = projector_files(exp, r)
        if where is None:
            continue
        try:
            found = run_embeddings(r, *where)
        except (InvalidArgumentError, NotFoundError) as exc:
            if run is not None:
                raise
            log.warning("skipping the embeddings of run %r: %s", r, exc)
            continue
        out.extend(e for e in found if name is None or canonical_name(e.name) == canonical_name(name))
    return out


def projector_files(exp: Experiment, run: str) -> tuple[str, Files] | None:
    """The folder of `run`'s event files and how to read the projector files in it (local or an object
    store's); None for a run without files."""
    directory = exp.run_directory(run)
    if directory is not None:
        return directory, LOCAL
    remote = exp.remote_run(run)
    return None if remote is None else (remote[0], RemoteFiles(remote[1]))


def root_runs(exp: Experiment) -> list[str]:
    """TensorBoard's fallback: a projector config at the root of the (one, local) logdir is run "."
    even when the root holds no event files."""
    if "." in exp.runs:
        return []
    root = exp.run_directory(".")
    return ["."] if root is not None and find_configs(root) else []
