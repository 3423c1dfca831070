"""The inputs of the comment mutations."""

from __future__ import annotations

import strawberry

from schema.collaboration.enums import MailDelivery, NotificationKind
from schema.core.inputs import UNCHANGED, input_field
from schema.core.mutations import decode


@strawberry.input(description="A new comment on one thing.")
class AddCommentInput:
    subject_id: strawberry.ID = strawberry.field(
        description="What it is about: the global id of an initiative, a suggestion, a metric, a "
        "service review or a balance assessment."
    )
    body: str = strawberry.field(
        description="What to say, in Markdown (at most 10,000 characters)."
    )
    mention_ids: list[strawberry.ID] | None = input_field(
        "The people to mention (global ids), each one who may see the thing (`mentionable`)."
    )

    def mentions(self) -> list[int | None]:
        return person_ids(self.mention_ids or [])


@strawberry.input(description="A change to one's own comment.")
class EditCommentInput:
    id: strawberry.ID = strawberry.field(description="The comment's global id.")
    body: str | None = input_field(f"What it now says, in Markdown{UNCHANGED}")
    mention_ids: list[strawberry.ID] | None = input_field(
        f"Everyone it now mentions (replaces the list){UNCHANGED}"
    )
    expected_version: int | None = input_field(
        "The `version` you read; if it changed since, nothing is changed."
    )

    def mentions(self) -> list[int | None] | None:
        return None if self.mention_ids is None else person_ids(self.mention_ids)


@strawberry.input(description="Delete a comment.")
class DeleteCommentInput:
    id: strawberry.ID = strawberry.field(description="The comment's global id.")
    expected_version: int | None = input_field(
        "The `version` you read; if it changed since, nothing is deleted."
    )


def person_ids(ids: list[strawberry.ID]) -> list[int | None]:
    return [decode(pk, "Person", f"input.mentionIds.{n}") for n, pk in enumerate(ids)]


@strawberry.input(description="Mark notifications read: some, or all of the viewer's.")
class MarkNotificationsReadInput:
    ids: list[strawberry.ID] | None = input_field("The notifications (global ids).")
    all: bool | None = input_field("true: every unread notification of the viewer.")

    def notification_ids(self) -> list[int | None] | None:
        if self.ids is None:
            return None
        return [decode(pk, "Notification", f"input.ids.{n}") for n, pk in enumerate(self.ids)]


@strawberry.input(description="Watch a thing (hear of its comments and changes), or stop.")
class SetWatchingInput:
    subject_id: strawberry.ID = strawberry.field(
        description="An initiative, a suggestion, a metric, a service review or a balance "
        "assessment (global id)."
    )
    watching: bool = strawberry.field(description="true: watch it; false: stop watching it.")


@strawberry.input(description="How one kind of notification is mailed.")
class MailPreferenceInput:
    kind: NotificationKind = strawberry.field(description="The kind of notification.")
    delivery: MailDelivery = strawberry.field(description="At once, in the digest, or not.")


@strawberry.input(description="The viewer's own choices for notifications by e-mail.")
class UpdateMailSettingsInput:
    preferences: list[MailPreferenceInput] | None = input_field(
        f"How each kind named is mailed (kinds not named keep their choice){UNCHANGED}"
    )
    digest_hour: int | None = input_field(
        f"The hour (0 to 23, in `timeZone`) the daily digest goes{UNCHANGED}"
    )
    time_zone: str | None = input_field(
        f"The time zone, e.g. Europe/London (`Viewer.mail.timeZones` lists them){UNCHANGED}"
    )

    def deliveries(self) -> dict[str, str | None]:
        return {p.kind.value: p.delivery.value for p in self.preferences or []}
