"""Answers of SIPRI's backend API: a JSON object holding the export file.

The CSV endpoints answer `{"bytes": "<base64 of the file>"}`; the `-str` variant answers
`{"result": "<the file's text>"}`. `decode_answer` returns the file's bytes, exactly as an
export downloaded from the website would hold them (what `armsdash fetch` stores);
`decode_api_answer` returns its text (what the readers parse). Both raise `FormatError`
naming the source and what is wrong (an HTML page, an empty body, truncated base64, ...).
"""

from __future__ import annotations

import base64
import binascii
import json
import re

from etl.readers.preamble import FormatError, decode

ANSWER_KEYS = ("bytes", "result")
BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")


def looks_like_api_answer(data: bytes) -> bool:
    """True when the content is a JSON object rather than a CSV export."""
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def decode_api_answer(payload: bytes | str, source: str) -> str:
    """The CSV text inside a backend answer; FormatError naming `source` if there is none."""
    body = payload.encode("utf-8") if isinstance(payload, str) else payload
    text, _ = decode(decode_answer(body, source), source)
    return text


def decode_answer(body: bytes, source: str) -> bytes:
    """The export file carried by a backend answer; FormatError if the answer is not one."""
    payload = _json_object(body, source)
    if "bytes" in payload:
        return _base64_file(payload["bytes"], source)
    if "result" in payload:
        return _text_file(payload["result"], source)
    keys = ", ".join(sorted(map(str, payload))) or "none"
    raise FormatError(f"{source}: the backend answer has no 'bytes' or 'result' field "
                      f"(keys: {keys})")


def _json_object(body: bytes, source: str) -> dict[str, object]:
    """Parse the body as a JSON object; name an empty body or an HTML page as such."""
    text = body.lstrip(b"\xef\xbb\xbf").strip()
    if not text:
        raise FormatError(f"{source}: the answer is empty")
    if text[:1] == b"<":
        raise FormatError(f"{source}: the answer is an HTML page, not JSON: {_snippet(text)}")
    try:
        payload = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise FormatError(f"{source}: the answer is not valid JSON ({err}): "
                          f"{_snippet(text)}") from None
    if not isinstance(payload, dict):
        raise FormatError(f"{source}: the answer is JSON {type(payload).__name__}, "
                          "not an object")
    return payload


def _base64_file(value: object, source: str) -> bytes:
    """Decode the 'bytes' field strictly: wrong alphabet or cut padding is an error."""
    if not isinstance(value, str):
        raise FormatError(f"{source}: field 'bytes' is {type(value).__name__}, "
                          "not a base64 string")
    compact = "".join(value.split())
    if not compact:
        raise FormatError(f"{source}: field 'bytes' is empty")
    if not BASE64.fullmatch(compact):
        raise FormatError(f"{source}: field 'bytes' is not valid base64 "
                          "(characters outside the base64 alphabet)")
    if len(compact) % 4:
        raise FormatError(f"{source}: field 'bytes' is truncated base64 "
                          f"({len(compact)} characters, not a multiple of 4)")
    try:
        data = base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError) as err:
        raise FormatError(f"{source}: field 'bytes' is not valid base64: {err}") from None
    if not data.strip():
        raise FormatError(f"{source}: field 'bytes' decodes to an empty file")
    return data


def _text_file(value: object, source: str) -> bytes:
    """The 'result' field's text as UTF-8 bytes."""
    if not isinstance(value, str):
        raise FormatError(f"{source}: field 'result' is {type(value).__name__}, not text")
    if not value.strip():
        raise FormatError(f"{source}: field 'result' is empty")
    return value.encode("utf-8")


def _snippet(text: bytes, n: int = 80) -> str:
    """The start of a body, on one line, for an error message."""
    return repr(text[:n].decode("utf-8", "replace").replace("\n", " "))
