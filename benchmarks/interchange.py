"""Import and export of the full Lucca plan file, against parsing and writing the same YAML with LibYAML."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.result import Figure
from cannocchiale.interchange.exporter import plan_export
from cannocchiale.interchange.importer import plan_import
from cannocchiale.interchange.yaml_io import dump_text, load_text
from cannocchiale.planning.models import Plan

LUCCA = Path(__file__).resolve().parents[1] / "src" / "cannocchiale" / "demo" / "lucca_2018.yaml"


def _median(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(repeats: int = 3) -> list[Figure]:
    text = LUCCA.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    parse_floor = _median(lambda: yaml.load(text, Loader=loader), repeats)

    def do_import() -> None:
        plan_import(document=load_text(text, source=LUCCA.name), replace=True)

    import_s = _median(do_import, repeats)
    data = yaml.load(text, Loader=loader)
    plan = Plan.objects.get(
        organization__code=data["organization"]["code"], year=data["plan"]["year"], version=1
    )
    export_s = _median(lambda: dump_text(plan_export(plan)), repeats)
    dump_floor = _median(lambda: yaml.dump(data, Dumper=dumper, allow_unicode=True), repeats)
    return [
        Figure(
            "import del piano di Lucca (file completo)",
            import_s,
            "s",
            floor=parse_floor,
            floor_name="lettura YAML con LibYAML",
            goal="< 1 s",
            met=import_s < 1,
        ),
        Figure(
            "export del piano di Lucca",
            export_s,
            "s",
            floor=dump_floor,
            floor_name="scrittura YAML con LibYAML",
            goal="< 1 s",
            met=export_s < 1,
        ),
    ]
