"""Output targets, looked up by name: ``html``, ``html-single``, ``scorm12``, ``handout``."""

from __future__ import annotations

from builder.targets.base import TARGETS, Target
from builder.targets.handout import HandoutTarget
from builder.targets.html import HtmlTarget
from builder.targets.html_single import HtmlSingleTarget
from builder.targets.scorm12 import Scorm12Target

__all__ = [
    "TARGETS",
    "HandoutTarget",
    "HtmlSingleTarget",
    "HtmlTarget",
    "Scorm12Target",
    "Target",
]
