"""The backend's JSON answers: `{"bytes": "<base64 of the CSV file>"}` or
`{"result": "<CSV text>"}`, decoded to the CSV text the other readers parse."""

from __future__ import annotations

import base64
import binascii
import json

from etl.readers.preamble import FormatError, decode


def looks_like_api_answer(data: bytes) -> bool:
    """True when the content is a JSON object rather than a CSV export."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def decode_api_answer(payload: bytes | str, source: str) -> str:
    """The CSV text inside a backend answer; FormatError naming `source` if there is none."""
    try:
        answer = json.loads(payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise FormatError(f"{source}: not a JSON answer from the SIPRI backend: {err}") from None
    if not isinstance(answer, dict):
        raise FormatError(f"{source}: the backend answer is not a JSON object")
    if isinstance(answer.get("bytes"), str):
        try:
            raw = base64.b64decode(answer["bytes"], validate=True)
        except (binascii.Error, ValueError) as err:
            raise FormatError(f"{source}: field 'bytes' is not valid base64: {err}") from None
        text, _ = decode(raw, source)
        return text
    if isinstance(answer.get("result"), str):
        if not answer["result"].strip():
            raise FormatError(f"{source}: field 'result' is empty")
        return str(answer["result"])
    keys = ", ".join(map(repr, answer)) or "none"
    raise FormatError(
        f"{source}: the backend answer has no 'bytes' or 'result' field (keys: {keys})"
    )
