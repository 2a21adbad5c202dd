"""Page latency at 20 concurrent users on loopback, against a static file served by the same server.

The server is Django's threaded development server in this process (the same for the pages and
the floor); the load generator is threads with http.client, each user signed in, for a bounded
time. The pages are those that exist among the albero, an objective sheet, the monitoring
dashboard and the pending-work page, on the first simulated organization.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler, get_internal_wsgi_application
from django.test import Client
from django.urls import NoReverseMatch, reverse

from benchmarks.result import Figure
from cannocchiale.accounts.models import Membership, Role
from cannocchiale.organization.models import Organization
from cannocchiale.planning.models import Plan, StrategicObjective
from cannocchiale.simulation.selectors import SIMULATED

USERNAME = "bench-programmazione"
STATIC_FLOOR = "/static/web/plan.css"


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        return None


def _paths(organization: Organization, plan: Plan) -> dict[str, str]:
    objective = StrategicObjective.objects.filter(plan=plan).order_by("position", "pk").first()
    candidates: dict[str, Callable[[], str]] = {
        "albero": lambda: reverse("web:tree", kwargs={"org": organization.code, "year": plan.year}),
        "scheda obiettivo": lambda: reverse(
            "web:objective_sheet",
            kwargs={
                "org": organization.code,
                "year": plan.year,
                "code": objective.code if objective else "1A",
            },
        ),
        "monitoraggio": lambda: reverse(
            "web:monitoring", kwargs={"org": organization.code, "year": plan.year}
        ),
        "attività da fare": lambda: reverse("web:my_work", kwargs={"org": organization.code}),
    }
    paths = {}
    for name, build in candidates.items():
        try:
            paths[name] = build()
        except NoReverseMatch:
            continue
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


def run(*, seconds: float, users: int) -> list[Figure]:
    organization = Organization.objects.filter(SIMULATED).order_by("code").first()
    plan = Plan.objects.filter(organization=organization).first() if organization else None
    if organization is None or plan is None:
        return []
    paths = _paths(organization, plan)
    cookie = _session_cookie(organization)
    server = ThreadedWSGIServer(("127.0.0.1", 0), _Quiet, allow_reuse_address=True)
    server.daemon_threads = True
    server.set_app(StaticFilesHandler(get_internal_wsgi_application()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        floor_times, _ = _load(port, STATIC_FLOOR, cookie, users, seconds)
        floor50, floor95 = _p(floor_times, 0.5), _p(floor_times, 0.95)
        figures = []
        for name, path in paths.items():
            times, failures = _load(port, path, cookie, users, seconds)
            if not times:
                figures.append(
                    Figure(f"pagina «{name}»: nessuna risposta 200", 0, "ms", details={"path": path})
                )
                continue
            p50, p95 = _p(times, 0.5), _p(times, 0.95)
            details = {
                "path": path,
                "requests": len(times),
                "failures": failures,
                "p50_ms": p50,
                "mean_ms": statistics.mean(times) * 1000,
            }
            figures.append(
                Figure(
                    f"pagina «{name}» p50, {users} utenti",
                    p50,
                    "ms",
                    floor=floor50,
                    floor_name="file statico, stesso server",
                    goal="",
                    details=details,
                )
            )
            figures.append(
                Figure(
                    f"pagina «{name}» p95, {users} utenti",
                    p95,
                    "ms",
                    floor=floor95,
                    floor_name="file statico, stesso server",
                    goal="< 50 ms e ≤ 3× il limite",
                    met=p95 < 50 and p95 <= 3 * floor95,
                    details=details,
                )
            )
        return figures
    finally:
        server.shutdown()
        server.server_close()
