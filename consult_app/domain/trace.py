"""Batch tracing: every client treated with a cartridge lot, a device serial or a product lot,
as a recall of a faulty batch needs them, and safe to open as a spreadsheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from consult_app.domain.chart import LotKind
from consult_app.domain.course import session_of
from consult_app.domain.dates import DateStyle, format_date

LOT_KIND_WORDS = {
    LotKind.CARTRIDGE: "Cartridge lot",
    LotKind.DEVICE: "Device serial",
    LotKind.PRODUCT: "Product lot",
}
CSV_HEADER = (
    "Client",
    "Date of birth",
    "Phone",
    "Session date",
    "Session",
    "Practitioner",
    "Matched",
    "Recorded as",
)


@dataclass(frozen=True, slots=True)
class TraceLine:
    """One treated session that used the traced batch: whom to contact, and what matched."""

    client_id: int
    client_name: str
    date_of_birth: date | None
    phone: str
    session_id: int
    session_date: date
    number: int | None
    planned: int | None  # the course's sessions, for "2 of 4"
    practitioner: str
    kind: LotKind
    value: str  # as the chart recorded it

    def row(self, style: DateStyle = DateStyle.DAY_MONTH_YEAR) -> tuple[str, ...]:
        """The line as the results table and the CSV show it, in CSV_HEADER's order."""
        return (
            self.client_name,
            format_date(self.date_of_birth, style) if self.date_of_birth else "",
            self.phone,
            format_date(self.session_date, style),
            session_of(self.number, self.planned) if self.number is not None else "",
            self.practitioner,
            LOT_KIND_WORDS[self.kind],
            self.value,
        )


def found_words(value: str, lines: list[TraceLine]) -> str:
    """ "3 clients in 4 sessions used “AB-1234”." """
    if not lines:
        return f"No signed-off session used “{value}”."
    clients, sessions = len({line.client_id for line in lines}), len(lines)
    return (
        f"{clients:,} client{'s' if clients != 1 else ''} in "
        f"{sessions:,} session{'s' if sessions != 1 else ''} used “{value}”."
    )
