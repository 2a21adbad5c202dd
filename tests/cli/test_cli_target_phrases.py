"""`cannocchiale target parse` says back each phrase fixed by issue 12 correctly, in Italian."""

import pytest

from cannocchiale.cli.main import main

CASES = [
    (["superiore all'anno n-1"], "inteso:     più del valore effettivo dell'anno precedente"),
    (
        ["aumento del 40% dei documenti inviati a pec/peo tramite Gedoc"],
        "inteso:     almeno il valore effettivo dell'anno precedente aumentato del 40 % "
        "(1,4 volte quel valore)",
    ),
    (["n. 1 azione promozionale"], "inteso:     almeno 1"),
    (["105,0%", "--polarity", "lower_is_better", "--unit", "%"], "inteso:     al massimo 105 %"),
    (["=>3", "--scale", "1-5"], "inteso:     almeno 3 su una scala da 1 a 5"),
    (
        ["10 controlli su strumenti, di cui 5 a campione. 10 controlli su strumenti di pesatura."],
        "avviso:     più target in una frase: dividere in più indicatori",
    ),
    (
        ["Report semestrale su\na) Gestione fatture\nb) sollecito ai Comuni entro novembre 2018"],
        "avviso:     più target in una frase: dividere in più indicatori",
    ),
    (
        ["procedura obiettivo n. 1"],
        "inteso:     non compreso: sarà valutato da una persona, con una motivazione scritta",
    ),
]


@pytest.mark.parametrize(("argv", "line"), CASES, ids=[argv[0][:30] for argv, _ in CASES])
def test_fixed_phrase_said_back(argv: list[str], line: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "parse", *argv, "--year", "2018"]) == 0
    assert line in capsys.readouterr().out.splitlines()


def test_a_scale_not_written_min_max_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["target", "parse", "=>3", "--scale", "uno"]) == 1
    assert "MIN-MAX" in capsys.readouterr().err
