"""The web message board's message → the unified demand.

Web messages come with a subject and a body that may carry the editor's markup (`<br>`, `<p>`,
entities), which is dropped to plain text. The author may leave a phone number, an email address,
or only a nickname; the email has no unified field, so it is kept as a note (and in the raw body).
"""
from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..bulk_import.source import PHONE_PATTERN, SourceJsonAdapter, SourceTime, plain_text

EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$"


class Author(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    name: str | None = Field(None, max_length=64)
    nickname: str | None = Field(None, max_length=64)
    phone: str | None = Field(None, pattern=PHONE_PATTERN)
    email: str | None = Field(None, max_length=254, pattern=EMAIL_PATTERN)


class Attachment(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    url: str = Field(..., min_length=1, max_length=1024)
    name: str | None = Field(None, max_length=128)


class OnlineMessageBody(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    message_id: str = Field(..., min_length=1, max_length=64)
    submitted_at: SourceTime
    subject: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=20_000)
    topic: str | None = Field(None, max_length=64)
    author: Author = Field(default_factory=Author)
    address: str | None = Field(None, max_length=256)
    attachments: list[Attachment] = Field(default_factory=list, max_length=20)
    public: bool = Field(False, description="the author agreed to publish the message and its reply")


class OnlineAdapter(SourceJsonAdapter):
    channel = "online"
    source_model = OnlineMessageBody
    source_name = "web message body"
    names = {"external_id": "message_id", "received_at": "submitted_at", "title": "subject", "content": "body",
             "category": "topic", "reporter.name": "author.name", "reporter.phone": "author.phone",
             "location.address": "address"}

    def to_demand(self, source: OnlineMessageBody) -> tuple[dict[str, Any], list[str]]:
        author = source.author
        notes = [f"web message; author's email {author.email}" if author.email else "web message"]
        if author.nickname:
            notes.append(f"author's nickname {author.nickname}")
        if source.public:
            notes.append("the author agreed to publish the message and its reply")
        return {
            "external_id": source.message_id,
            "received_at": source.submitted_at,
            "title": re.sub(r"\s+", " ", plain_text(source.subject)),
            "content": plain_text(source.body),
            "category": source.topic,
            "reporter": {"name": author.name or author.nickname, "phone": author.phone},
            "location": {"address": source.address} if source.address else None,
            "attachments": [{"url": a.url, "kind": "file", "name": a.name} for a in source.attachments],
        }, notes
