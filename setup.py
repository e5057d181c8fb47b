"""Build hook: a wheel carries the front-end files its pages serve.

Everything else about the package is declared in pyproject.toml. The query editor (YASGUI) and the
explorer (cytoscape.js) come from npm and are never committed; a checkout serves them from its
``node_modules`` after ``npm ci``. A wheel has no checkout beside it, so building one copies the
files named in ``graphsvc/shipped/vendor-files.json`` from ``node_modules`` into
``graphsvc/shipped/vendor/`` inside the wheel: run ``npm ci`` before building. A build without them
still succeeds, says so, and the service then names the missing files on its pages and in its log.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
LISTING = ROOT / "graphsvc" / "shipped" / "vendor-files.json"


class BuildWithFrontEnd(build_py):
    """``build_py`` plus the npm files the pages need (not for editable installs)."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        target = Path(self.build_lib) / "graphsvc" / "shipped" / "vendor"
        missing = []
        for relative in json.loads(LISTING.read_text(encoding="utf-8")).values():
            source = ROOT / "node_modules" / relative
            if not source.is_file():
                missing.append(relative)
                continue
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / relative)
        if missing:
            self.warn(
                "front-end files not found under node_modules (run `npm ci` first): "
                + ", ".join(missing)
                + "; the wheel's editor and explorer pages will say they are missing"
            )


setup(cmdclass={"build_py": BuildWithFrontEnd})
