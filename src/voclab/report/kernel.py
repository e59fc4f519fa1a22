"""The Jupyter kernels reports run on: local IPC sockets only, and one warm kernel reused across renders.

Starting a kernel and importing pandas, plotly and voclab into it is about half of a report's time. A
:class:`WarmKernel` starts the project's kernel once and gives every render a fresh namespace on it
(IPython's ``reset(new_session=True)``: no variable of the previous report survives, execution counts start
at 1, the working folder is the notebook's), so the imports are paid once per worker rather than once per
report. ``benchmarks/bench_reports.py`` checks that the outputs stay identical to a fresh kernel per report.

>>> kernel = WarmKernel()  # doctest: +SKIP
>>> render("notebooks/90_executive.ipynb", {...}, kernel=kernel)  # doctest: +SKIP
>>> kernel.shutdown()  # doctest: +SKIP
"""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

from jupyter_client import BlockingKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

__all__ = ["KERNEL", "IPCKernelManager", "WarmKernel"]

#: The project's own kernel (``make install`` registers it inside ``.venv``).
KERNEL = "voclab"

#: The variables that size the thread pools of numerical libraries (OpenBLAS, MKL, OpenMP, numexpr).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")

#: Seconds a warm kernel may take to answer before it is replaced by a new one.
RESET_TIMEOUT = 60


class IPCKernelManager(AsyncKernelManager):
    """Notebook kernels talk to voclab over local IPC sockets, not TCP ports: nothing listens on the network,
    and ipykernel has no "TCP without encryption" warning to print. Each kernel's sockets get a unique name in
    the temp folder (parallel renders never share one; jupyter_client removes them at shutdown). The clients
    it hands out are remembered, so a :class:`WarmKernel` can close them after each render."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("transport", "ipc")
        kwargs.setdefault("ip", str(Path(tempfile.gettempdir()) / f"voclab-kernel-{uuid.uuid4().hex[:12]}"))
        super().__init__(**kwargs)
        self.clients: list = []

    def client(self, **kwargs: object):
        client = super().client(**kwargs)
        self.clients.append(client)
        return client


class WarmKernel:
    """One running kernel handed to render after render, each time with a fresh namespace.

    :meth:`manager` returns the kernel manager for the next render (started on first use, restarted if the
    kernel died or stopped answering); :meth:`release` closes the render's client sockets; :meth:`shutdown`
    stops the kernel. ``threads`` caps the numerical libraries' thread pools in the kernel (unless the
    environment already sets them): several kernels side by side, each with a pool as wide as the machine,
    spin against each other — measured here, two workers rendered the demo reports 3.6× slower uncapped."""

    def __init__(self, kernel_name: str = KERNEL, *, threads: int | None = None) -> None:
        self.kernel_name = kernel_name
        self.threads = threads
        self._manager: IPCKernelManager | None = None

    def _environment(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.threads:
            for name in THREAD_VARIABLES:
                env.setdefault(name, str(self.threads))
        return env

    def manager(self, cwd: Path) -> IPCKernelManager:
        """The kernel, alive, its namespace emptied and its working folder ``cwd``."""
        if self._manager is None or not run_sync(self._manager.is_alive)():
            self.shutdown()
            self._manager = IPCKernelManager(kernel_name=self.kernel_name)
            run_sync(self._manager.start_kernel)(cwd=str(cwd), env=self._environment())
        if not self._reset(cwd):
            self.shutdown()
            return self.manager(cwd)
        return self._manager

    def _reset(self, cwd: Path) -> bool:
        """Empty the namespace, restart the execution count, move to ``cwd``; false when the kernel does not
        answer."""
        client = BlockingKernelClient()
        client.load_connection_info(self._manager.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=RESET_TIMEOUT)
            reply = client.execute_interactive(
                # reset drops __main__.__spec__, which multiprocessing reads to start a process (the pandas
                # engine's worker pool, a local Dask cluster): a kernel has no main file to re-run, so None
                f"get_ipython().reset(new_session=True)\n__spec__ = None\nimport os\nos.chdir({str(cwd)!r})",
                silent=True,
                store_history=False,
                timeout=RESET_TIMEOUT,
            )
            return reply["content"]["status"] == "ok"
        except (RuntimeError, TimeoutError):
            return False
        finally:
            client.stop_channels()

    def release(self) -> None:
        """Close the sockets of the clients the last render opened (the kernel keeps running)."""
        if self._manager is not None:
            for client in self._manager.clients:
                client.stop_channels()
            self._manager.clients.clear()

    def shutdown(self) -> None:
        """Stop the kernel and remove its sockets (a no-op when none is running)."""
        if self._manager is None:
            return
        self.release()
        manager, self._manager = self._manager, None
        try:
            run_sync(manager.shutdown_kernel)(now=True)
        except RuntimeError:  # already dead
            run_sync(manager.cleanup_resources)()
