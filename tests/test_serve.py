"""``coursepack serve``: an author saves, the open page rebuilds and reloads by itself.

The server runs as a real subprocess on a copy of a small course; the page is
opened in Chromium; files are changed on disk as an editor would save them.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPConnection
from pathlib import Path

import pytest
from helpers_courses import ROOTS, coursepack_script, run_coursepack
from playwright.sync_api import Page, Request, expect

LESSON = Path("01-commun/01-accueil.md")
MODULE = Path("02-sante/module.yml")
WAIT_MS = 20_000


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    course: Path
    temp: Path

    def edit(self, name: Path, old: str, new: str) -> None:
        path = self.course / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def stop(self) -> tuple[int, str, str]:
        """Stop the server as a service manager would, with SIGTERM (the CLI takes it like
        Ctrl+C). Not SIGINT: a background job of a non-interactive shell ignores SIGINT and
        its children inherit that, so the server would never stop."""
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=20)
        return self.process.returncode, out, err


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return str(answer.read().decode("utf-8"))


@pytest.fixture
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Server]:
    """``coursepack serve`` on a copy of ok-audiences; an indirect parameter ``(FILE, OLD,
    NEW)`` edits the copy before the server starts."""
    course = tmp_path / "cours"
    shutil.copytree(ROOTS / "ok-audiences", course)
    if hasattr(request, "param"):
        name, old, new = request.param
        (course / name).write_text(
            (course / name).read_text(encoding="utf-8").replace(old, new), encoding="utf-8"
        )
    temp = tmp_path / "tmp"
    temp.mkdir()
    port = free_port()
    process = subprocess.Popen(
        [coursepack_script(), "serve", "cours", "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            fetch(url + "__coursepack/preview.js")
            break
        except OSError:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the preview server did not start"
            time.sleep(0.1)
    yield Server(process, url, course, temp)
    if process.poll() is None:  # a test that failed before stopping it: stop it as a user would
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def test_saving_rebuilds_and_reloads_and_errors_show_over_the_last_good_build(
    server: Server, page: Page, request_log: list[Request], page_errors: list[str]
) -> None:
    served = fetch(server.url)
    assert re.search(
        r'<script src="/__coursepack/preview\.js" data-version="1" data-token="[\w-]{32}">'
        r"</script></body>",
        served,
    )

    page.goto(server.url)
    main = page.locator("#cp-main")
    expect(main).to_contain_text("Cette leçon est pour tout le monde.")

    server.edit(LESSON, "pour tout le monde", "modifiée pendant l'aperçu")
    expect(main).to_contain_text("Cette leçon est modifiée pendant l'aperçu.", timeout=WAIT_MS)

    server.edit(MODULE, "title: À l'accueil", "title: [À l'accueil")
    overlay = page.locator("#cp-preview-errors")
    expect(overlay).to_contain_text(
        re.compile(r"cours/02-sante/module\.yml:\d+:\d+: error: .*\[yaml\.syntax\]"),
        timeout=WAIT_MS,
    )
    expect(overlay).to_contain_text("dernière version réussie")
    expect(main).to_contain_text("modifiée pendant l'aperçu")  # the last good build stays

    server.edit(MODULE, "title: [À l'accueil", "title: À l'accueil")
    expect(overlay).to_have_count(0, timeout=WAIT_MS)
    expect(main).to_contain_text("modifiée pendant l'aperçu")

    code, out, err = server.stop()
    assert code == 0, err
    assert "Traceback" not in err
    assert re.search(r"^cours/02-sante/module\.yml:\d+:\d+: error: ", err, re.M), err
    assert err.rstrip().endswith("preview stopped")
    assert f"serving at {server.url}" in out
    assert list(server.temp.iterdir()) == [], "the preview folder is removed on stop"
    assert all(r.url.startswith(server.url) for r in request_log)
    assert page_errors == []


@pytest.mark.parametrize(
    "server", [(MODULE, "title: À l'accueil", "title: [À l'accueil")], indirect=True, ids=["yaml"]
)
def test_a_course_broken_from_the_start_shows_its_errors_until_fixed(
    server: Server, page: Page, page_errors: list[str]
) -> None:
    page.goto(server.url)
    overlay = page.locator("#cp-preview-errors")
    expect(overlay).to_contain_text(re.compile(r"cours/02-sante/module\.yml:\d+:\d+: error: "))
    server.edit(MODULE, "title: [À l'accueil", "title: À l'accueil")
    expect(page.locator("#cp-main")).to_contain_text("pour tout le monde", timeout=WAIT_MS)
    expect(overlay).to_have_count(0)
    assert server.stop()[0] == 0
    assert page_errors == []


def test_a_real_build_carries_no_preview_code(tmp_path: Path) -> None:
    done = run_coursepack(["build", str(ROOTS / "ok-audiences"), "--target", "html"], tmp_path)
    assert done.returncode == 0, done.stderr
    built = tmp_path / "dist" / "ok-audiences" / "html"
    for path in built.rglob("*"):
        if path.is_file():
            assert b"__coursepack" not in path.read_bytes(), path


def test_serve_refuses_a_folder_that_is_not_a_course(tmp_path: Path) -> None:
    done = run_coursepack(["serve", "nulle-part", "--port", "0"], tmp_path)
    assert done.returncode == 1
    assert "nulle-part:1:1: error: there is no such folder" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    shutil.copytree(ROOTS / "ok-audiences", tmp_path / "cours")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_coursepack(["serve", "cours", "--port", str(port)], tmp_path)
    assert done.returncode == 1
    assert f"coursepack: error: cannot serve on port {port}:" in done.stderr
    assert "Traceback" not in done.stderr


def ask(server: Server, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """Status and body of a GET sent as it is (``urllib`` would quote the path and the Host)."""
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    connection = HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def test_the_server_answers_only_its_own_names_and_no_nul(server: Server) -> None:
    port = server.url.rsplit(":", 1)[1].strip("/")
    for name in ("127.0.0.1", "localhost", "[::1]"):
        assert ask(server, "/", {"Host": f"{name}:{port}"})[0] == 200, name
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1", f"127.0.0.1:{port}0"):
        assert ask(server, "/", {"Host": host})[0] == 421, host
    assert ask(server, "/%00")[0] == 400
    assert ask(server, "/assets/%00.css")[0] == 400
    assert ask(server, "/%ED%A0%80.html")[0] == 400  # a lone surrogate
    assert ask(server, "/index.html")[0] == 200
    code, _, err = server.stop()
    assert code == 0
    assert "Traceback" not in err


def test_a_folder_is_not_listed(server: Server) -> None:
    assert ask(server, "/pages/")[0] == 404
    assert ask(server, "/pages")[0] == 301  # the standard redirection to the folder's '/'
    assert ask(server, "/player.css")[0] == 200


def test_only_the_preview_page_can_read_the_build_state(server: Server) -> None:
    token = re.search(r'data-token="([^"]+)"', fetch(server.url))
    assert token is not None
    state = "/__coursepack/version.js?token=" + token[1]
    status, body = ask(server, state)
    assert (status, body[:28]) == (200, b"window.__coursepackPreview({")
    assert ask(server, "/__coursepack/version.js")[0] == 403
    assert ask(server, "/__coursepack/version.js?token=guess")[0] == 403
    assert ask(server, state, {"Sec-Fetch-Site": "cross-site"})[0] == 403


def test_sigterm_stops_the_preview_cleanly(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    _, err = server.process.communicate(timeout=20)
    assert server.process.returncode == 0, err
    assert "Traceback" not in err
    assert err.rstrip().endswith("preview stopped")
    assert list(server.temp.iterdir()) == [], "the preview folder is removed on SIGTERM"
