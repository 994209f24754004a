"""Spark's errors as ours: a failed job names the step and Spark's own reason.

A job fails in the JVM (a ``Py4JJavaError`` whose innermost cause says why: a refused
write, a file that vanished), in the query analysis (``AnalysisException``) or in the
Python code of the rows (``PythonException``, whose last line is the Python error).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from py4j.protocol import Py4JJavaError
from pyspark.errors import PySparkException
from pyspark.errors.exceptions.captured import PythonException

from personagraph.errors import SparkJobFailed

__all__ = ["reason", "spark_step"]


@contextmanager
def spark_step(what: str) -> Iterator[None]:
    """Runs Spark work, raising :class:`SparkJobFailed` ("<what> failed: <reason>") if a
    job fails."""
    try:
        with warnings.catch_warnings():
            # pyspark reads a job's results from a local socket it leaves to the garbage
            # collector to close (pyspark/rdd.py, _load_from_socket), and Python warns
            # about every such socket: not ours to fix, and nothing leaks.
            warnings.filterwarnings("ignore", "unclosed <socket.socket", ResourceWarning)
            # pyspark 3.5 checks the pandas version of mapInArrow with distutils' deprecated
            # LooseVersion (pyspark/sql/pandas/utils.py).
            warnings.filterwarnings(
                "ignore", "distutils Version classes are deprecated", DeprecationWarning
            )
            yield
    except (Py4JJavaError, PySparkException) as exc:
        raise SparkJobFailed(f"Spark: {what} failed: {reason(exc)}") from exc


def reason(exc: Py4JJavaError | PySparkException) -> str:
    """Returns: the line of a Spark error that says why it failed."""
    if isinstance(exc, Py4JJavaError):
        cause = exc.java_exception
        while cause.getCause() is not None:
            cause = cause.getCause()
        return str(cause.toString())
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return lines[-1] if isinstance(exc, PythonException) else lines[0]
