"""``coursepack serve``: a live preview that rebuilds on save and reloads the browser.

Authors see a change as soon as they save it, the way MkDocs' ``serve`` works.
The html target is built into a temporary folder, served on 127.0.0.1 only,
and rebuilt whenever a file of the course changes (``watchfiles``). The
reload script is added to the page as it is served, never written to disk,
so a preview build is byte for byte a real one. A failed build writes
nothing, so the last good build stays served, with the errors shown over it.

Any web page the author opens can make the browser send requests to
127.0.0.1. So the server answers only requests addressed to itself by name
(a ``Host`` header naming another site is a DNS-rebinding attempt), and the
build state, which holds file paths and error texts, is given only to a page
that knows the secret token the server wrote into the preview page.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import watchfiles

from builder.build import DEFAULT_COURSES_DIR, Artifact, build, course_folders
from builder.diagnostics import CourseError, Location, Reporter, Severity
from builder.formats import LANGUAGES
from builder.load import load_course
from builder.theme import Theme
from builder.writer import zip_timestamp

HOST = "127.0.0.1"
PREFIX = "/__coursepack/"
#: The build the page comes from travels with the script, so a rebuild that lands
#: between serving the page and its first poll still reloads it; the token lets the
#: script (and only a page served here) read the build state.
SCRIPT_TAG = '<script src="/__coursepack/preview.js" data-version="{}" data-token="{}"></script>'
CLIENT = Path(__file__).with_name("preview.js")
WAITING = (
    b"<!doctype html><html><head><meta charset='utf-8'><title>coursepack</title>"
    b"<link rel='icon' href='data:,'></head>"
    b"<body><p>No good build yet: fix the errors below and save.</p></body></html>"
)


@dataclass
class BuildOutcome:
    """What one (re)build produced, for the terminal."""

    reporter: Reporter
    artifacts: list[Artifact]
    seconds: float = 0.0


def failure_heading(course: Path) -> str:
    """The overlay's heading in the course's language, English while course.yml cannot say."""
    config = load_course(course, Reporter()).config
    language = config.get("language") if isinstance(config, dict) else None
    return Theme.for_course(course).strings(language if language in LANGUAGES else "en")[
        "preview.failed"
    ]


@dataclass
class Preview:
    """The build being served: which folder, which version, which errors.

    The watcher thread rebuilds and request threads read, so every access
    holds the lock.
    """

    course: Path
    out: Path
    audience: str | None = None
    #: Over the errors in the page, in the course's language (``preview.failed``).
    heading: str = ""
    version: int = 0
    site: Path | None = None
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: Asked for by version.js: a page elsewhere on the web cannot read the preview page,
    #: so it cannot learn the token and cannot include the build state as a script.
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))

    def rebuild(self, reporter: Reporter) -> BuildOutcome:
        """Build the html target; on failure keep serving the previous one."""
        artifacts: list[Artifact] = []
        with contextlib.suppress(CourseError):  # reported below; nothing was written
            artifacts = build([self.course], ["html"], self.out, reporter, audience=self.audience)
        errors = [d.render(Path.cwd()) for d in reporter.sorted() if d.severity is Severity.ERROR]
        with self.lock:
            self.version += 1
            self.errors = errors
            if artifacts:
                self.site = artifacts[0].path
        return BuildOutcome(reporter, artifacts, sum(a.seconds for a in artifacts))

    def state(self) -> bytes:
        with self.lock:
            data = {
                "version": self.version,
                "errors": self.errors,
                "heading": self.heading,
            }
        return json.dumps(data, ensure_ascii=False).encode("utf-8")

    def served_dir(self) -> Path | None:
        return self.served()[0]

    def served(self) -> tuple[Path | None, int]:
        """The folder of the last good build and the current version, read together."""
        with self.lock:
            return self.site, self.version


class _Handler(SimpleHTTPRequestHandler):
    """The last good build, plus the preview endpoints under ``/__coursepack/``."""

    server: _PreviewServer

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for build results, not access logs."""

    def translate_path(self, path: str) -> str:
        site = self.server.preview.served_dir()
        self.directory = str(site) if site is not None else str(self.server.preview.out)
        return super().translate_path(path)

    def do_GET(self) -> None:
        route, _, query = self.path.partition("?")
        if not self._addressed_to_us():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Host is not this preview server")
        elif route == PREFIX + "version.js":
            self._send_state(query)
        elif route == PREFIX + "preview.js":
            self._send(CLIENT.read_bytes(), "text/javascript")
        elif route in ("/", "/index.html"):
            self._send(self._page(), "text/html")
        else:
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._addressed_to_us():
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Host is not this preview server")
        else:
            super().do_HEAD()

    def send_head(self) -> Any:
        """A file of the build, or 400 for a path no file can have (a NUL, a lone surrogate),
        which the standard handler would answer with a traceback."""
        try:
            return super().send_head()
        except (ValueError, UnicodeError):
            self.send_error(HTTPStatus.BAD_REQUEST, "No file can have this name")
            return None

    def list_directory(self, path: str | os.PathLike[str]) -> None:
        """404 for a folder without ``index.html``: the standard handler would list its files,
        which no page of the course links to."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def _addressed_to_us(self) -> bool:
        """True for ``Host: 127.0.0.1:PORT``, ``localhost:PORT`` or ``[::1]:PORT``.

        A web page whose name an attacker points at 127.0.0.1 (DNS rebinding)
        reaches this server with its own name in ``Host``, and is refused.
        """
        port = self.server.server_address[1]
        host = (self.headers.get("Host") or "").lower()
        names = ("127.0.0.1", "localhost", "[::1]")
        bare = names if port == 80 else ()  # browsers leave the default port out
        return host in {f"{name}:{port}" for name in names} | set(bare)

    def _send_state(self, query: str) -> None:
        """The build state as a script, for the preview page only.

        A page of another site may include the script, but without the token
        (and, in browsers that say so, from another origin) it is refused.
        """
        preview = self.server.preview
        given = parse_qs(query).get("token", [""])[0]
        foreign = self.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin"
        if foreign or not secrets.compare_digest(given, preview.token):
            self.send_error(HTTPStatus.FORBIDDEN, "Only the preview page may read its state")
            return
        self._send(b"window.__coursepackPreview(" + preview.state() + b");", "text/javascript")

    def _page(self) -> bytes:
        site, version = self.server.preview.served()
        index = site / "index.html" if site is not None else None
        page = index.read_bytes() if index is not None and index.is_file() else WAITING
        head, tail = page.rsplit(b"</body>", 1) if b"</body>" in page else (page, b"")
        tag = SCRIPT_TAG.format(version, self.server.preview.token).encode()
        return head + tag + b"</body>" + tail

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, port: int, preview: Preview) -> None:
        self.preview = preview
        super().__init__((HOST, port), _Handler)


def serve(
    preview: Preview,
    port: int,
    on_ready: Callable[[str], None],
    on_build: Callable[[BuildOutcome], None],
    new_reporter: Callable[[], Reporter] = Reporter,
) -> None:
    """Build, serve, and rebuild on every change until Ctrl+C, which returns normally.

    Raises :class:`OSError` when the port cannot be opened, and :class:`SettingError`
    (before serving) when the environment's build settings cannot be used.
    """
    zip_timestamp()
    preview.heading = failure_heading(preview.course)
    on_build(preview.rebuild(new_reporter()))
    server = _PreviewServer(port, preview)
    worker = threading.Thread(target=server.serve_forever, daemon=True)
    worker.start()
    try:
        on_ready(f"http://{HOST}:{server.server_address[1]}/")
        for _changes in watchfiles.watch(preview.course):
            on_build(preview.rebuild(new_reporter()))
    except KeyboardInterrupt:
        return
    finally:
        server.shutdown()
        server.server_close()


def pick_course(named: Path | None, reporter: Reporter) -> Path | None:
    """The course to preview: the one named, the current folder, or the only one in courses/."""
    folders = course_folders([named] if named is not None else [], reporter)
    if len(folders) > 1:
        names = ", ".join(str(f) for f in folders)
        message = f"several courses here ({names}); name the one to preview"
        reporter.error(Location(DEFAULT_COURSES_DIR), message, "course.not-found")
    return folders[0] if len(folders) == 1 else None


def preview_dir() -> Path:
    """A fresh folder for preview builds, outside the course (so writing never retriggers)."""
    return Path(tempfile.mkdtemp(prefix="coursepack-preview-"))


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
