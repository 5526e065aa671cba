"""Where the repository, the executable under test and the child-process helper are."""
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
HELPER = pathlib.Path(__file__).resolve().parent / "doc_shell.py"
BIN = os.environ.get("CARDPOLICY_BIN", str(ROOT / ".build" / "debug" / "cardpolicy"))
