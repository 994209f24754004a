"""``personagraph assign --engine spark``: the assignment run on Apache Spark.

For features that live in a data lake. The run reads the Parquet feature files with
Spark and checks them as the local engine does (``features``), evaluates the rules'
compiled plan as Spark SQL expressions (``expressions``), makes the graph rows with
their audit traces in the executors (``rows``) and writes them with the Neo4j Connector
for Apache Spark (``connector``), inside the local engine's run protocol (``run``). The
JVM side — Spark for Scala 2.13 and the connector — is fetched once from Maven Central
(``runtime``) and started by ``session``. Needs the ``spark`` extra:
``pip install 'personagraph[spark]'``.
"""
