"""The house's imports: no cycle between files or packages, and the layers of docs/architecture.md point one way.

Every import statement in ``pos/`` and ``ui/`` counts, read from the source (nothing is imported):

* at module level, and inside functions — a late import only moves the cost of a dependency, it is still one;
* under ``if TYPE_CHECKING:`` — an annotation names what a module is written against, so a cycle of types is a
  cycle of design, even though nothing runs it.

What does not count is loading by name through ``importlib`` from an explicit registry: the command line's
``COMMAND_MODULES`` (``pos/cli/__init__.py``), the GUI's entry points (``pyproject.toml``) and the window's
``LAZY_SCREENS`` (``ui/main_window.py``). They exist so that start-up pays only for what it uses, and each has a
test of its own. ``import a.b.c`` depends on ``a.b.c`` (Python also runs the parents' ``__init__``; they are
faces that only hand names on, so they are not edges).

A *package* here is a sub-package (``pos/selling/``, ``ui/screens/``) or a module directly in ``pos/`` or ``ui/``
(``pos/db.py``, ``ui/main_window.py``): the units of docs/architecture.md.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("pos", "ui")

#: The layers, lowest first (docs/architecture.md draws the same). A package may import packages of its own
#: layer or of a lower one, never of a higher one; a package that is not listed fails the test until it is
#: placed. Imports inside one layer are allowed: the cycle test keeps them one-way.
LAYERS: tuple[tuple[str, str], ...] = (
    ("foundation", "pos pos.errors pos.text pos.translations pos.ids pos.money pos.vat pos.digital_link pos.barcodes "
     "pos.settings pos.logs pos.files pos.last_run pos.integrity pos.backoff pos.models pos.devices"),
    ("storage", "pos.db pos.backup pos.ledger pos.open_cart_store"),
    ("catalogue, payments, people", "pos.catalogue pos.payments pos.staff pos.reports"),
    ("e-invoices", "pos.einvoice"),
    ("selling", "pos.selling pos.receipts pos.sync"),
    ("shop operations", "pos.inventory pos.shifts pos.settlement pos.shop pos.vat_refund pos.restore "
     "pos.server"),
    ("the till's use cases", "pos.till"),
    ("tools", "pos.demo pos.cli"),
    ("GUI: Qt", "ui ui.qt"),
    ("GUI: words and looks", "ui.languages ui.customer_words ui.i18n ui.theme ui.formatting ui.vat_names ui.workers "
     "ui.executor"),
    ("GUI: parts", "ui.till ui.widgets ui.models ui.delegates ui.cart_table ui.dialogs ui.report_view ui.cash_count ui.printing "
     "ui.status_bar ui.sync_bridge ui.daily_backup ui.customer_display ui.camera_panel ui.wedge_filter "
     "ui.restart_notices ui.einvoice_buyer ui.einvoice_bridge ui.modal ui.vat_refund_dialog ui.traveller_buyer ui.without_original"),
    ("GUI: manager's sections", "ui.manager"),
    ("GUI: till screens", "ui.screens"),
    ("GUI: the window", "ui.main_window"),
    ("GUI: start-up and tools", "ui.app ui.start_failure ui.screenshots ui.commands"),
)  # fmt: skip
LAYER_OF = {package: n for n, (_name, packages) in enumerate(LAYERS) for package in packages.split()}

#: Packages only tools may import: demo data and the command line are never a dependency of the till's code.
TOOLS_ONLY: Mapping[str, tuple[str, ...]] = {
    "pos.demo": ("pos.demo", "pos.cli", "ui.commands", "ui.screenshots"),
    "pos.cli": ("pos.cli",),
}


@dataclass(frozen=True, slots=True)
class Import:
    source: str  # module name
    target: str
    path: Path
    line: int

    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _known(name: str, known: Mapping[str, Path]) -> str | None:
    """``name`` or its nearest enclosing module of this tree (``pos.db.write_tx`` → ``pos.db``)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports(known: Mapping[str, Path]) -> list[Import]:
    out: list[Import] = []
    for module, path in known.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*anchor, *([base] if base else [])])
                # ``from a import b``: the module ``a.b`` if there is one, else what ``a`` defines
                names = [f"{base}.{alias.name}" for alias in node.names]
            for name in names:
                target = _known(name, known)
                if target is not None and target != module:
                    out.append(Import(module, target, path, node.lineno))
    return out


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def _graph(edges: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        if a != b:
            graph[a].add(b)
    return graph


def strongly_connected(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the groups of nodes that reach each other (only groups of two or more)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def a_cycle(group: list[str], graph: Mapping[str, set[str]]) -> list[str]:
    """One loop through ``group`` (breadth-first back to its first member), to print."""
    start, members = group[0], set(group)
    paths = {nxt: [start, nxt] for nxt in sorted(graph[start] & members)}
    queue = list(paths)
    while queue:
        node = queue.pop(0)
        if start in graph[node]:
            return [*paths[node], start]
        for nxt in sorted(graph[node] & members):
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return [*group, start]


def describe(cycle: list[str], found: list[Import], key: Callable[[str], str]) -> str:
    lines = [" -> ".join(cycle)]
    for a, b in itertools.pairwise(cycle):
        witness = next(i for i in found if key(i.source) == a and key(i.target) == b)
        lines.append(f"    {a} -> {b}: {witness.target} imported at {witness.where()}")
    return "\n".join(lines)


KNOWN = modules()
FOUND = imports(KNOWN)


def test_the_walk_sees_late_and_type_only_imports() -> None:
    """The walk is not blind: it finds an import inside a function and one under TYPE_CHECKING."""
    edges = {(i.source, i.target) for i in FOUND}
    assert ("ui.commands", "ui.screenshots") in edges  # inside _screenshots()
    assert ("ui.screens.base", "ui.screens.host") in edges  # under TYPE_CHECKING
    assert ("pos.cli", "pos.errors") in edges  # at module level


def test_no_module_imports_another_that_imports_it_back() -> None:
    graph = _graph((i.source, i.target) for i in FOUND)
    cycles = [describe(a_cycle(g, graph), FOUND, lambda m: m) for g in strongly_connected(graph)]
    assert not cycles, "import cycles between files:\n" + "\n".join(cycles)


def test_no_package_imports_another_that_imports_it_back() -> None:
    graph = _graph((package_of(i.source), package_of(i.target)) for i in FOUND)
    cycles = [describe(a_cycle(g, graph), FOUND, package_of) for g in strongly_connected(graph)]
    assert not cycles, "import cycles between packages:\n" + "\n".join(cycles)


def test_every_package_has_a_layer_and_imports_only_downwards() -> None:
    unplaced = sorted({package_of(m) for m in KNOWN} - set(LAYER_OF))
    assert not unplaced, f"place these packages in LAYERS (and docs/architecture.md): {unplaced}"
    upward = sorted(
        {
            f"{package_of(i.source)} ({LAYERS[LAYER_OF[package_of(i.source)]][0]}) imports "
            f"{package_of(i.target)} ({LAYERS[LAYER_OF[package_of(i.target)]][0]}) at {i.where()}"
            for i in FOUND
            if LAYER_OF[package_of(i.target)] > LAYER_OF[package_of(i.source)]
        }
    )
    assert not upward, "imports that point up the layers:\n" + "\n".join(upward)


def test_the_map_in_the_docs_is_the_one_the_test_holds() -> None:
    """docs/architecture.md's table of layers names the same packages, in the same layers, in the same order."""
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and not line.startswith("| layer") and not line.startswith("| ---")
    ]

    def dotted(path: str) -> str:
        return path.removesuffix("/__init__.py").removesuffix("/").removesuffix(".py").replace("/", ".")

    documented = [
        (layer, {dotted(p) for p in re.findall(r"`([^`]+)`", packages)}) for layer, packages, _ in rows
    ]
    assert documented == [(name, set(packages.split())) for name, packages in LAYERS]


def test_demo_data_and_the_command_line_are_imported_only_by_tools() -> None:
    wrong = sorted(
        f"{i.source} imports {i.target} at {i.where()}"
        for i in FOUND
        for target, allowed in TOOLS_ONLY.items()
        if package_of(i.target) == target
        and not any(i.source == a or i.source.startswith(a + ".") for a in allowed)
    )
    assert not wrong, "\n".join(wrong)


def test_screens_know_the_host_interface_not_the_window() -> None:
    wrong = sorted(
        f"{i.source} imports {i.target} at {i.where()}"
        for i in FOUND
        if package_of(i.source) == "ui.screens" and package_of(i.target) in ("ui.main_window", "ui.app")
    )
    assert not wrong, "\n".join(wrong)
