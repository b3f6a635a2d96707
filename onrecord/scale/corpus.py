"""Corpus-wide work done in Spark, never by collecting rows to the driver:
keeping one copy of each text, exact and near duplicates, the entity table
and the per-speaker summary.

Near duplicates use the ledger's own MinHash signatures (``ledger.dedup``:
128 permutations over word 4-shingles, the same seed and hashing scheme) and
the same LSH banding, so the job and ``onrecord ingest`` call the same pairs
near-duplicates.  Articles sharing a band bucket become candidate pairs, their
estimated Jaccard similarity is computed from the two signatures, and a pair
at or above ``dedup.THRESHOLD`` makes the later article (in input order) a
copy of the earlier one — the most similar earlier one, followed one step if
that one is itself a copy, as the ledger follows ``canonical_id``.
"""

from __future__ import annotations

from onrecord.ledger import dedup


def keep_first(records, articles, derived: dict):
    """(kept articles, kept derived tables, exact-duplicate rows): of records
    with the same article id (the hash of the normalised body) the first in
    input order is kept; the others become ``duplicates`` rows."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    order = Window.partitionBy("article_id").orderBy("input_index", "record_number")
    urls = articles.select(F.col("id").alias("article_id"), F.col("_input_index").alias("input_index"),
                           F.col("_record_number").alias("record_number"), "canonical_url")
    ranked = (records.join(urls, ["article_id", "input_index", "record_number"], "left")
              .withColumn("_rank", F.row_number().over(order)))
    first = ranked.where("_rank = 1").select(
        "article_id", F.col("input_index").alias("_input_index"), F.col("record_number").alias("_record_number"))
    kept_articles = articles.join(first.withColumnRenamed("article_id", "id"), ["id", "_input_index", "_record_number"],
                                  "left_semi")
    kept = {name: frame.join(first, ["article_id", "_input_index", "_record_number"], "left_semi")
            for name, frame in derived.items()}
    original = ranked.where("_rank = 1").select(
        "article_id", F.col("input_key").alias("_key0"), F.col("canonical_url").alias("_url0"))
    copies = ranked.where("_rank > 1").join(original, "article_id")
    exact = copies.select(
        "article_id", F.col("article_id").alias("canonical_id"),
        F.when(F.col("input_key") == F.col("_key0"), F.lit("same-input"))
         .when(F.coalesce("canonical_url", F.lit("")) == F.coalesce("_url0", F.lit("")), F.lit("same-url"))
         .otherwise(F.lit("same-text")).alias("relation"),
        F.lit(1.0).alias("similarity"), "source", "url")
    return kept_articles, kept, exact


def near_duplicates(spark, records):
    """``duplicates`` rows for near-duplicate articles (kept records only).

    All in Spark SQL, with no Python pass: a signature is ``NUM_PERM``
    little-endian 64-bit hash values, so LSH band ``i`` is a byte slice of it
    (two articles share a bucket exactly when their slices are equal, which is
    what the ledger's hashed bucket keys stand for), and the estimated Jaccard
    similarity is the share of the 8-byte values the two signatures agree on.
    """
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    bands, rows_per_band = dedup.bands()
    width = 8 * rows_per_band
    first = records.where("signature IS NOT NULL").selectExpr(
        "article_id", "input_index", "record_number", "signature", "source", "url")
    first = first.withColumn("_rank", F.row_number().over(
        Window.partitionBy("article_id").orderBy("input_index", "record_number"))).where("_rank = 1").drop("_rank")
    slices = F.array(*[F.struct(F.lit(i).alias("band"), F.substring("signature", i * width + 1, width).alias("bucket"))
                       for i in range(bands)])
    keyed = first.select("article_id", "input_index", "record_number", F.explode(slices).alias("_b")).select(
        "article_id", "input_index", "record_number", "_b.band", "_b.bucket")
    later, earlier = keyed.alias("later"), keyed.alias("earlier")
    pairs = (later.join(earlier, ["band", "bucket"])
             .where((F.col("later.input_index") > F.col("earlier.input_index"))
                    | ((F.col("later.input_index") == F.col("earlier.input_index"))
                       & (F.col("later.record_number") > F.col("earlier.record_number"))))
             .where(F.col("later.article_id") != F.col("earlier.article_id"))
             .select(F.col("later.article_id").alias("article_id"), F.col("earlier.article_id").alias("match_id"),
                     F.array(F.col("earlier.input_index"), F.col("earlier.record_number")).alias("_order"))
             .distinct())
    signatures = first.select("article_id", "signature")
    agreeing = F.expr(f"aggregate(sequence(0, {dedup.NUM_PERM - 1}), 0, (n, k) -> n + "
                      "IF(substring(_a, k * 8 + 1, 8) = substring(_b, k * 8 + 1, 8), 1, 0))")
    scored = (pairs.join(signatures.withColumnRenamed("signature", "_a"), "article_id")
              .join(signatures.select(F.col("article_id").alias("match_id"), F.col("signature").alias("_b")),
                    "match_id")
              .withColumn("similarity", agreeing.cast("double") / float(dedup.NUM_PERM))
              .where(F.col("similarity") >= dedup.THRESHOLD))
    best = _best_match(scored.select("article_id", "match_id", "similarity", "_order"))
    # follow one step: a copy of a copy points at the original
    hop = best.select(F.col("article_id").alias("match_id"), F.col("match_id").alias("_original"))
    resolved = best.join(hop, "match_id", "left").select(
        "article_id", F.coalesce("_original", "match_id").alias("canonical_id"), "similarity")
    info = first.select("article_id", "source", "url")
    return resolved.join(info, "article_id").select(
        "article_id", "canonical_id", F.lit("near-duplicate").alias("relation"), "similarity", "source", "url")


def _best_match(matches):
    """Per article, the most similar earlier article (ties: the earliest)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    order = Window.partitionBy("article_id").orderBy(F.desc("similarity"), F.asc("_order"))
    return matches.withColumn("_rank", F.row_number().over(order)).where("_rank = 1").select(
        "article_id", "match_id", "similarity")


def entities(entity_rows, statements):
    """The corpus entity table, in the ledger's columns: one row per entity
    key, its most used name, every role seen, mention and statement counts."""
    from pyspark.sql import functions as F

    named = entity_rows.groupBy("id", "name").agg(F.count("*").alias("_uses"))
    best_name = named.groupBy("id").agg(F.max(F.struct("_uses", "name")).alias("_best")).select(
        "id", F.col("_best.name").alias("name"))
    grouped = entity_rows.groupBy("id").agg(
        F.first("norm").alias("norm"), F.first("type").alias("type"),
        F.to_json(F.array_sort(F.array_distinct(F.flatten(F.collect_list("roles"))))).alias("roles"),
        F.sum("mentions").alias("mention_count"))
    said = statements.where("speaker_id IS NOT NULL").groupBy(F.col("speaker_id").alias("id")).agg(
        F.count("*").alias("statement_count"))
    return (grouped.join(best_name, "id").join(said, "id", "left")
            .select("id", "name", "norm", "type", "roles", F.lit(None).cast("long").alias("merged_into"),
                    F.lit(0).cast("long").alias("locked"), "mention_count",
                    F.coalesce("statement_count", F.lit(0)).cast("long").alias("statement_count"),
                    F.lit(None).cast("string").alias("created_at")))


def speakers(statements, articles):
    """Per speaker: statements, articles, the outlets that quoted them, and
    the first and last date they are on record."""
    from pyspark.sql import functions as F

    said = statements.where("speaker_id IS NOT NULL").join(
        articles.select(F.col("id").alias("article_id"), "outlet"), "article_id", "left")
    named = said.where("speaker_name IS NOT NULL").groupBy("speaker_id", "speaker_name").agg(
        F.count("*").alias("_uses"))
    best_name = named.groupBy("speaker_id").agg(F.max(F.struct("_uses", "speaker_name")).alias("_best")).select(
        "speaker_id", F.col("_best.speaker_name").alias("speaker_name"))
    grouped = said.groupBy("speaker_id").agg(
        F.count("*").alias("statements"), F.countDistinct("article_id").alias("articles"),
        F.array_sort(F.collect_set("outlet")).alias("outlets"), F.min("date").alias("first_date"),
        F.max("date").alias("last_date"))
    return grouped.join(best_name, "speaker_id", "left").select(
        "speaker_id", "speaker_name", "statements", "articles", "outlets",
        F.size("outlets").cast("long").alias("outlet_count"), "first_date", "last_date")
