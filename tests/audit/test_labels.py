"""Every action the code records has words for people: no internal action name reaches a page."""

from __future__ import annotations

import re
from pathlib import Path

from cannocchiale.audit.labels import ACTION_LABELS, UNKNOWN_ACTION, action_label

SOURCE = Path(__file__).parents[2] / "src" / "cannocchiale"
ACTION = re.compile(r'"([a-z_]+\.[a-z_]+)"')
# Lines that name an action: `action=…`, and the helpers that pass one on.
NAMING = re.compile(r"action\s*=|_status_record\(|_role_event\(|_sign_in_event\(|ROLE_ACTIONS")
EVALUATION_STEP = re.compile(r'_record\([^)]*action="([a-z_]+)"')


def recorded_actions() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        if path.name == "labels.py" or "migrations" in path.parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if NAMING.search(line):
                found |= set(ACTION.findall(line))
            if path.name == "individual_services.py":
                found |= {f"evaluation.{step}" for step in EVALUATION_STEP.findall(line)}
    return found


def test_the_scan_finds_the_actions() -> None:
    actions = recorded_actions()
    assert {
        "plan.approve",
        "monitoring.submit",
        "evaluation.update",
        "auth.sign_in",
        "role.revoke",
    } <= actions


def test_every_recorded_action_has_words() -> None:
    missing = sorted(a for a in recorded_actions() if a not in ACTION_LABELS)
    assert missing == []


def test_an_unknown_action_is_never_shown_by_its_name() -> None:
    assert str(action_label("zz.qualcosa")) == str(UNKNOWN_ACTION)
    assert str(action_label(["non", "una", "stringa"])) == str(UNKNOWN_ACTION)
    assert "monitoring" not in str(action_label("monitoring.nuova_azione"))
