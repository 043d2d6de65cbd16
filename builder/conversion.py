"""Convert stage: every lesson body through Markdown once, for validate and render alike.

Converting Markdown is most of a build's work and lessons convert
independently, so the lessons of all the courses being built are shared out
among the CPU cores. Validation reads the links of these conversions and
rendering fills in their link targets, so no lesson is parsed twice. The
workers run ahead while validation reads the lessons they have finished.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from builder.converted import Converted
from builder.load import RawCourse
from builder.markdown_render import MarkdownRenderer
from builder.workers import Workers

#: Below this much Markdown in all, handing lessons to workers costs more than it saves.
PARALLEL_MIN_CHARS = 200_000
#: Pieces of work per worker: enough to even out lessons of different lengths.
CHUNKS_PER_WORKER = 8

#: A lesson to convert: its course's language, its body, and its footnote number.
_Job = tuple[str, str, int]


@dataclass(frozen=True)
class Conversions:
    """The converted lesson bodies of one course, by source file.

    Lessons are numbered in course order from 1, and their footnote ids carry
    that number, so they are unique in the page whichever worker converted
    them; texts converted later (quizzes) number on from :attr:`count` + 1.
    """

    language: str
    by_source: dict[Path, tuple[str, Converted]]
    count: int
    arrivals: _Arrivals | None = field(default=None, compare=False, repr=False)

    def only(self, sources: Iterable[Path]) -> Conversions:
        """The lessons from ``sources`` alone (to hand a worker no more than it needs)."""
        kept = {}
        for source in sources:
            self._wait_for(source)
            if source in self.by_source:
                kept[source] = self.by_source[source]
        return Conversions(self.language, kept, self.count)

    def get(self, source: Path, body: str) -> Converted | None:
        """The conversion of ``body``, if it is the text that was converted for ``source``."""
        self._wait_for(source)
        found = self.by_source.get(source)
        if found is None or (found[0] is not body and found[0] != body):
            return None
        return found[1]

    def _wait_for(self, source: Path) -> None:
        if source not in self.by_source and self.arrivals is not None:
            self.arrivals.file_until(self, source)


class _Arrivals:
    """Conversions coming back in course order, filed with their course as they are needed."""

    def __init__(
        self, converted: Iterator[Converted], owners: list[tuple[Conversions, Path, str]]
    ) -> None:
        self._arriving = zip(owners, converted, strict=True)  # read once every owner is listed

    def file_until(self, wanted: Conversions, source: Path) -> None:
        for (owner, path, body), converted in self._arriving:
            owner.by_source[path] = (body, converted)
            if owner is wanted and path == source:
                return


def course_language(raw: RawCourse) -> str:
    """The language a course declares (the schema checks it later), as the model will hold it."""
    return str(raw.config.get("language", "")) if isinstance(raw.config, dict) else ""


def convert_lessons(raws: Sequence[RawCourse], workers: Workers) -> list[Conversions]:
    """Every lesson body of every course converted, one :class:`Conversions` per course."""
    jobs: list[_Job] = []
    for raw in raws:
        language = course_language(raw)
        lessons = [lesson for module in raw.modules for lesson in module.lessons]
        jobs.extend((language, lesson.body, number) for number, lesson in enumerate(lessons, 1))
    size = sum(len(body) for _, body, _ in jobs)
    chunks = _chunks(jobs, size // (workers.processes * CHUNKS_PER_WORKER) + 1)
    converted = (
        c for chunk in workers.map(convert_chunk, chunks, size >= PARALLEL_MIN_CHARS) for c in chunk
    )
    results: list[Conversions] = []
    owners: list[tuple[Conversions, Path, str]] = []
    arrivals = _Arrivals(converted, owners)
    for raw in raws:
        lessons = [lesson for module in raw.modules for lesson in module.lessons]
        results.append(Conversions(course_language(raw), {}, len(lessons), arrivals))
        owners.extend((results[-1], lesson.path, lesson.body) for lesson in lessons)
    return results


def _chunks(jobs: list[_Job], chars: int) -> list[list[_Job]]:
    """Consecutive runs of lessons of about ``chars`` characters each."""
    chunks: list[list[_Job]] = [[]]
    filled = 0
    for job in jobs:
        if filled >= chars:
            chunks.append([])
            filled = 0
        chunks[-1].append(job)
        filled += len(job[1])
    return chunks


def convert_chunk(jobs: list[_Job]) -> list[Converted]:
    """Run in a worker: a converter per language, reused for every lesson in that language."""
    converters: dict[str, MarkdownRenderer] = {}
    converted = []
    for language, body, number in jobs:
        if language not in converters:
            converters[language] = MarkdownRenderer(language)
        converted.append(converters[language].convert(body, number))
    return converted
