"""The YAML of a note's properties, byte for byte as PyYAML writes it.

    dump_properties({key: value, ...}) -> str     the block between the `---` lines

PyYAML's emitter is pure Python: it took 0.34 ms of the 0.40 ms a note's
rendering costs, in the process that every page of a batch goes through. The
values a note holds are few and simple — strings, dates, booleans, lists of
strings — so those are written here, as PyYAML's `SafeDumper` (list items
indented under their key, `allow_unicode`, width 80) writes them: a plain
scalar where PyYAML writes one, else single-quoted, long lines folded at the
same spaces. Anything else — a string with a line break, a tab or a character
PyYAML escapes, a string PyYAML would double-quote, an empty list, another
type, a key that is not a simple word — is handed to PyYAML itself, one
property at a time (a block mapping's entries are written independently).
`tests/test_note_yaml.py` holds the two to the same bytes on generated values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import yaml

WIDTH = 80
"""PyYAML's default `best_width`: a single space past this column becomes a line break."""

_SIMPLE_KEY = re.compile(r"[a-z][a-z_]*\Z")
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U0010ffff]")
"""What PyYAML escapes or breaks a line on (with allow_unicode): the complement of
\\x20-\\x7E, \\xA0-\\uD7FF, \\uE000-\\uFFFD and \\U00010000-\\U0010FFFE, less \\uFEFF and the line breaks."""
_SPACES = re.compile("( +)")
_LEADING_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")


class IndentedDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, list items indented under their key as Obsidian writes them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def dump_properties(properties: Mapping[str, object]) -> str:
    """The YAML of `properties`, in their order, each line ending with a newline."""
    if not properties:
        return "{}\n"
    return "".join(_fast_property(key, value) or pyyaml_property(key, value) for key, value in properties.items())


def pyyaml_property(key: str, value: object) -> str:
    """One property as PyYAML writes it."""
    text = yaml.dump({key: value}, Dumper=IndentedDumper, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return text if text.endswith("\n") else text + "\n"


def _fast_property(key: object, value: object) -> str | None:
    """The property as PyYAML would write it, or None when it is not one of the simple cases."""
    if not isinstance(key, str) or not _SIMPLE_KEY.match(key) or not _resolves_to_text(key):
        return None
    if type(value) is str:
        scalar = _scalar(value, column=len(key) + 1, indent=2)
        return None if scalar is None else f"{key}:{scalar}\n"
    if type(value) is bool:
        return f"{key}: {'true' if value else 'false'}\n"
    if type(value) is dt.date:
        return f"{key}: {value.isoformat()}\n"
    if type(value) is list:
        return _fast_text_list(key, value)
    return None


def _fast_text_list(key: str, value: list[object]) -> str | None:
    """A non-empty list of strings as PyYAML writes it, or None for any other list."""
    if not value or not all(type(item) is str for item in value):
        return None
    items = [_scalar(str(item), column=3, indent=4) for item in value]
    if any(item is None for item in items):
        return None
    return f"{key}:\n" + "".join(f"  -{item}\n" for item in items)


def _scalar(text: str, *, column: int, indent: int) -> str | None:
    """` text` (or ` 'text'`) as written after an indicator ending at `column`; None
    when PyYAML would write it otherwise (double-quoted, or over several lines)."""
    if not text or _UNSAFE.search(text):
        return None
    if _plain_allowed(text) and _resolves_to_text(text):
        return " " + _folded(text, column + 1, indent, quoted=False)
    return " '" + _folded(text, column + 2, indent, quoted=True) + "'"


def _plain_allowed(text: str) -> bool:
    """PyYAML's `allow_block_plain` for a one-line text of printable characters."""
    if text[0] == " " or text[-1] == " " or text.startswith(("---", "...")):
        return False
    if text[0] in _LEADING_INDICATORS or (text[0] in "?:-" and (len(text) == 1 or text[1] == " ")):
        return False
    return not (": " in text or text.endswith(":") or " #" in text)


def _resolves_to_text(text: str) -> bool:
    """Whether PyYAML reads `text`, written plain, back as a string (not a number,
    a date, a boolean or null)."""
    resolvers = IndentedDumper.yaml_implicit_resolvers
    candidates = resolvers.get(text[0] if text else "", []) + resolvers.get(None, [])
    return not any(pattern.match(text) for _tag, pattern in candidates)


def _folded(text: str, column: int, indent: int, *, quoted: bool) -> str:
    """`text` with each single space found past column `WIDTH` turned into a line
    break and `indent` spaces (PyYAML's `write_plain` and `write_single_quoted`);
    quotes doubled when `quoted`. `column` is where the text starts."""
    runs = _SPACES.split(text)
    out: list[str] = []
    last = len(runs) - 1
    for index, run in enumerate(runs):
        if index % 2:  # a run of spaces
            edge = quoted and ((index == 1 and not runs[0]) or (index == last - 1 and not runs[last]))
            if len(run) == 1 and column > WIDTH and not edge:
                out.append("\n" + " " * indent)
                column = indent
                continue
        elif quoted:
            run = run.replace("'", "''")
        out.append(run)
        column += len(run)
    return "".join(out)
