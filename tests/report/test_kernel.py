"""A warm kernel runs report after report with a fresh namespace, restarts when its kernel died, and leaves no
kernel behind."""

from __future__ import annotations

import os
import signal

import nbformat
import pytest

from voclab.report.kernel import THREAD_VARIABLES, WarmKernel
from voclab.report.render import render


@pytest.fixture
def kernel():
    warm = WarmKernel(threads=1)
    yield warm
    warm.shutdown()


def _printed(result) -> list[str]:
    """The lines the render printed."""
    executed = nbformat.read(result.executed, as_version=4)
    outputs = [o.get("text", "") for c in executed.cells for o in c.get("outputs", []) if o.get("name") == "stdout"]
    return "".join(outputs).splitlines()


def test_each_render_gets_a_fresh_namespace_on_the_same_kernel(kernel, make_notebook, tmp_path):
    first = make_notebook(tmp_path / "set.ipynb", "leftover = 41\nimport os\nprint(os.getpid(), os.getcwd())")
    (tmp_path / "sub").mkdir()
    second = make_notebook(
        tmp_path / "sub" / "get.ipynb",
        "import os\nprint(os.getpid(), os.getcwd(), 'leftover' in dir())\n"
        f"print([os.environ.get(v) for v in {list(THREAD_VARIABLES)!r}])",
    )
    a = render(first, out_dir=tmp_path / "out", warm=kernel)
    b = render(second, out_dir=tmp_path / "out", warm=kernel)
    assert a.ok and b.ok, (a.error, b.error)
    pid_a, cwd_a = _printed(a)[0].split()
    pid_b, cwd_b, leftover = _printed(b)[0].split()
    assert pid_a == pid_b  # the same kernel process …
    cells = [c for c in nbformat.read(b.executed, as_version=4).cells if c.cell_type == "code"]
    assert leftover == "False"  # … with nothing of the last report, and execution counted from 1 again
    assert [c.execution_count for c in cells] == list(range(1, len(cells) + 1))
    assert (cwd_a, cwd_b) == (str(tmp_path), str(tmp_path / "sub"))  # each notebook runs in its own folder
    expected = [os.environ.get(v, "1") for v in THREAD_VARIABLES]
    assert _printed(b)[1] == str(expected)  # thread pools capped unless the environment says otherwise


def test_a_warm_kernel_starts_worker_processes_after_its_reset(kernel, make_notebook, tmp_path):
    """The namespace reset must not break multiprocessing: the pandas engine's worker pool (a fork server) on
    texts of a big project, a local Dask cluster with engine = "dask"."""
    code = (
        "import pandas as pd\nfrom voclab.text._parallel import map_chunks\n"
        "out = map_chunks(pd.Series.to_frame, pd.Series(['a', 'bb', 'ccc']), jobs=2, chunk_size=1, progress=False)\n"
        "print(type(out).__name__, 'pool ok')"
    )
    first = render(make_notebook(tmp_path / "a.ipynb", "x = 1"), out_dir=tmp_path / "out", warm=kernel)
    second = render(make_notebook(tmp_path / "b.ipynb", code), out_dir=tmp_path / "out", warm=kernel)
    assert first.ok and second.ok, second.error
    assert _printed(second)[-1].endswith("pool ok")


def test_a_dead_kernel_is_replaced(kernel, make_notebook, tmp_path):
    probe = make_notebook(tmp_path / "pid.ipynb", "import os\nprint(os.getpid())")
    first = int(_printed(render(probe, out_dir=tmp_path / "out", warm=kernel))[0])
    os.kill(first, signal.SIGKILL)
    again = render(probe, out_dir=tmp_path / "out", warm=kernel)
    assert again.ok, again.error
    second = int(_printed(again)[0])
    assert second != first
    kernel.shutdown()
    with pytest.raises(ProcessLookupError):
        os.kill(second, 0)  # shut down: no kernel left running
