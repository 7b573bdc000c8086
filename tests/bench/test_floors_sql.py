"""The floors run the app's own SQL: the first-page floor's text is what the app compiles for
an empty search, so a change to the search cannot leave the floor measuring something else."""

from __future__ import annotations

import sys
from pathlib import Path

from sqlalchemy.dialects import sqlite

from bench.rawsql import plain
from consult_app.services.clients import COUNTED, PAGE
from consult_app.store.search import paged_search

sys.path.insert(0, str(Path(__file__).parents[2] / "bench" / "floors"))
import bare_list


def test_the_first_page_floor_runs_the_apps_sql_for_an_empty_search() -> None:
    paged, values = paged_search("", PAGE, COUNTED + 1)
    dialect = sqlite.dialect()
    assert plain(paged.page, values, dialect) == (bare_list.IDS, (0,))
    assert plain(paged.count, values, dialect) == (bare_list.COUNT, (0,))
    assert (bare_list.SHOWN, bare_list.COUNTED) == (PAGE, COUNTED)
