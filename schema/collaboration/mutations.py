"""The comment mutations: write one on a thing you may see, edit your own, delete your own (or,
as an administrator, any); server/domain/collaboration/comments.py holds every rule."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from schema.collaboration import inputs as i
from schema.collaboration import payloads as p
from schema.core.context import Context
from schema.core.ids import from_global_id
from schema.core.mutations import decode, run
from server.domain.collaboration import comments, mail, notifications


def _subject(global_id: str) -> tuple[str | None, int | None]:
    decoded = from_global_id(global_id)
    return (decoded[0], decoded[1]) if decoded else (None, None)


@strawberry.type
class CollaborationMutation:
    @strawberry.mutation(
        description="Comment on an initiative, a suggestion, a metric, a service review or a "
        "balance assessment you may see, mentioning people who may see it too."
    )
    async def add_comment(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.AddCommentInput,
            strawberry.argument(description="What it is about, what to say, whom to mention."),
        ],
    ) -> p.AddCommentPayload:
        def work(session, viewer):
            kind, pk = _subject(input.subject_id)
            return comments.add(session, viewer, kind, pk, input.body, input.mentions())

        return p.AddCommentPayload(**await run(info, work, "comment", "Comment"))

    @strawberry.mutation(description="Change your own comment; it then says when it was edited.")
    async def edit_comment(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.EditCommentInput, strawberry.argument(description="The comment and what changes.")
        ],
    ) -> p.EditCommentPayload:
        def work(session, viewer):
            return comments.edit(
                session, viewer, decode(input.id, "Comment", "input.id"), input.body,
                input.mentions(), input.expected_version,
            )  # fmt: skip

        return p.EditCommentPayload(**await run(info, work, "comment", "Comment"))

    @strawberry.mutation(description="Delete your own comment (administrators: any comment).")
    async def delete_comment(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.DeleteCommentInput, strawberry.argument(description="The comment to delete.")
        ],
    ) -> p.DeleteCommentPayload:
        def work(session, viewer):
            return comments.remove(
                session, viewer, decode(input.id, "Comment", "input.id"), input.expected_version
            )

        async def deleted(context, pk):
            return input.id

        return p.DeleteCommentPayload(
            **await run(info, work, "deleted_comment_id", "Comment", key=lambda subject: 0,
                        load=deleted)
        )  # fmt: skip

    @strawberry.mutation(description="Mark some of your notifications read, or all of them.")
    async def mark_notifications_read(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.MarkNotificationsReadInput,
            strawberry.argument(description="Which notifications, or all."),
        ],
    ) -> p.MarkNotificationsReadPayload:
        def work(session, viewer):
            return notifications.mark_read(
                session, viewer, input.notification_ids(), bool(input.all)
            )

        async def still_unread(context, pk):
            from schema.collaboration.queries import unread_count

            return await unread_count(info)

        return p.MarkNotificationsReadPayload(
            **await run(info, work, "unread_count", "Notification", key=lambda changed: 0,
                        load=still_unread)
        )  # fmt: skip

    @strawberry.mutation(
        description="Watch a thing you may see (hear of its comments and changes), or stop "
        "watching it (also what you own or wrote)."
    )
    async def set_watching(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.SetWatchingInput, strawberry.argument(description="The thing, and watch or not.")
        ],
    ) -> p.SetWatchingPayload:
        def work(session, viewer):
            kind, pk = _subject(input.subject_id)
            return notifications.set_watching(session, viewer, kind, pk, input.watching)

        async def watching(context, pk):
            return input.watching

        return p.SetWatchingPayload(
            **await run(info, work, "watching", "Notification", key=lambda changed: 0,
                        load=watching)
        )  # fmt: skip

    @strawberry.mutation(
        description="Choose how your notifications reach you by e-mail: per kind at once, in a "
        "daily digest or not at all, and the digest's hour and time zone."
    )
    async def update_mail_settings(
        self,
        info: Info[Context, None],
        input: Annotated[
            i.UpdateMailSettingsInput, strawberry.argument(description="What to change.")
        ],
    ) -> p.UpdateMailSettingsPayload:
        def work(session, viewer):
            return mail.set_choices(
                session, viewer, input.deliveries(), input.digest_hour, input.time_zone
            )

        async def settings(context, pk):
            from schema.collaboration.queries import load_mail_settings

            return await load_mail_settings(info)

        return p.UpdateMailSettingsPayload(
            **await run(info, work, "mail", "MailSettings", key=lambda changed: 0, load=settings)
        )
