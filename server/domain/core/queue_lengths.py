"""How much background work waits, in one statement: measurement imports queued or running,
mails in the outbox, webhook deliveries not yet made (those given up on no longer wait). Read
when /-/metrics is scraped; the outbox and the deliveries are counted on the indexes their
senders read them by."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from server.models import ImportState, MeasurementImport, OutboxMail, WebhookDelivery


@dataclass(frozen=True)
class QueueLengths:
    imports: int
    mail: int
    webhooks: int

    def by_queue(self) -> dict[str, int]:
        return {"imports": self.imports, "mail": self.mail, "webhooks": self.webhooks}


def _count(table: type, *conditions: ColumnElement[bool]) -> ColumnElement[int]:
    return select(func.count()).select_from(table).where(*conditions).scalar_subquery()


async def queue_lengths(session: AsyncSession) -> QueueLengths:
    imports = _count(
        MeasurementImport,
        MeasurementImport.state.in_((ImportState.QUEUED, ImportState.RUNNING)),
    )
    mail = _count(OutboxMail, OutboxMail.sent_at.is_(None), OutboxMail.failed_at.is_(None))
    webhooks = _count(
        WebhookDelivery,
        WebhookDelivery.delivered_at.is_(None),
        WebhookDelivery.failed_at.is_(None),
    )
    row = (await session.execute(select(imports, mail, webhooks))).one()
    return QueueLengths(imports=int(row[0]), mail=int(row[1]), webhooks=int(row[2]))
