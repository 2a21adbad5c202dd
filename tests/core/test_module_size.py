"""Small modules: no source file over 400 lines, outside the migrations and the engine's parser."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "src" / "cannocchiale"
LIMIT = 400
EXEMPT = {"engine/target_parser.py"}  # one grammar, read top to bottom: split, it reads worse

# Files still over the limit, each with its reason. The list only shrinks: a file back under the
# limit fails the test until it is removed from here.
OVER: dict[str, str] = {
    "engine/individual.py": "TODO: split the individual evaluation's rules from its explanation",
    "evaluation/batch.py": "TODO: being reworked by the data-version change; split after it lands",
    "evaluation/services.py": "TODO: being reworked by the one-scoring-path change; renamed and split after",
    "monitoring/services.py": "TODO: being reworked by the one-scoring-path change; split after it lands",
    "planning/selectors.py": "TODO: splits by concern (lookups, words, tree, sheets, validation, history)",
    "reports/documents/piano.py": "TODO: split the Piano's chapters into modules",
}


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def _over() -> dict[str, int]:
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if "/migrations/" in name or name in EXEMPT:
            continue
        if (n := _lines(path)) > LIMIT:
            found[name] = n
    return found


def test_no_module_over_the_limit() -> None:
    over = {name: n for name, n in _over().items() if name not in OVER}
    assert over == {}, f"modules over {LIMIT} lines (split them by concern): {over}"


def test_the_exceptions_are_still_over() -> None:
    back = sorted(set(OVER) - set(_over()))
    assert back == [], f"under {LIMIT} lines now: remove them from OVER: {back}"
