"""What the store says about a series or a load, without its points: records made per call."""

from __future__ import annotations

from dataclasses import dataclass, field

from trainboard.store.series import Series


@dataclass(frozen=True)
class TagMeta:
    """The first metadata seen for a (run, tag), with the data class filled in (§7.2)."""

    plugin_name: str
    plugin_content: bytes
    display_name: str
    description: str
    data_class: int


@dataclass(slots=True)
class TagInfo:
    """What the store knows about one (run, tag) without reading its points. Each call hands out new
    ones, so changing one changes nothing in the store; not frozen, since a tag list of 12,345 tags
    makes one per tag and a frozen dataclass costs 5x as much to make."""

    display_name: str
    description: str
    plugin_content: bytes
    data_class: int
    count: int
    first_step: int | None
    last_step: int | None
    last_wall_time: float | None


@dataclass(frozen=True)
class LoadProgress:
    """How far the current (or last) reload got; `loading` is False once it finished."""

    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    loading: bool = False


@dataclass(frozen=True)
class ReloadResult:
    """Which runs a reload changed (new data or warnings), found for the first time, or lost."""

    changed_runs: set[str] = field(default_factory=set)
    new_runs: set[str] = field(default_factory=set)
    removed_runs: set[str] = field(default_factory=set)


def tag_info(meta: TagMeta, series: Series) -> TagInfo:
    """The public description of a series: its first metadata and its extent now."""
    return TagInfo(
        meta.display_name, meta.description, meta.plugin_content, meta.data_class, *series.extent()
    )
