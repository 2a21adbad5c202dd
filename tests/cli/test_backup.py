"""Backup and restore, as an operator runs them: a loaded installation (plan, measurements, evidence,
scores, evaluations) round-trips into a fresh one; a tampered or foreign archive is refused."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

CLI = Path(sys.executable).parent / "cannocchiale"
EVIDENCE = b"%PDF-1.4 verbale di prova\n"
ADD_EVIDENCE = f"""
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cannocchiale.settings")
django.setup()
from django.core.files.base import ContentFile
from cannocchiale.monitoring.models import Evidence, Submission
s = Submission.objects.filter(round__plan__organization__code="lucca").order_by("pk").first()
e = Evidence(organization_id=s.organization_id, submission=s, original_name="verbale.pdf", size=26)
e.file.save("verbale.pdf", ContentFile({EVIDENCE!r}), save=True)
from cannocchiale.evaluation.batch import plan_rescore
plan_rescore(s.round.plan)
"""
COUNT_ROWS = """
import django, json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cannocchiale.settings")
django.setup()
from cannocchiale.core.backup import row_counts
print(json.dumps(row_counts()))
"""
STORED_SCORES = """
import django, json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cannocchiale.settings")
django.setup()
from cannocchiale.evaluation.models import ComputedScore
rows = ComputedScore.objects.order_by("plan_id", "as_of", "subject_type", "subject_code").values_list(
    "subject_type", "subject_code", "as_of", "achievement", "status", "explanation"
)
print(json.dumps([list(r) for r in rows], default=str))
"""


def _env(var: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "SECRET_KEY_FILE"}}
    env["CANNOCCHIALE_VAR_DIR"] = str(var)
    env["CANNOCCHIALE_DEMO_PASSWORD"] = "una-password-di-prova-2018"
    return env


def _run(var: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(CLI), *args], env=_env(var), capture_output=True, text=True, check=False)
    if ok:
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done


def _python(var: Path, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], env=_env(var), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _media_hashes(var: Path) -> dict[str, str]:
    root = var / "media"
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """An installation with the demo (plan, 261 measurements, a round, evaluations), an evidence file
    and stored scores; and its backup."""
    var = tmp_path_factory.mktemp("origine")
    _run(var, "demo", "--no-serve")
    _python(var, ADD_EVIDENCE)
    scores = _run(var, "score", "--org", "lucca", "--year", "2018", "--json").stdout
    archive = var.parent / "salvataggio.tar.gz"
    done = _run(var, "backup", "-o", str(archive))
    assert "Archivio scritto" in done.stdout
    assert "conservala a parte" in done.stdout
    return var, archive, scores


@pytest.mark.slow
def test_a_backup_restores_into_a_fresh_installation(loaded: tuple[Path, Path, str], tmp_path: Path) -> None:
    var, archive, scores = loaded
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        names = set(tar.getnames())
    assert manifest["versions"]["django"]
    assert manifest["row_counts"]["monitoring_measurement"] >= 261
    assert manifest["row_counts"]["monitoring_evidence"] == 1
    assert manifest["row_counts"]["evaluation_computedscore"] > 0
    assert manifest["secret_key_included"] is False
    assert "secret_key" not in names

    fresh = tmp_path / "nuova"
    done = _run(fresh, "restore", str(archive))
    assert "corrispondono al manifesto" in done.stdout

    assert json.loads(_python(fresh, COUNT_ROWS)) == json.loads(_python(var, COUNT_ROWS))
    assert _media_hashes(fresh) == _media_hashes(var)
    assert EVIDENCE in [p.read_bytes() for p in (fresh / "media").rglob("*") if p.is_file()]
    assert _run(fresh, "score", "--org", "lucca", "--year", "2018", "--json").stdout == scores
    assert _python(fresh, STORED_SCORES) == _python(var, STORED_SCORES)
    verified = _run(fresh, "audit", "verify")
    assert verified.stdout.startswith("registro integro:")


@pytest.mark.slow
def test_restore_refuses_a_database_with_data_unless_forced(loaded: tuple[Path, Path, str]) -> None:
    var, archive, _ = loaded
    refused = _run(var, "restore", str(archive), ok=False)
    assert refused.returncode == 1
    assert "contengono già dati" in refused.stderr
    assert "--force" in refused.stderr
    before = _media_hashes(var)
    _run(var, "restore", str(archive), "--force")
    assert _media_hashes(var) == before
    assert list(var.glob("media.prima-del-ripristino-*"))  # the files that were there, kept aside


@pytest.mark.slow
def test_a_tampered_archive_is_refused_before_anything_is_touched(
    loaded: tuple[Path, Path, str], tmp_path: Path
) -> None:
    _, archive, _ = loaded
    tampered = tmp_path / "manomesso.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else None  # type: ignore[union-attr]
            if data is not None and member.name.startswith("media/"):
                data = data.replace(b"prova", b"falso")
                member.size = len(data)
            target.addfile(member, io.BytesIO(data) if data is not None else None)
    fresh = tmp_path / "nuova"
    refused = _run(fresh, "restore", str(tampered), ok=False)
    assert refused.returncode == 1
    assert "non corrisponde alla sua impronta" in refused.stderr
    assert not (fresh / "media").exists()
    assert not (fresh / "cannocchiale.sqlite3").exists() or not _python(fresh, COUNT_ROWS).count('"audit')


@pytest.mark.slow
def test_the_secret_key_is_included_only_when_asked(loaded: tuple[Path, Path, str], tmp_path: Path) -> None:
    var, _, _ = loaded
    archive = tmp_path / "con-chiave.tar.gz"
    _run(var, "backup", "-o", str(archive), "--include-secret-key")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    fresh = tmp_path / "nuova"
    done = _run(fresh, "restore", str(archive))
    assert "Chiave segreta ripristinata" in done.stdout
    assert (fresh / "secret_key").read_text() == (var / "secret_key").read_text()


def test_an_archive_that_is_not_one_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "non-archivio.tar.gz"
    bogus.write_bytes(b"nulla")
    refused = _run(tmp_path / "var", "restore", str(bogus), ok=False)
    assert refused.returncode == 1
    assert "non è un archivio di Cannocchiale" in refused.stderr


def _postgres_url(name: str) -> str:
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.mark.slow
@pytest.mark.django_db
def test_a_postgresql_backup_restores_into_a_fresh_database(tmp_path: Path) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("pg_dump and pg_restore: only with DATABASE_URL on PostgreSQL")
    import psycopg

    base = connection.settings_dict["NAME"]
    names = [f"{base}_copia_origine", f"{base}_copia_nuova"]
    admin = psycopg.connect(
        _postgres_url("postgres").replace("postgres://", "postgresql://"), autocommit=True
    )
    try:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        source, target = tmp_path / "origine", tmp_path / "nuova"

        def run(var: Path, url: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
            env = {**_env(var), "DATABASE_URL": url}
            done = subprocess.run([str(CLI), *args], env=env, capture_output=True, text=True, check=False)
            if ok:
                assert done.returncode == 0, (args, done.stdout, done.stderr)
            return done

        def python(var: Path, url: str, code: str) -> str:
            env = {**_env(var), "DATABASE_URL": url}
            done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            return done.stdout

        src, dst = _postgres_url(names[0]), _postgres_url(names[1])
        run(source, src, "demo", "--no-serve")
        python(source, src, ADD_EVIDENCE)
        archive = tmp_path / "salvataggio.tar.gz"
        run(source, src, "backup", "-o", str(archive))
        run(target, dst, "restore", str(archive))
        assert json.loads(python(target, dst, COUNT_ROWS)) == json.loads(python(source, src, COUNT_ROWS))
        assert python(target, dst, STORED_SCORES) == python(source, src, STORED_SCORES)
        assert _media_hashes(target) == _media_hashes(source)
        assert run(target, dst, "audit", "verify").stdout.startswith("registro integro:")
        # The restored audit table is append-only again: the trigger came back with the dump.
        forged = python(
            target,
            dst,
            COUNT_ROWS.replace(
                "print(json.dumps(row_counts()))",
                "from django.db import connection, DatabaseError\n"
                "try:\n"
                "    connection.cursor().execute(\"UPDATE audit_auditevent SET actor_name = 'x'\")\n"
                "    print('modificato')\n"
                "except DatabaseError:\n"
                "    print('rifiutato')",
            ),
        )
        assert forged.strip() == "rifiutato"
    finally:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
