"""Load every content file of a folder, checked together, into one Content value."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from consult_app.content.plan import load_plan
from consult_app.content.questionnaire import load_questionnaire
from consult_app.content.rules import load_rules
from consult_app.content.texts import load_aftercare, load_consent, load_handout
from consult_app.domain.plan import PlanGuidance
from consult_app.domain.questionnaire import Questionnaire
from consult_app.domain.rules import RuleSet
from consult_app.domain.texts import AftercareSheet, ConsentTemplate, Handout
from consult_app.errors import ContentError

FILES = (
    "questionnaire.toml",
    "rules.toml",
    "plan.toml",
    "consent.toml",
    "aftercare.toml",
    "preparation.toml",
)


@dataclass(frozen=True, slots=True)
class Content:
    questionnaire: Questionnaire
    rules: RuleSet
    plan: PlanGuidance
    consent: ConsentTemplate
    aftercare: AftercareSheet
    preparation: Handout

    @property
    def versions(self) -> dict[str, str]:
        """Stored with each consultation, so a record says which wording it was made with."""
        return {
            "questionnaire": self.questionnaire.version,
            "rules": self.rules.version,
            "plan": self.plan.version,
            "consent": self.consent.version,
            "aftercare": self.aftercare.version,
            "preparation": self.preparation.version,
        }


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(
            path.name, "file", f"is missing from {path.parent}; restore it from the installation"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(path.name, "file", f"is not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(path.name, "file", f"cannot be read: {exc}") from None


def load_content(folder: Path) -> Content:
    """Read and cross-check every content file; raise ContentError naming file, entry, reason."""
    data = {name: read_toml(folder / name) for name in FILES}
    questionnaire = load_questionnaire("questionnaire.toml", data["questionnaire.toml"])
    rules = load_rules("rules.toml", data["rules.toml"], questionnaire)
    aftercare = load_aftercare("aftercare.toml", data["aftercare.toml"])
    _check_tailored(aftercare, rules)
    return Content(
        questionnaire=questionnaire,
        rules=rules,
        plan=load_plan("plan.toml", data["plan.toml"], questionnaire),
        consent=load_consent("consent.toml", data["consent.toml"]),
        aftercare=aftercare,
        preparation=load_handout("preparation.toml", data["preparation.toml"]),
    )


def _check_tailored(aftercare: AftercareSheet, rules: RuleSet) -> None:
    """A tailored aftercare line names rules by id: a typo would silently never print it."""
    known = {rule.id for rule in rules.rules}
    for advice in aftercare.tailored:
        for rule in (*advice.when_found, *advice.when_decided):
            if rule not in known:
                raise ContentError(
                    "aftercare.toml",
                    f"tailored '{advice.id}'",
                    f"rule '{rule}' is not in rules.toml; use the id of one of its rules",
                )


@cache
def default_content() -> Content:
    """The content shipped in resources/content, parsed once per process."""
    from consult_app.paths import content_dir

    return load_content(content_dir())
