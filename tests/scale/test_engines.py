"""The pandas and Dask engines give the same answer: per text, and for the aggregates reports show."""

from __future__ import annotations

import contextlib

import pandas as pd
import pytest

from voclab.config import Compute
from voclab.engine import choose_engine, dask_client
from voclab.text import analyze, net_sentiment

TEXTS = pd.DataFrame(
    {
        "id": [f"t{i}" for i in range(300)],
        "title": ["Billing again"] * 300,
        "author": ["Jo Bloggs"] * 300,
        "text": [
            "Hi team, I was charged twice this month. Thanks in advance, Tara",
            "Love the new dark mode :) https://t.co/xyz",
            "El servicio es muy malo y no funciona",
            "",
            None,
            "The courier lost my parcel, mail me at jo@example.com",
        ]
        * 50,
    }
)


@pytest.fixture(scope="module")
def client():
    with dask_client(Compute(engine="dask", workers=2, memory_limit="1GB")) as client:
        yield client


def test_the_workers_of_a_local_cluster_run_with_its_settings(client):
    """LOCAL_WORKER_CONFIG reaches the worker processes: no statistical profiler, glibc's adaptive mmap threshold
    left on (Dask's MALLOC_TRIM_THRESHOLD_ unset), the imports frozen out of the garbage collector's view."""
    import gc
    import os

    import dask

    def settings():
        profiler = dask.config.get("distributed.worker.profile.enabled")
        return profiler, os.environ.get("MALLOC_TRIM_THRESHOLD_"), gc.get_freeze_count() > 100_000

    assert set(client.run(settings).values()) == {(False, None, True)}


def test_a_local_cluster_does_not_claim_the_dashboard_port():
    """Two voclab runs at once, or a notebook's own cluster on port 8787: no "port already in use" warning."""
    import socket
    import warnings

    with socket.socket() as taken, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with contextlib.suppress(OSError):  # held by someone else: taken all the same
            taken.bind(("127.0.0.1", 8787))
            taken.listen()
        with dask_client(Compute(engine="dask", workers=1, memory_limit="1GB")) as client:
            assert client.submit(sum, [1, 2]).result() == 3
    assert not [w for w in caught if "already in use" in str(w.message)]


def test_dask_engine_equals_pandas_on_every_row(client):
    pandas = analyze(TEXTS, jobs=1, chunk_size=40)
    dask = analyze(TEXTS, engine="dask", chunk_size=40)
    pd.testing.assert_frame_equal(dask, pandas)
    assert dask.attrs == pandas.attrs
    pd.testing.assert_frame_equal(net_sentiment(dask, by="language"), net_sentiment(pandas, by="language"))


def test_dask_engine_equals_pandas_on_the_demo(client, demo):
    tables, _ = demo
    feedback = tables.feedback
    pd.testing.assert_frame_equal(
        analyze(feedback, engine="dask", handles=True, chunk_size=500), analyze(feedback, handles=True, jobs=1)
    )


def test_the_engine_switches_to_dask_at_dask_from_and_says_so():
    said = []
    assert choose_engine(999, Compute(dask_from=1_000), say=said.append) == "pandas" and not said
    assert choose_engine(1_000, Compute(dask_from=1_000), say=said.append) == "dask"
    assert said == ['1,000 texts: running on Dask ([compute] dask_from = 1,000; engine = "pandas" below)']
    assert choose_engine(1, Compute(engine="dask")) == "dask"


def test_aggregates_on_dask_equal_the_pandas_ones(client, demo):
    import dask
    import dask.dataframe as dd

    from voclab.text import starter_codebook, theme_counts

    tables, _ = demo
    scored = analyze(tables.feedback, handles=True, jobs=1)
    scored["month"] = pd.to_datetime(scored.created_at, utc=True).dt.strftime("%Y-%m")
    with dask.config.set({"dataframe.convert-string": False}):  # the same column types as the pandas frame
        partitioned = dd.from_pandas(scored, npartitions=7, sort=False)
    for by in (["channel"], ["month", "channel"]):
        pd.testing.assert_frame_equal(net_sentiment(partitioned, by=by), net_sentiment(scored, by=by))
    pd.testing.assert_frame_equal(net_sentiment(partitioned), net_sentiment(scored))
    themes = starter_codebook().themes
    counts = theme_counts(partitioned, themes, ["month", "channel"])
    pd.testing.assert_frame_equal(counts, theme_counts(scored, themes, ["month", "channel"]))
    assert counts.texts.sum() == len(scored) and counts.Billing.sum() == scored.Billing.sum()


