from salw.states.services.contacts import save_point_of_contact
from salw.states.services.loading import LoadResult, load_states
from salw.states.services.marking import (
    add_marking_example,
    save_marking_practice,
    withdraw_marking_example,
)

__all__ = [
    "LoadResult",
    "add_marking_example",
    "load_states",
    "save_marking_practice",
    "save_point_of_contact",
    "withdraw_marking_example",
]
