"""Screening an intake file: the headless `consult-app screen` use case."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from consult_app.content.bundle import Content, default_content
from consult_app.domain.intake import parse_intake
from consult_app.domain.screening import ScreeningResult, screen
from consult_app.domain.treatment import rescreen
from consult_app.errors import Problem, ValidationError


def read_intake_file(path: Path) -> Any:
    """The JSON in `path`; ValidationError with one clear problem if it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError([Problem(str(path), "no such file")]) from None
    except IsADirectoryError:
        raise ValidationError([Problem(str(path), "is a folder, not an intake file")]) from None
    except UnicodeDecodeError:
        raise ValidationError(
            [Problem(str(path), "is not UTF-8 text; save it as UTF-8 JSON")]
        ) from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            [
                Problem(
                    str(path),
                    f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                )
            ]
        ) from None
    except RecursionError:
        raise ValidationError(
            [Problem(str(path), "is nested too deeply to be an intake file")]
        ) from None
    except ValueError as exc:  # e.g. a number with thousands of digits
        raise ValidationError([Problem(str(path), f"is not a usable intake file: {exc}")]) from None
    except OSError as exc:
        raise ValidationError([Problem(str(path), f"cannot be read: {exc.strerror}")]) from None


def screen_intake(content: Content, raw: Any) -> ScreeningResult:
    """Check an intake (the `screen` contract) and screen it; ValidationError names each problem."""
    return screened_intake(content, raw).result


@dataclass(frozen=True, slots=True)
class Screened:
    result: ScreeningResult
    changed: tuple[str, ...] | None = None  # a session intake's answers changed since last time


def screened_intake(content: Content, raw: Any) -> Screened:
    """An intake screened: on the consultation's date, or for a session intake on the session's
    date with the changed answers and the course's timing cautions (as the session wizard)."""
    intake = parse_intake(content.questionnaire, raw)
    session = intake.session
    if session is None:
        return Screened(
            screen(
                content.rules,
                intake.answers,
                intake.assessment,
                intake.date_of_birth,
                intake.consultation_date,
            )
        )
    args = (content.rules, session.answers, intake.assessment, intake.date_of_birth)
    if session.course is None:
        return Screened(screen(*args, session.session_date), session.changed)
    return Screened(rescreen(*args, session.session_date, session.course), session.changed)


def screen_file(path: Path) -> Screened:
    """Screen the intake file at `path` with the clinic's content."""
    return screened_intake(default_content(), read_intake_file(path))


def result_to_json(
    result: ScreeningResult, changed: tuple[str, ...] | None = None
) -> dict[str, Any]:
    """The `screen` contract's output (with `changed` for a session intake)."""
    found: dict[str, Any] = {
        "outcome": str(result.outcome),
        "findings": [
            {k: v for k, v in finding.to_json().items() if k != "source"}
            for finding in result.findings
        ],
    }
    if changed is not None:
        found["changed"] = list(changed)
    return found
