"""Tiny inputs may not cost huge memory or time: every limit refuses before the file is opened."""

from __future__ import annotations

import resource
import time
import zipfile

import pandas as pd
import pytest

import voclab
from voclab.cli import main
from voclab.config import Limits
from voclab.exceptions import FormatError


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_from_its_directory(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b" " * (64 << 20))  # 64 MB of whitespace
    assert bomb.stat().st_size < 200_000
    before = _peak_mb()
    with pytest.raises(
        FormatError, match=r"bomb\.xlsx: 64 MB once unpacked, over the limit of 32 MB.*max_uncompressed"
    ):
        voclab.load(bomb, limits=Limits(max_uncompressed_mb=32))
    print(f"peak RSS growth on the workbook bomb: {_peak_mb() - before:.0f} MB")


def test_a_parquet_file_with_too_many_cells_is_refused_from_its_footer(tmp_path):
    path = tmp_path / "wide.parquet"
    pd.DataFrame({f"c{i}": [0] * 1000 for i in range(20)}).to_parquet(path)
    with pytest.raises(FormatError, match=r"1,000 rows × 20 columns, over the limit of 10,000 cells.*max_cells"):
        voclab.load(path, limits=Limits(max_cells=10_000))


def test_a_header_of_200k_columns_is_refused_at_once(tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(200_000)) + "\n" + "1," * 199_999 + "1\n")
    started = time.perf_counter()
    with pytest.raises(FormatError, match=r"200,000 columns in the header, over the limit of 5,000.*max_columns"):
        voclab.load(path)
    assert time.perf_counter() - started < 30  # refused before parsing (it took minutes before)


def test_an_overlong_line_is_refused_with_its_number(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("id,text\n1,ok\n2," + "x" * 300_000 + "\n")
    with pytest.raises(FormatError, match=r"line 3 is longer than 256 KB.*max_line_kb"):
        voclab.load(path, limits=Limits(max_line_kb=256))


def test_a_sparse_file_is_refused_before_a_byte_is_read(tmp_path):
    path = tmp_path / "sparse.csv"
    with open(path, "wb") as fh:
        fh.truncate(3 << 30)  # 3 GB apparent size, no blocks on disk
    with pytest.raises(FormatError, match=r"sparse\.csv: 3,072 MB on disk, over the limit of 2,048 MB.*max_file_mb"):
        voclab.load(path)


@pytest.mark.parametrize(("limits", "code"), [("", 0), ("\n[limits]\nmax_columns = 3\n", 2)])
def test_limits_in_voclab_toml_reach_ingest(tmp_path, capsys, monkeypatch, limits, code):
    data = tmp_path / "reviews.csv"
    data.write_text("id,text,a,b,c\n1,good,1,2,3\n")
    (tmp_path / "voclab.toml").write_text(f'[[sources]]\nfile = "{data}"\nkind = "table"\n{limits}')
    monkeypatch.chdir(tmp_path)
    assert main(["ingest"]) == code
    assert ("5 columns in the header, over the limit of 3" in capsys.readouterr().err) == bool(code)