def _with(project, folder, section: str):
    """The session project's config with its own interim folder (no shared cache) and ``section`` appended."""
    import re

    folder.mkdir(parents=True, exist_ok=True)
    text = re.sub(r'(?m)^interim = ".*"$', f'interim = "{folder / "interim"}"', project.read_text())
    (folder / "voclab.toml").write_text(text + "\n" + section)
    return folder / "voclab.toml"


def test_compute_keys_choose_where_the_texts_are_scored(project, tmp_path, client):
    from voclab.project import open_project

    pandas = open_project(_with(project, tmp_path / "pandas", "")).texts()
    assert (tmp_path / "pandas" / "interim" / "scored_texts.engine").read_text() == "pandas"
    local = _with(project, tmp_path / "local", '[compute]\nengine = "dask"\nworkers = 2\nmemory_limit = "1GB"\n')
    pd.testing.assert_frame_equal(open_project(local).texts(), pandas)
    assert (tmp_path / "local" / "interim" / "scored_texts.engine").read_text() == "dask"
    switched = _with(project, tmp_path / "switched", "[compute]\ndask_from = 100\nworkers = 1\n")
    pd.testing.assert_frame_equal(open_project(switched).texts(), pandas)
    assert (tmp_path / "switched" / "interim" / "scored_texts.engine").read_text() == "dask"
    existing = _with(
        project, tmp_path / "existing", f'[compute]\nengine = "dask"\nscheduler = "{client.scheduler.address}"\n'
    )
    pd.testing.assert_frame_equal(open_project(existing).texts(), pandas)  # an existing cluster: this one


def test_an_unreachable_scheduler_is_one_clear_error():
    from voclab.exceptions import ParameterError

    unreachable = dask_client(Compute(engine="dask", scheduler="tcp://127.0.0.1:9"))
    with pytest.raises(ParameterError, match="cannot reach the Dask scheduler tcp://127.0.0.1:9"), unreachable:
        pass


def test_a_worker_killed_mid_run_is_replaced_and_the_answer_is_whole(tmp_path):
    """Dask reruns the lost worker's partitions: every text once, as on pandas."""
    import gc
    import os
    import signal
    import threading
    import time

    base = TEXTS.text.fillna("").tolist() * 40
    texts = pd.DataFrame({"id": range(len(base)), "text": [f"{t} #{i}" for i, t in enumerate(base)]})
    expected = analyze(texts, jobs=1)
    with dask_client(Compute(engine="dask", workers=2, memory_limit="1GB")) as client:
        victim = next(iter(client.run(os.getpid).values()))
        killer = threading.Timer(1.0, os.kill, (victim, signal.SIGKILL))
        start = time.perf_counter()
        killer.start()
        got = analyze(texts, engine="dask", chunk_size=50, progress=False)
        assert time.perf_counter() - start > 1.0, "the run ended before the worker was killed"
        killer.join()
        assert victim not in client.run(os.getpid).values()  # the nanny started a new worker process
        assert min(client.run(gc.get_freeze_count).values()) > 100_000  # set up as the others were
    pd.testing.assert_frame_equal(got, expected)
    assert got.id.is_unique and len(got) == len(texts)


def test_analyze_parquet_writes_the_same_rows_a_partition_at_a_time(client, tmp_path):
    from voclab.text import analyze_parquet

    source = tmp_path / "texts"
    for number, part in enumerate([TEXTS.iloc[:120], TEXTS.iloc[120:]]):
        (source / f"m{number}").mkdir(parents=True)
        part.to_parquet(source / f"m{number}" / "part.parquet", index=False)
    scored = analyze_parquet(source, tmp_path / "scored")  # two small files: read as one partition
    assert scored.npartitions == 1 and len(list((tmp_path / "scored").glob("*.parquet"))) == 1
    expected = analyze(TEXTS, handles=True, jobs=1)
    got = scored.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_categorical=False)
    pd.testing.assert_frame_equal(net_sentiment(scored, by="language"), net_sentiment(expected, by="language"))


