"""The Piano PDF as the app makes it, against WeasyPrint laying out the same HTML from a saved file.

The app gathers the plan's data, renders the document's HTML (print CSS inline, figures as inline
SVG) and hands it to WeasyPrint; the floor is WeasyPrint alone on that very HTML, saved to a file,
with the same PDF/A-3b and tagging options: the ratio is what the app adds to the layout engine. The plan is
Lucca's demo plan when it is loaded, else the first simulated one (one is simulated if none is).
The two are timed in turns, so that both see the same background load.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from weasyprint import HTML  # type: ignore[import-untyped]

from benchmarks.result import Figure
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan
from cannocchiale.reports.documents.build import build_document, render_document
from cannocchiale.reports.render.pdf import PDF_OPTIONS, document_html
from cannocchiale.simulation.selectors import SIMULATED
from cannocchiale.simulation.services import simulation_create

DEMO_ORGANIZATION = "lucca"
GOAL_RATIO = 1.5


def piano_plan() -> Plan:
    plans = Plan.objects.select_related("organization").order_by("-year", "-version")
    demo = plans.filter(organization__code=DEMO_ORGANIZATION).first()
    if demo is not None:
        return demo
    simulated = plans.filter(organization__in=Organization.objects.filter(SIMULATED)).order_by("pk").first()
    if simulated is None:
        simulation_create(organizations=1)
        simulated = (
            plans.filter(organization__in=Organization.objects.filter(SIMULATED)).order_by("pk").first()
        )
    assert simulated is not None
    return simulated


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _interleaved(
    app: Callable[[], object], floor: Callable[[], object], *, repeats: int
) -> tuple[list[float], list[float]]:
    """Times of the app and of the floor, taken in turns (app-floor, then floor-app, and so on).

    Both sides make the same WeasyPrint calls (profiles agree call for call), yet timing all the
    app's repeats before the floor's read up to 1.5x: the machine's background load drifts over the
    half minute of a run, and the process's heap grows during the first renders (twice the page
    faults), both charged to whichever side ran first. Alternating the order shares them out.
    """
    app_times: list[float] = []
    floor_times: list[float] = []
    for repeat in range(repeats):
        pair = [(app, app_times), (floor, floor_times)]
        for action, times in pair if repeat % 2 == 0 else reversed(pair):
            times.append(_timed(action))
    return app_times, floor_times


def run(*, repeats: int, plan: Plan | None = None) -> list[Figure]:
    plan = plan or piano_plan()
    repeats = max(1, repeats)
    with tempfile.TemporaryDirectory(prefix="cannocchiale-pdf-") as tmp:
        # The HTML the app hands to WeasyPrint, saved as a static file: everything inline. Building it
        # before timing also warms Django (templates, connection) for the app's first timed repeat.
        saved = Path(tmp) / "piano.html"
        saved.write_text(document_html(build_document(kind="piano", plan=plan)), encoding="utf-8")
        pdf_sizes: list[int] = []

        def app_pdf() -> None:
            pdf_sizes.append(len(render_document(kind="piano", plan=plan, fmt="pdf")[1]))

        def floor_pdf() -> None:
            HTML(filename=str(saved)).write_pdf(**PDF_OPTIONS)

        app_times, floor_times = _interleaved(app_pdf, floor_pdf, repeats=repeats)
        html_bytes = saved.stat().st_size
    value, floor = statistics.median(app_times), statistics.median(floor_times)
    return [
        Figure(
            f"PDF del Piano ({plan.organization.code} {plan.year})",
            value,
            "s",
            floor=floor,
            floor_name="WeasyPrint sullo stesso HTML salvato in un file",
            goal=f"≤ {GOAL_RATIO}× il limite",
            met=value <= GOAL_RATIO * floor,
            details={
                "repeats": repeats,
                "app_s": app_times,
                "floor_s": floor_times,
                "html_bytes": html_bytes,
                "pdf_bytes": pdf_sizes[-1],
            },
        )
    ]
