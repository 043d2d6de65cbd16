"""Large linked files: warned at check time, refused by the one-file target before it reads them.

The files are sparse (a size, no data written), so a 200 MB image costs nothing to make.
"""

from __future__ import annotations

import resource
import subprocess
import time
from pathlib import Path

from helpers_courses import check_course, coursepack_script, rendered, write_course

MB = 1024 * 1024


def sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.truncate(size)


def course_with(tmp_path: Path, body: str, sizes: dict[str, int]) -> Path:
    course = write_course(tmp_path / "cours", {"01-bases/01-accueil.md": f"# Accueil\n\n{body}\n"})
    for name, size in sizes.items():
        sparse(course / "01-bases" / name, size)
    return course


def test_large_images_and_files_are_warned_once(tmp_path: Path) -> None:
    body = (
        "![Carte](images/carte.png)\n\n![Carte encore](images/carte.png)\n\n"
        "![Logo](images/logo.png) [Vidéo](media/visite.mp4) [Guide](guide.pdf)"
    )
    sizes = {
        "images/carte.png": 10 * MB,
        "images/logo.png": 1 * MB,
        "media/visite.mp4": 25 * MB,
        "guide.pdf": 20 * MB,
    }
    courses, reporter = check_course(course_with(tmp_path, body, sizes))
    assert len(courses) == 1
    assert rendered(reporter, tmp_path) == [
        "cours/01-bases/01-accueil.md:3:10: warning: image 'images/carte.png' is 10.0 MB; an "
        "image over 1.0 MB slows every page that shows it: resize it (1600 pixels wide is "
        "plenty on a screen) or save it as JPEG or WebP [size.large-image]",
        "cours/01-bases/01-accueil.md:7:34: warning: 'media/visite.mp4' is 25.0 MB; a file over "
        "20.0 MB makes the package slow to upload and to open, and may pass the LMS's upload "
        "limit: compress it, or split it [size.large-file]",
    ]


def bounded(megabytes: int) -> None:
    limit = megabytes * MB
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_the_one_file_target_refuses_a_huge_image_before_reading_it(tmp_path: Path) -> None:
    course_with(tmp_path, "![Plan](images/plan.png)", {"images/plan.png": 200 * MB})
    started = time.monotonic()
    done = subprocess.run(
        [coursepack_script(), "build", "cours", "--target", "html-single", "--out", "dist"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=lambda: bounded(400),  # the image alone, as base64, would not fit
        check=False,
    )
    assert time.monotonic() - started < 30
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.splitlines() == [
        "cours/01-bases/01-accueil.md:3:9: warning: image 'images/plan.png' is 200.0 MB; an "
        "image over 1.0 MB slows every page that shows it: resize it (1600 pixels wide is "
        "plenty on a screen) or save it as JPEG or WebP [size.large-image]",
        "cours/01-bases/01-accueil.md:3:9: error: the one-file HTML would carry 266.7 MB of "
        "linked files (base64), over its limit of 50.0 MB; 'images/plan.png' alone is 200.0 MB: "
        "build this course with --target html or scorm12, or make its files smaller "
        "[size.one-file]",
        "1 error(s), 1 warning(s)",
        "nothing was written",
    ]
    assert not (tmp_path / "dist").exists()


def test_check_only_warns_about_the_huge_image(tmp_path: Path) -> None:
    course = course_with(tmp_path, "![Plan](images/plan.png)", {"images/plan.png": 200 * MB})
    _, reporter = check_course(course)
    assert [d.code for d in reporter.diagnostics] == ["size.large-image"]


def test_the_one_file_target_counts_every_reference(tmp_path: Path) -> None:
    body = "\n\n".join(f"![Photo {n}](images/photo.jpg)" for n in range(5))
    course_with(tmp_path, body, {"images/photo.jpg": 8 * MB})
    done = subprocess.run(
        [coursepack_script(), "build", "cours", "--target", "html-single", "--out", "dist"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stderr.splitlines()) == (
        1,
        [
            "cours/01-bases/01-accueil.md:3:12: warning: image 'images/photo.jpg' is 8.0 MB; an "
            "image over 1.0 MB slows every page that shows it: resize it (1600 pixels wide is "
            "plenty on a screen) or save it as JPEG or WebP [size.large-image]",
            "cours/01-bases/01-accueil.md:3:12: error: the one-file HTML would carry 53.3 MB of "
            "linked files (base64), over its limit of 50.0 MB; 'images/photo.jpg' alone is "
            "8.0 MB: build this course with --target html or scorm12, or make its files smaller "
            "[size.one-file]",
            "1 error(s), 1 warning(s)",
            "nothing was written",
        ],
    )


def test_a_large_logo_is_warned_at_its_line_in_course_yml(tmp_path: Path) -> None:
    course = course_with(tmp_path, "Bonjour.", {})
    sparse(course / "images" / "logo.png", 3 * MB)
    with (course / "course.yml").open("a", encoding="utf-8") as config:
        config.write("branding:\n  organisation: CNAM\n  logo: images/logo.png\n")
    _, reporter = check_course(course)
    assert rendered(reporter, tmp_path) == [
        "cours/course.yml:7:9: warning: image 'images/logo.png' is 3.0 MB; an image over 1.0 MB "
        "slows every page that shows it: resize it (1600 pixels wide is plenty on a screen) or "
        "save it as JPEG or WebP [size.large-image]"
    ]


def test_check_of_a_course_with_templates_leaves_its_huge_image_unread(tmp_path: Path) -> None:
    """The rehearsal of a course's templates renders the pages, not the files they link."""
    course = course_with(tmp_path, "![Plan](images/plan.png)", {"images/plan.png": 200 * MB})
    default = Path(__file__).resolve().parents[1] / "themes" / "default" / "templates"
    (course / "_theme" / "templates").mkdir(parents=True)
    (course / "_theme" / "templates" / "page.html").write_bytes(
        (default / "page.html").read_bytes()
    )
    done = subprocess.run(
        [coursepack_script(), "check", "cours"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=lambda: bounded(400),  # the image alone, as base64, would not fit
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[0] == (
        "cours/01-bases/01-accueil.md:3:9: warning: image 'images/plan.png' is 200.0 MB; an "
        "image over 1.0 MB slows every page that shows it: resize it (1600 pixels wide is "
        "plenty on a screen) or save it as JPEG or WebP [size.large-image]"
    )
