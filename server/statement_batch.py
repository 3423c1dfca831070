"""The reads one request sends at the same moment, sent to PostgreSQL together.

A page's document loads its relations level by level, and many fields compute their values
with statements of their own. Run one after another, each waits a full round trip. When they
run concurrently instead (`gather`), every read waits in the request's `StatementBatch` until
no part of the request can go on without an answer; then the batch sends all of them in one
psycopg pipeline (one Sync, so one round trip) and hands each caller its own result. Nothing
else changes: each statement is the same text with the same parameters, run on the same
autocommit connection, and SQLAlchemy processes its rows as before.

Only plain reads (a statement that starts with SELECT) wait for a batch. Anything else on the
request's connection runs alone, after the batch being sent, never inside its pipeline. A read
that fails in a pipeline fails for its caller alone: the batch runs the reads after it again,
one at a time, as they would have run without it.

`gather` is how a request runs parts concurrently; it also tells the batch how many of them
are still running, so the batch knows when every one of them waits. A part that waits on
anything else (a lock, a thread) only delays the batch: the others keep waiting until it
either sends a read or ends.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg
from psycopg.abc import Params, Query

T = TypeVar("T")

_CURRENT: ContextVar[StatementBatch | None] = ContextVar("steward_statement_batch", default=None)


@dataclass
class _Statement:
    """One execution a cursor was asked for, to run when its turn comes."""

    cursor: BatchingCursor
    query: Query
    params: Params | None
    prepare: bool | None
    binary: bool | None

    async def run(self) -> None:
        await psycopg.AsyncCursor.execute(
            self.cursor, self.query, self.params, prepare=self.prepare, binary=self.binary
        )


@dataclass
class _Waiting:
    statement: _Statement
    answered: asyncio.Future[None]


class StatementBatch:
    """One request's reads on one autocommit connection, sent together when every concurrent
    part of the request waits on one."""

    def __init__(self, connection: psycopg.AsyncConnection[Any]) -> None:
        self.connection = connection
        self.running = 1  # parts of the request that may still send a read (the request itself)
        self.waiting: list[_Waiting] = []
        self.busy = asyncio.Lock()  # held while a batch, or a statement of its own, runs
        self.send_due = False  # a batch is on its way out: the next reads wait for the next
        self.batches = 0  # pipelines sent, for the tests
        self.stopped = False  # a mutation writes from now on: one statement at a time

    def stop(self) -> None:
        """Before a request writes: its parts run one after another again, each statement on
        its own, as a transaction's must."""
        self.stopped = True

    def install(self) -> None:
        """Batch the reads the current task (and the tasks it starts) runs on the connection."""
        _CURRENT.set(self)

    # -- the request's concurrent parts -------------------------------------------------------

    async def gather(self, *parts: Awaitable[T]) -> list[T]:
        """Run `parts` concurrently, with their reads sent together; their results in order.
        Every part runs to its end even when one fails; the first failure (in order) is then
        raised, as awaiting them one by one would raise it."""
        if len(parts) < 2:
            return [await part for part in parts]
        self.running += len(parts) - 1  # this part waits on them from now on
        left = [len(parts)]
        outcomes = await asyncio.gather(
            *(self._part(part, left) for part in parts), return_exceptions=True
        )
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return outcomes  # type: ignore[return-value]

    async def _part(self, part: Awaitable[T], left: list[int]) -> T:
        try:
            return await part
        finally:
            left[0] -= 1
            # The last part to end hands its place back to the part that gathered them, which
            # runs on from here: the next batch waits for what it reads next.
            if left[0]:
                self.running -= 1
                self._send_when_all_wait()

    # -- statements ---------------------------------------------------------------------------

    async def read(self, statement: _Statement) -> None:
        """Wait for the batch that sends this read; its result is then on its cursor."""
        if self.running <= 1 and not self.waiting and not self.send_due and not self.busy.locked():
            # Nothing else of the request runs: a batch of one, sent at once.
            await self.alone(statement)
            return
        answered = asyncio.get_running_loop().create_future()
        self.waiting.append(_Waiting(statement, answered))
        self._send_when_all_wait()
        await answered

    async def alone(self, statement: _Statement) -> None:
        """A statement that is not a plain read: run by itself, never inside a pipeline."""
        try:
            async with self.busy:
                await statement.run()
        finally:
            self._send_when_all_wait()  # reads that came meanwhile

    def _send_when_all_wait(self) -> None:
        if (
            self.waiting
            and len(self.waiting) >= self.running
            and not self.send_due
            and not self.busy.locked()
        ):
            batch, self.waiting = self.waiting, []
            self.send_due = True
            asyncio.get_running_loop().create_task(self._send(batch))

    async def _send(self, batch: list[_Waiting]) -> None:
        try:
            async with self.busy:
                self.send_due = False
                self.batches += 1
                if len(batch) == 1:
                    await self._one_by_one(batch)
                else:
                    await self._pipelined(batch)
        except BaseException as error:  # never leave a caller waiting
            self.send_due = False
            for waiting in batch:
                if not waiting.answered.done():
                    waiting.answered.set_exception(error)
            if not isinstance(error, Exception):
                raise  # cancelled: the loop is closing
        finally:
            self._send_when_all_wait()  # reads that came while this batch was out

    async def _pipelined(self, batch: list[_Waiting]) -> None:
        try:
            async with self.connection.pipeline():
                for waiting in batch:
                    await waiting.statement.run()
        except Exception:
            # One read failed (the pipeline stops at it). Each read runs again on its own, so
            # the one that failed fails for its caller and the others answer as they would
            # have: reads change nothing, so running one twice is safe.
            await self._one_by_one(batch)
            return
        for waiting in batch:
            if not waiting.answered.done():
                waiting.answered.set_result(None)

    @staticmethod
    async def _one_by_one(batch: list[_Waiting]) -> None:
        for waiting in batch:
            if waiting.answered.done():  # its caller went away
                continue
            try:
                await waiting.statement.run()
            except Exception as error:  # for its caller to raise
                if not waiting.answered.done():
                    waiting.answered.set_exception(error)
            else:
                if not waiting.answered.done():
                    waiting.answered.set_result(None)


