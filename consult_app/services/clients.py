"""Finding, adding and changing clients."""

from __future__ import annotations

from dataclasses import replace

from consult_app.domain.client import Client, ClientDetails, ClientListing, ClientMatches
from consult_app.domain.consultation import ConsultationSummary
from consult_app.domain.permissions import Permission
from consult_app.services.access import may, require
from consult_app.services.context import AppContext

PAGE = 100  # clients a search lists at first, and how many more each "show more" adds
COUNTED = 1_000  # matches counted beyond the page; past it the list says "more than 1,000"


class ClientService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def search(self, query: str, limit: int | None = None) -> list[int]:
        """Ids of clients matching a name prefix, date of birth, phone or e-mail, in list order."""
        require(self.context, Permission.SEARCH_CLIENTS, "client")
        with self.context.store.reading() as uow:
            return uow.clients.search_ids(query, limit)

    def find(self, query: str, shown: int = PAGE) -> ClientMatches:
        """Search as you type: the first `shown` clients matching `query` in list order, as
        `search` finds them, and how many match (counted up to COUNTED, or `shown` if more)."""
        # One unit of work, which the account check joins: one transaction, as `use_case`
        # gives, without a second unit of work around it on every keystroke.
        with self.context.store.reading() as uow:
            require(self.context, Permission.SEARCH_CLIENTS, "client")
            return uow.clients.matches(query, shown, max(COUNTED, shown))

    def listings(self, ids: list[int]) -> dict[int, ClientListing]:
        require(self.context, Permission.SEARCH_CLIENTS, "client")
        with self.context.store.reading() as uow:
            return uow.clients.listings(ids)

    def get(self, client_id: int) -> Client:
        """The client's details (contact details and date of birth; nothing medical)."""
        require(self.context, Permission.SEARCH_CLIENTS, "client", client_id)
        with self.context.store.reading() as uow:
            return uow.clients.get(client_id)

    def history(self, client_id: int) -> list[ConsultationSummary]:
        return self.with_history(client_id)[1]

    def with_history(self, client_id: int) -> tuple[Client, list[ConsultationSummary]]:
        """The client and their consultations, newest first, read in one transaction.

        Reception sees dates and status (to reprint sheets) but no outcome: that is medical.
        """
        # One transaction, the account's re-read included: a writing one when the role (as
        # last known) may see the medical history, whose view is audited.
        medical = may(self.context, Permission.VIEW_MEDICAL_RECORD)
        # While the check after start holds writes, the view is read now and noted after it.
        hold = self.context.store.hold
        held = hold is not None and hold.is_checking
        writing = medical and not held
        with self.context.store.writing() if writing else self.context.store.reading() as uow:
            require(self.context, Permission.SEARCH_CLIENTS, "client", client_id)
            # A role changed meanwhile on another workstation counts from now if it sees less.
            medical = medical and may(self.context, Permission.VIEW_MEDICAL_RECORD)
            client, history = uow.clients.get(client_id), uow.consultations.history(client_id)
            if medical and history and writing:
                self.context.audit(uow, "view", "client", client_id, "consultation history")
        if medical and history and not writing:
            self.context.audit_alone("view", "client", client_id, "consultation history")
        if not medical:
            history = [replace(line, outcome=None) for line in history]
        return client, history

    def unprintable_name_characters(self, details: ClientDetails) -> list[str]:
        """Letters in the name that printed forms cannot show correctly (they print as "?")."""
        from consult_app.documents.fonts import unsupported_characters

        names = " ".join((details.first_name, details.last_name, details.preferred_name))
        return unsupported_characters(names)

    def possible_duplicates(
        self, details: ClientDetails, exclude_id: int | None = None
    ) -> list[Client]:
        require(self.context, Permission.SEARCH_CLIENTS, "client")
        with self.context.store.reading() as uow:
            return uow.clients.possible_duplicates(details.cleaned(), exclude_id)

    def add(self, details: ClientDetails) -> Client:
        """Validate and store a new client; raises ValidationError listing every problem."""
        require(self.context, Permission.EDIT_CONTACT_DETAILS, "client")
        clean = details.validated(self.context.today())
        with self.context.store.writing() as uow:
            client = uow.clients.add(clean, self.context.actor)
            self.context.audit(uow, "create", "client", client.id)
            return client

    def change(self, client_id: int, expected_version: int, details: ClientDetails) -> Client:
        """Save changed details; raises StaleRecordError if someone saved the client meanwhile."""
        require(self.context, Permission.EDIT_CONTACT_DETAILS, "client", client_id)
        clean = details.validated(self.context.today())
        with self.context.store.writing() as uow:
            client = uow.clients.change(client_id, expected_version, clean, self.context.actor)
            self.context.audit(uow, "change", "client", client_id)
            return client
