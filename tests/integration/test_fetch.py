"""`armsdash fetch` against the fake SIPRI backend on loopback: success, splitting, retries,
bad answers, resuming, and the offline message."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pytest

from etl.cli import main
from etl.errors import UserError
from etl.fetch.answers import cells
from etl.fetch.client import Policy
from etl.fetch.progress import Progress
from etl.fetch.raw_store import PROVENANCE, STAGING
from etl.fetch.run import BadAnswer, FetchError, Options, SipriUnreachable, fetch_release
from etl.readers.preamble import load_preamble
from tests.support.fake_sipri import FIXTURES, FakeSipri, closed_port_url

FAST = Policy(timeout=5.0, attempts=3, backoff=0.001, connect_backoff=0.001, max_backoff=0.01,
              jitter=0.5, pause=0.0)
NAMES = {
    "trade-register-by-delivery-year_1950-2025.csv": "register-by-year.csv",
    "trade-register_1950-2025.csv": "register-classic.csv",
    "tiv-imports_1950-2025.csv": "tiv-imports.csv",
    "tiv-exports_1950-2025.csv": "tiv-exports.csv",
}


@pytest.fixture
def fake() -> FakeSipri:
    with FakeSipri(FIXTURES) as server:
        yield server


def fetch(fake: FakeSipri, raw: Path, **over: object) -> tuple[Path, str]:
    """Fetch from the fake with fast retries; the release folder and the log text."""
    log = io.StringIO()
    options = replace(Options(base_url=fake.base_url, policy=FAST), **over)  # type: ignore[arg-type]
    folder = fetch_release(raw, options, Progress(log, tty=False))
    return folder, log.getvalue()


def data_rows(path: Path) -> list[str]:
    """The data lines of an export, sorted, decoded."""
    pre = load_preamble(path)
    return sorted(line for line in pre.lines[pre.header_index + 1:] if line.strip())


def test_success_stores_every_answer_unchanged_with_provenance(fake: FakeSipri,
                                                                 tmp_path: Path) -> None:
    folder, log = fetch(fake, tmp_path)
    assert folder == tmp_path / "sipri" / "2026-03-14"
    assert fake.kinds() == ["max_year", "by_year", "classic", "tiv_imports", "tiv_exports"]
    for stored, fixture in NAMES.items():
        assert (folder / stored).read_bytes() == (FIXTURES / fixture).read_bytes(), stored
        assert (folder / stored.replace(".csv", ".request.json")).is_file()
    prov = json.loads((folder / PROVENANCE).read_text())
    assert prov["complete"] is True and prov["release"] == "2026-03-14"
    assert prov["max_year"] == 2025 and prov["first_year"] == 1950
    record = prov["answers"]["trade-register-by-delivery-year"]
    assert record["url"] == fake.base_url + "/trades/trade-register-csv/"
    assert record["data_generated"] == "2026-03-14T10:15:00"
    assert record["bytes"] == (FIXTURES / "register-by-year.csv").stat().st_size
    assert len(record["sha256"]) == 64 and record["fetched_at"].endswith("+00:00")
    assert record["request"] == json.loads((folder / record["request_file"]).read_text())
    assert not (tmp_path / "sipri" / STAGING).exists()
    assert "[4/4] TIV table by supplier" in log


def test_requests_are_polite_and_shaped_as_the_backend_expects(fake: FakeSipri,
                                                                tmp_path: Path) -> None:
    fetch(fake, tmp_path)
    posts = [seen for seen in fake.requests if seen.method == "POST"]
    assert all(s.headers["User-Agent"].startswith("armsdash/") for s in fake.requests)
    assert all(s.headers["Content-Type"] == "application/json" for s in posts)
    fields = {s.kind: [f["field"] for f in s.body["filters"]] for s in posts}
    assert fields["by_year"] == ["Delivery year", "Order year", "opendeals", "exportOption"]
    assert fields["classic"] == ["Delivery year", "Order year", "opendeals"]
    assert fields["tiv_imports"] == ["Year range 1", "DeliveryType", "Status"]
    assert fields["tiv_exports"] == ["Year range 1", "DeliveryType", "Status", "orderbyseller"]
    delivery = posts[0].body["filters"][0]
    assert (delivery["value1"], delivery["value2"]) == (1950, 2025)


def test_a_wrong_body_is_refused_by_the_fake(fake: FakeSipri) -> None:
    """The fake checks bodies like the backend: a missing filter key is a 400."""
    import urllib.error
    import urllib.request

    body = {"filters": [{"field": "Delivery year", "condition": "contains", "value1": 1950,
                         "value2": 2025, "listData": []}], "logic": "AND"}
    request = urllib.request.Request(fake.base_url + "/trades/trade-register-csv/",
                                     data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    assert info.value.code == 400
    info.value.close()


@pytest.mark.parametrize("status", [500, 413])
def test_a_range_too_large_is_split_and_merged(fake: FakeSipri, tmp_path: Path,
                                               status: int) -> None:
    fake.too_large = {"by_year": 20, "classic": 40}
    fake.too_large_status = status
    folder, log = fetch(fake, tmp_path)
    by_year = folder / "trade-register-by-delivery-year_1950-2025.csv"
    classic = folder / "trade-register_1950-2025.csv"
    assert data_rows(by_year) == data_rows(FIXTURES / "register-by-year.csv")
    assert data_rows(classic) == data_rows(FIXTURES / "register-classic.csv")
    assert "year range '1950' to '2025'" in load_preamble(by_year).lines[0]
    parts = sorted(p.name for p in (folder / "parts").glob("trade-register-by-*.csv"))
    assert parts == [f"trade-register-by-delivery-year_{a}-{b}.csv" for a, b in
                     [(1950, 1968), (1969, 1987), (1988, 2006), (2007, 2025)]]
    prov = json.loads((folder / PROVENANCE).read_text())
    merged = prov["answers"]["trade-register-by-delivery-year"]
    assert [p["years"] for p in merged["merged_from"]][:2] == [[1950, 1968], [1969, 1987]]
    assert sum(p["rows"] for p in merged["merged_from"]) == merged["rows"] == 19
    assert "asking for 1950-1987 and 1988-2025 separately" in log
    if status == 413:  # a 413 is not retried, only split
        assert fake.kinds().count("by_year") == 1 + 2 + 4


def test_max_span_asks_in_year_ranges_from_the_start(fake: FakeSipri, tmp_path: Path) -> None:
    folder, _ = fetch(fake, tmp_path, max_span=30)
    ranges = [(s.body["filters"][0]["value1"], s.body["filters"][0]["value2"])
              for s in fake.requests if s.kind == "by_year"]
    assert ranges == [(1950, 1979), (1980, 2009), (2010, 2025)]
    assert data_rows(folder / "trade-register-by-delivery-year_1950-2025.csv") == data_rows(
        FIXTURES / "register-by-year.csv")


def test_retry_after_503_then_success(fake: FakeSipri, tmp_path: Path) -> None:
    fake.faults = {"by_year": [503, 503], "max_year": [502]}
    _, log = fetch(fake, tmp_path)
    assert fake.kinds().count("by_year") == 3
    assert fake.kinds().count("max_year") == 2
    assert "HTTP 503" in log and "attempt 1 of 3" in log


def test_a_timeout_is_retried(fake: FakeSipri, tmp_path: Path) -> None:
    fake.faults = {"tiv_imports": ["slow"]}
    fake.slow_seconds = 0.6
    _, log = fetch(fake, tmp_path, policy=replace(FAST, timeout=0.2))
    assert fake.kinds().count("tiv_imports") == 2
    assert "no answer within 0.2 s" in log


def test_a_400_is_not_retried(fake: FakeSipri, tmp_path: Path) -> None:
    fake.faults = {"classic": [400]}
    with pytest.raises(FetchError, match=r"trade-register-csv/ \(trade register.*HTTP 400"):
        fetch(fake, tmp_path)
    assert fake.kinds().count("classic") == 1
    assert not list((tmp_path / "sipri").glob("2*"))


@pytest.mark.parametrize(("fault", "message"), [
    ("html", "HTML page, not JSON"),
    ("empty", "the answer is empty"),
    ("truncated", "truncated base64"),
    ("cut_rows", "cut off"),
    ("wrong_format", "expected SIPRI's by_year format"),
])
def test_a_bad_answer_is_an_error_naming_the_endpoint(fake: FakeSipri, tmp_path: Path,
                                                      fault: str, message: str) -> None:
    fake.faults = {"by_year": [fault]}
    with pytest.raises(BadAnswer, match=message) as info:
        fetch(fake, tmp_path)
    assert "/trades/trade-register-csv/ (register by delivery year 1950-2025)" in str(info.value)
    root = tmp_path / "sipri"
    assert not list(root.glob("2*"))
    assert not list((root / STAGING).glob("*.csv"))


def test_a_tiv_table_of_the_wrong_side_is_refused(fake: FakeSipri, tmp_path: Path) -> None:
    fake.faults = {"tiv_exports": ["wrong_format"]}
    with pytest.raises(BadAnswer, match="expected the TIV table of exports"):
        fetch(fake, tmp_path)


def test_an_interrupted_run_resumes_with_only_the_missing_answers(fake: FakeSipri,
                                                                   tmp_path: Path) -> None:
    fake.faults = {"tiv_imports": [400]}
    with pytest.raises(FetchError):
        fetch(fake, tmp_path)
    staged = tmp_path / "sipri" / STAGING
    assert (staged / "trade-register_1950-2025.csv").is_file()
    fake.requests.clear()
    folder, log = fetch(fake, tmp_path)
    assert fake.kinds() == ["max_year", "tiv_imports", "tiv_exports"]
    assert "[1/4] register by delivery year: already stored" in log
    for stored, fixture in NAMES.items():
        assert (folder / stored).read_bytes() == (FIXTURES / fixture).read_bytes()


def test_a_damaged_staged_answer_is_fetched_again(fake: FakeSipri, tmp_path: Path) -> None:
    fake.faults = {"tiv_exports": [400]}
    with pytest.raises(FetchError):
        fetch(fake, tmp_path)
    (tmp_path / "sipri" / STAGING / "tiv-imports_1950-2025.csv").write_bytes(b"half")
    fake.requests.clear()
    fetch(fake, tmp_path)
    assert fake.kinds() == ["max_year", "tiv_imports", "tiv_exports"]


def test_a_stored_release_is_not_fetched_again_unless_forced(fake: FakeSipri,
                                                             tmp_path: Path) -> None:
    first, _ = fetch(fake, tmp_path)
    fake.requests.clear()
    again, log = fetch(fake, tmp_path)
    assert again == first and fake.kinds() == ["max_year"]
    assert "already stored" in log
    fake.requests.clear()
    forced, _ = fetch(fake, tmp_path, force=True)
    assert forced == first and len(fake.kinds()) == 5
    assert sorted(p.name for p in (tmp_path / "sipri").iterdir()) == [".lock", "2026-03-14"]


def test_offline_gives_one_clear_message_and_keeps_earlier_data(fake: FakeSipri,
                                                                tmp_path: Path) -> None:
    earlier, _ = fetch(fake, tmp_path)
    before = {p: p.read_bytes() for p in earlier.rglob("*") if p.is_file()}
    options = Options(base_url=closed_port_url(), policy=FAST, force=True)
    with pytest.raises(SipriUnreachable) as info:
        fetch_release(tmp_path, options, Progress(io.StringIO(), tty=False))
    message = str(info.value)
    assert message.startswith("SIPRI could not be reached")
    assert "armsdash build --from PATH" in message and "ARMSDASH_FROM=PATH" in message
    assert "after 3 attempts" in message
    assert {p: p.read_bytes() for p in earlier.rglob("*") if p.is_file()} == before
    assert isinstance(info.value, UserError)


def test_sipri_down_after_the_retries_is_the_same_message(fake: FakeSipri,
                                                          tmp_path: Path) -> None:
    fake.faults = {"tiv_imports": [503, 503, 503]}
    with pytest.raises(SipriUnreachable, match=r"SIPRI could not be reached .*HTTP 503"):
        fetch(fake, tmp_path)


def test_cli_offline_exits_non_zero_without_traceback(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    code = main(["fetch", "--out", str(tmp_path), "--base-url", closed_port_url(),
                 "--retries", "0", "--timeout", "2"])
    err = capsys.readouterr().err
    assert code == 1
    assert "armsdash fetch: error: SIPRI could not be reached" in err
    assert "Traceback" not in err


def test_cli_fetch_prints_the_release_folder(fake: FakeSipri, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("etl.fetch.run.Policy", lambda: replace(Policy(), pause=0.0))
    code = main(["fetch", "--out", str(tmp_path), "--base-url", fake.base_url])
    out = capsys.readouterr().out.strip()
    assert code == 0 and out == str(tmp_path / "sipri" / "2026-03-14")


def test_progress_on_a_terminal_shows_step_and_elapsed_time(fake: FakeSipri,
                                                            tmp_path: Path) -> None:
    fake.faults = {"by_year": ["slow"]}
    fake.slow_seconds = 0.3
    log = io.StringIO()
    options = Options(base_url=fake.base_url, policy=FAST)
    fetch_release(tmp_path, options, Progress(log, tty=True, tick=0.05))
    text = log.getvalue()
    assert "\r\x1b[K" in text
    assert "[1/4] register by delivery year 1950-2025 ... 0 s (total" in text


def test_the_by_year_answer_keeps_one_row_per_deal_and_year(fake: FakeSipri,
                                                            tmp_path: Path) -> None:
    """The split answers hold each (deal, year) once: the merged file has no duplicate."""
    fake.too_large = {"by_year": 10}
    folder, _ = fetch(fake, tmp_path)
    rows = [cells(line) for line in data_rows(
        folder / "trade-register-by-delivery-year_1950-2025.csv")]
    keys = [(r[0], r[10]) for r in rows]
    assert len(keys) == len(set(keys)) == 19


@pytest.mark.realdata
def test_split_and_merge_keep_every_deal_year_of_a_real_export(sipri_dir: Path,
                                                                tmp_path: Path) -> None:
    """Served in year ranges, SIPRI's 1990-2023 register merges back to the same rows."""
    from etl.fetch.client import Client
    from etl.fetch.run import fetch_query
    from etl.fetch.sipri_api import plan

    original = sipri_dir / "trade-register-by-delivery-year_1990-2023_generated-2024-04-13.csv"
    (tmp_path / "by_year.csv").symlink_to(original)
    with FakeSipri(tmp_path, max_year=2023, too_large={"by_year": 10}) as server:
        query = plan(1990, 2023)[0]
        options = Options(base_url=server.base_url, policy=FAST)
        files, record = fetch_query(Client(server.base_url, FAST), query, options,
                                    Progress(io.StringIO(), tty=False), (1, 1), 2023)
    merged = tmp_path / "merged.csv"
    merged.write_bytes(files[record["file"]])
    assert data_rows(merged) == data_rows(original)
    assert len(record["merged_from"]) == 4 and record["rows"] == 27838
    assert load_preamble(merged).release == "2024-04-13"


