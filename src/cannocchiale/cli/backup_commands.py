"""`cannocchiale backup` and `cannocchiale restore`: the database and the files, in one archive."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: argparse._SubParsersAction[Any]) -> None:
    backup = sub.add_parser(
        "backup",
        help="salva in un archivio il database e i file (evidenze, documenti), con un manifesto di "
        "versioni, righe e impronte",
    )
    backup.add_argument(
        "-o", "--output", required=True, metavar="PATH", help="l'archivio da scrivere (.tar.gz)"
    )
    backup.add_argument(
        "--include-secret-key",
        action="store_true",
        help="mette nell'archivio anche la chiave segreta (altrimenti conservala a parte)",
    )
    backup.set_defaults(handler=backup_command)
    restore = sub.add_parser(
        "restore",
        help="ripristina un archivio di `cannocchiale backup` dopo averne controllato le impronte",
    )
    restore.add_argument("path", metavar="PATH")
    restore.add_argument(
        "--force",
        action="store_true",
        help="sostituisce un database che contiene già dati (i file attuali vengono messi da parte)",
    )
    restore.set_defaults(handler=restore_command)


def backup_command(args: argparse.Namespace) -> int:
    from cannocchiale.cli.output import progress
    from cannocchiale.core.backup import backup_create

    result = backup_create(Path(args.output), include_secret_key=args.include_secret_key, report=progress)
    manifest = result.manifest
    rows = sum(manifest["row_counts"].values())
    files = sum(1 for name in manifest["files"] if name.startswith("media/"))
    print(
        f"Archivio scritto in {result.path}: "
        f"{rows} righe in {len(manifest['row_counts'])} tabelle, {files} file"
    )
    if manifest["note"]:
        print(f"Nota: {manifest['note']}")
    return 0


def restore_command(args: argparse.Namespace) -> int:
    from django.conf import settings

    from cannocchiale.cli.output import progress
    from cannocchiale.core.backup import SECRET_KEY_NOTE, backup_restore

    result = backup_restore(Path(args.path), force=args.force, report=progress)
    rows = sum(result.row_counts.values())
    print(
        f"Archivio del {result.manifest['created_at']} ripristinato: {rows} righe, {result.files} file; "
        "righe e impronte corrispondono al manifesto"
    )
    if result.secret_key_restored:
        print(f"Chiave segreta ripristinata in {Path(settings.VAR_DIR) / 'secret_key'}")
    else:
        print(f"Nota: {SECRET_KEY_NOTE}")
    return 0
