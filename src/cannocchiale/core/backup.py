"""Backup and restore of an installation: the database and the files under the var directory.

One archive (tar.gz) holds a manifest (versions, date, rows per table, the SHA-256 of every file),
the database dump (PostgreSQL: `pg_dump` custom format; SQLite: a copy made with SQLite's online
backup API, consistent while the site runs), the uploaded evidence and generated documents
(MEDIA_ROOT) and, only when asked, the secret key. Restoring checks every hash before touching
anything, and refuses a database that already holds data unless told to replace it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.db import connection, connections, transaction

from cannocchiale.core.errors import CannocchialeError

FORMAT = "cannocchiale/backup@1"
MANIFEST = "manifest.json"
SECRET_KEY_MEMBER = "secret_key"
MEDIA_PREFIX = "media/"
DATABASE_MEMBERS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
# Rows `migrate` itself writes: a freshly migrated database holding only these is empty.
SCAFFOLD_TABLES = {"django_content_type", "auth_permission", "django_migrations", "django_site"}
SECRET_KEY_NOTE = (
    "La chiave segreta (SECRET_KEY) non è nell'archivio: conservala a parte. Senza la stessa chiave "
    "i dati si ripristinano tutti, ma le sessioni aperte e i collegamenti per reimpostare la "
    "password non valgono più."
)


class BackupError(CannocchialeError):
    pass


@dataclass(frozen=True)
class BackupResult:
    path: Path
    manifest: dict[str, Any]


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict[str, Any]
    row_counts: dict[str, int]
    files: int
    secret_key_restored: bool


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables() -> list[str]:
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if not model._meta.proxy and model._meta.managed
        }
    )


def row_counts() -> dict[str, int]:
    """Rows of every table of the installed models, by table name."""
    existing = set(connection.introspection.table_names())
    counts = {}
    with connection.cursor() as cursor:
        for table in _tables():
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                counts[table] = int(cursor.fetchone()[0])
    return counts


def _sqlite_row_counts(database: Path) -> dict[str, int]:
    copy = sqlite3.connect(str(database))
    try:
        existing = {row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        return {
            table: int(copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
            for table in _tables()
            if table in existing
        }
    finally:
        copy.close()


def _vendor() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBERS:
        raise BackupError(f"database {vendor} non gestito: solo PostgreSQL e SQLite")
    return vendor


def _database_version() -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


def _applied_migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return [*args, "--dbname", str(db["NAME"])], env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} non trovato: installa il client di PostgreSQL (Debian: postgresql-client)")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} non riuscito: {done.stderr.strip()[:2000]}")


def _dump_database(target: Path) -> dict[str, int]:
    """Dumps the database into `target`; returns the rows per table of exactly what was dumped."""
    if connection.vendor == "postgresql":
        args, env = _pg_environment()
        tool = _tool("pg_dump")
        # Counted and dumped in one snapshot, so the manifest's counts are the dump's even while
        # the site keeps writing.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts()
            _run(
                [
                    tool,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(target),
                    *args,
                ],
                env,
            )
        return counts
    source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
    copy = sqlite3.connect(str(target))
    try:
        # The online backup API: a consistent copy even while the site writes.
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return _sqlite_row_counts(target)


def _media_files() -> Iterator[tuple[Path, str]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, MEDIA_PREFIX + path.relative_to(root).as_posix()


def backup_create(
    output: Path, *, include_secret_key: bool = False, report: Callable[[str], None] = lambda _: None
) -> BackupResult:
    """Writes the archive to `output` (through a temporary file: a failed backup leaves nothing)."""
    vendor = _vendor()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cannocchiale-backup-") as work:
        dump = Path(work) / DATABASE_MEMBERS[vendor]
        report("Copia del database…")
        counts = _dump_database(dump)
        members: list[tuple[Path, str]] = [(dump, dump.name), *_media_files()]
        secret: Path | None = None
        if include_secret_key:
            secret = Path(work) / SECRET_KEY_MEMBER
            secret.write_text(settings.SECRET_KEY, encoding="utf-8")
            members.append((secret, SECRET_KEY_MEMBER))
        report(f"Impronte di {len(members)} file…")
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "versions": {
                "cannocchiale": metadata.version("cannocchiale"),
                "django": django.get_version(),
                "python": platform.python_version(),
                "database": _database_version(),
            },
            "database": {"vendor": vendor, "file": dump.name},
            "migrations": _applied_migrations(),
            "row_counts": counts,
            "files": {
                name: {"sha256": _sha256(path), "bytes": path.stat().st_size} for path, name in members
            },
            "secret_key_included": include_secret_key,
            "note": "" if include_secret_key else SECRET_KEY_NOTE,
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            for path, name in members:
                archive.add(path, arcname=name, recursive=False)
        # It holds personal data (evaluations), and perhaps the secret key: the owner's only.
        partial.chmod(0o600)
        partial.replace(output)
    return BackupResult(output, manifest)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name != ""


def _read_archive(path: Path, work: Path) -> dict[str, Any]:
    """Extracts the archive into `work` and checks it: manifest present, every file listed and with
    its hash, nothing else. Raises before anything is restored."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            names = archive.getnames()
            if MANIFEST not in names:
                raise BackupError(f"{path}: manca {MANIFEST}, non è un archivio di Cannocchiale")
            for member in archive.getmembers():
                if not _safe_name(member.name) or not (member.isfile() or member.isdir()):
                    raise BackupError(f"{path}: il file «{member.name}» dell'archivio non è ammesso")
            archive.extractall(work, filter="data")
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"{path}: non è un archivio di Cannocchiale leggibile ({error})") from error
    try:
        manifest = json.loads((work / MANIFEST).read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"{path}: {MANIFEST} illeggibile ({error})") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(
            f"{path}: formato {manifest.get('format') if isinstance(manifest, dict) else '?'!r} "
            f"non riconosciuto (atteso {FORMAT})"
        )
    listed = manifest.get("files") or {}
    present = {n for n in names if n != MANIFEST and (work / n).is_file()}
    unlisted = sorted(present - set(listed))
    if unlisted:
        raise BackupError(f"{path}: il file «{unlisted[0]}» non è nel manifesto")
    for name, entry in sorted(listed.items()):
        file = work / name
        if not _safe_name(name) or not file.is_file():
            raise BackupError(f"{path}: manca il file «{name}» elencato nel manifesto")
        if _sha256(file) != entry.get("sha256"):
            raise BackupError(f"{path}: il file «{name}» non corrisponde alla sua impronta nel manifesto")
    return manifest