def test_retry_after_is_honoured(fake: FakeSipri) -> None:
    from etl.fetch.client import Client

    fake.faults = {"max_year": [503]}
    fake.retry_after = "3"
    waits: list[float] = []
    client = Client(fake.base_url, replace(FAST, max_backoff=10.0), sleep=waits.append)
    assert client.get("/trades/getMaxYear") == b"2025"
    assert waits == [3.0]


def test_answers_without_gzip_are_read_too(fake: FakeSipri, tmp_path: Path) -> None:
    fake.gzip = False
    folder, _ = fetch(fake, tmp_path)
    for stored, fixture in NAMES.items():
        assert (folder / stored).read_bytes() == (FIXTURES / fixture).read_bytes()


def test_a_staged_download_for_another_year_is_started_afresh(fake: FakeSipri,
                                                              tmp_path: Path) -> None:
    fake.max_year = 2024
    fake.faults = {"classic": [400]}
    with pytest.raises(FetchError):
        fetch(fake, tmp_path)
    fake.max_year = 2025
    fake.requests.clear()
    folder, _ = fetch(fake, tmp_path)
    assert fake.kinds() == ["max_year", "by_year", "classic", "tiv_imports", "tiv_exports"]
    assert json.loads((folder / PROVENANCE).read_text())["max_year"] == 2025


