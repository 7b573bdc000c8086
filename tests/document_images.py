"""`make document-images`: every document, for names in several scripts, as PDF and PNG pages.

Builds a small clinic in a temporary database, signs one consultation per name, and writes each
document with `pdftoppm` pages beside it, to look at every page of every document.
`make readme-images` also writes the README's small picture of one page of each document kind.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from pypdf import PdfReader

from consult_app.content.bundle import default_content
from consult_app.domain.assessment import Assessment
from consult_app.domain.client import ClientDetails
from consult_app.domain.clinic import ClinicDetails
from consult_app.domain.consent import Signatures
from consult_app.domain.consultation import Decision, DecisionChoice
from consult_app.domain.documents import HandoutKind
from consult_app.domain.plan import Plan, PlannedArea
from consult_app.domain.treatment import SessionInput, TreatmentSession
from consult_app.services.clients import ClientService
from consult_app.services.clinic import ClinicService
from consult_app.services.consultations import ConsultationInput, ConsultationService
from consult_app.services.context import AppContext
from consult_app.services.documents import DocumentService
from consult_app.services.treatments import TreatmentService
from consult_app.store.store import open_store
from tests.accounts import signed_in
from tests.conftest import clear_answers
from tests.documents.session_samples import CHART
from tests.pngs import png

NAMES = (
    ("latin", "Zoë", "Łukasiewicz"),
    ("vietnamese", "Ngọc Anh", "Nguyễn"),
    ("greek", "Ελένη", "Παπαδοπούλου"),
    ("cyrillic", "Иван", "Петренко"),
    ("icelandic", "Þórunn", "Ægisdóttir"),
    ("hebrew", "דנה", "כהן"),
    ("arabic", "ليلى", "حداد"),
    ("chinese", "芳", "王"),  # printed family name first: 王芳
    ("japanese", "さくら", "山田"),
    ("korean", "민지", "김"),
)


def pages(pdf: Path) -> None:
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(pdf.with_suffix(""))], check=True)
    print(pdf)


# The README's pictures: (file, document, page), the page that shows the document best.
README_PAGES = (
    ("document-consent.png", "consent-latin.pdf", -1),  # the declarations and signatures
    ("document-aftercare.png", "aftercare-latin.pdf", 1),
    ("document-record.png", "record-latin.pdf", 1),
    ("document-handout.png", "handout-preparation.pdf", 1),
)


def readme_images(pdfs: Path, readme: Path) -> None:
    """One page of each document kind at 50 dpi in 32 greys and colours: a few tens of kB each."""
    from PIL import Image  # Pillow comes with ReportLab; only this tool needs it

    readme.mkdir(parents=True, exist_ok=True)
    for name, pdf, page in README_PAGES:
        if page < 0:
            page += len(PdfReader(pdfs / pdf).pages) + 1
        stem = readme / name.removesuffix(".png")
        first, last = ["-f", str(page)], ["-l", str(page)]
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "50",
                "-png",
                "-singlefile",
                *first,
                *last,
                str(pdfs / pdf),
                str(stem),
            ],
            check=True,
        )
        picture = Image.open(f"{stem}.png").convert("RGB")
        picture.quantize(colors=32, method=Image.Quantize.MEDIANCUT).save(
            f"{stem}.png", optimize=True
        )
        print(f"{stem}.png")


def treat(context: AppContext, consultation_id: int, state: ConsultationInput) -> TreatmentSession:
    """The course's first session, today: nothing changed, the cold sores decided again, the
    sample chart of both planned areas (the forehead a little deeper, with its reason)."""
    service = TreatmentService(context)
    started = service.start(consultation_id, context.today())
    today = context.today()
    chart = replace(
        CHART,
        cartridge=replace(CHART.cartridge, expiry=today + timedelta(days=365)),
        patch_test=replace(CHART.patch_test, tested_on=today),
    )
    decided = SessionInput(started.answers_json, state.decisions, chart)
    return service.sign_off(started.id, started.version, decided)


def recall(documents: DocumentService, out: Path) -> None:
    """Everyone due in the next three months: the clients just treated, due again in 6 weeks."""
    today = documents.context.today()
    path = out / "recall-list.pdf"
    path.write_bytes(documents.recall_pdf(today, today + timedelta(days=92)))
    pages(path)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    content = default_content()
    store = open_store(f"sqlite:///{tempfile.mkdtemp()}/documents.db")
    context = signed_in(AppContext(store=store, content=content))
    clinic = ClinicDetails(
        "Harbour Skin Clinic", "12 Harbour Street\nBristol BS1 4DJ", "0117 496 0000"
    )
    context.user = ClinicService(context).set_up(clinic, "Dr Sam Patel")
    consultations = ConsultationService(context)
    documents = DocumentService(context)
    answers = {**clear_answers(content), "cold_sore_history": True, "smoker": True}
    for number, (script, first, last) in enumerate(NAMES):
        phone = f"07700 900{number:03d}"  # the recall list's column
        client = ClientService(context).add(
            ClientDetails(first, last, date(1988, 3, 3), phone=phone)
        )
        state = ConsultationInput(
            answers_json=answers,
            assessment=Assessment(fitzpatrick=5, concerns=("acne_scars",)),
            goals=("acne_scars",),
            decisions=(Decision("herpes_history", DecisionChoice.PROCEED_MODIFIED, "Antivirals"),),
            plan=Plan((PlannedArea("cheeks", 1.0), PlannedArea("forehead", 0.25)), 6, 6),
        )
        draft = consultations.start(client.id, state)
        signed = consultations.sign(
            draft.id,
            draft.version,
            state,
            Signatures(png(200, 60), png(200, 60), "Dr Sam Patel", True),
        )
        session = treat(context, signed.id, state)
        for kind, build, number in (
            ("consent", documents.consent_pdf, signed.id),
            ("aftercare", documents.aftercare_pdf, signed.id),
            ("record", documents.record_pdf, signed.id),
            ("session-aftercare", documents.session_aftercare_pdf, session.id),
            ("session-record", documents.session_record_pdf, session.id),
        ):
            path = out / f"{kind}-{script}.pdf"
            path.write_bytes(build(number))
            pages(path)
    recall(documents, out)
    for kind in HandoutKind:
        path = out / f"handout-{kind.value}.pdf"
        path.write_bytes(documents.handout_pdf(kind))
        pages(path)
    store.close()


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "document-images")
    main(out)
    if "--readme" in sys.argv[2:]:
        readme_images(out, Path(__file__).resolve().parent.parent / "resources" / "readme")
