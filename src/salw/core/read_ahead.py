"""Produce the next items of an iterator in a thread while the caller works on the current one.

A bulk import alternates between reading and checking rows (Python work) and writing them
(waiting for the database, which runs elsewhere: the PostgreSQL server, or SQLite's C code with
the interpreter lock released). Reading the next batch during that wait overlaps the two. At
most `depth` items wait in the queue, so memory stays flat whatever the file's size.
"""

import queue
import threading
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.utils import translation

T = TypeVar("T")
_DONE = object()


class _Failed:
    def __init__(self, error: BaseException) -> None:
        self.error = error


def read_ahead(make: Callable[[], Iterator[T]], depth: int = 2) -> Iterator[T]:
    """Items of `make()` in order, produced one step ahead in a thread.

    The thread speaks the caller's language (error texts made there are stored or shown), and an
    exception raised while producing is raised here, in the caller. If the caller stops early,
    the thread stops at its next item. The producer must not use the database: Django's
    connections belong to the thread that opened them.
    """
    items: queue.Queue = queue.Queue(maxsize=depth)
    stop = threading.Event()
    language = translation.get_language()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        with translation.override(language):
            try:
                for item in make():
                    if not put(item):
                        return
            except BaseException as error:  # handed to the caller, which raises it
                put(_Failed(error))
                return
        put(_DONE)

    worker = threading.Thread(target=produce, name="read-ahead", daemon=True)
    worker.start()
    try:
        while True:
            item = items.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.error
            yield item
    finally:
        stop.set()
        worker.join()