def test_engine_and_scheduler_on_the_command_line_override_compute(project, tmp_path, monkeypatch):
    from voclab import cli
    from voclab.config import load
    from voclab.exceptions import ConfigError

    for name in ("VOCLAB_ENGINE", "VOCLAB_SCHEDULER"):
        monkeypatch.setenv(name, "")  # restored after the test: the command line sets them for its kernels
    config = _with(project, tmp_path / "cli", "[compute]\nworkers = 1\n")
    assert load(config).compute.engine == "pandas"
    out = tmp_path / "audit.csv"
    assert cli.main(["--config", str(config), "audit-codebook", "--engine", "dask", "--out", str(out)]) == 0
    assert (tmp_path / "cli" / "interim" / "scored_texts.engine").read_text() == "dask"
    assert load(config).compute.engine == "dask"  # what the report kernels started by this run read
    monkeypatch.setenv("VOCLAB_SCHEDULER", "udp://nowhere")
    with pytest.raises(ConfigError, match="VOCLAB_SCHEDULER='udp://nowhere'"):
        load(config)


def test_nps_per_segment_and_wave_on_dask_equals_pandas(client):
    import dask.dataframe as dd
    import numpy as np
    from numpy.testing import assert_allclose

    from voclab.exceptions import ParameterError
    from voclab.survey import nps

    rng = np.random.default_rng(7)
    answers = pd.DataFrame(
        {
            "q": rng.integers(0, 11, 2_000).astype(float),
            "segment": rng.choice(["SMB", "Enterprise", "Consumer"], 2_000),
            "wave": rng.choice(["2025Q1", "2025Q2"], 2_000),
            "weight": rng.uniform(0.2, 3, 2_000),
        }
    )
    answers.loc[::17, "q"] = np.nan  # unanswered: left out on both engines
    lazy = dd.from_pandas(answers, npartitions=6)
    by = ["segment", "wave"]
    pd.testing.assert_frame_equal(nps(lazy, "q", by=by), nps(answers, "q", by=by))  # counts: exact
    pd.testing.assert_frame_equal(nps(lazy, "q"), nps(answers, "q"))
    weighted, expected = nps(lazy, "q", weights="weight", by=by), nps(answers, "q", weights="weight", by=by)
    assert weighted[by].equals(expected[by])
    numbers = ["nps", "promoters", "detractors", "se", "ci_low", "ci_high", "n_weighted", "n_effective"]
    assert_allclose(weighted[numbers].to_numpy(float), expected[numbers].to_numpy(float), rtol=1e-9)
    answers.loc[3, "q"] = 11
    with pytest.raises(ParameterError, match="'q' has 1 value"):
        nps(dd.from_pandas(answers, npartitions=3), "q", by="wave")


def test_the_gap_register_codes_its_texts_on_dask_with_the_same_findings(project, tmp_path, client, monkeypatch):
    from voclab import cli
    from voclab.project import open_project
    from voclab.saydo import gap_register

    for name in ("VOCLAB_ENGINE", "VOCLAB_SCHEDULER"):
        monkeypatch.setenv(name, "")
    expected = gap_register(open_project(_with(project, tmp_path / "pandas", "")))
    on_dask = _with(
        project, tmp_path / "dask", f'[compute]\nengine = "dask"\nscheduler = "{client.scheduler.address}"\n'
    )
    pd.testing.assert_frame_equal(gap_register(open_project(on_dask)), expected)
    plain = _with(project, tmp_path / "cli", "")
    out = tmp_path / "gaps.csv"
    argv = ["--config", str(plain), "gaps", "--engine", "dask", "--scheduler", client.scheduler.address]
    assert cli.main([*argv, "--out", str(out)]) == 0
    assert len(pd.read_csv(out)) == len(expected)


def test_dask_engine_equals_pandas_on_the_shared_tweets(client, shared_data):
    tweets = pd.read_csv(shared_data / "twitter_airline_sentiment_tweets.csv", dtype={"tweet_id": str})
    tweets = tweets[["tweet_id", "airline", "text"]].rename(columns={"tweet_id": "id"})
    pandas = analyze(tweets, handles=True, jobs=1, brands=["United", "Delta"])
    dask = analyze(tweets, engine="dask", handles=True, chunk_size=2_000, brands=["United", "Delta"])
    pd.testing.assert_frame_equal(dask, pandas)
    pd.testing.assert_frame_equal(net_sentiment(dask, by="airline"), net_sentiment(pandas, by="airline"))


