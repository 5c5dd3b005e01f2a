"""Coding a stream of documents in one process or in several (`--jobs N`).

The parent reads; worker processes code; results come back in input order, so the
store receives the same batches, and the same event ids, as from a single process.
Only a bounded number of documents is in flight (IN_FLIGHT_PER_JOB chunks per worker),
so memory stays flat however long the input is: `Pool.imap` would read the whole
input into its task queue first. Workers are forked after the models and the
knowledge base are loaded, so they share those pages with the parent instead of
loading them again.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from itertools import islice

from diplowatch.kb import load_knowledge
from diplowatch.model import CodedDocument, Document, ReadProblem
from diplowatch.parse import load_pipeline
from diplowatch.pipeline import CodeOptions, code_document

CHUNK = 8  # documents a worker codes per task (amortises the inter-process transfer)
IN_FLIGHT_PER_JOB = 4  # chunks queued per worker: enough to keep it busy, little memory
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass(frozen=True, slots=True)
class CodingFailure:
    """A document the coder raised on: reported, skipped, the run goes on."""

    origin: str
    message: str


Outcome = CodedDocument | CodingFailure | ReadProblem


def code_one(document: Document, options: CodeOptions) -> CodedDocument | CodingFailure:
    """A coded document, or the failure to report (a bug must not cost the rest)."""
    try:
        return code_document(document, options)
    except Exception as bug:
        return CodingFailure(document.origin, f"internal error while coding: {bug!r}")


def _code_chunk(
    documents: list[Document], options: CodeOptions
) -> list[CodedDocument | CodingFailure]:
    return [code_one(document, options) for document in documents]


def coded_stream(
    items: Iterable[Document | ReadProblem], options: CodeOptions, jobs: int = 1
) -> Iterator[Outcome]:
    """Every item coded (read problems passed through), in input order."""
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, ReadProblem) else code_one(item, options)
        return
    _preload(options)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        jobs, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)
    ) as pool:
        pending: deque[list[ReadProblem] | Future[list[CodedDocument | CodingFailure]]] = deque()
        runs = chunks(items)
        for chunk in islice(runs, jobs * IN_FLIGHT_PER_JOB):
            pending.append(_submit(pool, chunk, options))
        while pending:
            head = pending.popleft()
            yield from head if isinstance(head, list) else head.result()
            chunk = next(runs, None)
            if chunk is not None:
                pending.append(_submit(pool, chunk, options))


def _submit(
    pool: ProcessPoolExecutor, chunk: list[Document] | list[ReadProblem], options: CodeOptions
) -> list[ReadProblem] | Future[list[CodedDocument | CodingFailure]]:
    if chunk and isinstance(chunk[0], ReadProblem):
        return chunk  # nothing to code: passed on in its place
    return pool.submit(_code_chunk, chunk, options)


def chunks(items: Iterable[Document | ReadProblem], size: int = CHUNK) -> Iterator[list]:
    """Runs of up to `size` documents; a read problem is a chunk of its own, so the
    order of problems and documents is kept."""
    chunk: list[Document] = []
    for item in items:
        if isinstance(item, ReadProblem):
            if chunk:
                yield chunk
                chunk = []
            yield [item]
            continue
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _die_with_parent(parent: int) -> None:
    """Ask the kernel to kill this worker when the parent dies: after a `kill -9` of the
    run, the workers would otherwise wait for work forever. Linux only (prctl, through
    ctypes: the standard library has no binding); elsewhere a no-op."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _preload(options: CodeOptions) -> None:
    """Load what every worker needs before forking, so the pages are shared."""
    load_knowledge(options.actor_files)
    for lang in ("de", "en"):
        load_pipeline(lang)
