"""HTTP routes for the Projector dashboard, and TensorBoard's `/data/plugin/projector/*` for its habits.

Embeddings are read by `embeddings.py` from the files each run's projector_config.pbtxt names; paths
outside the run directory are refused there. Our routes give the dashboard compact answers: the matrix
as little-endian float32 bytes (shape in `X-Shape`), a PCA projection computed here once per tensor,
nearest neighbours of one point, and the metadata as columns. TensorBoard's routes answer with
TensorBoard's bodies, content types and 400 text errors.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from fastapi import APIRouter, Response

from trainboard.errors import NotFoundError, PublicError
from trainboard.plugins.context import (
    ExperimentDep,
    Index,
    JSONResponse,
    Name,
    Run,
    TBRun,
    TBTag,
    Word,
    count_query,
)
from trainboard.plugins.projector.embeddings import (
    Embedding,
    embeddings,
    find_embedding,
    metadata_lines,
    projector_files,
    run_config,
)
from trainboard.store.blobs import sniff_content_type

if TYPE_CHECKING:
    from trainboard.store import Experiment

router = APIRouter()

# PCA projections kept, keyed by the tensor object (the store's cache hands out the same array).
_PCA_ENTRIES = 4
_pca_cache: OrderedDict[int, tuple[np.ndarray, dict[str, Any]]] = OrderedDict()
_pca_lock = threading.Lock()
# Above this many dimensions the covariance matrix is skipped for a randomized range finder.
_EXACT_PCA_MAX_DIM = 1024


def find(exp: Experiment, run: str, name: str) -> Embedding:
    """The embedding `name` of `run`, or NotFoundError listing what the run has."""
    found = embeddings(exp, run)
    emb = find_embedding(found, name)
    if emb is None:
        known = ", ".join(repr(e.name) for e in found) or "none"
        raise NotFoundError(f"No embedding {name!r} in run {run!r}; its embeddings: {known}")
    return emb


def embedding_entry(emb: Embedding) -> dict[str, Any]:
    return {
        "run": emb.run,
        "name": emb.name,
        "tag": emb.tag,
        "step": emb.step,
        "shape": [int(d) for d in emb.info.tensor_shape] or None,
        "has_metadata": bool(emb.info.metadata_path),
        "sprite": {"single_image_dim": emb.sprite_dim} if emb.sprite_dim else None,
    }


def pca(tensor: np.ndarray, components: int = 3) -> tuple[np.ndarray, dict[str, Any]]:
    """The rows projected on their top principal components (N x components, float32) and the share
    of variance each explains. Exact (covariance eigenvectors) up to 1024 dimensions, otherwise a
    randomized range finder with power iterations (Halko et al.), which is exact enough for a view.

    >>> x = np.array([[0, 0], [2, 0], [4, 0.1]], dtype=np.float32)
    >>> proj, info = pca(x, 1)
    >>> [round(float(v), 1) for v in np.abs(proj[:, 0])]
    [2.0, 0.0, 2.0]
    """
    key = id(tensor)
    with _pca_lock:
        hit = _pca_cache.get(key)
        if hit is not None and hit[0].shape[1] == components:
            return hit
    n, d = tensor.shape
    k = min(components, d, n)
    centered = tensor - tensor.mean(axis=0, dtype=np.float64).astype(np.float32)
    total = float(np.einsum("ij,ij->", centered, centered, dtype=np.float64))
    if d <= _EXACT_PCA_MAX_DIM:
        cov = centered.T.astype(np.float64) @ centered.astype(np.float64)
        values, vectors = np.linalg.eigh(cov)
        order = np.argsort(values)[::-1][:k]
        basis, variances = vectors[:, order].astype(np.float32), values[order]
    else:
        rng = np.random.default_rng(0)
        q = centered @ rng.standard_normal((d, k + 10)).astype(np.float32)
        for _ in range(3):
            q, _r = np.linalg.qr(centered @ (centered.T @ q))
        small = q.T @ centered
        _u, s, vt = np.linalg.svd(small, full_matrices=False)
        basis, variances = vt[:k].T.astype(np.float32), (s[:k] ** 2).astype(np.float64)
    proj = np.zeros((n, components), dtype=np.float32)
    proj[:, :k] = centered @ basis
    info = {"variance": [float(v / total) if total else 0.0 for v in variances]}
    with _pca_lock:
        _pca_cache[key] = (proj, info)
        while len(_pca_cache) > _PCA_ENTRIES:
            _pca_cache.popitem(last=False)
    return proj, info


def neighbors(
    tensor: np.ndarray, index: int, k: int, metric: Literal["cosine", "euclidean"]
) -> dict[str, Any]:
    """The `k` points nearest point `index` (itself left out) and their distances, nearest first.
    Cosine distance is 1 - cos(angle); a zero vector is at distance 1 from everything."""
    n = tensor.shape[0]
    if not 0 <= index < n:
        raise NotFoundError(f"No point {index}; the embedding has {n} points (0 to {n - 1})")
    point = tensor[index]
    if metric == "cosine":
        norms = np.linalg.norm(tensor, axis=1)
        norms[norms == 0] = np.inf
        own = float(np.linalg.norm(point)) or np.inf
        dist = 1.0 - (tensor @ point) / (norms * own)
    else:
        diff = tensor - point
        dist = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    dist[index] = np.inf
    k = max(0, min(k, n - 1))
    picked = np.argpartition(dist, k - 1)[:k] if 0 < k < n else np.arange(0)
    picked = picked[np.argsort(dist[picked], kind="stable")]
    return {
        "index": index,
        "metric": metric,
        "neighbors": picked.tolist(),
        "distances": dist[picked].tolist(),
    }


def _binary(array: np.ndarray) -> Response:
    data = np.ascontiguousarray(array, dtype="<f4")
    shape = ",".join(str(int(d)) for d in data.shape)
    return Response(data.tobytes(), media_type="application/octet-stream", headers={"X-Shape": shape})


# -- our routes ---------------------------------------------------------------------------------------
@router.get("/api/projector/embeddings")
def embeddings_route(exp: ExperimentDep) -> JSONResponse:
    """Every embedding of every run, in run then config order; no tensor is read."""
    return JSONResponse({"embeddings": [embedding_entry(e) for e in embeddings(exp)]})


@router.get("/api/projector/tensor")
def tensor_route(exp: ExperimentDep, run: Run, name: Name) -> Response:
    """The matrix as little-endian float32, row-major; `X-Shape: N,D`."""
    return _binary(find(exp, run, name).tensor)


@router.get("/api/projector/pca")
def pca_route(exp: ExperimentDep, run: Run, name: Name) -> Response:
    """The points on their top 3 principal components (N x 3 float32); `X-Variance` holds the share
    of variance of each component, comma-separated."""
    proj, info = pca(find(exp, run, name).tensor)
    response = _binary(proj)
    response.headers["X-Variance"] = ",".join(f"{v:.6g}" for v in info["variance"])
    return response


@router.get("/api/projector/neighbors")
def neighbors_route(
    exp: ExperimentDep,
    run: Run,
    name: Name,
    index: Index,
    k: Annotated[int, count_query(1, 1000, "neighbours to return")] = 20,
    metric: Literal["cosine", "euclidean"] = "cosine",
) -> JSONResponse:
    return JSONResponse(neighbors(find(exp, run, name).tensor, index, k, metric))


@router.get("/api/projector/metadata")
def metadata_route(exp: ExperimentDep, run: Run, name: Name) -> JSONResponse:
    """The metadata as {"columns": [...], "values": [[column 0 strings], ...]}; empty without any."""
    table = find(exp, run, name).metadata_table()
    if table is None:
        return JSONResponse({"columns": [], "values": []})
    return JSONResponse({"columns": table.columns, "values": table.values})


@router.get("/api/projector/sprite")
def sprite_route(exp: ExperimentDep, run: Run, name: Name) -> Response:
    data = find(exp, run, name).sprite_bytes()
    if data is None:
        raise NotFoundError(f"Embedding {name!r} of run {run!r} has no sprite image")
    return Response(data, media_type=sniff_content_type(data))


# -- TensorBoard's routes -----------------------------------------------------------------------------
def _tb_error(text: str) -> Response:
    return Response(text, status_code=400, media_type="text/plain")


def _tb_find(exp: Experiment, run: str | None, name: str | None) -> Embedding | Response:
    if run is None:
        return _tb_error('query parameter "run" is required')
    if name is None:
        return _tb_error('query parameter "name" is required')
    if run not in tb_runs(exp):
        return _tb_error(f'Unknown run: "{run}"')
    try:
        return find(exp, run, name)
    except PublicError as exc:
        return _tb_error(str(exc))


def _no_file(what: str, emb: Embedding) -> str:
    return f'No {what} found for tensor "{emb.name}" in the config file "{emb.config_path}"'


def _num_rows(value: str | None) -> int | None:
    """TensorBoard's positive-int parameter: None when absent, -1 when not an integer > 0."""
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        return -1
    return number if number > 0 else -1


