"""Data flows one way: every import of the package, function-level ones included
(read from the source with `ast`, not from `sys.modules`), goes from a higher
layer to a lower one or within a layer, and no group of modules imports itself
round a cycle. A module in a package takes its package's layer unless named;
`fetch_body` takes `fetch`'s."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "clipper"

LAYERS: tuple[tuple[str, ...], ...] = (
    # 0: the vocabulary every stage shares; `clipper` itself only names its API lazily
    ("clipper", "clipper.errors", "clipper.limits", "clipper.models", "clipper.urls"),
    # 1: pure stages (no disk, no network) and the vault's files
    ("clipper.markdown", "clipper.extract", "clipper.pdf", "clipper.vault"),
    # 2: the stages that cross the disk or the network, one thing each
    ("clipper.fetch", "clipper.attachments", "clipper.note", "clipper.state", "clipper.history", "clipper.config"),
    # 3: the state layer over the notes: the vault scan, updating a note in place
    ("clipper.scan", "clipper.refresh"),
    # 4: getting a page (fetch -> optional render -> extract -> embeds)
    ("clipper.render", "clipper.render_page", "clipper.acquire"),
    # 5: one clip, and the concurrent engine of many
    ("clipper.pipeline", "clipper.engine"),
    # 6: the commands' libraries
    (
        "clipper.reharvest",
        "clipper.batch",
        "clipper.calendar",
        "clipper.catalog",
        "clipper.doctor",
        "clipper.digest",
        "clipper.daily_notes",
    ),
    # 7: what a person sees
    ("clipper.cli_report", "clipper.obsidian"),
    # 8: the command line
    ("clipper.cli", "clipper.__main__"),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
    return {module for module in found if module in known and module != name}


def _named_layer(module: str) -> int | None:
    return next((number for number, names in enumerate(LAYERS) if module in names), None)


def _layer(module: str) -> int:
    """The module's layer, else its package's, else that of the module its name
    extends (`clipper.fetch_body` is part of `clipper.fetch`)."""
    candidate = module
    while candidate not in ("", "clipper"):
        number = _named_layer(candidate)
        if number is None and "_" in candidate.rpartition(".")[2]:
            number = _named_layer(candidate.rsplit("_", 1)[0])
        if number is not None:
            return number
        candidate = candidate.rpartition(".")[0]
    if module == "clipper":
        return 0
    raise AssertionError(f"{module} has no layer: add it to LAYERS in {Path(__file__).name}")


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, set(modules)) for name, path in modules.items()}


def test_every_module_has_a_layer() -> None:
    for module in _modules():
        _layer(module)


def test_no_lower_layer_imports_a_higher_one() -> None:
    upward = [
        f"{importer} (layer {_layer(importer)}) imports {imported} (layer {_layer(imported)})"
        for importer, imported_modules in sorted(_graph().items())
        for imported in sorted(imported_modules)
        if _layer(imported) > _layer(importer)
    ]
    assert upward == []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph`, as a path that comes back to its start, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for neighbour in sorted(graph.get(node, ())):
            if state.get(neighbour) == 1:
                return stack[stack.index(neighbour) :] + [neighbour]
            if neighbour not in state:
                found = visit(neighbour)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_no_import_cycle() -> None:
    cycle = _cycle(_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_finder_sees_a_function_level_cycle(tmp_path: Path) -> None:
    source = "def late():\n    from clipper.b import thing\n"
    tree = ast.parse(source)
    assert any(isinstance(node, ast.ImportFrom) for node in ast.walk(tree))
    assert _cycle({"clipper.a": {"clipper.b"}, "clipper.b": {"clipper.a"}}) == ["clipper.a", "clipper.b", "clipper.a"]
