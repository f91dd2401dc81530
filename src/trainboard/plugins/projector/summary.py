"""Embeddings as files for the projector (spec event-format.md §6.12).

Under ``<log_dir>/<step:05d>/<tag, %-escaped>/``: tensors.tsv (one row per point), metadata.tsv
(labels, optional header) and sprite.png (label images tiled in a square). The run's
projector_config.pbtxt lists every embedding the writer added and is rewritten on each call. A
log_dir that is a URL (``s3://bucket/logs/run``) gets the same files as objects, through fsspec.
"""

from __future__ import annotations

import math
import os
from typing import Any

import numpy as np

from trainboard.errors import WriteError
from trainboard.events import messages as m
from trainboard.events.filewriter import is_url
from trainboard.plugins.projector.metadata import CONFIG_FILENAME, config_to_text

__all__ = ["embedding_subdir", "write_config", "write_embedding"]


def encode_tag(tag: str) -> str:
    """The tag as one path segment: ``%`` -> ``%25``, ``/`` -> ``%2f``, ``\\`` -> ``%5c``."""
    return tag.replace("%", "%25").replace("/", "%2f").replace("\\", "%5c")


def embedding_subdir(global_step: int, tag: str) -> str:
    return f"{str(global_step).zfill(5)}/{encode_tag(tag)}"


def _tensors_tsv(mat: np.ndarray) -> bytes:
    # str() of each element widened to a Python number, as torch writes it.
    return "".join("\t".join(str(x) for x in row) + "\n" for row in mat.tolist()).encode("utf-8")


def _metadata_tsv(metadata: list[Any], header: list[Any] | None) -> bytes:
    if not header:
        lines = [str(x) for x in metadata]
    else:
        for i, row in enumerate(metadata):
            if len(row) != len(header):
                raise ValueError(
                    f"metadata[{i}] has {len(row)} columns but metadata_header has {len(header)}; "
                    "they must match"
                )
        lines = ["\t".join(str(e) for e in row) for row in [header, *metadata]]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _sprite_png(label_img: np.ndarray) -> bytes:
    """Label images (N, C, H, W; C = 1 or 3; floats in [0, 1]) tiled into a square RGB PNG."""
    import io

    from PIL import Image

    if label_img.ndim != 4 or label_img.shape[1] not in (1, 3):
        raise ValueError(
            f"label_img has shape {tuple(label_img.shape)}; expected (N, C, H, W) with C = 1 or 3"
        )
    if label_img.shape[1] == 1:
        label_img = np.concatenate([label_img] * 3, axis=1)
    n, _, h, w = label_img.shape
    ncols = min(n, math.ceil(n**0.5))
    nrows = math.ceil(n / ncols)
    grid = np.zeros((3, h * nrows, w * ncols), dtype=label_img.dtype)
    for i in range(n):
        y, x = divmod(i, ncols)
        grid[:, y * h : (y + 1) * h, x * w : (x + 1) * w] = label_img[i]
    side = grid.shape[2]
    square = np.zeros((side, side, 3))
    square[: grid.shape[1]] = grid.transpose(1, 2, 0)[:side]
    buf = io.BytesIO()
    Image.fromarray(np.uint8((square * 255).clip(0, 255))).save(buf, format="PNG")
    return buf.getvalue()


def write_embedding(
    log_dir: str,
    mat: np.ndarray,
    metadata: list[Any] | None = None,
    label_img: np.ndarray | None = None,
    global_step: int | None = None,
    tag: str = "default",
    metadata_header: list[Any] | None = None,
) -> m.EmbeddingInfo:
    """Write one embedding's files under ``log_dir`` and return its entry for the projector config."""
    if mat.ndim != 2:
        raise ValueError(f"mat has shape {tuple(mat.shape)}; expected (N, D): one row per data point")
    if metadata is not None and len(metadata) != mat.shape[0]:
        raise ValueError(
            f"metadata has {len(metadata)} labels but mat has {mat.shape[0]} rows; they must match"
        )
    if label_img is not None and label_img.shape[0] != mat.shape[0]:
        raise ValueError(
            f"label_img has {label_img.shape[0]} images but mat has {mat.shape[0]} rows; they must match"
        )
    step = 0 if global_step is None else global_step
    subdir = embedding_subdir(step, tag)
    target = _join(log_dir, subdir)
    if is_url(log_dir):
        pass  # an object store has no folders to make, and a file cannot stand in for one
    elif os.path.exists(target) and not os.path.isdir(target):
        raise NotADirectoryError(
            f"{target} exists and is a file; remove it or use another tag or global_step"
        )
    else:
        try:
            os.makedirs(target, exist_ok=True)
        except OSError as exc:
            raise WriteError(
                f"cannot create {target} ({exc.strerror or exc}); pass a log_dir you can write to"
            ) from exc
    info = m.EmbeddingInfo(tensor_name=f"{tag}:{str(step).zfill(5)}", tensor_path=f"{subdir}/tensors.tsv")
    if metadata is not None:
        _write(_join(target, "metadata.tsv"), _metadata_tsv(list(metadata), metadata_header))
        info.metadata_path = f"{subdir}/metadata.tsv"
    if label_img is not None:
        _write(_join(target, "sprite.png"), _sprite_png(label_img))
        info.sprite = m.SpriteMetadata(
            image_path=f"{subdir}/sprite.png",
            single_image_dim=[int(label_img.shape[3]), int(label_img.shape[2])],
        )
    _write(_join(target, "tensors.tsv"), _tensors_tsv(mat))
    return info


def write_config(log_dir: str, config: m.ProjectorConfig) -> None:
    """(Re)write ``<log_dir>/projector_config.pbtxt``."""
    _write(_join(log_dir, CONFIG_FILENAME), config_to_text(config).encode("utf-8"))


def _join(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}" if is_url(base) else os.path.join(base, name)


def _write(path: str, data: bytes) -> None:
    if is_url(path):
        import fsspec

        try:
            fs, key = fsspec.core.url_to_fs(path)
            fs.pipe_file(key, data)
        except Exception as exc:  # fsspec backends raise their own errors, not only OSError
            raise WriteError(
                f"cannot write {path} ({type(exc).__name__}: {exc}); check the URL and the"
                " store's credentials"
            ) from exc
        return
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as exc:
        raise WriteError(
            f"cannot write {path} ({exc.strerror or exc}); pass a log_dir you can write to"
        ) from exc
