"""One's own account in the API: `Viewer.sessions`, and the mutations `changeMyPassword`,
`endSession`, `signOutEverywhere`, and (administrators) `unlockPerson`. The rules are in
server/domain (accounts, sessions, administration, throttle); passwords are checked and hashed
in the password pool, off the event loop, before the change runs."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from schema import types as t
from schema.context import Context
from schema.ids import to_global_id
from schema.payloads import decode, payload, run
from server.domain.core.errors import INVALID, RuleViolation
from server.domain.core.viewer import Viewer
from server.domain.people import accounts, administration, sessions, throttle
from server.domain.people.passwords import PasswordPool
from server.models import Person


@strawberry.type(
    description="A browser signed in as the viewer. It ends on signing out there, on "
    "`endSession` or `signOutEverywhere`, when the password changes, or when unused or old "
    "for longer than the server allows."
)
class Session:
    id: strawberry.ID = strawberry.field(description="The session's global id, for `endSession`.")
    created_at: datetime = strawberry.field(description="When it signed in.")
    last_seen_at: datetime = strawberry.field(
        description="When it was last used (recorded at most once a minute)."
    )
    user_agent: str = strawberry.field(description="The browser, as it named itself.")
    address: str = strawberry.field(description="The client address it signed in from.")
    current: bool = strawberry.field(description="Whether this request comes from it.")


async def load_sessions(info: Info[Context, None]) -> list[Session]:
    context = info.context
    viewer = context.require_viewer()
    now = datetime.now(UTC)
    rows = await context.session.run_sync(
        lambda sync: sessions.active_sessions(
            sync, viewer.person_id, now, context.session_lifetimes
        )
    )
    return [
        Session(
            id=strawberry.ID(to_global_id("Session", row.id)),
            created_at=row.created_at,
            last_seen_at=row.last_seen_at,
            user_agent=row.user_agent,
            address=row.address,
            current=row.id == viewer.session_id,
        )
        for row in rows
    ]


def pool(context: Context) -> PasswordPool:
    if context.passwords is None:  # a context built by hand (tests): a pool of one thread
        context.passwords = PasswordPool(1)
    return context.passwords


# -- inputs and payloads -----------------------------------------------------------------------


@strawberry.input(description="Your current password, and the new one.")
class ChangeMyPasswordInput:
    current_password: str = strawberry.field(
        description="Your password now; a wrong one counts towards the sign-in throttle."
    )
    new_password: str = strawberry.field(
        description="At least 10 characters, not a common or easily guessed password, and not "
        "containing your e-mail address."
    )


@strawberry.input(description="One of your sessions (from `viewer.sessions`).")
class EndSessionInput:
    id: strawberry.ID = strawberry.field(description="The session's global id.")


@strawberry.input(description="End your sessions on every browser.")
class SignOutEverywhereInput:
    keep_this_session: bool = strawberry.field(
        default=False, description="Keep the session sending this request signed in."
    )


@strawberry.input(description="A person whose sign-in is locked after too many wrong passwords.")
class UnlockPersonInput:
    id: strawberry.ID = strawberry.field(description="The person's global id.")


ChangeMyPasswordPayload = payload(
    "ChangeMyPasswordPayload", "person", t.Person, "You, with the new password in force."
)
EndSessionPayload = payload(
    "EndSessionPayload",
    "person",
    t.Person,
    "You, after the session ended.",
    {
        "ended_session_id": (
            strawberry.ID | None,
            "The global id of the session that ended; null when refused.",
        )
    },
)
SignOutEverywherePayload = payload(
    "SignOutEverywherePayload",
    "person",
    t.Person,
    "You, after your sessions ended.",
    {"ended_sessions": (int | None, "How many sessions ended; null when refused.")},
)
UnlockPersonPayload = payload(
    "UnlockPersonPayload", "person", t.Person, "The person, free to sign in again."
)


# -- mutations ---------------------------------------------------------------------------------


async def _prove_current_password(
    context: Context, session: AsyncSession, viewer: Viewer, password: str
) -> None:
    """The viewer's current password, checked like a sign-in: through the throttle, in the
    pool; a wrong one counts as a failed sign-in (kept even though the change is refused)."""
    rules = context.throttle_rules
    now = datetime.now(UTC)
    address = context.client_address
    attempt = await session.run_sync(
        lambda sync: throttle.start_attempt(sync, rules, viewer.email, address, now)
    )
    stored = await session.scalar(select(Person.password_hash).where(Person.id == viewer.person_id))
    await session.commit()  # the attempt counts, even though a wrong password refuses the change
    if attempt.verify and await pool(context).verify(stored, password):
        await session.run_sync(lambda sync: throttle.forget_failures(sync, viewer.email))
        await session.commit()  # proved, whatever becomes of the new password
        return
    if attempt.refusal is None:
        raise RuleViolation(INVALID, "is not your current password", "input.currentPassword")
    raise RuleViolation(INVALID, attempt.refusal.message, "input.currentPassword")


async def change_my_password(info: Info[Context, None], input: ChangeMyPasswordInput):
    context = info.context
    prepared: dict[str, str] = {}

    async def before(session: AsyncSession, viewer: Viewer) -> None:
        await _prove_current_password(context, session, viewer, input.current_password)
        if input.new_password == input.current_password:
            raise RuleViolation(
                INVALID, "must differ from your current password", "input.newPassword"
            )
        prepared["hash"] = await pool(context).new_hash(
            input.new_password, viewer.email, "input.newPassword"
        )

    def work(session, viewer):
        return accounts.change_own_password(session, viewer, prepared["hash"])

    return ChangeMyPasswordPayload(**await run(info, work, "person", "Person", before=before))


async def end_session(info: Info[Context, None], input: EndSessionInput):
    def work(session, viewer):
        return sessions.end_own_session(session, viewer, decode(input.id, "Session", "input.id"))

    result = await run(
        info,
        work,
        "person",
        "Person",
        key=lambda person_id: person_id,
        extra=lambda person_id: {"ended_session_id": input.id if person_id else None},
    )
    return EndSessionPayload(**result)


async def sign_out_everywhere(info: Info[Context, None], input: SignOutEverywhereInput):
    ended: list[int] = []

    def work(session, viewer):
        ended.append(sessions.sign_out_everywhere(session, viewer, input.keep_this_session))
        return viewer.person_id

    result = await run(
        info,
        work,
        "person",
        "Person",
        key=lambda person_id: person_id,
        extra=lambda person_id: {"ended_sessions": ended[0] if person_id else None},
    )
    return SignOutEverywherePayload(**result)


async def unlock_person(info: Info[Context, None], input: UnlockPersonInput):
    def work(session, viewer):
        return administration.unlock_person(session, viewer, decode(input.id, "Person", "input.id"))

    return UnlockPersonPayload(**await run(info, work, "person", "Person"))


# -- the administrators' and the command line's paths that set a password -----------------------


async def new_password_for(
    context: Context, session: AsyncSession, person_id: int | None, email: str | None, password
) -> str | None:
    """The hash of a password an administrator sets (createPerson, updatePerson), checked
    against the policy with the person's e-mail address (the new one, else the stored one)."""
    if password is None:
        return None
    if email is None and person_id is not None:
        email = await session.scalar(select(Person.email).where(Person.id == person_id))
    return await pool(context).new_hash(password, email, "input.password")
