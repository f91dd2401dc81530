"""The byte-bounded LRU behind the chart caches."""

from __future__ import annotations

from trainboard.store.lru import SizedLRU


def test_the_least_recently_used_entries_go_first_beyond_the_bound() -> None:
    cache: SizedLRU[str, int] = SizedLRU(100)
    for key in "abcd":
        cache.put(key, ord(key), 25)
    assert cache.get("a") == ord("a")  # now the most recently used
    cache.put("e", 5, 25)
    assert cache.get("b") is None and cache.get("a") is not None
    assert cache.nbytes == 100 and len(cache) == 4


def test_replacing_an_entry_counts_its_new_size_and_a_huge_one_is_not_kept() -> None:
    cache: SizedLRU[str, int] = SizedLRU(100)
    cache.put("a", 1, 10)
    cache.put("a", 2, 20)
    assert cache.get("a") == 2 and cache.nbytes == 20
    cache.put("a", 3, 26)  # over a quarter of the bound: dropped, with what it replaced
    assert cache.get("a") is None and cache.nbytes == 0
