"""Every title of the Lucca demo is found whole in the seed it was transcribed from (issue 12, point 4).

The seed is text extracted from a PDF: lines break anywhere, words are hyphenated across lines,
quotes and apostrophes vary, tables repeat cells. Both sides are compared after folding case,
quotes, dashes and whitespace, and joining words broken by a hyphen at a line end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEED = Path("/work/shared/seed/000_113cb6ff417ec652.txt")
DEMO = ROOT / "src" / "cannocchiale" / "demo" / "lucca_2018.yaml"
# Every `title` (plan, areas, objectives, programmes, projects, positions). Names of units and
# indicators are often shortened by the transcription (a table's column header): not checked.
TITLE_KEYS = ("title",)
# Titles the demo gives that are not written whole in the seed, each with its reason.
EXCEPTIONS = {
    # A position's title composed from the area's name: the seed names the area
    # ("Area dirigenziale “Promozione e Sviluppo per le Imprese, Amministrazione”"), not the post.
    "Dirigente Area Promozione e Sviluppo per le Imprese, Amministrazione",
}


def _fold(text: str) -> str:
    text = text.lower()
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("`", "'")):
        text = text.replace(a, b)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)  # a word hyphenated at a line end
    text = re.sub(r"[\"'’]", "'", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*([-;,.:'/()])\s*", r"\1", text).strip()


def _titles(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TITLE_KEYS and isinstance(value, str):
                yield f"{path}.{key}", value
            else:
                yield from _titles(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _titles(item, f"{path}[{index}]")


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not on this machine")
def test_every_title_of_the_demo_is_whole_in_the_seed() -> None:
    seed = _fold(SEED.read_text(encoding="utf-8"))
    titles = list(_titles(yaml.safe_load(DEMO.read_text(encoding="utf-8"))))
    assert len(titles) > 50
    missing = [
        (path, title) for path, title in titles if title not in EXCEPTIONS and _fold(title) not in seed
    ]
    assert missing == []


def test_the_ente_5_title_is_whole() -> None:
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    titles = dict(_titles(data))
    assert any(t.endswith("GIUSTIZIA ALTERNATIVA; PER L’ATTIVITA’ AMMINISTRATIVA") for t in titles.values())
    units = {unit["code"]: unit["name"] for unit in data["organization"]["units"]}
    assert units["lucca-intec"] == "Lucca Intec Srl"
    holders = {p["code"]: p["holder"] for p in data["organization"]["positions"]}
    assert "Bruni" in holders["DIR-PROM"]
