"""How long each document takes to build, in each format, on the demo (Lucca 2018 + simulated year).

    .venv/bin/python benchmarks/documents.py

Loads the demo into a throw-away SQLite database (a temporary CANNOCCHIALE_VAR_DIR), then prints
the seconds to gather the data and lay out each document. Not a test: a number to watch.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def main() -> int:
    os.environ["CANNOCCHIALE_VAR_DIR"] = tempfile.mkdtemp(prefix="cannocchiale-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cannocchiale.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from pypdf import PdfReader

    from cannocchiale.accounts.access import Access
    from cannocchiale.demo.loader import demo_document_text
    from cannocchiale.demo.measurements import demo_measurements_data, simulated_measurements_import
    from cannocchiale.interchange.importer import plan_import
    from cannocchiale.interchange.yaml_io import load_text
    from cannocchiale.planning.models import Plan
    from cannocchiale.reports.documents.build import FORMATS, KINDS, RENDERERS, build_document

    call_command("migrate", interactive=False, verbosity=0)
    result = plan_import(document=load_text(demo_document_text(), source="demo"), replace=True)
    plan = Plan.objects.get(organization__code=result.organization_code, year=result.year)
    simulated_measurements_import(
        access=Access.system(plan.organization), plan=plan, data=demo_measurements_data()
    )
    print(f"{'documento':<14}{'dati':>8}" + "".join(f"{fmt:>9}" for fmt in FORMATS) + f"{'pagine PDF':>12}")
    for kind in KINDS:
        start = time.perf_counter()
        document = build_document(kind=kind, plan=plan)
        gathered = time.perf_counter() - start
        timings, pages = [], 0
        for fmt in FORMATS:
            start = time.perf_counter()
            data = RENDERERS[fmt](document)
            timings.append(time.perf_counter() - start)
            if fmt == "pdf":
                pages = len(PdfReader(io.BytesIO(data)).pages)
        print(f"{kind:<14}{gathered:>7.2f}s" + "".join(f"{t:>8.2f}s" for t in timings) + f"{pages:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
