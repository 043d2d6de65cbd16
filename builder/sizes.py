"""File sizes as authors read them, and the limits coursepack holds files to.

Sizes are shown the way file managers show them (1 KB = 1024 bytes), so the
figure in a message matches the one an author sees next to the file.
"""

from __future__ import annotations

KB = 1024
MB = 1024 * KB
_UNITS = ("KB", "MB", "GB", "TB")


def human_size(count: int) -> str:
    """``'1.4 MB'``; under 1 KB, ``'12 bytes'``."""
    if count < KB:
        return f"{count} bytes"
    size = float(count)
    for unit in _UNITS:
        size /= KB
        if size < KB or unit == _UNITS[-1]:
            break
    return f"{size:.1f} {unit}"
