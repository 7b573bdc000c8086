#!/usr/bin/env bash
# Smoke test of the BUILT bundle (`make bundle`), not the source tree; .ci/run runs it.
#
#   bash tests/bundle_smoke.sh [dist/consult-app]
#
# The bundle is copied into a temporary folder and run from there, with a bare environment and a
# throw-away HOME, so it can only find its resources and migrations inside itself (through
# consult_app.paths and sys._MEIPASS), never through the checkout or a virtual environment.
# When CONSULT_TEST_PG_URL names a PostgreSQL server and psql is installed, the bundle's
# PostgreSQL driver is tried too. Needs qpdf and pdftotext (poppler-utils); xvfb-run is optional.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
source_bundle="$(cd "${1:-$here/../dist/consult-app}" && pwd)"
intake="$here/data/sample_intake.json"
version="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$here/../consult_app/__init__.py")"
clinic="Demo Skin Clinic"  # the demo clinic's name (consult_app/services/demo.py)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/home"
cp -a "$source_bundle" "$work/consult-app"
app="$work/consult-app/consult-app"
cd "$work"

passed=0
ok() { passed=$((passed + 1)); echo "bundle smoke: ok: $*"; }
fail() { echo "bundle smoke: FAILED: $*" >&2; exit 1; }
# The bundle in a bare environment: nothing from the caller's shell, the venv or the checkout.
# Commands that open the records sign in as the demo clinic's reception account (README).
run() { env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    CONSULT_USER=reception CONSULT_PASSWORD=reception-demo timeout 300 "$app" "$@"; }

echo "bundle smoke: $(du -sh "$source_bundle" | cut -f1) in $source_bundle, run from $work"

# 1. --version
out="$(run --version)" || fail "--version exited $?"
[[ "$out" == "consult-app $version" ]] || fail "--version printed '$out', expected 'consult-app $version'"
ok "--version: $out"

# 2. demo into a fresh SQLite database: the Alembic migrations run from the bundle's db/.
db="sqlite:///$work/demo.db"
out="$(run --db "$db" demo --clients 50 2>&1)" || fail "demo exited $?: $out"
[[ "$out" == *"Added a demo clinic with 50 clients"* ]] || fail "demo said: $out"
[[ -s "$work/demo.db" && -s "$work/demo.db.keys" ]] || fail "demo wrote no database or key file"
head -c 16 "$work/demo.db" | grep -q "SQLite format 3" && fail "the demo database is not encrypted"
ok "demo --clients 50 into a new, encrypted database"

# 3. screen a complete intake: the questionnaire and rules come from the bundle's resources/.
out="$(run screen "$intake")" || fail "screen exited $?: $out"
[[ "$out" == *'"outcome": "caution"'* && "$out" == *'"rule": "herpes_history"'* ]] \
    || fail "screen printed: $out"
out="$(run screen "$intake" --format text)" || fail "screen --format text exited $?"
[[ "$out" == "Outcome: caution"* ]] || fail "screen --format text printed: $out"
status=0
out="$(run screen "$work/no-such-file.json" 2>&1)" || status=$?
[[ $status -eq 2 ]] || fail "screen of a missing file exited $status, expected 2: $out"
ok "screen: outcome caution (herpes_history); a missing file exits 2"

# 4. handout aftercare: a valid PDF with the clinic's letterhead, fonts from the bundle.
pdf="$work/aftercare.pdf"
run --db "$db" handout aftercare -o "$pdf" 2>/dev/null || fail "handout exited $?"
qpdf --check "$pdf" >/dev/null || fail "qpdf --check rejects $pdf"
pdftotext "$pdf" - | grep -q "$clinic" || fail "the handout does not name '$clinic'"
if command -v pdffonts >/dev/null; then
    pdffonts "$pdf" | grep -q "DejaVuSans .* yes" || fail "the handout does not embed DejaVu Sans"
fi
ok "handout aftercare: qpdf --check passes, names '$clinic'"
# The fonts for other scripts and their licences ship with it (harfbuzz and python-bidi, which
# every document's text passes, were imported by the handout above).
for file in NotoSansHebrew-Regular.ttf NotoSansArabic-Regular.ttf DroidSansFallbackFull.ttf \
    NanumGothic.ttf OFL-1.1.txt Apache-2.0.txt README.txt; do
    [[ -s "$source_bundle/_internal/resources/fonts/$file" ]] || fail "the bundle lacks fonts/$file"
done
ok "fonts for Hebrew, Arabic, Chinese, Japanese and Korean, with their licences, are bundled"

# 5. The GUI, offscreen: opens the main window on the demo database, goes idle, exits 0.
started=$EPOCHREALTIME
out="$(run --db "$db" --quit-when-ready 2>&1)" || fail "GUI (offscreen) exited $?: $out"
[[ "$out" != *"Could not"* ]] || fail "GUI (offscreen) said: $out"
took="$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
ok "GUI offscreen: idle main window, exit 0 after $took s"

# 6. The GUI in a real X window (xcb plugin and its libraries), when a virtual screen is at hand.
if command -v xvfb-run >/dev/null; then
    out="$(env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 QT_QPA_PLATFORM=xcb \
        CONSULT_USER=reception CONSULT_PASSWORD=reception-demo timeout 300 xvfb-run -a -s "-screen 0 1280x800x24" "$app" --db "$db" --quit-when-ready 2>&1)" \
        || fail "GUI (xcb under Xvfb) exited $?: $out"
    ok "GUI under Xvfb (xcb): idle main window, exit 0"
else
    echo "bundle smoke: skipped: GUI under Xvfb (no xvfb-run)"
fi

# 7. PostgreSQL through the bundle's psycopg, when a server is given.
if [[ -n "${CONSULT_TEST_PG_URL:-}" ]] && command -v psql >/dev/null; then
    admin="${CONSULT_TEST_PG_URL/postgresql+psycopg:/postgresql:}"
    name="consult_smoke_$$"
    psql -q "$admin" -c "CREATE DATABASE $name" >/dev/null
    pg="${CONSULT_TEST_PG_URL%/*}/$name"
    status=0
    out="$(run --db "$pg" demo --clients 20 2>&1)" || status=$?
    if [[ $status -eq 0 ]]; then
        run --db "$pg" handout preparation -o "$work/preparation.pdf" 2>/dev/null || status=$?
    fi
    psql -q "$admin" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
    [[ $status -eq 0 ]] || fail "PostgreSQL: exited $status: $out"
    qpdf --check "$work/preparation.pdf" >/dev/null || fail "qpdf --check rejects preparation.pdf"
    ok "PostgreSQL: demo and a handout on a new database"
else
    echo "bundle smoke: skipped: PostgreSQL (CONSULT_TEST_PG_URL not set or no psql)"
fi

echo "bundle smoke: all $passed checks of the built bundle passed"
