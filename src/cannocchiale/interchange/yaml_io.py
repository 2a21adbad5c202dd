"""Reading and writing plan files: YAML with exact decimals and a line number for every value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from cannocchiale.core.errors import CannocchialeError

JsonPath = tuple[str | int, ...]


class PlanFileError(CannocchialeError):
    """The file is not readable YAML; the message names the file and the line."""


class LoadedDocument:
    """A parsed plan file and, for each path into it, the line where it was written (1-based)."""

    def __init__(self, data: Any, lines: dict[JsonPath, int], source: str) -> None:
        self.data = data
        self.lines = lines
        self.source = source

    def line_of(self, path: JsonPath) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None

    def where(self, path: JsonPath) -> str:
        line = self.line_of(path)
        location = f"{self.source}:{line}" if line is not None else self.source
        return f"{location}: {format_path(path) or _ROOT}"


def format_path(path: JsonPath) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


_ROOT = "documento"
# A plan file is about a dozen levels deep; the bound keeps a crafted file from exhausting the stack.
MAX_DEPTH = 64


# LibYAML's parser, where PyYAML was built with it, reads a plan ten times faster, with the same marks.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


def _fail(loader: yaml.SafeLoader, node: yaml.Node, path: JsonPath, message: str) -> PlanFileError:
    where = format_path(path) or _ROOT
    return PlanFileError(f"{loader.name}:{node.start_mark.line + 1}: {where}: {message}")


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode, path: JsonPath) -> Any:
    try:
        value = _construct_scalar(loader, node)
    except (ValueError, TypeError, KeyError, ArithmeticError, yaml.YAMLError) as error:
        # An impossible date (2017-02-31), an integer of thousands of digits, a tag of another type.
        raise _fail(
            loader, node, path, f"valore «{node.value[:80]}» non leggibile come {_tag_name(node.tag)}"
        ) from error
    if isinstance(value, Decimal | float) and not Decimal(value).is_finite():
        raise _fail(loader, node, path, f"«{node.value}» non è un numero: sono ammessi solo numeri finiti")
    if isinstance(value, float):
        value = Decimal(str(value))
    return value


def _tag_name(tag: str) -> str:
    names = {_FLOAT_TAG: "numero", _INT_TAG: "numero intero", _TIMESTAMP_TAG: "data (AAAA-MM-GG)"}
    return names.get(tag, f"valore del tipo {tag.rsplit(':', 1)[-1]}")


def _construct_scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    tag = node.tag
    if tag == _FLOAT_TAG:
        # Read the digits as written: a binary float would turn 0.1 into 0.1000000000000000055…
        try:
            return Decimal(node.value.replace("_", ""))
        except InvalidOperation:
            return loader.construct_yaml_float(node)
    if tag == _TIMESTAMP_TAG:
        value = loader.construct_yaml_timestamp(node)
        return value.isoformat() if isinstance(value, dt.date) else value
    if tag == _INT_TAG:
        return loader.construct_yaml_int(node)
    return loader.construct_object(node)


class _Walk:
    """What one reading has seen: the nodes already built, to refuse YAML aliases."""

    def __init__(self) -> None:
        self.seen: set[int] = set()


def _build(
    loader: yaml.SafeLoader, node: yaml.Node, path: JsonPath, lines: dict[JsonPath, int], walk: _Walk
) -> Any:
    # An alias makes the composer hand back a node already seen: refusing it keeps a 500-byte
    # «billion laughs» file from expanding into gigabytes, and a recursive one from looping.
    if id(node) in walk.seen:
        # The alias's own line is not kept by the composer: the nearest key above it is.
        line = next((lines[path[:end]] for end in range(len(path), -1, -1) if path[:end] in lines), 1)
        where = format_path(path) or _ROOT
        raise PlanFileError(
            f"{loader.name}:{line}: {where}: gli alias YAML (*nome) non sono ammessi nei file di piano: "
            "scrivere il valore per esteso"
        )
    walk.seen.add(id(node))
    if len(path) > MAX_DEPTH:
        raise _fail(loader, node, path, f"annidamento oltre {MAX_DEPTH} livelli: non è un file di piano")
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _fail(
                    loader,
                    key_node,
                    path,
                    "una chiave deve essere un nome di campo, non un elenco o una sezione",
                )
            walk.seen.add(id(key_node))
            key = _scalar(loader, key_node, path)
            if isinstance(key, dt.date):
                key = key.isoformat()
            if not isinstance(key, str):
                raise _fail(loader, key_node, path, f"la chiave «{key_node.value}» non è un nome di campo")
            if key in result:
                line = key_node.start_mark.line + 1
                where = format_path(path) or "primo livello del documento"
                raise PlanFileError(f"{loader.name}:{line}: chiave «{key}» ripetuta ({where})")
            child_path = (*path, key)
            lines[child_path] = key_node.start_mark.line + 1
            result[key] = _build(loader, value_node, child_path, lines, walk)
            lines[child_path] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, index), lines, walk) for index, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(loader, node, path)


def load_text(text: str, *, source: str = "<testo>") -> LoadedDocument:
    loader = _LOADER(text)
    loader.name = source
    try:
        node = loader.get_single_node()
        if node is None:
            raise PlanFileError(f"{source}:1: il file è vuoto")
        lines: dict[JsonPath, int] = {}
        data = _build(loader, node, (), lines, _Walk())
    except yaml.reader.ReaderError as error:
        # A character YAML does not allow (a NUL byte, a control character): its line, from its offset.
        line = text.count("\n", 0, error.position) + 1
        raise PlanFileError(
            f"{source}:{line}: carattere non ammesso ({_character(error.character)}): "
            "un file di piano contiene solo testo stampabile"
        ) from error
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise PlanFileError(f"{source}:{line}: YAML non valido: {error.problem or error.context}") from error
    except yaml.YAMLError as error:
        raise PlanFileError(f"{source}:1: YAML non valido: {error}") from error
    finally:
        loader.dispose()
    return LoadedDocument(data, lines, source)


def _character(character: str | int) -> str:
    code = ord(character) if isinstance(character, str) else character
    return f"U+{code:04X}"


def load_file(path: str | Path) -> LoadedDocument:
    file_path = Path(path)
    try:
        text = file_path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise PlanFileError(f"{file_path}: file non trovato") from error
    except UnicodeDecodeError as error:
        raise PlanFileError(f"{file_path}: il file non è in UTF-8 (byte {error.start})") from error
    return load_text(text, source=str(file_path))


class _Dumper(yaml.SafeDumper):
    # The reader refuses aliases: the writer never makes them, even for a value shared in memory.
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    tag = _FLOAT_TAG if "." in text else _INT_TAG
    return dumper.represent_scalar(tag, text)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_str)


def dump_text(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
