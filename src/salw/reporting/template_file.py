"""Reading a template YAML file (docs/template-format.md) and checking it before anything is stored.

Every problem is collected, not only the first, and each names the line and the section or
question it is in, so the secretariat can fix a file in one pass.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.utils.translation import gettext as _

from salw.reporting.choices import CHOICE_KINDS, FIXED_OPTIONS, LANGUAGES, QuestionKind

LINE = "__line__"
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
MAX_FILE_BYTES = 2_000_000


class TemplateFileError(Exception):
    """A template file that cannot be loaded; `problems` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping, for error messages."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        return mapping


@dataclass
class QuestionSpec:
    qid: str
    number: str
    source_ref: str
    kind: str
    required: bool
    options: list[str]
    columns: list[str]
    show_if: dict[str, Any] | None
    min_value: Decimal | None
    max_value: Decimal | None
    maps_from: list[str]
    inferred: bool
    texts: dict[str, dict[str, str]]  # text key → language → text
    line: Any = None


@dataclass
class SectionSpec:
    key: str
    number: str
    title: dict[str, str]
    questions: list[QuestionSpec] = field(default_factory=list)


@dataclass
class TemplateSpec:
    code: str
    year: int
    reconstruction: bool
    texts: dict[str, dict[str, str]]
    sections: list[SectionSpec]
    cycles: list[str] = field(default_factory=list)

    def all_questions(self) -> list[QuestionSpec]:
        return [q for section in self.sections for q in section.questions]


class _Checker:
    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, where: str, line: Any, reason: str) -> None:
        self.problems.append(
            _("line %(line)s, %(where)s: %(reason)s")
            % {"line": line or "?", "where": where, "reason": reason}
        )

    def languages(self, value: Any, where: str, line: Any, what: str) -> dict[str, str]:
        """Text in all six languages, or a problem naming the missing ones."""
        if not isinstance(value, dict):
            self.fail(where, line, _("%(what)s must give a text per language") % {"what": what})
            return {}
        texts = {k: str(v).strip() for k, v in value.items() if k != LINE and v is not None}
        missing = [lang for lang in LANGUAGES if not texts.get(lang)]
        unknown = sorted(set(texts) - set(LANGUAGES))
        if missing:
            self.fail(
                where,
                value.get(LINE, line),
                _("%(what)s lacks the languages %(languages)s")
                % {"what": what, "languages": ", ".join(missing)},
            )
        if unknown:
            self.fail(
                where,
                value.get(LINE, line),
                _("%(what)s has unknown languages %(languages)s")
                % {"what": what, "languages": ", ".join(unknown)},
            )
        return texts

    def number(self, value: Any, where: str, line: Any, name: str) -> Decimal | None:
        if value is None:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            self.fail(where, line, _("%(name)s is not a number") % {"name": name})
            return None


def parse_template(text: str | bytes) -> TemplateSpec:
    """The checked content of a template file; TemplateFileError lists everything wrong."""
    if len(text) > MAX_FILE_BYTES:
        raise TemplateFileError([_("The file is larger than 2 MB.")])
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else "?"
        raise TemplateFileError(
            [_("line %(line)s: not valid YAML (%(error)s)") % {"line": line, "error": error}]
        ) from error
    if not isinstance(data, dict):
        raise TemplateFileError([_("The file must hold a mapping with “template” and “sections”.")])
    check = _Checker()
    code = str(data.get("template") or "")
    if not SLUG.match(code):
        check.fail(_("template"), data[LINE], _("“template” must be a short code such as v3"))
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        check.fail(_("template"), data[LINE], _("“year” must be a year such as 2020"))
        year = 0
    texts = {"title": check.languages(data.get("title"), _("template"), data[LINE], _("title"))}
    if data.get("note"):
        texts["note"] = check.languages(data["note"], _("template"), data[LINE], _("note"))
    option_sets = data.get("option_sets") or {}
    sections = [
        _section(check, raw, position, option_sets)
        for position, raw in enumerate(data.get("sections") or [])
    ]
    if not sections:
        check.fail(_("template"), data[LINE], _("there are no sections"))
    cycles = data.get("cycles") or []
    if not isinstance(cycles, list):
        check.fail(_("template"), data[LINE], _("“cycles” must be a list of meeting codes"))
        cycles = []
    spec = TemplateSpec(
        code, year, bool(data.get("reconstruction")), texts, sections, [str(c) for c in cycles]
    )
    _check_across(check, spec)
    if check.problems:
        raise TemplateFileError(check.problems)
    return spec


def _section(check: _Checker, raw: Any, position: int, option_sets: dict) -> SectionSpec:
    if not isinstance(raw, dict):
        check.fail(_("section %(n)s") % {"n": position + 1}, "?", _("must be a mapping"))
        return SectionSpec("", "", {})
    key = str(raw.get("key") or "")
    where = _("section “%(key)s”") % {"key": key}
    if not SLUG.match(key):
        check.fail(where, raw[LINE], _("“key” must be lower-case letters, digits and _"))
    title = check.languages(raw.get("title"), where, raw[LINE], _("title"))
    section = SectionSpec(key, str(raw.get("number") or ""), title)
    for item in raw.get("questions") or []:
        section.questions.append(_question(check, item, option_sets))
    if not section.questions:
        check.fail(where, raw[LINE], _("there are no questions"))
    return section


