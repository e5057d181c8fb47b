"""The layout is part of the design: the layers of ``graphsvc`` import one way only, and no module
grows past what a reader takes in at once (600 lines).

The order lives in pyproject.toml (``[tool.importlinter]``, a "layers" contract run by
import-linter): cli > web > query | ingest | extract > store > rdf > settings, errors, iris >
shipped. A wrong import fails here with import-linter's message, which names the importing module,
the imported one and the line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from livesvc import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"
LONGEST_MODULE = 600  # lines


def lint_imports(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_layers_import_one_way() -> None:
    done = lint_imports(ROOT / "pyproject.toml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


def test_an_import_against_the_order_is_named(tmp_path: Path) -> None:
    """The same checker on the layers upside down (store above web) must name a real import."""
    inverted = tmp_path / "inverted.toml"
    inverted.write_text(
        '[tool.importlinter]\nroot_package = "graphsvc"\n\n'
        "[[tool.importlinter.contracts]]\n"
        'name = "store above web"\ntype = "layers"\n'
        'layers = ["graphsvc.store", "graphsvc.web"]\n',
        encoding="utf-8",
    )
    done = lint_imports(inverted)
    assert done.returncode == 1
    assert "BROKEN" in done.stdout
    assert "graphsvc.web.app -> graphsvc.store.oxigraph" in done.stdout


def test_no_module_is_longer_than_a_reader_takes_in() -> None:
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "graphsvc").rglob("*.py")
    }
    assert len(lengths) > 60
    assert {name: n for name, n in lengths.items() if n > LONGEST_MODULE} == {}
