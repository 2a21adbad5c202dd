from __future__ import annotations

from django.db import models

from cannocchiale.core.tenancy import TenantModel


class ScoringPolicy(TenantModel):
    """Sistema di misurazione e valutazione (SMVP): the engine's settings, versioned per organization."""

    version = models.PositiveIntegerField("versione", default=1)
    valid_from_year = models.PositiveIntegerField("in vigore dall'anno")
    settings = models.JSONField("impostazioni", default=dict, blank=True)
    note = models.TextField("nota", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sistema di misurazione e valutazione"
        verbose_name_plural = "sistemi di misurazione e valutazione"
        ordering = ["organization", "-valid_from_year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "version"], name="scoring_policy_version_unique")
        ]

    def __str__(self) -> str:
        return f"SMVP v{self.version} (dal {self.valid_from_year})"


class ComputedScore(TenantModel):
    """A figure the engine computed, kept with its explanation: what pages and reports read.

    One row per subject (indicator, project, objective, area, plan, annual objective, assignee)
    of a plan at a date (`as_of`: the round's date); rescoring replaces the rows of that date.
    """

    class Subject(models.TextChoices):
        INDICATOR = "indicator", "Indicatore"
        PROJECT = "project", "Progetto"
        STRATEGIC_OBJECTIVE = "strategic_objective", "Obiettivo strategico"
        AREA = "area", "Area strategica"
        PLAN = "plan", "Piano"
        ANNUAL_OBJECTIVE = "annual_objective", "Obiettivo annuale"
        ASSIGNEE = "assignee", "Assegnatario"

    plan = models.ForeignKey("planning.Plan", on_delete=models.CASCADE, related_name="computed_scores")
    as_of = models.DateField("alla data")
    final = models.BooleanField("rilevazione finale", default=False)
    subject_type = models.CharField("tipo", max_length=24, choices=Subject.choices)
    subject_code = models.CharField("codice", max_length=64)
    achievement = models.DecimalField(
        "raggiungimento", max_digits=12, decimal_places=6, null=True, blank=True
    )
    status = models.CharField("semaforo", max_length=16, blank=True)
    data_state = models.CharField("stato del dato", max_length=24, blank=True)
    flagged = models.BooleanField("da verificare", default=False)
    flag = models.CharField("motivo", max_length=40, blank=True)
    explanation = models.JSONField("spiegazione")
    computed_at = models.DateTimeField("calcolato il", auto_now=True)

    class Meta:
        verbose_name = "punteggio calcolato"
        verbose_name_plural = "punteggi calcolati"
        ordering = ["plan", "as_of", "subject_type", "subject_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "as_of", "subject_type", "subject_code"], name="computed_score_unique"
            )
        ]
        indexes = [models.Index(fields=["organization", "plan", "as_of"])]


class ScoreState(TenantModel):
    """What the plan's stored current figures were computed from: the plan's data version and the
    engine's rules version (engine.RULES_VERSION). Figures of another version are stale."""

    plan = models.OneToOneField("planning.Plan", on_delete=models.CASCADE, related_name="score_state")
    data_version = models.PositiveIntegerField("versione dei dati")
    rules_version = models.PositiveIntegerField("versione delle regole")
    computed_at = models.DateTimeField("calcolato il", auto_now=True)

    class Meta:
        verbose_name = "stato dei punteggi"
        verbose_name_plural = "stati dei punteggi"


class IndividualEvaluation(TenantModel):
    """The evaluation of the person holding a position in a year (art. 9 D.Lgs. 150/2009).

    While open, the figures are computed live from the plan; closing freezes them in `result`
    (with the SMVP version applied) so that later measurements cannot change a notified sheet.
    """

    class Status(models.TextChoices):
        OPEN = "open", "In compilazione"
        CLOSED = "closed", "Conclusa, in attesa di presa visione"
        ACKNOWLEDGED = "acknowledged", "Presa visione"
        REVIEW_REQUESTED = "review_requested", "Revisione richiesta"
        REVIEWED = "reviewed", "Revisione conclusa"

    class ReviewOutcome(models.TextChoices):
        ACCEPTED = "accepted", "Accolta: la scheda torna in compilazione"
        REJECTED = "rejected", "Respinta: la valutazione è confermata"

    # No key to the plan: a plan version may be replaced by a new import; the sheet follows the
    # year's latest version while open, and keeps its own figures once closed.
    year = models.PositiveIntegerField("anno")
    evaluated_position = models.ForeignKey(
        "organization.Position", on_delete=models.PROTECT, related_name="evaluations", verbose_name="valutato"
    )
    evaluated_name = models.CharField("nominativo del valutato", max_length=255, blank=True)
    evaluator_position = models.ForeignKey(
        "organization.Position",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations_given",
        verbose_name="valutatore",
        help_text="vuoto per il Segretario generale, valutato dalla Giunta su proposta dell'OIV",
    )
    status = models.CharField("stato", max_length=20, choices=Status.choices, default=Status.OPEN)
    policy = models.ForeignKey(
        ScoringPolicy, null=True, blank=True, on_delete=models.PROTECT, related_name="evaluations"
    )
    comments = models.TextField("osservazioni del valutatore", blank=True)
    approval_act = models.CharField("atto della Giunta", max_length=255, blank=True)
    bonus_budget = models.DecimalField(
        "retribuzione di risultato stanziata (€)", max_digits=12, decimal_places=2, null=True, blank=True
    )
    total = models.DecimalField(
        "punteggio complessivo", max_digits=12, decimal_places=6, null=True, blank=True
    )
    bonus_share = models.DecimalField(
        "quota del premio", max_digits=12, decimal_places=6, null=True, blank=True
    )
    result = models.JSONField("calcolo alla chiusura", null=True, blank=True)
    closed_at = models.DateTimeField("conclusa il", null=True, blank=True)
    acknowledged_at = models.DateTimeField("presa visione il", null=True, blank=True)
    acknowledgement_note = models.TextField("nota del valutato", blank=True)
    review_reason = models.TextField("motivo della richiesta di revisione", blank=True)
    review_requested_at = models.DateTimeField("revisione richiesta il", null=True, blank=True)
    review_outcome = models.CharField(
        "esito della revisione", max_length=16, choices=ReviewOutcome.choices, blank=True
    )
    review_note = models.TextField("motivazione dell'esito", blank=True)
    reviewed_at = models.DateTimeField("revisione decisa il", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "valutazione individuale"
        verbose_name_plural = "valutazioni individuali"
        ordering = ["organization", "year", "evaluated_position__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "evaluated_position"], name="individual_evaluation_unique"
            )
        ]
        indexes = [models.Index(fields=["organization", "year"])]

    def __str__(self) -> str:
        return f"Valutazione {self.year} — {self.evaluated_name or self.evaluated_position}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status != self.Status.OPEN


class BehaviourRating(TenantModel):
    """The evaluator's rating of one behaviour criterion; label and weight copied from the policy."""

    evaluation = models.ForeignKey(IndividualEvaluation, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.CharField("criterio", max_length=64)
    label = models.CharField("descrizione", max_length=255)
    weight = models.DecimalField("peso", max_digits=6, decimal_places=2)
    rating = models.DecimalField("punteggio", max_digits=5, decimal_places=2, null=True, blank=True)
    position = models.PositiveIntegerField("ordine", default=0)

    class Meta:
        verbose_name = "punteggio di comportamento"
        verbose_name_plural = "punteggi di comportamento"
        ordering = ["evaluation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="behaviour_rating_unique")
        ]
