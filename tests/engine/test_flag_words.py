"""No reader sees an engine flag's identifier: every flag the engine can raise has its words."""

from __future__ import annotations

import re
from pathlib import Path

from cannocchiale.engine import explanation
from cannocchiale.engine.explanation import FLAG_WORDS, flag_words

ENGINE = Path(explanation.__file__).parent
# flag="x", flag=("x" if …), data_state="x" (a data state becomes the flag of a score without one).
RAISED = re.compile(r"""\b(?:flag|data_state)=\(?"([a-z_]+)\"""")


def raised_flags() -> set[str]:
    return {m for path in ENGINE.glob("*.py") for m in RAISED.findall(path.read_text(encoding="utf-8"))}


def test_every_flag_the_engine_raises_has_words() -> None:
    flags = raised_flags() - {"ok"}
    assert {"rollup_incomplete", "target_missing", "event_date_missing"} <= flags
    assert flags - FLAG_WORDS.keys() == set()


def test_the_words_never_contain_an_identifier() -> None:
    for flag in raised_flags() - {"ok"}:
        words = flag_words(flag)
        assert words
        assert "_" not in words
    assert flag_words("a_future_flag") == "da verificare"
    assert flag_words(None) == ""
