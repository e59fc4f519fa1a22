"""All-or-nothing ingest: the tables, their parts, the quarantine files and the manifest switch together.

Files are first written beside their targets, in ``.voclab-staging-<id>`` folders (same folder, so the final
rename is atomic on every file system). :meth:`Transaction.commit` then writes a journal (``.voclab-commit.json``
in the output folder: every staged file, its target, and the files to delete), moves everything into place —
the manifest last — and deletes the journal. The journal is the commit point: :func:`recover`, run at the start
of the next ingest (under the folder lock), finishes a commit a kill interrupted, or, without a journal, throws
away what an interrupted run staged, together with stray temporary files. A reader never sees a manifest that
points at files of another run.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> txn = Transaction(out)
>>> _ = txn.path(out / "feedback.parquet").write_text("new")
>>> _ = txn.path(out / "manifest.json").write_text("{}")
>>> (out / "feedback.parquet").exists()
False
>>> txn.commit()
>>> sorted(p.name for p in out.iterdir())
['feedback.parquet', 'manifest.json']
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path

from voclab._atomic import atomic_write_text

__all__ = ["JOURNAL", "STAGING", "Transaction", "recover"]

JOURNAL = ".voclab-commit.json"
STAGING = ".voclab-staging-"


class Transaction:
    """Files staged for one ingest; nothing is visible until :meth:`commit`."""

    def __init__(self, out: str | Path) -> None:
        self.out = Path(out)
        self.id = uuid.uuid4().hex[:12]
        self.staged: dict[Path, Path] = {}  # target → staged file
        self.deleted: set[Path] = set()

    def path(self, target: str | Path) -> Path:
        """Where to write what will become ``target`` (its folder is created)."""
        target = Path(target)
        staged = target.parent / f"{STAGING}{self.id}" / target.name
        staged.parent.mkdir(parents=True, exist_ok=True)
        self.staged[target] = staged
        self.deleted.discard(target)
        return staged

    def adopt(self, target: str | Path, staged: str | Path) -> None:
        """Make the already written file ``staged`` (in a staging folder of this transaction, same file system)
        become ``target`` at commit."""
        self.staged[Path(target)] = Path(staged)
        self.deleted.discard(Path(target))

    def check_adopted(self) -> None:
        """Every staged file is still there (a concurrent run's clean-up cannot have removed one unnoticed)."""
        from voclab.exceptions import VoclabError

        missing = next((staged for staged in self.staged.values() if not staged.is_file()), None)
        if missing is not None:
            raise VoclabError(
                f"a staged file of this ingest disappeared: {missing}",
                hint="another ingest into the same folder cleaned up meanwhile; run this one again",
            )

    def discard(self) -> None:
        """Throw away everything staged (a run that failed before its commit)."""
        mark = f"{STAGING}{self.id}"
        folders = {next((p for p in staged.parents if p.name == mark), None) for staged in self.staged.values()}
        for folder in folders - {None}:
            shutil.rmtree(folder, ignore_errors=True)
        self.staged.clear()

    def delete(self, target: str | Path) -> None:
        """Remove ``target`` at commit (if it exists)."""
        self.staged.pop(Path(target), None)
        self.deleted.add(Path(target))

    def current(self, target: str | Path) -> Path:
        """``target`` as this transaction sees it: the staged file if there is one, else the committed one."""
        return self.staged.get(Path(target), Path(target))

    def commit(self) -> None:
        """Make every staged file and deletion visible (manifest last), atomically with respect to a kill."""
        moves = sorted(self.staged.items(), key=lambda item: item[0].name == "manifest.json")
        journal = {
            "moves": [[str(staged), str(target)] for target, staged in moves],
            "deletes": sorted(str(p) for p in self.deleted),
        }
        atomic_write_text(self.out / JOURNAL, json.dumps(journal, indent=1))
        recover(self.out)


def _staging_folders(folders: set[Path]) -> list[Path]:
    return [p for folder in folders if folder.is_dir() for p in folder.iterdir() if p.name.startswith(STAGING)]


def recover(out: str | Path, *, also: tuple[str | Path, ...] = (), keep: str | None = None) -> None:
    """Finish an interrupted commit of ``out`` (journal present) or discard an uncommitted one; remove staging
    folders (but transaction ``keep``'s, the caller's own) and stray ``.*.tmp*`` files in ``out``,
    ``out/sources``, ``out/datasets`` and the folders in ``also``."""
    out = Path(out)
    folders = {out, out / "sources", out / "datasets", *map(Path, also)}
    journal_path = out / JOURNAL
    if journal_path.is_file():
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        for staged, target in journal["moves"]:
            if Path(staged).is_file():  # not moved yet when the run was killed
                Path(target).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
        for target in journal["deletes"]:
            Path(target).unlink(missing_ok=True)
        folders |= {Path(target).parent for _, target in journal["moves"]}
        journal_path.unlink()
    for staging in _staging_folders(folders):
        if staging.name != f"{STAGING}{keep}":
            shutil.rmtree(staging, ignore_errors=True)
    for folder in folders:
        if folder.is_dir():
            for stray in folder.glob(".*.tmp*"):
                stray.unlink(missing_ok=True)
