"""Name pools for the demo clinic: many scripts, as a real city clinic sees them."""

from __future__ import annotations

# (first names, last names) per origin; each client takes both from one origin.
NAME_POOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "british": (
        (
            "Olivia",
            "Amelia",
            "Isla",
            "Ava",
            "Emily",
            "Sophie",
            "Grace",
            "Charlotte",
            "Ruth",
            "Hannah",
            "James",
            "Oliver",
            "Harry",
            "George",
            "Thomas",
            "Daniel",
            "Siobhán",
            "Ciarán",
            "Zoë",
            "Chloë",
        ),
        (
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Williams",
            "Wilson",
            "Davies",
            "Evans",
            "Thomas",
            "Roberts",
            "Walker",
            "Wright",
            "Robinson",
            "Thompson",
            "White",
            "Hughes",
            "Edwards",
            "Green",
            "O'Brien",
            "Ní Bhriain",
        ),
    ),
    "polish": (
        ("Zofia", "Małgorzata", "Agnieszka", "Katarzyna", "Łucja", "Józef", "Paweł", "Wojciech"),
        (
            "Łukasiewicz",
            "Kowalska",
            "Wiśniewska",
            "Wójcik",
            "Kamińska",
            "Lewandowska",
            "Zieliński",
            "Szymańska",
        ),
    ),
    "nordic": (
        ("Søren", "Åsa", "Björn", "Ingrid", "Sigrún", "Þóra", "Freja", "Mette"),
        (
            "Sørensen",
            "Ødegård",
            "Åkesson",
            "Jónsdóttir",
            "Þórsdóttir",
            "Bjørnstad",
            "Lindqvist",
            "Hansen",
        ),
    ),
    "vietnamese": (
        ("Ngọc Anh", "Thị Hương", "Minh Thư", "Phương", "Đức", "Quỳnh", "Thảo", "Tuấn"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Đặng", "Bùi"),
    ),
    "greek": (
        ("Ελένη", "Μαρία", "Αικατερίνη", "Σοφία", "Γιώργος", "Δημήτρης", "Ψυχή", "Αναστασία"),
        ("Παπαδοπούλου", "Γεωργίου", "Οικονόμου", "Νικολάου", "Καραγιάννη", "Βασιλείου", "Ιωάννου"),
    ),
    "cyrillic": (
        ("Анна", "Мария", "Елена", "Ольга", "Иван", "Дмитрий", "Юлия", "Наталья", "Олена", "Ганна"),
        (
            "Иванова",
            "Смирнова",
            "Кузнецова",
            "Попова",
            "Соколова",
            "Петренко",
            "Шевченко",
            "Бондаренко",
        ),
    ),
    "iberian": (
        ("María José", "Lucía", "Inês", "João", "Conceição", "Begoña", "Iñaki", "Núria"),
        ("García", "Fernández", "González", "Rodríguez", "Muñoz", "Gonçalves", "Peña", "Ibáñez"),
    ),
    "german_turkish": (
        ("Jürgen", "Günther", "Käthe", "Müge", "Gülşen", "Çağla", "Şükrü", "Ömer"),
        ("Müller", "Schröder", "Weiß", "Strauß", "Öztürk", "Yılmaz", "Çelik", "Şahin"),
    ),
    "french": (
        ("Léa", "Chloé", "Hélène", "Françoise", "Amélie", "Gaëlle", "Noël", "Anaïs"),
        ("Dubois", "Lefèvre", "Moreau", "Girard", "Bérenger", "Lemaître", "Duchêne", "Faure"),
    ),
    "south_asian": (
        ("Priya", "Ananya", "Aisha", "Fatima", "Sunita", "Harpreet", "Rahul", "Imran"),
        ("Patel", "Sharma", "Khan", "Singh", "Begum", "Chowdhury", "Ahmed", "Gupta"),
    ),
}

# The pools' men's first names; every other first name in them is a woman's.
MENS_NAMES = frozenset(
    {
        *("James", "Oliver", "Harry", "George", "Thomas", "Daniel", "Ciarán"),
        *("Józef", "Paweł", "Wojciech", "Søren", "Björn", "Đức", "Tuấn", "Γιώργος", "Δημήτρης"),
        *("Иван", "Дмитрий", "João", "Iñaki", "Jürgen", "Günther", "Şükrü", "Ömer", "Noël"),
        *("Rahul", "Imran"),
    }
)
# Surnames with a woman's and a man's form (Polish -ska/-ski, Icelandic -dóttir/-son, Greek
# -ou/-os, Russian -ova/-ov; Begum, only a woman's): a man drawn the woman's form takes the
# man's, and the other way.
_WOMANS_TO_MANS = {
    **{f"{stem}ska": f"{stem}ski" for stem in ("Kowal", "Wiśniew", "Kamiń", "Lewandow")},
    **{f"{stem}ska": f"{stem}ski" for stem in ("Zieliń", "Szymań")},
    "Jónsdóttir": "Jónsson",
    "Þórsdóttir": "Þórsson",
    "Παπαδοπούλου": "Παπαδόπουλος",
    "Καραγιάννη": "Καραγιάννης",
    **{f"{stem}а": stem for stem in ("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов")},
    # Begum is only ever a woman's name; a man of the same families is often a Hossain.
    "Begum": "Hossain",
}
_MANS_TO_WOMANS = {man: woman for woman, man in _WOMANS_TO_MANS.items()}


def surname_for(first: str, last: str) -> str:
    """`last` in the form that goes with `first`: "Paweł Kowalski", "Zofia Kowalska"."""
    if first in MENS_NAMES:
        return _WOMANS_TO_MANS.get(last, last)
    return _MANS_TO_WOMANS.get(last, last)


def sex_for(first: str, drawn: str) -> str:
    """The sex recorded for a client called `first`, given the one drawn at random: a man's
    name is a man's, a woman's a woman's; "prefer not to say" is kept as drawn."""
    if drawn == "prefer_not_to_say":
        return drawn
    return "male" if first in MENS_NAMES else "female"


# Weighted towards a British clinic's clientele.
ORIGIN_WEIGHTS = {
    "british": 45,
    "polish": 6,
    "nordic": 3,
    "vietnamese": 6,
    "greek": 5,
    "cyrillic": 8,
    "iberian": 6,
    "german_turkish": 6,
    "french": 5,
    "south_asian": 10,
}

STREETS = (
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Mill Lane",
    "Park Avenue",
)
TOWNS = ("Bristol BS1 4DJ", "Leeds LS1 5AB", "York YO1 7HH", "Bath BA1 1LT", "Norwich NR2 1RQ")
