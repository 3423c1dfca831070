"""Compiled read documents, kept per process and answered in one statement.

A document the API answered without errors is remembered (at most `MAX_DOCUMENTS`, the least
recently used going first). When it comes again, its statement is looked up by what changes
the SQL and nothing else:

- the document's text and operation name;
- the kind of viewer the visibility rules tell apart (administrator, reader of confidential
  plans, everyone else) — never the viewer's own data;
- which paging variables are given (their values are parameters), the type a `node` id
  variable names (its number is a parameter), and the values of every other variable (a
  filter's values are written into the statement).

The statement runs prepared on the driver's connection, outside the ORM, and PostgreSQL
writes the answer. Anything else — a document not compilable, another database, a request whose
variables or limits the stock path must judge, an answer holding schema/core/compiler.MARK —
goes the stock way, which answers exactly as before. The process's counters say how often each
happened.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Protocol

import orjson
import psycopg
from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLSchema,
    OperationDefinitionNode,
    VariableDefinitionNode,
    VariableNode,
    parse,
    visit,
)
from graphql.execution.values import VariableValues, get_variable_values
from graphql.language import Visitor
from psycopg.pq import TransactionStatus

from schema.core import limits
from schema.core.compiler import MARK, Compiled, Compiler, NotCompilable, ShapeChanged
from schema.core.ids import from_global_id
from server import statement_tally
from server.domain.core.viewer import Viewer

log = logging.getLogger(__name__)

MAX_DOCUMENTS = 256
MAX_SHAPES = 32  # statements per document (kinds of viewer x argument shapes)
# What a statement fails with when the tables changed under it (a migration while the process
# runs): an undefined column or table, a cached plan whose result type changed.
SCHEMA_CHANGED = frozenset({"42703", "42P01", "0A000"})
_PAGING = frozenset({"first", "after", "last", "before"})
_SIZES = frozenset({"first", "last", "ids"})


class CompiledMismatch(AssertionError):
    """A compiled statement answered a document differently from the stock path: a defect of
    the compiler."""


@dataclass
class Counters:
    """How requests went, since the process started (or the cache was last cleared)."""

    answered: int = 0  # by a compiled statement
    compiled: int = 0  # statements compiled
    stock: int = 0  # run the stock way: unknown document, not compilable, refused values
    marked: int = 0  # a compiled answer held the mark, and the stock way answered
    failed: int = 0  # a compiled statement failed (a defect), and the stock way answered


@dataclass
class _Document:
    document: DocumentNode
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    paging: tuple[str, ...]  # variables used only as paging arguments
    node_ids: tuple[str, ...]  # variables used only as the id of a root `node`
    others: tuple[str, ...]
    sized_by: tuple[str, ...]  # variables the hostile-document limits read (page sizes, ids)
    within_limits: dict[bytes, bool] = field(default_factory=dict)
    statements: OrderedDict[tuple[Any, ...], Compiled | None] = field(default_factory=OrderedDict)


class Reader(Protocol):
    """What a compiled statement needs of the request: who asks, whether it reads on an
    autocommit connection, and that connection (the request's context, or a connection of the
    driver pool for a tool's read: server/web/core/compiled_reads.py)."""

    @property
    def viewer(self) -> Viewer | None: ...

    @property
    def reads_autocommit(self) -> bool: ...

    async def driver(self) -> psycopg.AsyncConnection[Any]: ...


class CompiledDocuments:
    """The process's compiled documents (see the module)."""

    def __init__(self, schema: GraphQLSchema, max_documents: int = MAX_DOCUMENTS) -> None:
        self.schema = schema
        self.max_documents = max_documents
        self.documents: OrderedDict[tuple[str, str | None], _Document | None] = OrderedDict()
        self.counters = Counters()

    def knows(self, query: str, operation_name: str | None) -> bool:
        """Whether the document was answered before and a compiled statement may answer it:
        none was tried yet, or one was made (a document whose every try failed to compile,
        one with a field computed in Python say, goes the stock way without asking)."""
        found = self.documents.get((query, operation_name))
        if found is None:
            return False
        return not found.statements or any(s is not None for s in found.statements.values())

    def clear(self) -> None:
        """Forget every statement (the database's schema changed)."""
        self.documents.clear()
        self.counters = Counters()

    def learn(self, query: str, operation_name: str | None) -> None:
        """Remember a document the stock path answered without errors."""
        key = (query, operation_name)
        if key in self.documents:
            return
        self.documents[key] = _read(query, operation_name)
        while len(self.documents) > self.max_documents:
            self.documents.popitem(last=False)

    async def prove(
        self,
        query: str,
        operation_name: str | None,
        inputs: dict[str, Any] | None,
        context: Reader,
        expected: dict[str, Any],
    ) -> None:
        """The suite's check: the compiled statement, where there is one, answers `expected`
        (what the stock path just answered), byte for byte."""
        failed = self.counters.failed
        text = await self._compiled_text(query, operation_name, inputs, context)
        if self.counters.failed > failed:
            raise CompiledMismatch(f"The compiled statement failed.\nDocument: {query}")
        if text is not None and text.encode() != orjson.dumps(expected):
            raise CompiledMismatch(
                f"The compiled statement answered differently.\nDocument: {query}\n"
                f"Variables: {inputs}\nStock: {orjson.dumps(expected)[:2000]!r}\n"
                f"Compiled: {text[:2000]!r}"
            )

    async def answer(
        self,
        query: str,
        operation_name: str | None,
        inputs: dict[str, Any] | None,
        context: Reader,
    ) -> dict[str, Any] | None:
        """The answer's data from the compiled statement, or None: go the stock way."""
        text = await self.answer_text(query, operation_name, inputs, context)
        if text is None:
            return None
        data: dict[str, Any] = orjson.loads(text)
        return data

    async def _compiled_text(
        self,
        query: str,
        operation_name: str | None,
        inputs: dict[str, Any] | None,
        context: Reader,
    ) -> str | None:
        """The answer's data as JSON text, written by the compiled statement as orjson writes
        it, or None: go the stock way."""
        found = self.documents.get((query, operation_name))
        viewer = context.viewer
        if found is None or viewer is None or not context.reads_autocommit:
            self.counters.stock += 1
            return None
        self.documents.move_to_end((query, operation_name))
        inputs = inputs or {}
        coerced = get_variable_values(
            self.schema, found.operation.variable_definitions or (), inputs
        )
        if isinstance(coerced, list) or not _within_limits(found, operation_name, inputs):
            self.counters.stock += 1
            return None
        key, compiled = self._statement(found, inputs, coerced, viewer)
        if compiled is None:
            self.counters.stock += 1
            return None
        try:
            parameters = compiled.parameters(coerced)
        except (GraphQLError, ShapeChanged, NotCompilable):
            self.counters.stock += 1
            return None
        try:
            text = await _run(context, compiled.sql, parameters)
        except psycopg.OperationalError:
            return None  # the database is away: the stock path says so
        except psycopg.Error as error:
            log.exception("a compiled statement failed")
            self.counters.failed += 1
            if error.sqlstate in SCHEMA_CHANGED:
                self.documents.clear()  # compiled for tables that are no longer as they were
            else:
                found.statements[key] = None  # a defect: this shape goes the stock way
            return None
        if text is None or MARK in text:
            self.counters.marked += 1
            return None
        self.counters.answered += 1
        return text

    # What the door and `answer` call; the suite's answer recorder wraps it, while `prove`
    # calls the implementation, so its check is not recorded as an answer.
    answer_text = _compiled_text

    def _statement(
        self,
        found: _Document,
        inputs: dict[str, Any],
        coerced: VariableValues,
        viewer: Viewer,
    ) -> tuple[tuple[Any, ...], Compiled | None]:
        key = (
            _kind_of(viewer),
            tuple(inputs.get(name) is None for name in found.paging),
            tuple(_id_type(inputs.get(name)) for name in found.node_ids),
            orjson.dumps([inputs.get(name) for name in found.others]),
        )
        if key in found.statements:
            found.statements.move_to_end(key)
            return key, found.statements[key]
        compiler = Compiler(self.schema, found.fragments, coerced, viewer)
        try:
            compiled: Compiled | None = compiler.compile(found.operation)
        except ShapeChanged:
            return key, None  # this request's values are refused; another's may compile
        except NotCompilable as reason:
            log.debug("not compiled: %s", reason)
            compiled = None
        except Exception:  # a defect here must never fail a request the stock path answers
            log.exception("compiling a document failed")
            compiled = None
        self.counters.compiled += compiled is not None
        found.statements[key] = compiled
        while len(found.statements) > MAX_SHAPES:
            found.statements.popitem(last=False)
        return key, compiled


def _within_limits(found: _Document, operation_name: str | None, inputs: dict[str, Any]) -> bool:
    """Whether the hostile-document limits (schema/core/limits.py) let the request through;
    they read the document and the variables that size its lists, so the verdict is kept per
    such values."""
    key = orjson.dumps([inputs.get(name) for name in found.sized_by])
    verdict = found.within_limits.get(key)
    if verdict is None:
        verdict = not limits.check(found.document, operation_name, inputs)
        if len(found.within_limits) >= MAX_SHAPES:
            found.within_limits.clear()
        found.within_limits[key] = verdict
    return verdict


def _kind_of(viewer: Viewer) -> tuple[bool, bool]:
    """What the visibility rules of compiled sources read of a viewer (see
    server/domain/core/visibility.py; sources whose rule reads more are never compiled)."""
    return viewer.is_admin, viewer.sees_confidential


def _id_type(value: Any) -> str | None:
    decoded = from_global_id(value) if isinstance(value, str) else None
    return decoded[0] if decoded else None


def _read(query: str, operation_name: str | None) -> _Document | None:
    """The parsed document and how each of its variables is used, or None for a document
    that is never compiled (not a query)."""
    try:
        document = parse(query)
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        operation = operations[0] if len(operations) == 1 else None
    else:
        named = [o for o in operations if o.name and o.name.value == operation_name]
        operation = named[0] if named else None
    if operation is None or operation.operation.value != "query":
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    uses = _Uses(operation)
    visit(document, uses)
    names = [v.variable.name.value for v in operation.variable_definitions or ()]
    paging = tuple(n for n in names if uses.kinds.get(n) == {"paging"})
    node_ids = tuple(n for n in names if uses.kinds.get(n) == {"node"})
    others = tuple(n for n in names if n not in paging and n not in node_ids)
    sized_by = tuple(n for n in names if n in uses.sizes)
    return _Document(document, operation, fragments, paging, node_ids, others, sized_by)


class _Uses(Visitor):
    """How each variable is used: as a paging argument, as the id of a root `node`, or
    otherwise."""

    def __init__(self, operation: OperationDefinitionNode) -> None:
        super().__init__()
        self.kinds: dict[str, set[str]] = {}
        self.root_fields = {
            id(selection)
            for selection in operation.selection_set.selections
            if isinstance(selection, FieldNode)
        }
        self._fields: list[FieldNode] = []
        self.sizes: set[str] = set()  # variables inside a first, last or ids argument
        self._arguments: list[str] = []

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self._arguments.append(node.name.value)

    def leave_argument(self, node: ArgumentNode, *_: Any) -> None:
        self._arguments.pop()

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        self._fields.append(node)

    def leave_field(self, node: FieldNode, *_: Any) -> None:
        self._fields.pop()

    def enter_variable(self, node: VariableNode, key: Any, parent: Any, *_: Any) -> None:
        if isinstance(parent, VariableDefinitionNode):
            return
        if set(self._arguments) & _SIZES:
            self.sizes.add(node.name.value)
        kind = "other"
        if isinstance(parent, ArgumentNode) and self._fields:
            field_node = self._fields[-1]
            is_field_argument = any(a is parent for a in field_node.arguments or ())
            if is_field_argument and parent.name.value in _PAGING:
                kind = "paging"
            elif (
                is_field_argument
                and parent.name.value == "id"
                and field_node.name.value == "node"
                and id(field_node) in self.root_fields
            ):
                kind = "node"
        self.kinds.setdefault(node.name.value, set()).add(kind)


async def _run(context: Reader, sql: str, parameters: dict[str, Any]) -> str | None:
    """The statement's answer, run prepared on the request's own connection."""
    driver = await context.driver()
    try:
        with statement_tally.timed():
            cursor = await driver.execute(sql, parameters, prepare=True)
        row = await cursor.fetchone()
    except psycopg.Error:
        if driver.info.transaction_status == TransactionStatus.INERROR:
            await driver.rollback()  # so the stock path can read on the same connection
        raise
    return None if row is None else row[0]
