"""What each role may do. Services check these; the GUI only mirrors them by hiding actions."""

from __future__ import annotations

from enum import StrEnum

from consult_app.domain.people import Role


class Permission(StrEnum):
    SEARCH_CLIENTS = "search clients"
    EDIT_CONTACT_DETAILS = "add clients and edit contact details"
    PRINT_HANDOUTS = "print blank handouts"
    REPRINT_DOCUMENTS = "reprint a client's consent and aftercare sheets"
    VIEW_MEDICAL_RECORD = "open medical history, findings, notes and consultation records"
    CONSULT = "run consultations, sign consents and amend records"
    BACK_UP = "back up the database"
    RESTORE = "restore the database from a backup"
    MANAGE_ACCOUNTS = "manage accounts"
    VIEW_AUDIT = "view the audit trail"
    CLINIC_SETTINGS = "change the clinic's settings"
    # Dates, numbers and due status of treatment sessions, never what was done in them.
    SEE_APPOINTMENTS = "see session dates and print recall lists"
    TRACE_BATCHES = "trace batches and serial numbers"


_RECEPTION = frozenset(
    {
        Permission.SEARCH_CLIENTS,
        Permission.EDIT_CONTACT_DETAILS,
        Permission.PRINT_HANDOUTS,
        Permission.REPRINT_DOCUMENTS,
        Permission.SEE_APPOINTMENTS,
    }
)
_PRACTITIONER = _RECEPTION | {
    Permission.VIEW_MEDICAL_RECORD,
    Permission.CONSULT,
    Permission.BACK_UP,
    Permission.TRACE_BATCHES,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.RECEPTION: _RECEPTION,
    Role.PRACTITIONER: frozenset(_PRACTITIONER),
    Role.OWNER: frozenset(Permission),
}

ROLE_WORDS: dict[Role, str] = {
    Role.OWNER: "Owner",
    Role.PRACTITIONER: "Practitioner",
    Role.RECEPTION: "Reception",
}


def allows(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
