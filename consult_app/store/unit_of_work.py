"""A unit of work: one session, one transaction, committed once at the end or not at all."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from consult_app.store.errors import translated_errors
from consult_app.store.repositories.audit import AuditRepository
from consult_app.store.repositories.clients import ClientRepository
from consult_app.store.repositories.consents import ConsentRepository
from consult_app.store.repositories.consultations import ConsultationRepository
from consult_app.store.repositories.settings import SettingsRepository
from consult_app.store.repositories.users import UserRepository


class UnitOfWork:
    """Use as `with store.writing() as uow:`; leaving the block commits, an error rolls back."""

    def __init__(self, engine: Engine, *, write: bool) -> None:
        self._engine = engine.execution_options(sqlite_begin="IMMEDIATE") if write else engine
        self._write = write
        self._errors = translated_errors()

    def __enter__(self) -> UnitOfWork:
        self._errors.__enter__()
        self.session = Session(self._engine, expire_on_commit=False, autoflush=True)
        self.clients = ClientRepository(self.session)
        self.consultations = ConsultationRepository(self.session)
        self.consents = ConsentRepository(self.session)
        self.users = UserRepository(self.session)
        self.settings = SettingsRepository(self.session)
        self.audit = AuditRepository(self.session)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        try:
            if kind is None and self._write:
                self.session.commit()
            else:
                self.session.rollback()
        except BaseException as commit_error:
            self.session.rollback()
            self.session.close()
            return self._errors.__exit__(
                type(commit_error), commit_error, commit_error.__traceback__
            )
        self.session.close()
        return self._errors.__exit__(kind, error, tb)
