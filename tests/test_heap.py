"""Garbage collection around start-up (``bot/heap.py``, issue 24): off while the models load,
on again with the loaded objects frozen — and on again after a failed start, or a process
would run for good without collecting its cycles."""

from __future__ import annotations

import gc
import weakref

import pytest

from bot import heap


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_collection_is_off_while_loading_and_on_after_with_the_garbage_gone() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    try:
        with heap.loading(freeze=True):
            assert not gc.isenabled()
            garbage = weakref.ref(Cycle())  # a collection would have taken it meanwhile
            kept = Cycle()
            assert garbage() is not None
        assert gc.isenabled()
        assert gc.get_freeze_count() > frozen  # what loading kept is frozen …
        assert garbage() is None and kept.me is kept  # … the garbage was collected first
    finally:
        gc.unfreeze()


def test_a_failed_start_turns_collection_back_on() -> None:
    with pytest.raises(RuntimeError), heap.loading(freeze=True):
        raise RuntimeError("the artifact is missing")
    assert gc.isenabled()


def test_without_freezing_nothing_changes() -> None:
    frozen = gc.get_freeze_count()
    with heap.loading(freeze=False):
        assert gc.isenabled()
    assert gc.isenabled() and gc.get_freeze_count() == frozen
