"""The names of evidence files: as the user gave them (shown, offered on download) and as kept on disk.

A browser may send a name of any length, with folders, in any script: the page shows at most 255
characters and the disk gets a name short enough in bytes for any file system (255 bytes for one
name on ext4), both keeping the extension.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

# The name a file is kept under, after its random prefix: well within a file system's 255 bytes.
STORED_NAME_BYTES = 120
ORIGINAL_NAME_CHARS = 255


def _shortened(name: str, limit: int, measure: Callable[[str], int]) -> str:
    """The name cut to `limit` (as measured), keeping its extension."""
    if measure(name) <= limit:
        return name
    path = PurePath(name)
    suffix = path.suffix if measure(path.suffix) <= limit // 2 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    stem = stem[:limit]  # no character measures less than one
    while stem and measure(stem + "…" + suffix) > limit:
        stem = stem[:-1]
    return f"{stem}…{suffix}" if stem else suffix.lstrip(".") or "file"


def display_name(filename: str) -> str:
    """The name the user gave, without any folder, at most 255 characters, extension kept."""
    # Control characters (a NUL byte is refused by PostgreSQL and by the file system) are dropped.
    printable = "".join(ch for ch in filename if ch.isprintable())
    name = PurePath(printable.replace("\\", "/")).name.strip() or "file"
    return _shortened(name, ORIGINAL_NAME_CHARS, len)


def stored_name(filename: str) -> str:
    """The last part of the file's path on disk: short enough in bytes for any file system."""
    return _shortened(display_name(filename), STORED_NAME_BYTES, lambda s: len(s.encode("utf-8")))
