"""Decoding the backend's JSON answers: the file, or an error naming the source."""

from __future__ import annotations

import base64
import json

import pytest

from etl.readers.api import decode_answer, decode_api_answer
from etl.readers.preamble import FormatError

CSV = "Data generated: 14 Mar 2026 10:15:00 AM\nRecipient,2024\nIndia,5\n".encode("cp1252")


def test_bytes_answer_gives_the_file_unchanged() -> None:
    body = json.dumps({"bytes": base64.b64encode(CSV + "Wärtsilä".encode("cp1252"))
                       .decode()}).encode()
    assert decode_answer(body, "src") == CSV + b"W\xe4rtsil\xe4"


def test_result_answer_gives_the_text_as_utf8() -> None:
    body = json.dumps({"result": "Recipient,2024\nTürkiye,3\n"}).encode()
    assert decode_answer(body, "src") == "Recipient,2024\nTürkiye,3\n".encode()


def test_text_view_decodes_cp1252_files() -> None:
    body = json.dumps({"bytes": base64.b64encode("Wärtsilä\n".encode("cp1252")).decode()})
    assert decode_api_answer(body, "src") == "Wärtsilä\n"


@pytest.mark.parametrize(("body", "message"), [
    (b"", "src: the answer is empty"),
    (b"  \n", "src: the answer is empty"),
    (b"<!DOCTYPE html><html>Down for maintenance</html>", "src: the answer is an HTML page"),
    (b'{"bytes": "QUJD', "src: the answer is not valid JSON"),
    (b"[1, 2]", "src: the answer is JSON list, not an object"),
    (b'{"data": "x"}', "src: the backend answer has no 'bytes' or 'result' field "
                       "\\(keys: data\\)"),
    (b'{"bytes": 12}', "src: field 'bytes' is int, not a base64 string"),
    (b'{"bytes": ""}', "src: field 'bytes' is empty"),
    (b'{"bytes": "QUJDRE"}', "src: field 'bytes' is truncated base64 \\(6 characters"),
    (b'{"bytes": "QU*DREVG"}', "src: field 'bytes' is not valid base64"),
    (b'{"bytes": "ICAg"}', "src: field 'bytes' decodes to an empty file"),
    (b'{"result": null}', "src: field 'result' is NoneType, not text"),
    (b'{"result": " "}', "src: field 'result' is empty"),
])
def test_bad_answers_are_named(body: bytes, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        decode_answer(body, "src")
