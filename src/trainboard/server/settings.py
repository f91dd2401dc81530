"""What the server was asked to do: the parsed command line, as one frozen value."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DEFAULT_PORT", "DEFAULT_RELOAD_INTERVAL", "ServerSettings"]

DEFAULT_PORT = 6006
# Seconds between polls of remote logdirs (and the safety-net poll of local ones), as in TensorBoard.
DEFAULT_RELOAD_INTERVAL = 5.0


@dataclass(frozen=True)
class ServerSettings:
    logdir: str
    window_title: str = ""
    reload_interval: float = DEFAULT_RELOAD_INTERVAL
    # {plugin: cap}; a plugin not named (or 0) keeps everything.
    samples_per_plugin: dict[str, int] = field(default_factory=dict)
    path_prefix: str = ""
    # Host header names accepted besides localhost and IP literals (DNS rebinding check); "*" for any.
    allowed_hosts: tuple[str, ...] = ()
    # Serve only /api and /data (no built frontend needed), as the API's integration tests do.
    api_only: bool = False
    # The column cache folder (store/cache.py); None turns the cache off.
    cache_dir: str | None = None
