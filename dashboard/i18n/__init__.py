"""UI text: Simplified Chinese by default, English switchable."""
from __future__ import annotations

from .console import CONSOLE_MESSAGES
from .messages import MESSAGES as _BASE

MESSAGES = {lang: {**_BASE[lang], **CONSOLE_MESSAGES[lang]} for lang in _BASE}

# briefing
from .briefing import BRIEFING_MESSAGES  # noqa: E402

for _lang, _table in BRIEFING_MESSAGES.items():
    MESSAGES[_lang].update(_table)


def translator(lang: str):  # noqa: ANN201
    table = MESSAGES.get(lang, MESSAGES["zh-CN"])

    def t(key: str, **values: object) -> str:
        text = table.get(key) or MESSAGES["zh-CN"].get(key) or key
        return text.format(**values) if values else text

    return t
