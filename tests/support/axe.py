"""Run axe-core, the accessibility engine most audits use, inside the page under test.

axe is pinned in tests/lms/package.json and injected from disk, so a scan makes no request.
A scan returns each violation as one readable line (rule, impact, the first elements and what
to fix), so a failing test says what broke without opening a report.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest
from playwright.sync_api import Frame, Page

AXE = Path(__file__).resolve().parents[1] / "lms" / "node_modules" / "axe-core" / "axe.min.js"

#: WCAG 2.1 A and AA success criteria, plus axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

_RUN = """(options) => window.axe.run(document, options).then((result) =>
  result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ") + ": " + n.failureSummary),
  })))"""


def violations(root: Page | Frame, where: str) -> list[str]:
    """axe's violations in the document of ``root`` as it is now, one line each."""
    if not AXE.is_file():
        pytest.fail("run: npm ci --prefix tests/lms (axe-core is missing)", pytrace=False)
    if not root.evaluate("() => Boolean(window.axe)"):
        root.add_script_tag(path=str(AXE))
    options = {
        "runOnly": {"type": "tag", "values": TAGS},
        "resultTypes": ["violations"],
    }
    found = cast(list[dict[str, Any]], root.evaluate(_RUN, options))
    return [
        f"{where}: {v['id']} ({v['impact']}) {v['help']} -- " + " | ".join(v["nodes"])
        for v in found
    ]
