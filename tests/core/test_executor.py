"""The faster executor really takes its fast path (its equality with the stock executor is
checked on every query the suite sends, in tests/support/clients.py's ApiClient)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from schema import build_schema
from schema.core.context import Context
from schema.core.executor import FastExecutionContext
from server.db import make_async_engine
from server.domain.people.authentication import load_viewer
from tests.support.clients import run_async

REPORT = (Path(__file__).resolve().parents[1] / "bench" / "report.graphql").read_text()


class CountingContext(FastExecutionContext):
    """Counts the fields that went the stock way."""

    stock_fields = 0

    def execute_field(self, *args, **kwargs):
        CountingContext.stock_fields += 1
        return super().execute_field(*args, **kwargs)


def run_report(url: str, execution_context_class) -> tuple[dict, int]:
    schema = build_schema()
    schema.execution_context_class = execution_context_class

    async def run():
        engine = make_async_engine(url, pooled=False)
        async with AsyncSession(engine) as session:
            viewer = await load_viewer(session, 2)  # Margaret, steering committee
            result = await schema.execute(REPORT, context_value=Context(viewer, session))
        await engine.dispose()
        return result

    CountingContext.stock_fields = 0
    result = run_async(run)
    assert result.errors is None
    return result.data, CountingContext.stock_fields


def test_below_the_root_the_report_never_goes_the_stock_way(demo_url):
    data, stock_fields = run_report(demo_url, CountingContext)
    initiatives = [i for p in data["plans"]["nodes"] for i in p["initiatives"]["nodes"]]
    assert len(initiatives) == 60
    # Only the root `plans` runs its resolver; the nested connections' pages were prefetched
    # and every other field is a plain attribute.
    assert stock_fields == 1