def current() -> StatementBatch | None:
    return _CURRENT.get()


def batching() -> bool:
    """Whether the request's reads go out together now (PostgreSQL, reading)."""
    batch = _CURRENT.get()
    return batch is not None and not batch.stopped


async def gather(*parts: Coroutine[Any, Any, T]) -> list[T]:
    """`parts` concurrently with their reads batched when the request batches, else one after
    another (SQLite, a write's transaction): the same results either way."""
    batch = _CURRENT.get()
    if batch is None or batch.stopped:
        return await _one_after_another(parts)
    return await batch.gather(*parts)


async def _one_after_another(parts: Sequence[Coroutine[Any, Any, T]]) -> list[T]:
    """Each part in turn; after one fails, those after it never start (and are closed, so
    none is left "never awaited")."""
    results: list[T] = []
    for index, part in enumerate(parts):
        try:
            results.append(await part)
        except BaseException:
            for rest in parts[index + 1 :]:
                rest.close()
            raise
    return results


@dataclass
class _Making:
    """A value `once` is making: its future, and how many parts of the batch wait for it."""

    done: asyncio.Future[Any]
    waiting: int = 0


async def once(memo: dict[Any, Any], key: object, make: Callable[[], Awaitable[T]]) -> T:
    """`make()`'s value, made once per `key` for the request (`memo` is the request's): parts
    running concurrently that ask for the same thing wait for the first to read it, instead of
    each sending the same statement. A part waiting here waits on the batch, so it does not
    hold the batch back; it counts as running again the moment the value is made, before it
    resumes, so the next batch waits for the reads it goes on to send."""
    found = memo.get(key)
    if isinstance(found, _Making):
        batch = _CURRENT.get()
        if batch is None:
            return await asyncio.shield(found.done)  # type: ignore[no-any-return]
        found.waiting += 1
        batch.running -= 1
        batch._send_when_all_wait()
        try:
            return await asyncio.shield(found.done)  # type: ignore[no-any-return]
        finally:
            if not found.done.done():  # cancelled while it was being made
                found.waiting -= 1
                batch.running += 1
    if key in memo:
        return found  # type: ignore[no-any-return]
    making = memo[key] = _Making(asyncio.get_running_loop().create_future())
    try:
        value = await make()
    except BaseException as error:
        memo.pop(key, None)
        _give_back(making)
        making.done.set_exception(error)
        making.done.exception()  # those waiting raise it too; none waiting: not "never retrieved"
        raise
    memo[key] = value
    _give_back(making)
    making.done.set_result(value)
    return value


def _give_back(making: _Making) -> None:
    """The parts waiting for a value run again from now on (see `once`)."""
    batch = _CURRENT.get()
    if batch is not None:
        batch.running += making.waiting
    making.waiting = 0


def _is_plain_read(query: Query) -> bool:
    """A statement that starts with SELECT (a statement text may be long: only its start is
    read)."""
    if isinstance(query, bytes):
        return query[:64].lstrip()[:6].upper() == b"SELECT"
    return isinstance(query, str) and query[:64].lstrip()[:6].upper() == "SELECT"


class BatchingCursor(psycopg.AsyncCursor[Any]):
    """The async engine's cursor: a plain read on the connection of the request's batch waits
    for that batch; everything else runs as psycopg runs it."""

    __slots__ = ()

    async def execute(
        self,
        query: Query,
        params: Params | None = None,
        *,
        prepare: bool | None = None,
        binary: bool | None = None,
    ) -> BatchingCursor:
        batch = _CURRENT.get()
        connection = self._conn
        if (
            batch is None
            or batch.stopped
            or batch.connection is not connection
            or not connection.autocommit
        ):
            await super().execute(query, params, prepare=prepare, binary=binary)
        elif _is_plain_read(query):
            await batch.read(_Statement(self, query, params, prepare, binary))
        else:
            await batch.alone(_Statement(self, query, params, prepare, binary))
        return self