def database_has_data() -> bool:
    return any(n for table, n in row_counts().items() if table not in SCAFFOLD_TABLES)


def _media_has_files() -> bool:
    return next(_media_files(), None) is not None


def _restore_database(vendor: str, dump: Path) -> None:
    if vendor == "postgresql":
        args, env = _pg_environment()
        connections.close_all()
        _run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(dump),
            ],
            env,
        )
        return
    connections.close_all()
    target = Path(str(settings.DATABASES["default"]["NAME"]))
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(str(dump))
    destination = sqlite3.connect(str(target))
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


def _restore_media(work: Path, manifest: dict[str, Any]) -> int:
    root = Path(settings.MEDIA_ROOT)
    if root.exists() and any(root.iterdir()):
        # Kept aside, never deleted: a restore over the wrong installation can be undone.
        aside = root.with_name(f"{root.name}.prima-del-ripristino-{datetime.now(UTC):%Y%m%d%H%M%S}")
        root.rename(aside)
    root.mkdir(parents=True, exist_ok=True)
    count = 0
    for name in manifest["files"]:
        if name.startswith(MEDIA_PREFIX):
            target = root / name[len(MEDIA_PREFIX) :]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / name, target)
            count += 1
    return count


def backup_restore(
    path: Path, *, force: bool = False, report: Callable[[str], None] = lambda _: None
) -> RestoreResult:
    """Restores the archive into the configured database and var directory."""
    vendor = _vendor()
    with tempfile.TemporaryDirectory(prefix="cannocchiale-restore-") as tmp:
        work = Path(tmp)
        report(f"Controllo di {path}…")
        manifest = _read_archive(Path(path), work)
        source_vendor = manifest.get("database", {}).get("vendor")
        if source_vendor != vendor:
            raise BackupError(
                f"l'archivio contiene un database {source_vendor}, quello configurato è {vendor}: "
                "ripristina su un database dello stesso tipo"
            )
        if not force and (database_has_data() or _media_has_files()):
            raise BackupError(
                "il database o la cartella dei file contengono già dati: il ripristino li sostituirebbe. "
                "Usa --force per sostituirli (i file attuali vengono messi da parte, non cancellati)"
            )
        report("Ripristino del database…")
        _restore_database(vendor, work / manifest["database"]["file"])
        report("Ripristino dei file…")
        files = _restore_media(work, manifest)
        secret_restored = False
        if SECRET_KEY_MEMBER in manifest["files"]:
            var_dir = Path(settings.VAR_DIR)
            var_dir.mkdir(parents=True, exist_ok=True)
            target = var_dir / SECRET_KEY_MEMBER
            shutil.copyfile(work / SECRET_KEY_MEMBER, target)
            target.chmod(0o600)
            secret_restored = True
    counts = row_counts()
    expected = manifest.get("row_counts", {})
    differ = {t: (n, counts.get(t)) for t, n in expected.items() if counts.get(t) != n}
    if differ:
        listed = ", ".join(f"{t} {n}→{m}" for t, (n, m) in sorted(differ.items()))
        raise BackupError(f"ripristino incompleto, righe diverse dal manifesto: {listed}")
    return RestoreResult(manifest, counts, files, secret_restored)