def tb_runs(exp: Experiment) -> list[str]:
    """Runs with at least one embedding readable without a checkpoint."""
    runs: list[str] = []
    for emb in embeddings(exp):
        if emb.run not in runs:
            runs.append(emb.run)
    return runs


def tb_info(exp: Experiment, run: str) -> dict[str, Any]:
    """The run's ProjectorConfig as protobuf's MessageToJson writes it (camelCase, shapes filled in)."""
    where = projector_files(exp, run)
    found = run_config(*where) if where else None
    if found is None:
        raise NotFoundError(f'Unknown run: "{run}"')
    config, _path = found
    out: dict[str, Any] = {}
    if config.model_checkpoint_path:
        out["modelCheckpointPath"] = config.model_checkpoint_path
    entries = []
    for emb in embeddings(exp, run):
        info = emb.info
        entry: dict[str, Any] = {"tensorName": info.tensor_name}
        if info.metadata_path:
            entry["metadataPath"] = info.metadata_path
        if info.bookmarks_path:
            entry["bookmarksPath"] = info.bookmarks_path
        try:
            shape = emb.shape
        except PublicError:
            shape = []  # TensorBoard skips the shape of a tensor it may not read
        if shape:
            entry["tensorShape"] = shape
        if info.sprite is not None:
            sprite: dict[str, Any] = {}
            if info.sprite.image_path:
                sprite["imagePath"] = info.sprite.image_path
            if info.sprite.single_image_dim:
                sprite["singleImageDim"] = [int(d) for d in info.sprite.single_image_dim]
            entry["sprite"] = sprite
        entry["tensorPath"] = info.tensor_path
        entries.append(entry)
    out["embeddings"] = entries
    if config.model_checkpoint_dir:
        out["modelCheckpointDir"] = config.model_checkpoint_dir
    return out


