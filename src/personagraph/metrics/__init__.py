"""Persona metrics: requests, success, latency and satisfaction per persona, kept as
time buckets (see :mod:`.buckets` for why the graph stays small)."""
