"""Who is signed in at this window, in one place: the gate they came through, their context,
the services made for this sign-in and a turn that moves on at every change of person.

Everything that asks "who is signed in?" asks this object, and everything that must follow a
change listens to `changed` (the main window, the session's timer). Work started off the GUI
thread keeps the turn it began in; its result is dropped if the turn has moved on meanwhile
(`still`), so a document made for one person never opens in front of the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from consult_app.domain.people import User
    from consult_app.services.clients import ClientService
    from consult_app.services.consultations import ConsultationService
    from consult_app.services.context import AppContext
    from consult_app.services.documents import DocumentService
    from consult_app.services.signin import Gate
    from consult_app.services.treatments import TreatmentService


class SignedIn(QObject):
    """`begin` a sign-in, `switched` to another person on it, `end` it; each emits `changed`
    and moves `turn` on. `touched` emits `changed` alone (the same person, renamed say)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gate: Gate | None = None
        self.context: AppContext | None = None
        self.clinic_name = ""
        self.turn = 0
        # Made on first use, for this sign-in's context only: the list does not wait for the
        # wizard's and the documents' imports, and no service outlives the sign-in it served.
        self._clients: ClientService | None = None
        self._consultations: ConsultationService | None = None
        self._documents: DocumentService | None = None
        self._treatments: TreatmentService | None = None

    @property
    def user(self) -> User | None:
        return self.context.user if self.context is not None else None

    def begin(self, context: AppContext, gate: Gate | None = None) -> None:
        """A new sign-in (a new context): the previous one's services are dropped."""
        if gate is not None:
            self.gate = gate
        elif self.gate is None:
            from consult_app.services.signin import Gate

            self.gate = Gate(context.store.url, allow_insecure=True)  # opened already: safe
        self.context = context
        self._drop_services()
        self._next_turn()

    def unlocked_as(self, user: User) -> None:
        """The lock's password was typed: `user` works on (a new turn if another person)."""
        assert self.context is not None, "only a sign-in is locked"
        self.continues_as(user)

    def continues_as(self, user: User) -> None:
        """This sign-in works on as `user`, an account a use case returned (the lock's check,
        a restore): a new turn if it is another account."""
        assert self.context is not None, "only a sign-in goes on"
        other = self.context.user is None or self.context.user.id != user.id
        self.context.user = user  # here, on the GUI thread: the use case may have run on a worker
        if other:
            self.switched()

    def switched(self) -> None:
        """Another person signed in on the same context (the lock's "Switch user")."""
        self._next_turn()

    def end(self) -> None:
        """Signed out: nobody's records are open."""
        self.context = None
        self._drop_services()
        self._next_turn()

    def touched(self, user: User | None = None) -> None:
        """The same person, changed (their own account renamed): shown again, same turn."""
        if user is not None and self.context is not None:
            self.context.user = user
        self.changed.emit()

    def still(self, turn: int) -> bool:
        """Whether work started in `turn` belongs to whoever is signed in now."""
        return turn == self.turn

    @property
    def clients(self) -> ClientService:
        if self._clients is None:
            from consult_app.services.clients import ClientService

            self._clients = ClientService(self._open())
        return self._clients

    @property
    def consultations(self) -> ConsultationService:
        if self._consultations is None:
            from consult_app.services.consultations import ConsultationService

            self._consultations = ConsultationService(self._open())
        return self._consultations

    @property
    def documents(self) -> DocumentService:
        if self._documents is None:
            from consult_app.services.documents import DocumentService

            self._documents = DocumentService(self._open())
        return self._documents

    @property
    def treatments(self) -> TreatmentService:
        if self._treatments is None:
            from consult_app.services.treatments import TreatmentService

            self._treatments = TreatmentService(self._open())
        return self._treatments

    def _open(self) -> AppContext:
        assert self.context is not None, "services are made only while someone is signed in"
        return self.context

    def _drop_services(self) -> None:
        self._clients = self._consultations = self._documents = None
        self._treatments = None

    def _next_turn(self) -> None:
        self.turn += 1
        self.changed.emit()
