"""coursepack: compile Markdown + YAML courses into SCORM 1.2 packages and offline HTML."""

__version__ = "0.1.0"
