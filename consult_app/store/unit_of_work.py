"""A unit of work: one session, one transaction, committed once at the end or not at all.

A use case is one unit of work: a unit of work opened while another of the same store is open
on this thread joins it (same session, same transaction) instead of starting its own, so the
helpers a use case calls (the permission check, the clinic's details…) read in its transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from consult_app.store.errors import translated_errors
from consult_app.store.repositories.audit import AuditRepository
from consult_app.store.repositories.clients import ClientRepository
from consult_app.store.repositories.consents import ConsentRepository
from consult_app.store.repositories.consultations import ConsultationRepository
from consult_app.store.repositories.recall import RecallRepository
from consult_app.store.repositories.settings import SettingsRepository
from consult_app.store.repositories.treatments import TreatmentRepository
from consult_app.store.repositories.users import UserRepository


class UnitOfWork:
    """Use as `with store.writing() as uow:`; leaving the block commits, an error rolls back."""

    session: Session
    clients: ClientRepository
    consultations: ConsultationRepository
    consents: ConsentRepository
    users: UserRepository
    settings: SettingsRepository
    audit: AuditRepository
    treatments: TreatmentRepository
    recall: RecallRepository

    def __init__(
        self, engine: Engine, *, write: bool, ambient: threading.local | None = None
    ) -> None:
        # A store hands in its writing engine made once (see Store.writing): making it here
        # for every unit of work cost more than some of the statements they run.
        immediate = engine.get_execution_options().get("sqlite_begin") == "IMMEDIATE"
        self._engine = (
            engine.execution_options(sqlite_begin="IMMEDIATE")
            if write and not immediate
            else engine
        )
        self._write = write
        self._errors = translated_errors()
        self._ambient = ambient if ambient is not None else threading.local()
        self._outer: UnitOfWork | None = None
        self._parts: dict[str, object] = {}
        self._afterwards: list[Callable[[], None]] = []

    def afterwards(self, action: Callable[[], None]) -> None:
        """Run `action` once the outermost unit of work has ended, committed or rolled back
        (for what must be written even when the use case fails: a refusal's audit entry)."""
        (self._outer or self)._afterwards.append(action)

    def __enter__(self) -> UnitOfWork:
        self._errors.__enter__()
        outer: UnitOfWork | None = getattr(self._ambient, "open", None)
        if outer is not None:
            if self._write and not outer._write:
                self._errors.__exit__(None, None, None)
                raise RuntimeError("A write inside a reading unit of work: open it for writing.")
            self._outer = outer
            return outer  # the same session, repositories and transaction
        self._ambient.open = self
        # The session and repositories the last unit of work on this engine left on this
        # thread: closed, so empty (no rows, no transaction), and making them anew cost a
        # tenth of a search as you type (a session and eight repositories, every use case).
        idle: dict[Engine, dict[str, object]] = self._ambient.__dict__.setdefault("idle", {})
        parts = idle.pop(self._engine, None)
        if parts is None:
            session = Session(self._engine, expire_on_commit=False, autoflush=True)
            parts = {"session": session, **{name: kind(session) for name, kind in _KINDS}}
        self.__dict__.update(parts)
        self._parts = parts
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        if self._outer is not None:  # the outer unit of work commits or rolls back
            return self._errors.__exit__(kind, error, tb)
        self._ambient.open = None
        try:
            return self._end(kind, error, tb)
        finally:
            for action in self._afterwards:
                action()

    def _end(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        try:
            if kind is None and self._write:
                self.session.commit()
            # Closing rolls back whatever was not committed (a read, a failed use case): a
            # rollback first would end the same transaction twice, a cost on every read.
            self.session.close()
        except BaseException as end_error:  # this session is not used again
            self.session.rollback()
            self.session.close()
            return self._errors.__exit__(type(end_error), end_error, end_error.__traceback__)
        self._ambient.idle[self._engine] = self._parts
        return self._errors.__exit__(kind, error, tb)


_KINDS: tuple[tuple[str, Callable[[Session], object]], ...] = (
    ("clients", ClientRepository),
    ("consultations", ConsultationRepository),
    ("consents", ConsentRepository),
    ("users", UserRepository),
    ("settings", SettingsRepository),
    ("audit", AuditRepository),
    ("treatments", TreatmentRepository),
    ("recall", RecallRepository),
)
