"""The rules a document applies, stated once and in words, from the policy in force for its year.

A method note written by hand drifts from the scoring it describes (it said "an indicator
without a value counts as 0 %" in a report where the indicators without a value were left out).
Each sentence here is derived from the `ScoringPolicy` the figures were computed with, and from
whether the figures are final, so the note and the figures cannot disagree.
"""

from __future__ import annotations

from decimal import Decimal

from cannocchiale.engine.explanation import format_percent
from cannocchiale.engine.policy import Band, ScoringPolicy

STATUS_NAMES = {"green": "verde", "yellow": "giallo", "red": "rosso"}


def method_sentences(policy: ScoringPolicy, *, final: bool) -> list[str]:
    """The scoring rules of `policy` in Italian, one sentence per rule the figures follow."""
    sentences = [
        "Il grado di raggiungimento di ogni indicatore è il rapporto tra valore rilevato e target per i "
        "target «almeno» e di completamento, il rapporto inverso per i target «al più», 100 % "
        "all'interno di un intervallo e, fuori, il rapporto con il limite più vicino; "
        f"in ogni caso non supera il {format_percent(policy.cap)}.",
        "Dove target e valore non sono entrambi positivi (un target come «<= -20%», un valore pari a 0 "
        "rispetto a «< 5gg») il target è raggiunto (100 %) o non raggiunto (0 %).",
        f"Un target con soglia stretta («>», «<») soltanto eguagliato vale "
        f"{format_percent(policy.strict_equal)}; un valore appena al di sotto non vale mai di più.",
        _relative(policy),
        _deadline(policy),
        "Una realizzazione vale 100 % se compiuta, altrimenti 0 %. Un target qualitativo vale la "
        "percentuale assegnata da chi lo valuta, solo se accompagnata dalla motivazione scritta.",
        "Un valore registrato senza numero (una nota, un allegato) non sostituisce il valore precedente.",
    ]
    if policy.floor is not None:
        sentences.append(
            f"Un raggiungimento inferiore al {format_percent(policy.floor)} vale 0 %"
            + (", prima dell'applicazione delle fasce." if policy.bands else ".")
        )
    if policy.bands:
        sentences.append(
            "Il raggiungimento è poi convertito in punteggio con le fasce: " + _bands(policy.bands)
        )
    if final:
        sentences.append(
            "Questa è la rilevazione finale: un indicatore senza valore vale 0 % ed è segnalato; un "
            "indicatore il cui valore di riferimento (un altro anno, la data di un evento) manca non è "
            "calcolabile: è escluso dalle medie e l'obiettivo lo dichiara."
        )
    else:
        sentences.append(
            "Questa è una rilevazione intermedia: gli indicatori ancora senza valore sono esclusi dalle "
            "medie e segnalati, non contati come 0 %."
        )
    sentences += [
        "Un obiettivo vale la media dei suoi indicatori, pesata dove i pesi sono indicati; un obiettivo "
        "strategico con indicatori propri è misurato da questi soli, e i progetti che lo attuano sono "
        "rendicontati a parte (un obiettivo può quindi essere verde con un progetto rosso). Un obiettivo "
        "senza indicatori vale la media degli elementi che lo realizzano; un'area vale la media dei suoi "
        "obiettivi.",
        "Semaforo: " + _status_rules(policy) + ". Il colore è sempre accompagnato dalla sua parola.",
        "Le percentuali sono calcolate con tutti i decimali e arrotondate a un decimale solo per la stampa.",
    ]
    return sentences


def _relative(policy: ScoringPolicy) -> str:
    if policy.relative_mode == "binary":
        return (
            "Un target riferito al valore di un altro anno («> del 2017», «anno n-1») è confrontato con il "
            "valore rilevato in quell'anno: raggiunto vale 100 %, non raggiunto 0 %."
        )
    return (
        "Un target riferito al valore di un altro anno («> del 2017», «anno n-1») è confrontato con il "
        "valore rilevato in quell'anno, in proporzione come gli altri target."
    )


def _deadline(policy: ScoringPolicy) -> str:
    grace = f" (con una tolleranza di {policy.late_grace_days} giorni)" if policy.late_grace_days else ""
    if policy.late_penalty_per_day is not None:
        return (
            f"Una scadenza rispettata{grace} vale 100 %; in ritardo perde "
            f"{format_percent(policy.late_penalty_per_day)} per ogni giorno, fino a 0 %."
        )
    return f"Una scadenza rispettata{grace} vale 100 %; in ritardo vale {format_percent(policy.late_score)}."


def _status_rules(policy: ScoringPolicy) -> str:
    parts = []
    for rule in policy.status_rules:
        name = STATUS_NAMES.get(rule.status, rule.status)
        if rule.min_achievement <= Decimal(0):
            parts.append(f"{name} altrimenti")
        else:
            parts.append(f"{name} da {format_percent(rule.min_achievement)}")
    return ", ".join(parts)


def _bands(bands: tuple[Band, ...]) -> str:
    return "; ".join(
        f"da {format_percent(b.low)} a {format_percent(b.high)} → "
        + (
            format_percent(b.score_low)
            if b.score_low == b.score_high
            else f"da {format_percent(b.score_low)} a {format_percent(b.score_high)} in proporzione"
        )
        for b in bands
    )
