"""The benchmark's graph generator (bench/generate.py), for tests that need realistic volume."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from livesvc import ROOT


def generator() -> ModuleType:
    """bench/generate.py as a module (bench/ is not a package): ``generator().generate(n, dir)``."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("generate", module)
    spec.loader.exec_module(module)
    return module
