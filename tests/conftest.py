"""Shared fixtures: the seed page, the evaluation data folder, one extractor."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from onrecord.scale.job import LOCAL_JVM_OPTIONS

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
SEED_ID = "000_89fe9d0cb81e73fb"


def eval_dir() -> Path:
    """``$ONRECORD_EVAL_DIR`` or ``../shared/eval`` beside the repository."""
    return Path(os.environ.get("ONRECORD_EVAL_DIR", REPO.parent / "shared" / "eval"))


@pytest.fixture(scope="session")
def eval_root() -> Path:
    root = eval_dir()
    if not root.is_dir():
        pytest.skip(f"evaluation data not found at {root} (set ONRECORD_EVAL_DIR)")
    return root


@pytest.fixture(scope="session")
def seed_text() -> str:
    bundled = REPO / "onrecord" / "samples" / "putin_ready_to_talk.txt"
    return bundled.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_expected() -> dict:
    path = SEEDS / f"{SEED_ID}.expected.json"
    if not path.exists():
        pytest.skip(f"seed expectations not found at {path}")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def extractor():
    from onrecord.pipeline import Extractor

    return Extractor()


@pytest.fixture(scope="session")
def spacy_nlp():
    """The runtime spaCy pipeline, loaded once for the session."""
    from onrecord.nlp.model import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def served_ledger(tmp_path_factory, extractor):
    """A ledger built from the bundled samples plus the hostile corpus
    (tests/serve_corpus.py), shared by the API and browser tests: (path, ids)."""
    from tests.serve_corpus import build

    path = tmp_path_factory.mktemp("serve") / "samples.db"
    return path, build(path, extractor)


#: Spark settings for tests: the same job, made cheap for a dozen records.
#: The JVM options are the job's own for a local master, passed explicitly because
#: the spark-submit test starts the job with no master of its own.
TEST_SPARK_CONF = (("spark.sql.shuffle.partitions", "2"), ("spark.ui.enabled", "false"),
                   ("spark.driver.extraJavaOptions", LOCAL_JVM_OPTIONS))


@pytest.fixture(scope="session")
def spark():
    """One real local Spark (``local[2]``, the JVM started once for the whole
    test session); stopped when the session ends."""
    pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[test]')")
    import shutil

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for Spark (.ci/run installs openjdk-17-jre-headless)")
    from onrecord.scale.job import spark_session

    # Cheap for a dozen records: two shuffle partitions (each is a task; the
    # job's default of 8 is for real corpora), no UI, and the JVM's quick
    # compiler only (the optimising one spends CPU on code a test runs a few times).
    session = spark_session("local[2]", app_name="onrecord-tests", conf=TEST_SPARK_CONF)
    yield session
    session.stop()
