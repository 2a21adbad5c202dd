"""Every audit action in words: a person never reads an internal action name."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Promise] = {
    # the plan
    "target.update": _("target modificato"),
    "indicator.update": _("indicatore modificato"),
    "project.update": _("progetto modificato"),
    "budget.update": _("budget modificato"),
    "plan.import": _("piano importato"),
    "plan.replace": _("piano sostituito"),
    "plan.approve": _("piano approvato"),
    "plan.publish": _("piano pubblicato"),
    "plan.revise": _("nuova versione del piano"),
    "plan.carry_over": _("monitoraggio e valutazioni riportati sulla nuova versione del piano"),
    "cascade.weigh": _("pesi degli obiettivi assegnati"),
    # monitoring
    "monitoring.round_open": _("monitoraggio aperto"),
    "monitoring.round_status": _("stato del monitoraggio cambiato"),
    "monitoring.submit": _("valore rilevato inserito"),
    "monitoring.accept": _("valore rilevato accettato"),
    "monitoring.send_back": _("valore rilevato rinviato all'ufficio"),
    "monitoring.remind": _("promemoria inviato"),
    "measurement.simulated_import": _("rilevazioni simulate caricate"),
    "evidence.download": _("documento di evidenza scaricato"),
    # evaluation
    "scoring_policy.create": _("nuova versione del sistema di misurazione e valutazione"),
    "scoring_policy.min_group": _("dimensione minima dei gruppi per i dati aggregati modificata"),
    "scores.batch": _("punteggi ricalcolati"),
    "evaluation.open": _("scheda di valutazione aperta"),
    "evaluation.update": _("scheda di valutazione modificata"),
    "evaluation.close": _("scheda di valutazione conclusa"),
    "evaluation.acknowledge": _("presa visione della scheda di valutazione"),
    "evaluation.request_review": _("revisione della valutazione chiesta"),
    "evaluation.decide_review": _("revisione della valutazione decisa"),
    "evaluation.print": _("scheda di valutazione scaricata"),
    # documents and oversight
    "document.request": _("documento richiesto"),
    "document.done": _("documento prodotto"),
    "document.fail": _("documento non prodotto"),
    "document.download": _("documento scaricato"),
    "comment.add": _("commento dell'OIV aggiunto"),
    "comment.resolve": _("commento dell'OIV risolto"),
    "validation.record": _("validazione dell'OIV registrata"),
    # accounts and roles
    "auth.sign_in": _("accesso"),
    "auth.sign_in_failed": _("accesso non riuscito"),
    "auth.locked_out": _("accesso bloccato dopo troppi tentativi"),
    "role.grant": _("ruolo assegnato"),
    "role.change": _("ruolo modificato"),
    "role.revoke": _("ruolo revocato"),
    # the installation
    "simulation.create": _("enti simulati creati"),
    "simulation.delete": _("enti simulati rimossi"),
}

# Families of actions added by other parts of the system later: at least the family in words.
FAMILY_LABELS: dict[str, Promise] = {
    "plan": _("modifica del piano"),
    "target": _("modifica di un target"),
    "indicator": _("modifica di un indicatore"),
    "monitoring": _("monitoraggio"),
    "evaluation": _("valutazione individuale"),
    "document": _("documento"),
    "role": _("ruoli"),
    "auth": _("accesso"),
}

UNKNOWN_ACTION = _("azione non riconosciuta")


def action_known(action: object) -> bool:
    return isinstance(action, str) and action in ACTION_LABELS


def action_label(action: object) -> Promise:
    """The action in words; a family's words, or "azione non riconosciuta", for a name not listed."""
    if isinstance(action, str):
        if action in ACTION_LABELS:
            return ACTION_LABELS[action]
        family = action.split(".", 1)[0]
        if family in FAMILY_LABELS:
            return FAMILY_LABELS[family]
    return UNKNOWN_ACTION
