"""Validation of a plan file: the schema first, then the engine's checks, every finding with its line.

`file_findings` is the one verdict on a file: `validate` prints it and `import` refuses the file when
it holds an error, so that the two never disagree.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cannocchiale.engine.validation import Finding, validate_plan
from cannocchiale.interchange.reference_check import reference_errors
from cannocchiale.interchange.schema import schema_errors
from cannocchiale.interchange.storage_limits import storage_errors
from cannocchiale.interchange.yaml_io import JsonPath, LoadedDocument

_PATH_PART = re.compile(r"\[(\d+)\]|\.?([^.\[\]]+)")


def parse_path(text: str) -> JsonPath:
    """`plan.areas[0].code` → ("plan", "areas", 0, "code"); a locator that is not a path gives ()."""
    parts: list[str | int] = []
    position = 0
    while position < len(text):
        match = _PATH_PART.match(text, position)
        if match is None:
            return ()
        index, name = match.groups()
        parts.append(int(index) if index is not None else name)
        position = match.end()
    return tuple(parts)


def file_findings(document: LoadedDocument) -> list[Finding]:
    """Every problem of the file, located: errors (the file cannot be imported) and warnings."""
    shape = [
        Finding("error", "schema", document.where(path), message) for path, message in schema_errors(document)
    ]
    storage = [
        Finding("error", "storage", document.where(path), message)
        for path, message in storage_errors(document.data)
    ]
    if shape or storage:
        # The other checks assume a well-formed document whose values fit their columns: report these alone.
        return sorted(shape + storage, key=lambda f: _line(document, f))
    located = []
    for finding in validate_plan(document.data):
        path = parse_path(finding.location)
        located.append(replace(finding, location=document.where(path)) if path else finding)
    # The importer's own checks (codes repeated or unknown, years given twice) say some of the same
    # things as the engine's: one finding per place is enough.
    taken = {f.location for f in located if f.severity == "error"}
    for path, message in reference_errors(document):
        location = document.where(path)
        if location not in taken:
            taken.add(location)
            located.append(Finding("error", "reference", location, message))
    return sorted(located, key=lambda f: _line(document, f))


def _line(document: LoadedDocument, finding: Finding) -> int:
    _, _, rest = finding.location.partition(f"{document.source}:")
    line, _, _ = rest.partition(":")
    return int(line) if line.isdigit() else 0


def file_errors(document: LoadedDocument) -> list[str]:
    """The errors of the file, one line each: `file:line: path: what is wrong`."""
    return [f"{f.location}: {f.message}" for f in file_findings(document) if f.severity == "error"]
