"""Bad input: a correct result or one clear line naming file, line and column; never a
traceback. The fixture files are small invented exports in SIPRI's formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from etl.cli import main
from etl.readers.load import parse_export
from etl.readers.preamble import FormatError


def _text(fixtures_dir: Path, name: str) -> str:
    raw = (fixtures_dir / "sipri" / name).read_bytes()
    return raw.decode("cp1252" if name == "classic.csv" else "utf-8")


def _cli_build(tmp_path: Path, name: str, data: bytes,
               capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    src = tmp_path / name
    src.write_bytes(data)
    code = main(["build", "--from", str(src), "--out", str(tmp_path / "build")])
    err = capsys.readouterr().err
    return code, err


def _one_line_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("armsdash build: error: ")
    return lines[0]


def test_truncated_mid_line_is_an_error_naming_the_line(
        fixtures_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _text(fixtures_dir, "by_year.csv")
    cut = text[: text.rindex("New,1,1,2,No") + 5]  # ends in the middle of the last row
    code, err = _cli_build(tmp_path, "cut.csv", cut.encode(), capsys)
    line = _one_line_error(err)
    assert code == 1 and "cut.csv: line 21" in line and "truncated" in line
    assert not (tmp_path / "build").exists()


def test_truncated_inside_a_cell_is_also_caught(fixtures_dir: Path) -> None:
    text = _text(fixtures_dir, "by_year.csv")
    cut = text[: text.rindex(",No")]  # all cells present but the last one cut away
    with pytest.raises(FormatError, match=r"cut\.csv: line 21: .*truncated"):
        parse_export(cut.encode(), "cut.csv")


def test_resaved_file_without_final_line_end_is_not_truncated(fixtures_dir: Path) -> None:
    text = _text(fixtures_dir, "by_year.csv")
    resaved = "\r\n".join(line + ";" for line in text.splitlines())  # no final line end
    assert parse_export(resaved.encode(), "resaved.csv").rows_kept == 9


def test_utf8_where_cp1252_expected_reads_the_same(fixtures_dir: Path) -> None:
    text = _text(fixtures_dir, "classic.csv")
    a = parse_export(text.encode("cp1252"), "a.csv")
    b = parse_export(text.encode("utf-8"), "b.csv")
    assert (a.encoding, b.encoding) == ("cp1252", "utf-8")
    assert a.frame.equals(b.frame)
    assert "Wärtsilä" in " ".join(b.frame["comments"].dropna())


def test_cp1252_where_utf8_expected_reads_the_same(fixtures_dir: Path) -> None:
    text = _text(fixtures_dir, "by_year.csv").replace("FX-Gun", "FX-Gün")
    a = parse_export(text.encode("utf-8"), "a.csv")
    b = parse_export(text.encode("cp1252"), "b.csv")
    assert "FX-Gün" in set(b.frame["designation"])
    assert a.frame.equals(b.frame)


def test_not_a_sipri_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _cli_build(tmp_path, "notes.csv", b"name,value\nfoo,1\n", capsys)
    assert code == 1 and "notes.csv: not a SIPRI export" in _one_line_error(err)


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _cli_build(tmp_path, "empty.csv", b"", capsys)
    assert code == 1 and "empty.csv: the file is empty" in _one_line_error(err)


def test_missing_required_column_is_named(fixtures_dir: Path) -> None:
    text = _text(fixtures_dir, "by_year.csv").replace("TIV delivery values", "Remarks")
    with pytest.raises(FormatError,
                       match=r"x\.csv: line 12: missing required column\(s\) 'TIV delivery"):
        parse_export(text.encode(), "x.csv")


def test_missing_classic_column_is_named(fixtures_dir: Path) -> None:
    text = _text(fixtures_dir, "classic.csv").replace(",status,", ",state,")
    with pytest.raises(FormatError, match=r"missing required column\(s\) 'status'"):
        parse_export(text.encode("cp1252"), "c.csv")


def test_unknown_extra_column_is_ignored_and_listed(fixtures_dir: Path) -> None:
    lines = _text(fixtures_dir, "by_year.csv").splitlines()
    header = lines.index(next(x for x in lines if x.startswith("SIPRI AT Database ID")))
    extra = lines[: header] + [lines[header] + ",Remarks"] + [
        x + ",note" for x in lines[header + 1:]]
    plain = parse_export("\n".join(lines).encode() + b"\n", "plain.csv")
    p = parse_export("\n".join(extra).encode() + b"\n", "extra.csv")
    assert p.ignored_columns == ["Remarks"]
    assert p.frame.equals(plain.frame)


def test_duplicated_rows_are_rejected_and_accounted(
        fixtures_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _text(fixtures_dir, "by_year.csv").splitlines()
    doubled = "\n".join([*lines, lines[-1], lines[-2]]) + "\n"
    p = parse_export(doubled.encode(), "dup.csv")
    assert (p.rows_read, p.rows_kept, len(p.rejects)) == (11, 9, 2)
    assert p.rejects[0].reason == "duplicate of line 21"
    code, err = _cli_build(tmp_path, "dup.csv", doubled.encode(), capsys)
    assert code == 0 and "2 row(s) rejected" in err and "Traceback" not in err
    manifest = json.loads((tmp_path / "build" / "manifest.json").read_text())
    assert manifest["rejected"][str(tmp_path / "dup.csv")]["count"] == 2
    rejects = (tmp_path / "build" / "rejects.csv").read_text().splitlines()
    assert len(rejects) == 3 and "duplicate of line 21" in rejects[1]


def test_duplicated_classic_rows_are_separate_deals(fixtures_dir: Path) -> None:
    p = parse_export((fixtures_dir / "sipri" / "classic.csv").read_bytes(), "c.csv")
    assert p.rejects == [] and (p.frame["designation"] == "FX-Gun").sum() == 2


def test_non_numeric_tiv_names_file_line_and_column(
        fixtures_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _text(fixtures_dir, "by_year.csv").replace(",3,3,30,No", ",3,3,thirty,No")
    code, err = _cli_build(tmp_path, "bad.csv", text.encode(), capsys)
    line = _one_line_error(err)
    assert code == 1
    assert "bad.csv: line 15, column 'TIV delivery values': not a number: 'thirty'" in line


def test_non_numeric_tiv_in_a_tiv_table(fixtures_dir: Path) -> None:
    text = _text(fixtures_dir, "tiv_imports.csv").replace("Pakistan,,35,", "Pakistan,,n/a,")
    with pytest.raises(FormatError, match=r"t\.csv: line 11, column '2022': not a number"):
        parse_export(text.encode(), "t.csv")


def test_non_numeric_classic_tiv(fixtures_dir: Path) -> None:
    text = _text(fixtures_dir, "classic.csv").replace(",2.4,21.6,21.6", ",2.4,21.6,lots")
    with pytest.raises(FormatError, match=r"column 'SIPRI TIV of delivered weapons'"):
        parse_export(text.encode("cp1252"), "c.csv")


def test_wrong_number_of_cells(fixtures_dir: Path) -> None:
    text = _text(fixtures_dir, "by_year.csv").replace("FX-Tank,tank", "FX-Tank,tank,extra")
    with pytest.raises(FormatError, match=r"line 15: expected 17 cells, found 18"):
        parse_export(text.encode(), "w.csv")


def test_missing_source_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", "--from", str(tmp_path / "nope"), "--out", str(tmp_path / "b")])
    err = capsys.readouterr().err
    assert code == 1 and "no such file or folder" in _one_line_error(err)

