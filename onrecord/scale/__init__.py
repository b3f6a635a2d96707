"""The scale stage: the pipeline as an Apache Spark job (issue 17).

Modules, one job each: ``inputs`` (listing and reading input files),
``rows`` (one record as table rows — the per-record function), ``worker``
(models loaded once per Python worker; one input file to rows), ``tables``
(every output table's columns, defined once), ``corpus`` (duplicates,
entities and speakers computed in Spark), ``job`` (the job itself, also the
file ``spark-submit`` runs), ``load`` (the output back into the ledger) and
``commands`` (``onrecord spark``).  Only ``job``, ``corpus`` and ``commands``
import pyspark.
"""
