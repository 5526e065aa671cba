"""Where the child-process helper is; the repository and the executable under test come
from Tests/conftest.py, re-exported here for the docs harness."""
import pathlib

from conftest import BIN, ROOT  # noqa: F401

HELPER = pathlib.Path(__file__).resolve().parent / "doc_shell.py"
