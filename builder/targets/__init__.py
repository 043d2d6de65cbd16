"""Output targets, looked up by name: ``html`` and ``scorm12``."""

from __future__ import annotations

from builder.targets.base import TARGETS, Target
from builder.targets.html import HtmlTarget
from builder.targets.scorm12 import Scorm12Target

__all__ = ["TARGETS", "HtmlTarget", "Scorm12Target", "Target"]