def _question(check: _Checker, raw: Any, option_sets: dict) -> QuestionSpec:
    if not isinstance(raw, dict):
        check.fail(_("question"), "?", _("must be a mapping"))
        raw = {LINE: "?"}
    qid = str(raw.get("id") or "")
    line = raw[LINE]
    where = _("question “%(id)s”") % {"id": qid}
    if not SLUG.match(qid):
        check.fail(where, line, _("“id” must be lower-case letters, digits and _"))
    kind = str(raw.get("kind") or "")
    if kind not in QuestionKind.values:
        check.fail(
            where,
            line,
            _("unknown kind “%(kind)s”; use one of %(kinds)s")
            % {"kind": kind, "kinds": ", ".join(QuestionKind.values)},
        )
    texts = {f"q:{qid}": check.languages(raw.get("text"), where, line, _("text"))}
    if raw.get("help"):
        texts[f"help:{qid}"] = check.languages(raw["help"], where, line, _("help"))
    if raw.get("unit"):
        texts[f"unit:{qid}"] = check.languages(raw["unit"], where, line, _("unit"))
    options: list[str] = []
    raw_options = raw.get("options")
    if isinstance(raw_options, str):
        raw_options = option_sets.get(raw_options)
        if raw_options is None:
            check.fail(where, line, _("unknown option set “%(name)s”") % {"name": raw["options"]})
    if kind in CHOICE_KINDS:
        raw_options = raw_options or {}
        if not isinstance(raw_options, dict):
            check.fail(where, line, _("“options” must map each option key to its texts"))
            raw_options = {}
        # Unquoted yes/no are booleans in YAML: they show up as "True"/"False" and are refused.
        option_texts = {str(key): value for key, value in raw_options.items() if key != LINE}
        options = list(option_texts)
        for option, value in option_texts.items():
            label = _("option “%(option)s”") % {"option": option}
            texts[f"opt:{qid}:{option}"] = check.languages(value, where, line, label)
        fixed = FIXED_OPTIONS.get(kind)
        if fixed and options != fixed:
            check.fail(
                where,
                line,
                _("options must be exactly %(options)s") % {"options": ", ".join(fixed)},
            )
        if not options:
            check.fail(where, line, _("a choice question needs options"))
    columns: list[str] = []
    if kind == QuestionKind.TABLE:
        for column in raw.get("columns") or []:
            ckey = str(column.get("key") or "") if isinstance(column, dict) else ""
            if not SLUG.match(ckey):
                check.fail(where, line, _("every column needs a “key”"))
                continue
            columns.append(ckey)
            label = _("column “%(column)s”") % {"column": ckey}
            texts[f"col:{qid}:{ckey}"] = check.languages(column.get("text"), where, line, label)
        if not columns:
            check.fail(where, line, _("a table question needs columns"))
    show_if = raw.get("show_if")
    if show_if is not None:
        if (
            not isinstance(show_if, dict)
            or not show_if.get("question")
            or not isinstance(show_if.get("in"), list)
        ):
            check.fail(where, line, _("“show_if” needs “question” and a list “in”"))
            show_if = None
        else:
            show_if = {"question": str(show_if["question"]), "in": [str(v) for v in show_if["in"]]}
    maps_from = raw.get("maps_from") or []
    if not isinstance(maps_from, list):
        check.fail(where, line, _("“maps_from” must be a list of question ids"))
        maps_from = []
    return QuestionSpec(
        qid=qid,
        number=str(raw.get("number") or ""),
        source_ref=str(raw.get("source") or ""),
        kind=kind,
        required=bool(raw.get("required")),
        options=options,
        columns=columns,
        show_if=show_if,
        min_value=check.number(raw.get("min"), where, line, "min"),
        max_value=check.number(raw.get("max"), where, line, "max"),
        maps_from=[str(m) for m in maps_from],
        inferred=bool(raw.get("inferred")),
        texts=texts,
        line=line,
    )


def _check_across(check: _Checker, spec: TemplateSpec) -> None:
    """Unique ids and numbers; skip rules that point to an earlier choice question and option."""
    seen: dict[str, QuestionSpec] = {}
    numbers: set[str] = set()
    for question in spec.all_questions():
        where = _("question “%(id)s”") % {"id": question.qid}
        if question.qid in seen:
            check.fail(where, question.line, _("the id is used twice"))
        if not question.number or question.number in numbers:
            check.fail(where, question.line, _("the number is missing or used twice"))
        numbers.add(question.number)
        rule = question.show_if
        if rule:
            target = seen.get(rule["question"])
            if target is None:
                check.fail(
                    where,
                    question.line,
                    _("“show_if” names “%(target)s”, which is not an earlier question")
                    % {"target": rule["question"]},
                )
            elif not set(rule["in"]) <= set(target.options):
                check.fail(
                    where,
                    question.line,
                    _("“show_if” values must be options of “%(target)s”")
                    % {"target": rule["question"]},
                )
        seen[question.qid] = question
    keys = [section.key for section in spec.sections]
    if len(keys) != len(set(keys)):
        check.fail(_("template"), "?", _("two sections have the same key"))
