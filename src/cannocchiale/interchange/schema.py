"""The published JSON Schema of the plan file, and its check with line numbers."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from cannocchiale.interchange.yaml_io import JsonPath, LoadedDocument

FORMAT = "cannocchiale/plan@1"
SCHEMA_RESOURCE = "plan-1.schema.json"


@cache
def plan_schema() -> dict[str, Any]:
    text = resources.files("cannocchiale.interchange").joinpath("schema", SCHEMA_RESOURCE).read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(plan_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(document: LoadedDocument) -> list[tuple[JsonPath, str]]:
    """Every schema violation: where (a path into the document) and what is wrong, in document order."""
    errors = sorted(
        _validator().iter_errors(document.data), key=lambda e: document.line_of(tuple(e.path)) or 0
    )
    return [(tuple(error.path), _explain(error)) for error in errors]


def schema_problems(document: LoadedDocument) -> list[str]:
    """Every schema violation as one line: file:line: path: what is wrong."""
    return [f"{document.where(path)}: {message}" for path, message in schema_errors(document)]


def _explain(error: ValidationError) -> str:
    validator = error.validator
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"manca il campo obbligatorio «{missing}»"
    if validator == "additionalProperties":
        return f"campo non previsto dal formato: {error.message.split('(')[-1].rstrip(')')}"
    if validator == "type":
        expected = {
            "string": "un testo",
            "integer": "un numero intero",
            "number": "un numero",
            "array": "un elenco",
            "object": "una sezione",
            "boolean": "true o false",
            "null": "null",
        }
        wanted: Any = error.validator_value
        names = [expected.get(str(t), str(t)) for t in (wanted if isinstance(wanted, list) else [wanted])]
        hint = (
            ' (i codici vanno tra virgolette, es. "1")'
            if "un testo" in names and isinstance(error.instance, int | float)
            else ""
        )
        return f"atteso {' o '.join(names)}, trovato {_shown(error.instance)}{hint}"
    if validator == "enum":
        values: Any = error.validator_value
        allowed = ", ".join(str(v) for v in values)
        return f"valore {_shown(error.instance)} non ammesso; valori ammessi: {allowed}"
    if validator == "const":
        return f"atteso {error.validator_value!r}, trovato {_shown(error.instance)}"
    if validator in {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}:
        return f"valore {_shown(error.instance)} fuori dai limiti ({validator} {error.validator_value})"
    if validator == "maxLength":
        return f"testo di {len(str(error.instance))} caratteri: al massimo {error.validator_value}"
    if validator == "minLength":
        return "testo vuoto: scrivere il valore o togliere il campo"
    if validator == "uniqueItems":
        return "un elemento è ripetuto nell'elenco"
    if validator == "pattern":
        return f"{_shown(error.instance)} non ha la forma attesa ({error.validator_value})"
    if validator == "format":
        return f"{_shown(error.instance)} non è una data valida (AAAA-MM-GG)"
    return f"valore non valido ({validator}): {_shown(error.instance)}"


def _shown(instance: Any) -> str:
    """The offending value as the message shows it: a long text or a whole section is cut short."""
    try:
        text = repr(instance)
    except ValueError:  # an integer of more digits than Python converts to text
        return "un numero di migliaia di cifre"
    return text if len(text) <= 80 else f"{text[:60]}… ({len(text)} caratteri)"