def test_lazy_texts_are_the_texts_scored_out_of_core(project, tmp_path, client):
    """project.texts(lazy=True) on a project whose tickets were ingested in blocks: the same rows and per-text
    columns as project.texts(), scored on the cluster into a Parquet dataset, and the same aggregates."""
    import re

    from voclab.ingest.store import dataset_parts
    from voclab.project import open_project
    from voclab.text import theme_counts

    section = f'[compute]\nengine = "dask"\nscheduler = "{client.scheduler.address}"\nblocks_from_mb = 0.02\n'
    config = _with(project, tmp_path, section)
    config.write_text(re.sub(r'(?m)^processed = ".*"$', f'processed = "{tmp_path / "processed"}"', config.read_text()))
    opened = open_project(config)
    assert len(dataset_parts(processed=tmp_path / "processed")) > 1  # the table file and the sources in blocks
    lazy, eager = opened.texts(lazy=True), opened.texts()
    assert sorted(lazy.columns) == sorted(eager.columns)
    keys = ["source", "id", "question_id", "text"]

    def plain(frame):  # values only: the column types may differ (text vs categorical, NA vs nan)
        frame = frame[list(eager.columns)].sort_values(keys, ignore_index=True).astype(object)
        return frame.where(frame.notna(), None)

    pd.testing.assert_frame_equal(plain(lazy.compute()), plain(eager))
    pd.testing.assert_frame_equal(
        net_sentiment(lazy, by="channel"), net_sentiment(eager, by="channel"), check_dtype=False
    )
    themes = opened.codebook().themes[:3]
    pd.testing.assert_frame_equal(
        theme_counts(lazy, themes, ["channel"]), theme_counts(eager, themes, ["channel"]), check_dtype=False
    )
    written = {p: p.stat().st_mtime_ns for p in (tmp_path / "interim" / "scored_dataset").rglob("*.parquet")}
    opened.texts(lazy=True)  # cached: nothing scored or written again
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "interim" / "scored_dataset").rglob("*.parquet")} == written


def test_a_script_without_a_main_guard_is_one_error_naming_the_fix(tmp_path):
    """A script that starts a local cluster at import time: each worker imports it again. The error says so."""
    import subprocess
    import sys

    script = tmp_path / "score.py"
    script.write_text(
        "from voclab.config import Compute\nfrom voclab.engine import dask_client\n"
        "with dask_client(Compute(engine='dask', workers=1, memory_limit='1GB')):\n    print('started')\n"
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert run.returncode != 0 and "started" not in run.stdout
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("voclab.exceptions.ParameterError: the local Dask workers did not start"), last
    assert 'if __name__ == "__main__":' in last


def test_lazy_texts_read_the_texts_already_scored_in_memory(partial, tmp_path, monkeypatch):
    """A report that scored its texts in memory (project.texts()) and then sums them on Dask does not score them
    again: the lazy texts are the cached ones, no cluster started, no dataset written."""
    from voclab import engine
    from voclab.project import open_project

    opened = open_project(_with(partial["texts"], tmp_path, ""))
    eager = opened.texts()
    monkeypatch.setattr(engine, "dask_client", lambda compute: pytest.fail("a cluster was started"))
    lazy = opened.texts(lazy=True).compute()
    pd.testing.assert_frame_equal(lazy[list(eager.columns)], eager, check_dtype=False, check_categorical=False)
    assert not (tmp_path / "interim" / "scored_dataset").exists()
    assert net_sentiment(opened.texts(lazy=True), by="channel").equals(net_sentiment(eager, by="channel"))


def test_lazy_texts_of_a_project_without_texts_are_empty_and_start_no_cluster(partial, monkeypatch):
    from voclab import engine
    from voclab.project import open_project
    from voclab.workspace import TEXT_COLUMNS

    monkeypatch.setattr(engine, "dask_client", lambda compute: pytest.fail("a cluster was started"))
    lazy = open_project(partial["customers"]).texts(lazy=True)
    assert list(lazy.columns) == TEXT_COLUMNS and len(lazy.compute()) == 0
