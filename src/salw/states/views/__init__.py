from salw.states.views.contacts import ContactDirectoryView, EditContactView
from salw.states.views.geography import state_detail, state_list, state_pdf
from salw.states.views.marking import (
    EditMarkingPracticeView,
    marking_example_image,
    marking_practice,
)

__all__ = [
    "ContactDirectoryView",
    "EditContactView",
    "EditMarkingPracticeView",
    "marking_example_image",
    "marking_practice",
    "state_detail",
    "state_list",
    "state_pdf",
]
