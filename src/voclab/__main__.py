"""``python -m voclab`` runs the command line (same as the ``voclab`` command)."""

from voclab.cli import run

if __name__ == "__main__":
    run()