@router.get("/data/plugin/projector/runs", tags=["tensorboard compatibility"])
def tb_runs_route(exp: ExperimentDep) -> JSONResponse:
    return JSONResponse(tb_runs(exp))


@router.get("/data/plugin/projector/info", tags=["tensorboard compatibility"])
def tb_info_route(exp: ExperimentDep, run: TBRun = None) -> Response:
    if run is None:
        return _tb_error('query parameter "run" is required')
    if run not in tb_runs(exp):
        return _tb_error(f'Unknown run: "{run}"')
    return JSONResponse(tb_info(exp, run))


def _tb_answer(
    exp: Experiment,
    run: str | None,
    name: str | None,
    num_rows: str | None,
    answer: Callable[[Embedding, int | None], Response],
) -> Response:
    """TensorBoard's checks in its order, then `answer(embedding, rows)`; our errors become its 400s."""
    rows = _num_rows(num_rows)
    if rows == -1:
        return _tb_error("query parameter num_rows must be integer > 0")
    emb = _tb_find(exp, run, name)
    if isinstance(emb, Response):
        return emb
    try:
        return answer(emb, rows)
    except PublicError as exc:
        return _tb_error(str(exc))


def _tb_tensor(emb: Embedding, rows: int | None) -> Response:
    data = np.ascontiguousarray(emb.tensor[:rows] if rows else emb.tensor, dtype="<f4")
    return Response(data.tobytes(), media_type="application/octet-stream")


def _tb_metadata(emb: Embedding, rows: int | None) -> Response:
    data = emb.metadata_bytes()
    if data is None:
        return _tb_error(_no_file("metadata file", emb))
    lines, header = metadata_lines(data)
    if rows:
        lines = lines[: rows + header]
    return Response("".join(lines), media_type="text/plain")


def _tb_bookmarks(emb: Embedding, _rows: int | None) -> Response:
    if not emb.info.bookmarks_path:
        return _tb_error(_no_file("bookmarks file", emb))
    return Response(emb.read_file(emb.info.bookmarks_path, "bookmarks file"), media_type="application/json")


def _tb_sprite(emb: Embedding, _rows: int | None) -> Response:
    data = emb.sprite_bytes()
    if data is None:
        return _tb_error(_no_file("sprite image file", emb))
    return Response(data, media_type=sniff_content_type(data))


@router.get("/data/plugin/projector/tensor", tags=["tensorboard compatibility"])
def tb_tensor_route(
    exp: ExperimentDep, run: TBRun = None, name: TBTag = None, num_rows: Word = None
) -> Response:
    return _tb_answer(exp, run, name, num_rows, _tb_tensor)


@router.get("/data/plugin/projector/metadata", tags=["tensorboard compatibility"])
def tb_metadata_route(
    exp: ExperimentDep, run: TBRun = None, name: TBTag = None, num_rows: Word = None
) -> Response:
    return _tb_answer(exp, run, name, num_rows, _tb_metadata)


@router.get("/data/plugin/projector/bookmarks", tags=["tensorboard compatibility"])
def tb_bookmarks_route(exp: ExperimentDep, run: TBRun = None, name: TBTag = None) -> Response:
    return _tb_answer(exp, run, name, None, _tb_bookmarks)


@router.get("/data/plugin/projector/sprite_image", tags=["tensorboard compatibility"])
def tb_sprite_route(exp: ExperimentDep, run: TBRun = None, name: TBTag = None) -> Response:
    return _tb_answer(exp, run, name, None, _tb_sprite)
