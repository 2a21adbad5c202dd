"""Page latency at 20 concurrent users on loopback, against a static file served by the same server.

The server is gunicorn, one worker process per core, started for the run (benchmarks/server.py);
the floor is a static file through the same server and WSGI stack. The load generator is threads
with http.client in this process, each user signed in, for a bounded time; each page is warmed
first, as a production server is. The pages are the albero, an objective sheet, the monitoring
list and a round's dashboard, and the pending-work page, on the first simulated organization
(a simulation is created when there is none, and its mid-year round opened).
"""

from __future__ import annotations

import datetime as dt
import http.client
import statistics
import threading
import time

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from benchmarks.result import Figure
from benchmarks.server import gunicorn
from cannocchiale.accounts.access import Access
from cannocchiale.accounts.models import Membership, Role
from cannocchiale.monitoring.models import MonitoringRound
from cannocchiale.monitoring.services import round_open
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan, StrategicObjective
from cannocchiale.simulation.generator import round_dates
from cannocchiale.simulation.selectors import SIMULATED
from cannocchiale.simulation.services import simulation_create

USERNAME = "bench-programmazione"
STATIC_FLOOR = "/static/web/plan.css"
FLOOR_NAME = "file statico, stesso server"
GOAL_MS = 50
GOAL_RATIO = 3


def _round(plan: Plan) -> MonitoringRound:
    """The plan's latest round; a simulation has none, so the mid-year one is opened: every
    indicator measured at that date comes in as submitted, a full round to review."""
    round_ = MonitoringRound.objects.filter(plan=plan).order_by("-as_of", "-pk").first()
    if round_ is not None:
        return round_
    as_of = round_dates(4, plan.year)[1]
    return round_open(
        access=Access.system(plan.organization),
        plan=plan,
        name="Monitoraggio di metà anno",
        as_of=as_of,
        due_date=as_of + dt.timedelta(days=30),
        actor=None,
    )


def _paths(organization: Organization, plan: Plan) -> dict[str, str]:
    org, year = organization.code, plan.year
    objective = StrategicObjective.objects.filter(plan=plan).order_by("position", "pk").first()
    round_ = _round(plan)
    paths = {"albero": reverse("web:tree", kwargs={"org": org, "year": year})}
    if objective is not None:
        paths["scheda obiettivo"] = reverse(
            "web:objective_sheet", kwargs={"org": org, "year": year, "code": objective.code}
        )
    paths["monitoraggio"] = reverse("web:monitoring", kwargs={"org": org, "year": year})
    paths["cruscotto"] = reverse("web:round", kwargs={"org": org, "year": year, "round_id": round_.pk})
    paths["attività da fare"] = reverse("web:my_work", kwargs={"org": org})
    return paths


def _session_cookie(organization: Organization) -> str:
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    Membership.objects.get_or_create(user=user, organization=organization, role=Role.PLANNING_OFFICE)
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def _load(port: int, path: str, cookie: str, users: int, seconds: float) -> tuple[list[float], int]:
    times: list[float] = []
    failures = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user() -> None:
        nonlocal failures
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": f"sessionid={cookie}"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    times.append(elapsed)
                else:
                    failures += 1
        conn.close()

    threads = [threading.Thread(target=user) for _ in range(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, failures


def _p(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def simulated_plan(organizations: int) -> tuple[Organization, Plan]:
    """The first simulated organization and its plan, simulating `organizations` if there are none."""
    organization = Organization.objects.filter(SIMULATED).order_by("code").first()
    if organization is None:
        simulation_create(organizations=organizations)
        organization = Organization.objects.filter(SIMULATED).order_by("code").first()
    assert organization is not None
    plan = Plan.objects.filter(organization=organization).order_by("-year", "-version").first()
    if plan is None:
        raise RuntimeError(f"l'ente simulato {organization.code} non ha un piano")
    return organization, plan


def run(*, seconds: float, users: int, organizations: int = 10, warmup: float = 0.5) -> list[Figure]:
    organization, plan = simulated_plan(organizations)
    paths = _paths(organization, plan)
    cookie = _session_cookie(organization)
    with gunicorn(ready_path=STATIC_FLOOR) as server:
        setting = {"server": f"gunicorn, {server.workers} processi", "cache": server.cache}
        _load(server.port, STATIC_FLOOR, cookie, users, warmup)
        floor_times, _ = _load(server.port, STATIC_FLOOR, cookie, users, seconds)
        if not floor_times:
            raise RuntimeError("il file statico non risponde: nessun limite da confrontare")
        floor50, floor95 = _p(floor_times, 0.5), _p(floor_times, 0.95)
        figures = []
        for name, path in paths.items():
            # Warm: every worker has read the templates, opened its connection, filled the cache.
            _load(server.port, path, cookie, users, warmup)
            times, failures = _load(server.port, path, cookie, users, seconds)
            if not times:
                figures.append(
                    Figure(f"pagina «{name}»: nessuna risposta 200", 0, "ms", details={"path": path})
                )
                continue
            p50, p95 = _p(times, 0.5), _p(times, 0.95)
            details = {
                **setting,
                "path": path,
                "requests": len(times),
                "failures": failures,
                "mean_ms": statistics.mean(times) * 1000,
                "floor_requests": len(floor_times),
            }
            figures.append(
                Figure(
                    f"pagina «{name}» p50, {users} utenti",
                    p50,
                    "ms",
                    floor=floor50,
                    floor_name=FLOOR_NAME,
                    details=details,
                )
            )
            figures.append(
                Figure(
                    f"pagina «{name}» p95, {users} utenti",
                    p95,
                    "ms",
                    floor=floor95,
                    floor_name=FLOOR_NAME,
                    goal=f"< {GOAL_MS} ms e ≤ {GOAL_RATIO}× il limite",
                    met=p95 < GOAL_MS and p95 <= GOAL_RATIO * floor95 and failures == 0,
                    details=details,
                )
            )
        return figures
