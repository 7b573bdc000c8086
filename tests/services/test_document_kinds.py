"""Document kinds: one table of builders and one reception rule, for the GUI and the CLI alike."""

from __future__ import annotations

import pytest

from consult_app.domain.document_kinds import CONSULTATION_KINDS, SESSION_KINDS
from consult_app.domain.documents import DocumentKind, DocumentUse, permission_for
from consult_app.domain.people import Role
from consult_app.domain.permissions import Permission, allows
from consult_app.errors import NotAllowedError
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from tests.services.test_document_service import signed  # noqa: F401  (a signed consultation)


def test_every_kind_is_built_by_the_one_table(
    context: AppContext,
    signed: int,  # noqa: F811
) -> None:
    documents = DocumentService(context)
    for kind in CONSULTATION_KINDS:
        assert documents.pdf(kind, signed).startswith(b"%PDF")
        assert documents.pdf(kind.value, signed) == documents.pdf(kind, signed)  # as typed
        assert isinstance(documents.warnings(signed, kind), list)
    with pytest.raises(ValueError):
        documents.pdf("invoice", signed)
    with pytest.raises(ValueError, match="recall_pdf"):
        documents.pdf(DocumentKind.RECALL_LIST, signed)
    assert set(DocumentKind) == {*CONSULTATION_KINDS, *SESSION_KINDS, DocumentKind.RECALL_LIST}


def test_reception_prints_the_consent_and_aftercare_and_nothing_else(
    context: AppContext,
    signed: int,  # noqa: F811
) -> None:
    with context.store.writing() as uow:
        context.user = uow.users.add("desk", "Front desk", Role.RECEPTION, "x" * 20)
    documents = DocumentService(context)
    for kind in CONSULTATION_KINDS:
        for use in DocumentUse:
            allowed = kind is not DocumentKind.RECORD and use is DocumentUse.PRINT
            assert allows(Role.RECEPTION, permission_for(kind, use)) is allowed
            if allowed:
                assert documents.pdf(kind, signed, use).startswith(b"%PDF")
            else:
                with pytest.raises(NotAllowedError):
                    documents.pdf(kind, signed, use)
    assert permission_for(DocumentKind.RECORD, DocumentUse.PRINT) is Permission.VIEW_MEDICAL_RECORD


def test_reception_reprints_a_sessions_aftercare_and_prints_the_recall_list_only() -> None:
    for use in DocumentUse:
        rules = {kind: allows(Role.RECEPTION, permission_for(kind, use)) for kind in DocumentKind}
        assert rules[DocumentKind.SESSION_AFTERCARE] is (use is DocumentUse.PRINT)
        assert rules[DocumentKind.SESSION_RECORD] is False
        assert rules[DocumentKind.RECALL_LIST] is True
        assert permission_for(DocumentKind.RECALL_LIST, use) is Permission.SEE_APPOINTMENTS
