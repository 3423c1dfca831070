"""One's own account: the mutations `changeMyPassword`, `endSession`, `signOutEverywhere`, and
(administrators) `unlockPerson`. The rules are in server/domain (accounts, sessions,
administration, throttle); passwords are checked and hashed in the password pool, off the
event loop, before the change runs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from schema.core.context import Context
from schema.core.mutations import decode, run
from schema.people.inputs import (
    ChangeMyPasswordInput,
    EndSessionInput,
    SignOutEverywhereInput,
    UnlockPersonInput,
    UpdateMyPreferencesInput,
)
from schema.people.payloads import (
    ChangeMyPasswordPayload,
    EndSessionPayload,
    SignOutEverywherePayload,
    UnlockPersonPayload,
    UpdateMyPreferencesPayload,
)
from schema.people.types import load_preferences
from server.domain.core.errors import INVALID, RuleViolation
from server.domain.core.viewer import Viewer
from server.domain.people import accounts, administration, preferences, sessions, throttle
from server.domain.people.passwords import PasswordPool
from server.models import Person, enums


def pool(context: Context) -> PasswordPool:
    if context.passwords is None:  # a context built by hand (tests): a pool of one thread
        context.passwords = PasswordPool(1)
    return context.passwords


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


async def _change_my_password(info: Info[Context, None], input: ChangeMyPasswordInput):
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


async def _end_session(info: Info[Context, None], input: EndSessionInput):
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


async def _sign_out_everywhere(info: Info[Context, None], input: SignOutEverywhereInput):
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


async def _unlock_person(info: Info[Context, None], input: UnlockPersonInput):
    def work(session, viewer):
        return administration.unlock_person(session, viewer, decode(input.id, "Person", "input.id"))

    return UnlockPersonPayload(**await run(info, work, "person", "Person"))


async def _update_my_preferences(info: Info[Context, None], input: UpdateMyPreferencesInput):
    def work(session, viewer):
        theme = enums.Theme(input.theme) if input.theme is not None else None
        return preferences.set_preferences(session, viewer, theme, input.locale)

    async def now(context, pk):
        return await load_preferences(info)

    return UpdateMyPreferencesPayload(
        **await run(info, work, "preferences", "Person", key=lambda person_id: person_id, load=now)
    )


# -- the administrators' and the command line's paths that set a password -------------------


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


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(
        description="Lift a person's sign-in lock (after too many wrong passwords) and forget "
        "their failed attempts (administrators)."
    )
    async def unlock_person(
        self,
        info: Info[Context, None],
        input: Annotated[UnlockPersonInput, strawberry.argument(description="The locked person.")],
    ) -> UnlockPersonPayload:
        return await _unlock_person(info, input)

    @strawberry.mutation(
        description="Change your own password: the current one is required, the new one must "
        "pass the password policy. Your other sessions end; this one stays."
    )
    async def change_my_password(
        self,
        info: Info[Context, None],
        input: Annotated[
            ChangeMyPasswordInput,
            strawberry.argument(description="Your current and new password."),
        ],
    ) -> ChangeMyPasswordPayload:
        return await _change_my_password(info, input)

    @strawberry.mutation(description="Sign one of your browser sessions out (`viewer.sessions`).")
    async def end_session(
        self,
        info: Info[Context, None],
        input: Annotated[EndSessionInput, strawberry.argument(description="The session to end.")],
    ) -> EndSessionPayload:
        return await _end_session(info, input)

    @strawberry.mutation(
        description="Sign out on every browser at once (optionally keeping this session)."
    )
    async def sign_out_everywhere(
        self,
        info: Info[Context, None],
        input: Annotated[
            SignOutEverywhereInput,
            strawberry.argument(description="Whether to keep this session."),
        ],
    ) -> SignOutEverywherePayload:
        return await _sign_out_everywhere(info, input)

    @strawberry.mutation(
        description="Choose how the pages look to you: light, dark, or as your system is set."
    )
    async def update_my_preferences(
        self,
        info: Info[Context, None],
        input: Annotated[
            UpdateMyPreferencesInput, strawberry.argument(description="What to change.")
        ],
    ) -> UpdateMyPreferencesPayload:
        return await _update_my_preferences(info, input)
