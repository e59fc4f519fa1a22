"""Fuzzing voclab.load: any bytes, any CSV damage → a DataFrame or a VoclabError, never anything else."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import voclab
from voclab.exceptions import VoclabError
from voclab.ingest.validate import reconciles

SUFFIXES = [".csv", ".tsv", ".json", ".ndjson", ".xml", ".sav", ".xlsx", ".parquet", ".txt"]
FIXTURES = Path(__file__).parent / "fixtures"
GOOD_FILES = {
    name: (FIXTURES / name).read_bytes()
    for name in (
        "tables/behaviour_long.csv",
        "surveys/qualtrics_numeric.csv",
        "surveys/surveymonkey_expanded.csv",
        "social/tweets_airline.csv",
    )
}


def _load_or_voclab_error(path: Path) -> None:
    try:
        frame = voclab.load(path)
    except VoclabError:
        return
    meta = frame.attrs["voclab"]
    assert reconciles(meta)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    _load_or_voclab_error(path)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=st.sampled_from(sorted(GOOD_FILES)),
    cuts=st.lists(
        st.tuples(
            st.integers(0, 4000),
            st.sampled_from([b"", b'"', b",", b"\n", b"\x00", b"\xff", b'""\n,', b"{", b"\t"]),
        ),
        max_size=5,
    ),
    keep=st.floats(0.0, 1.0),
)
def test_damaged_csv(tmp_path, name, cuts, keep):
    good = GOOD_FILES[name]
    data = bytearray(good[: max(1, int(len(good) * keep))])
    for position, junk in cuts:
        position = min(position, len(data))
        data[position : position + 1] = junk
    path = tmp_path / Path(name).name
    path.write_bytes(bytes(data))
    _load_or_voclab_error(path)
