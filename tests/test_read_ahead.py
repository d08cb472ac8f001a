"""Reading ahead in a thread keeps order, language and errors, and stops with its caller."""

import threading
from collections.abc import Iterator

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from salw.core.read_ahead import read_ahead


def test_items_come_in_order() -> None:
    assert list(read_ahead(lambda: iter(range(1000)))) == list(range(1000))


def test_an_error_while_producing_is_raised_in_the_caller() -> None:
    def failing() -> Iterator[int]:
        yield 1
        raise ValueError("row 2 is bad")

    got = []
    with pytest.raises(ValueError, match="row 2 is bad"):
        for item in read_ahead(failing):
            got.append(item)
    assert got == [1]


def test_the_producer_speaks_the_callers_language() -> None:
    with translation.override("fr"):
        texts = list(read_ahead(lambda: iter([_("required")])))
    assert texts == ["obligatoire"]


def test_the_thread_stops_when_the_caller_stops_early() -> None:
    produced = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            produced.append(n)
            yield n
            n += 1

    before = threading.active_count()
    items = read_ahead(endless, depth=2)
    assert [next(items) for _ in range(3)] == [0, 1, 2]
    items.close()
    assert threading.active_count() == before
    assert len(produced) <= 3 + 2 + 1  # never more than the queue's depth ahead
