"""Before signing: what the consent cannot print as typed, and the client's name for paper.

A name in a script no bundled font has (Devanagari, Thai, an emoji…) would print as "?" on
the paper the client signs. Signing then needs the name in Latin letters, as the client
confirms it; the consent record keeps that name and the consent prints it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from consult_app.domain.client import ClientDetails
from consult_app.domain.consent import ConsentRecord
from consult_app.domain.consultation import Consultation
from consult_app.domain.screening import ScreeningResult
from consult_app.errors import Problem, ValidationError
from consult_app.services.context import AppContext
from consult_app.services.documents import consent_document, paper_setting
from consult_app.store.base import utc_now

if TYPE_CHECKING:
    from consult_app.domain.consultation import ConsultationInput


@dataclass(frozen=True, slots=True)
class PaperCheck:
    """What the consent page shows before signing."""

    warnings: list[str]  # one sentence per field holding what prints as "?"
    name_unprintable: list[str]  # the letters of the client's name no font has


def _unsupported(text: str) -> list[str]:
    from consult_app.documents.fonts import unsupported_characters

    return unsupported_characters(text)


def check_consent(
    context: AppContext,
    consultation: Consultation,
    client: ClientDetails,
    state: ConsultationInput,
    result: ScreeningResult,
    practitioner_name: str,
) -> PaperCheck:
    """The warnings of the consent as it would be signed now, and whether the name prints."""
    from consult_app.documents.base import document_warnings
    from consult_app.services.clinic import ClinicService

    clinic = ClinicService(context).details()
    if clinic is None:
        return PaperCheck([], _unsupported(client.full_name))
    now = replace(
        consultation, findings=result.findings, decisions=state.decisions, plan=state.plan
    )
    record = ConsentRecord(
        0, consultation.id, "", "", utc_now(), "", practitioner_name, False, b"", b""
    )
    paper = paper_setting(context)
    document = consent_document(context, now, client, clinic, record, 1, paper)
    return PaperCheck(document_warnings(document), _unsupported(client.full_name))


def _latin(name: str) -> bool:
    return all(unicodedata.name(c, "").startswith("LATIN") for c in name if c.isalpha()) and any(
        c.isalpha() for c in name
    )


def name_for_paper(full_name: str, typed: str) -> str:
    """The client's name as the consent prints it: theirs, or the Latin-letter one typed.

    Raises ValidationError when their name cannot be printed and no usable name was given.
    """
    missing = _unsupported(full_name)
    if not missing:
        return full_name
    name = " ".join(typed.split())
    if not name:
        problem = (
            f"the client's name has letters the printed consent cannot show "
            f"({', '.join(missing)}): type it in Latin letters, as the client confirms it"
        )
        raise ValidationError([Problem("paper_name", problem)])
    if not _latin(name) or _unsupported(name):
        problem = "use Latin letters (A to Z, accents are fine) for the name on the paper"
        raise ValidationError([Problem("paper_name", problem)])
    return name
