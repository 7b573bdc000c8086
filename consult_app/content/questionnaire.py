"""questionnaire.toml → Questionnaire."""

from __future__ import annotations

from typing import Any

from consult_app.content.entry import Entry, entry_name, unique
from consult_app.domain.questionnaire import (
    AssessmentScales,
    Option,
    Question,
    Questionnaire,
    QuestionType,
    ScaleLevel,
    Section,
)
from consult_app.errors import ContentError

_WITH_OPTIONS = {QuestionType.CHOICE, QuestionType.MULTI, QuestionType.PROCEDURES}


def _options(entry: Entry, key: str) -> tuple[Option, ...]:
    options = []
    for index, raw in enumerate(entry.tables(key, required=True), start=1):
        item = entry.child(f"{key} {index}", raw, {"id", "label"}, {"id", "label"})
        options.append(Option(item.identifier(), item.text("label")))
    unique(entry.file, f"{entry.name} → option", [o.id for o in options])
    return tuple(options)


def _question(file: str, raw: Any, index: int) -> Question:
    name = entry_name("question", raw, index)
    keys = {"id", "type", "text", "help", "required", "options", "follow_up_of", "shown_when"}
    entry = Entry(file, name, raw, keys, {"id", "type", "text"})
    type_name = entry.text("type")
    try:
        kind = QuestionType(type_name)
    except ValueError:
        allowed = ", ".join(t.value for t in QuestionType)
        raise entry.error(f"type '{type_name}' is not one of {allowed}") from None
    if kind in _WITH_OPTIONS:
        options = _options(entry, "options")
    elif "options" in raw:
        raise entry.error(f"a {kind} question has no options; remove 'options'")
    else:
        options = ()
    follow_up_of = entry.text("follow_up_of") if "follow_up_of" in raw else None
    if (follow_up_of is None) != ("shown_when" not in raw):
        raise entry.error("'follow_up_of' and 'shown_when' go together: give both or neither")
    return Question(
        id=entry.identifier(),
        type=kind,
        text=entry.text("text"),
        required=entry.flag("required", kind is not QuestionType.TEXT),
        help=entry.text("help", ""),
        options=options,
        follow_up_of=follow_up_of,
        shown_when=raw.get("shown_when"),
    )


def _levels(entry: Entry, key: str, top: int) -> tuple[ScaleLevel, ...]:
    levels = []
    for index, raw in enumerate(entry.tables(key, required=True), start=1):
        item = entry.child(
            f"{key} {index}",
            raw,
            {"level", "label", "description"},
            {"level", "label", "description"},
        )
        levels.append(
            ScaleLevel(item.whole("level", 1, top), item.text("label"), item.text("description"))
        )
    if sorted(level.level for level in levels) != list(range(1, top + 1)):
        raise entry.error(f"'{key}' must describe each level from 1 to {top} exactly once")
    return tuple(sorted(levels, key=lambda level: level.level))


def _check_follow_ups(file: str, questions: dict[str, Question]) -> None:
    for question in questions.values():
        if question.follow_up_of is None:
            continue
        parent = questions.get(question.follow_up_of)
        entry = f"question '{question.id}'"
        if parent is None:
            raise ContentError(
                file,
                entry,
                f"follow_up_of names '{question.follow_up_of}', which is not a question",
            )
        if parent.type is QuestionType.YES_NO:
            valid = isinstance(question.shown_when, bool)
        else:
            valid = (
                isinstance(question.shown_when, str) and question.shown_when in parent.option_ids
            )
        if not valid:
            raise ContentError(
                file,
                entry,
                f"shown_when = {question.shown_when!r} is not a possible answer of '{parent.id}'",
            )


def _check_no_cycles(file: str, questions: dict[str, Question]) -> None:
    for question in questions.values():
        seen = {question.id}
        parent = question.follow_up_of
        while parent in questions:
            if parent in seen:
                raise ContentError(
                    file,
                    f"question '{question.id}'",
                    "its follow_up_of chain leads back to itself; "
                    "a follow-up needs a parent that is asked first",
                )
            seen.add(parent)
            parent = questions[parent].follow_up_of


def _check_sections(file: str, sections: list[Section], questions: dict[str, Question]) -> None:
    listed: list[str] = []
    for section in sections:
        for question_id in section.question_ids:
            if question_id not in questions:
                raise ContentError(
                    file,
                    f"section '{section.id}'",
                    f"lists '{question_id}', which is not a question",
                )
            if questions[question_id].follow_up_of:
                raise ContentError(
                    file,
                    f"section '{section.id}'",
                    f"lists follow-up '{question_id}'; it is asked under its parent",
                )
        listed.extend(section.question_ids)
    unique(file, "question listed in sections", listed)
    asked = set(listed)
    for question in questions.values():
        root = question
        while root.follow_up_of and root.follow_up_of in questions:
            root = questions[root.follow_up_of]
        if root.id not in asked:
            raise ContentError(
                file,
                f"question '{question.id}'",
                "is not in any section, so it would never be asked; add it to a section",
            )


def load_questionnaire(file: str, data: dict[str, Any]) -> Questionnaire:
    top = Entry(
        file,
        "top level",
        data,
        {"version", "section", "question", "assessment", "goals"},
        {"version", "section", "question", "assessment", "goals"},
    )
    raw_questions = top.tables("question", required=True)
    question_list = [_question(file, raw, i) for i, raw in enumerate(raw_questions, start=1)]
    unique(file, "question", [q.id for q in question_list])
    questions = {q.id: q for q in question_list}
    sections = []
    for index, raw in enumerate(top.tables("section", required=True), start=1):
        name = entry_name("section", raw, index)
        entry = Entry(
            file, name, raw, {"id", "title", "intro", "questions"}, {"id", "title", "questions"}
        )
        sections.append(
            Section(
                entry.identifier(),
                entry.text("title"),
                entry.texts("questions"),
                entry.text("intro", ""),
            )
        )
    unique(file, "section", [s.id for s in sections])
    _check_follow_ups(file, questions)
    _check_no_cycles(file, questions)
    _check_sections(file, sections, questions)
    scales = top.child(
        "assessment",
        data["assessment"],
        {"fitzpatrick", "glogau", "concerns", "acne_scar_types"},
        {"fitzpatrick", "glogau", "concerns", "acne_scar_types"},
    )
    assessment = AssessmentScales(
        fitzpatrick=_levels(scales, "fitzpatrick", 6),
        glogau=_levels(scales, "glogau", 4),
        concerns=_options(scales, "concerns"),
        acne_scar_types=_options(scales, "acne_scar_types"),
    )
    return Questionnaire(
        top.text("version"), tuple(sections), questions, assessment, _options(top, "goals")
    )
