"""Changes to national reports, templates and meetings: every write goes through one of these.

Pages, the API, the CLI and workbook imports call the same functions, so the permission checks,
validation and history are the same for all of them.
"""

from salw.reporting.services._drafting import (
    CarryOver,
    Problem,
    StaleEdit,
    SubmissionRefused,
    amend_report,
    answer_values,
    gaps_of,
    import_workbook,
    last_submitted,
    save_answers,
    set_visibility,
    start_report,
    submission_problems,
    submit_report,
)
from salw.reporting.services._files import file_of_answer, save_answers_with_files
from salw.reporting.services._secretariat import (
    ReminderPlan,
    check_remindable,
    reminder_plan,
    send_reminders,
)
from salw.reporting.services._setup import add_meeting, load_meetings, load_template, set_cycle

__all__ = [
    "CarryOver",
    "Problem",
    "StaleEdit",
    "SubmissionRefused",
    "add_meeting",
    "amend_report",
    "answer_values",
    "file_of_answer",
    "gaps_of",
    "import_workbook",
    "last_submitted",
    "load_meetings",
    "load_template",
    "save_answers",
    "save_answers_with_files",
    "send_reminders",
    "reminder_plan",
    "ReminderPlan",
    "check_remindable",
    "set_cycle",
    "set_visibility",
    "start_report",
    "submission_problems",
    "submit_report",
]
