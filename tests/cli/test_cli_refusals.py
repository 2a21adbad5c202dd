"""What the command line answers to a bad input: one located line per problem, exit 1, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.interchange.test_import_agrees_with_validate import BOMB

from cannocchiale.cli.main import main
from cannocchiale.engine.target_parser import TARGET_MAX_LENGTH

FIXTURES = Path(__file__).parents[1] / "fixtures"


def test_target_parse_refuses_a_huge_phrase_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "parse", "entro il 30 giugno " * 13_500]) == 1
    err = capsys.readouterr().err
    assert err.startswith("errore: il target ha 256500 caratteri")
    assert f"al massimo {TARGET_MAX_LENGTH}" in err
    assert "Traceback" not in err


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["validate", "import"])
def test_an_alias_bomb_is_refused_by_validate_and_import(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomba.yaml"
    bomb.write_text(BOMB, encoding="utf-8")
    assert main([command, str(bomb)]) == 1
    err = capsys.readouterr().err
    assert f"errore: {bomb}:2: b[0]: gli alias YAML" in err


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["validate", "import"])
def test_validate_and_import_both_refuse_a_derivation_cycle(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cannocchiale.planning.models import Plan

    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    # SG-1 derives from ENTE-1 in the fixture: ENTE-1 deriving from SG-1 closes the circle.
    needle = "      assignee: null\n      strategic_objectives: [1A]\n"
    assert text.count(needle) == 1
    cyclic = tmp_path / "ciclo.yaml"
    cyclic.write_text(text.replace(needle, needle + "      derives_from: [SG-1]\n"), encoding="utf-8")
    assert main([command, str(cyclic)]) == 1
    captured = capsys.readouterr()
    assert "ciclo" in captured.out + captured.err
    assert "Traceback" not in captured.err
    assert not Plan.objects.exists()