def test_a_run_resumed_on_a_later_release_date_refetches_the_older_answers(
        fake: FakeSipri, tmp_path: Path) -> None:
    """One folder holds one release: answers stamped on an earlier day are asked again."""
    fake.faults = {"classic": [400]}
    with pytest.raises(FetchError):
        fetch(fake, tmp_path)
    for table in fake.tables.values():  # SIPRI's exports now carry the next day's stamp
        table.preamble = [line.replace("14 Mar 2026", "15 Mar 2026") for line in table.preamble]
    fake.requests.clear()
    folder, log = fetch(fake, tmp_path)
    assert folder.name == "2026-03-15"
    assert fake.kinds() == ["max_year", "classic", "tiv_imports", "tiv_exports", "by_year"]
    assert "fetched again so that the release is one: trade-register-by-delivery-year" in log
    prov = json.loads((folder / PROVENANCE).read_text())
    assert {a["release"] for a in prov["answers"].values()} == {"2026-03-15"}


def test_two_downloads_into_one_folder_are_refused(fake: FakeSipri, tmp_path: Path) -> None:
    from etl.fetch.raw_store import locked

    with locked(tmp_path / "sipri"), pytest.raises(FetchError, match="another download"):
        fetch(fake, tmp_path)


@pytest.mark.realdata
@pytest.mark.parametrize(("name", "index", "last"), [
    ("trade-register-by-delivery-year_1990-2023_generated-2024-04-13.csv", 0, 2023),
    ("trade-register-by-delivery-year_1995-2024_generated-2026-02-12_excel-resaved.csv", 0,
     2024),
    ("api-response_trade-register-by-delivery-year_2000-2001_generated-2025-02-10.csv", 0,
     2001),
    ("trade-register_all-years_generated-2026-05-18.csv", 1, 2025),
    ("tiv-imports_1990-2023_generated-2024-04-13.csv", 2, 2023),
    ("tiv-exports_1990-2023_generated-2024-04-13.csv", 3, 2023),
])
def test_the_answer_checks_accept_real_exports(sipri_dir: Path, name: str, index: int,
                                               last: int) -> None:
    """The checks are strict on broken answers, not on SIPRI's own files."""
    from etl.fetch.answers import check_answer
    from etl.fetch.sipri_api import plan

    query = plan(1950, last)[index]
    answer = check_answer((sipri_dir / name).read_bytes(), query, name, 1950, last, last)
    assert len(answer.rows) > 100
