"""People, roles and their assignments, API tokens, the audit log, and the viewer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from schema.core.nodes import Node
from schema.core.pagination import After, Before, Connection, First, Last, page
from schema.core.scalars import JSON
from schema.people.enums import AuditAction, Theme, TokenScope
from schema.people.sessions import Session, load_sessions

if TYPE_CHECKING:
    from schema.collaboration.types import MailSettings, Notification
    from schema.services.types import Process, Service
    from schema.work.types import Work

# Types of other areas, resolved when the schema is built.
ProcessRef = Annotated["Process", strawberry.lazy("schema.services.types")]
ServiceRef = Annotated["Service", strawberry.lazy("schema.services.types")]
WorkRef = Annotated["Work", strawberry.lazy("schema.work.types")]
NotificationRef = Annotated["Notification", strawberry.lazy("schema.collaboration.types")]
MailSettingsRef = Annotated["MailSettings", strawberry.lazy("schema.collaboration.types")]


@strawberry.type(description="A named responsibility, such as service owner.")
class Role(Node):
    slug: str = strawberry.field(
        description="A stable key in lower case, e.g. service_owner (what `viewer.roles` lists)."
    )
    name: str = strawberry.field(description="The role's name, e.g. 'Service owner'.")
    description: str = strawberry.field(
        description="What the role is responsible for; empty when nothing was written."
    )
    is_builtin: bool = strawberry.field(
        description="Whether Steward ships it (steering committee, service owner, ...) rather "
        "than an administrator adding it."
    )

    assignments: Connection[RoleAssignment] = page("Who holds this role, and where.")


@strawberry.type(description="Someone who signs in on the pages or calls the API with a token.")
class Person(Node):
    name: str = strawberry.field(description="The person's full name.")
    email: str = strawberry.field(
        description="The e-mail address they sign in with, in lower case; unique."
    )
    is_active: bool = strawberry.field(
        description="False once deactivated: they can no longer sign in or use their tokens, "
        "and stay in history."
    )
    is_admin: bool = strawberry.field(
        description="Whether they are an administrator: they manage people, roles, services, "
        "processes and plans, and see everything."
    )
    created_at: datetime = strawberry.field(description="When the person was added.")

    role_assignments: Connection[RoleAssignment] = page(
        "The roles this person holds, with their scopes."
    )

    @strawberry.field(
        description="Until when signing in is locked after too many wrong passwords; null when "
        "not locked. Shown to administrators only (null for everyone else); `unlockPerson` "
        "lifts it."
    )
    def locked_until(self, info: Info) -> datetime | None:
        viewer = info.context.viewer
        value = self.__dict__.get("locked_until_value")
        if viewer is None or not viewer.is_admin or value is None:
            return None
        return value if value > datetime.now(UTC) else None


@strawberry.type(description="A person holds a role, everywhere or for one service or process.")
class RoleAssignment(Node):
    created_at: datetime = strawberry.field(description="When the role was given.")
    person: Person = strawberry.field(description="Who holds the role.")
    role: Role = strawberry.field(description="The role held.")
    service: ServiceRef | None = strawberry.field(
        description="The service the role is scoped to; null when not scoped to a service."
    )
    process: ProcessRef | None = strawberry.field(
        description="The process the role is scoped to; null when not scoped to a process."
    )


@strawberry.type(
    description="One change to one object: who, when, and the fields before and after."
)
class AuditEntry(Node):
    at: datetime = strawberry.field(description="When the change was made.")
    actor_name: str = strawberry.field(description="The actor's name when the change was made.")
    entity_type: str = strawberry.field(
        description="The API type of what changed, e.g. 'Initiative' or 'Metric'."
    )
    entity_id: strawberry.ID = strawberry.field(description="The global id of what changed.")
    entity_label: str = strawberry.field(
        description="The name of what changed when it changed, e.g. an initiative's title."
    )
    action: AuditAction = strawberry.field(description="What kind of change it was.")
    before: JSON | None = strawberry.field(
        description="The changed fields' values before, as a JSON object; null for CREATE."
    )
    after: JSON | None = strawberry.field(
        description="The changed fields' values after, as a JSON object (with the reason of a "
        "lifecycle step); null for DELETE."
    )
    actor: Person | None = strawberry.field(
        description="Who made the change; null when not known (`actorName` still tells)."
    )


@strawberry.type(description="A reporting tool's credential; the secret is shown only once.")
class ApiToken(Node):
    name: str = strawberry.field(description="What the token is for, e.g. 'Quarterly report'.")
    prefix: str = strawberry.field(description="The visible start of the secret: stw_<prefix>_…")
    scope: TokenScope = strawberry.field(
        description="Whether it may only read, or also change data."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    expires_at: datetime | None = strawberry.field(
        description="When it stops working; null when it never expires."
    )
    last_used_at: datetime | None = strawberry.field(
        description="When it was last used; null when never."
    )
    revoked_at: datetime | None = strawberry.field(
        description="When it was revoked and stopped working; null while not revoked."
    )
    person: Person = strawberry.field(
        description="The person it acts as: it sees and may do what they may."
    )


@strawberry.type(description="A locale money, numbers and dates may be written in.")
class LocaleChoice:
    code: str = strawberry.field(description="The locale's code, e.g. en_GB.")
    name: str = strawberry.field(description="Its name in its own language.")


@strawberry.type(description="How the pages look to the viewer.")
class Preferences:
    theme: Theme = strawberry.field(
        description="Light, dark, or as the browser's system is set (SYSTEM, the default)."
    )
    locale: str | None = strawberry.field(
        description="The locale money, numbers and dates are written in (e.g. en_GB); null: "
        "as the browser asks."
    )

    @strawberry.field(description="The locales one may choose.")
    def locales(self) -> list[LocaleChoice]:
        from server.domain.core.locales import locale_names

        return [LocaleChoice(code=code, name=name) for code, name in locale_names().items()]


async def load_preferences(info: Info) -> Preferences:
    from server.domain.people.preferences import preferences_of

    context = info.context
    person_id = context.require_viewer().person_id
    theme, locale = await context.session.run_sync(lambda sync: preferences_of(sync, person_id))
    return Preferences(theme=theme, locale=locale)


@strawberry.type(description="The person making the request.")
class Viewer:
    id: strawberry.ID = strawberry.field(description="The person's global id.")
    name: str = strawberry.field(description="The person's full name.")
    email: str = strawberry.field(description="The person's e-mail address.")
    is_admin: bool = strawberry.field(description="Whether the person is an administrator.")
    roles: list[str] = strawberry.field(description="The slugs of the roles held, in any scope.")

    @strawberry.field(description="What awaits the viewer: approvals, budget decisions, status "
                      "updates and measurements due.")  # fmt: skip
    async def work(self, info: Info) -> WorkRef:
        from schema.work.types import load_work

        return await load_work(info)

    @strawberry.field(
        description="The viewer's signed-in browser sessions, most recently used first; "
        "`current` marks the one making this request. Empty for an API token's owner only if "
        "they are signed in nowhere."
    )
    async def sessions(self, info: Info) -> list[Session]:
        return await load_sessions(info)

    @strawberry.field(
        description="What the viewer was told: decisions awaited and made, mentions, comments and "
        "changes on what they watch; newest first. `unread`: only unread (true) or read (false)."
    )
    async def notifications(
        self,
        info: Info,
        unread: Annotated[
            bool | None, strawberry.argument(description="Only unread (true) or read (false).")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> Connection[NotificationRef]:
        from schema.collaboration.queries import load_notifications

        return await load_notifications(info, unread)

    @strawberry.field(
        description="How the viewer's notifications reach them by e-mail (their own choices)."
    )
    async def mail(self, info: Info) -> MailSettingsRef:
        from schema.collaboration.queries import load_mail_settings

        return await load_mail_settings(info)

    @strawberry.field(description="How the pages look to the viewer: theme and locale.")
    async def preferences(self, info: Info) -> Preferences:
        return await load_preferences(info)

    @strawberry.field(description="How many of the viewer's notifications are unread.")
    async def unread_notification_count(self, info: Info) -> int:
        from schema.collaboration.queries import unread_count

        return await unread_count(info)
