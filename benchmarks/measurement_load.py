"""Five users entering measurements at once, through the web pages, for a bounded time.

Each user is signed in with a session of their own and works on indicators of their own in the
same round of the same plan (so every entry rescores the same plan's figures, where writers
meet): open the entry page, read the form's version and CSRF token, post a new value, again.
The server is gunicorn with one worker process per user, so that the users' requests really
run at the same time against the database (benchmarks/server.py).

Three figures, each an outcome a user would notice:
- the posts, and how many answered anything but the redirect of a saved value (errors: a 500,
  a refusal, a connection dropped);
- the lost writes: for each indicator, the last value its user was told was saved, against the
  value stored at the end;
- the stale figures: the stored scores after the load, against scoring the plan from scratch.
The goal is zero errors, zero lost writes and zero stale figures on PostgreSQL, the production
database; SQLite runs it too (CI), its figures are printed without a verdict.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from benchmarks.pages import _round, simulated_plan
from benchmarks.result import Figure
from benchmarks.server import gunicorn
from cannocchiale.accounts.models import Membership, Role
from cannocchiale.evaluation.batch import CURRENT, batch_score
from cannocchiale.evaluation.models import ComputedScore
from cannocchiale.monitoring.models import MonitoringRound, Submission
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan

USERS = 5
PER_USER = 12  # indicators each user answers for in the run
# Targets whose entry form asks for a number (a milestone asks "done?", a deadline a date).
NUMERIC_KINDS = ("completion", "at_least", "at_most", "range")
_VERSION = re.compile(r'name="version" value="(\d+)"')
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class UserRun:
    name: str
    cookie: str
    paths: dict[int, str]  # submission id -> entry page
    posts: int = 0
    saved: int = 0
    errors: list[str] = field(default_factory=list)
    last_saved: dict[int, Decimal] = field(default_factory=dict)


def _numeric_submissions(round_: MonitoringRound, count: int) -> list[Submission]:
    """Submissions still open to entries whose form asks for a number."""
    return list(
        Submission.objects.filter(round=round_)
        .exclude(state=Submission.State.ACCEPTED)
        .filter(
            indicator__targets__year=round_.plan.year,
            indicator__targets__kind__in=NUMERIC_KINDS,
        )
        .order_by("indicator__position", "pk")
        .distinct()[:count]
    )


def _users(organization: Organization, plan: Plan, round_: MonitoringRound) -> list[UserRun]:
    submissions = _numeric_submissions(round_, USERS * PER_USER)
    if len(submissions) < USERS:
        raise RuntimeError(f"il monitoraggio {round_} ha troppo pochi indicatori numerici da inserire")
    runs = []
    for index in range(USERS):
        # The planning office enters any indicator: each user is given a slice of the round.
        user, _ = get_user_model().objects.get_or_create(username=f"bench-misure-{index + 1}")
        Membership.objects.get_or_create(user=user, organization=organization, role=Role.PLANNING_OFFICE)
        client = Client()
        client.force_login(user)
        mine = submissions[index::USERS]
        paths = {
            s.pk: reverse(
                "web:measurement_enter",
                kwargs={
                    "org": organization.code,
                    "year": plan.year,
                    "round_id": round_.pk,
                    "submission_id": s.pk,
                },
            )
            for s in mine
        }
        runs.append(UserRun(name=user.username, cookie=client.cookies["sessionid"].value, paths=paths))
    return runs


def _csrf_cookie(response: http.client.HTTPResponse) -> str | None:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("csrftoken="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def _work(run: UserRun, port: int, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    csrf_cookie = ""
    items = list(run.paths.items())
    turn = 0
    while time.perf_counter() < deadline:
        submission_id, path = items[turn % len(items)]
        turn += 1
        cookies = f"sessionid={run.cookie}" + (f"; csrftoken={csrf_cookie}" if csrf_cookie else "")
        try:
            conn.request("GET", path, headers={"Cookie": cookies})
            page = conn.getresponse()
            body = page.read().decode("utf-8", "replace")
            csrf_cookie = _csrf_cookie(page) or csrf_cookie
            version, token = _VERSION.search(body), _CSRF.search(body)
            if page.status != 200 or version is None or token is None:
                run.errors.append(f"GET {path}: {page.status}")
                continue
            value = Decimal(rng.randint(1, 999_999))
            form = {
                "csrfmiddlewaretoken": token.group(1),
                "version": version.group(1),
                "value": str(value),
                # Whatever the value, the entry is complete: an off-target value needs both.
                "explanation": "Carico di prova",
                "action": "Nessuna: valore di prova",
            }
            headers = {
                "Cookie": f"sessionid={run.cookie}; csrftoken={csrf_cookie}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{port}{path}",
            }
            run.posts += 1
            conn.request("POST", path, body=urlencode(form), headers=headers)
            answer = conn.getresponse()
            answer.read()
            if answer.status == 302:
                run.saved += 1
                run.last_saved[submission_id] = value
            else:
                run.errors.append(f"POST {path}: {answer.status}")
        except (OSError, http.client.HTTPException) as error:
            run.errors.append(f"{path}: {type(error).__name__}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.close()


def _warm(port: int, runs: list[UserRun]) -> None:
    """Each user opens an entry page once before the clock starts, as the page benchmark warms
    its pages: every worker has its connection and templates when the measured posts begin."""

    def one(run: UserRun) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.request("GET", next(iter(run.paths.values())), headers={"Cookie": f"sessionid={run.cookie}"})
            conn.getresponse().read()
        except (OSError, http.client.HTTPException):
            pass  # the measured run will count it if it happens again
        finally:
            conn.close()

    threads = [threading.Thread(target=one, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _lost_writes(runs: list[UserRun]) -> list[str]:
    expected = {pk: value for run in runs for pk, value in run.last_saved.items()}
    stored = dict(Submission.objects.filter(pk__in=expected).values_list("pk", "measurement__value"))
    return [
        f"{pk}: atteso {value}, salvato {stored.get(pk)}"
        for pk, value in expected.items()
        if stored.get(pk) != value
    ]


def _figures(plan: Plan) -> dict[tuple[str, str], tuple[Any, ...]]:
    return {
        (row[0], row[1]): row[2:]
        for row in ComputedScore.objects.filter(plan=plan, as_of=CURRENT).values_list(
            "subject_type", "subject_code", "achievement", "status", "data_state", "flagged", "flag"
        )
    }


def _stale_figures(plan: Plan) -> int:
    """How many stored figures differ from scoring the plan from scratch."""
    after_load = _figures(plan)
    ComputedScore.objects.filter(plan=plan, as_of=CURRENT).delete()
    batch_score(plans=[plan], dates=[CURRENT])
    fresh = _figures(plan)
    return sum(1 for key in after_load.keys() | fresh.keys() if after_load.get(key) != fresh.get(key))


def run(*, seconds: float, organizations: int = 10) -> list[Figure]:
    organization, plan = simulated_plan(organizations)
    round_ = _round(plan)
    if round_.status != MonitoringRound.Status.OPEN:
        round_.status = MonitoringRound.Status.OPEN
        round_.save(update_fields=["status"])
    runs = _users(organization, plan, round_)
    # Stored figures to start from, as the pages would have left them.
    ComputedScore.objects.filter(plan=plan, as_of=CURRENT).delete()
    batch_score(plans=[plan], dates=[CURRENT])
    with gunicorn(ready_path="/static/web/plan.css", workers=USERS) as server:
        _warm(server.port, runs)
        deadline = time.perf_counter() + seconds
        threads = [
            threading.Thread(target=_work, args=(r, server.port, deadline, n)) for n, r in enumerate(runs)
        ]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - started
        logged_errors = server.errors()
    posts = sum(r.posts for r in runs)
    errors = [e for r in runs for e in r.errors]
    lost = _lost_writes(runs)
    stale = _stale_figures(plan)
    postgresql = connection.vendor == "postgresql"
    details = {
        "database": connection.vendor,
        "server": f"gunicorn, {server.workers} processi",
        "users": USERS,
        "seconds": round(elapsed, 1),
        "posts_per_second": round(posts / elapsed, 1) if elapsed else 0,
        "saved": sum(r.saved for r in runs),
        "indicators": sum(len(r.paths) for r in runs),
        "errors_sample": errors[:5],
        "logged_errors": len(logged_errors),
        "logged_errors_sample": logged_errors[:2],
        "lost_sample": lost[:5],
    }
    verdict = (lambda ok: ok) if postgresql else (lambda ok: None)
    label = f"{USERS} utenti, {seconds:g} s"
    return [
        Figure(f"inserimenti di misure, {label}", posts, "post", details=details),
        Figure(
            f"inserimenti con errore, {label}",
            len(errors),
            "",
            goal="0 su PostgreSQL",
            met=verdict(not errors and posts > 0),
            details=details,
        ),
        Figure(
            f"scritture perse, {label}",
            len(lost),
            "",
            goal="0 su PostgreSQL",
            met=verdict(not lost and posts > 0),
            details=details,
        ),
        Figure(
            f"punteggi non aggiornati, {label}",
            stale,
            "",
            goal="0 su PostgreSQL",
            met=verdict(stale == 0),
            details=details,
        ),
    ]
