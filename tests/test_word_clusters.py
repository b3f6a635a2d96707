"""The word-cluster table and the tagger's cluster features."""

from __future__ import annotations

from onrecord.extract.attribution import features
from onrecord.extract.attribution.features import cluster_features, token_clusters, word_clusters
from onrecord.nlp.model import load_pipeline


def test_cluster_table_loads_and_groups_verbs_of_saying_and_thinking():
    table = word_clusters()
    assert len(table) > 100_000
    assert word_clusters() is table  # read once per process
    low8 = {table[w] & 255 for w in ("argued", "insisted", "believes", "hopes", "declined")}
    assert len(low8) == 1, "reporting/attitude verbs should share an 8-bit path prefix"
    assert table["said"] != 0 and table["the"] != 0


def test_cluster_features_name_the_token_and_its_verbs():
    doc = load_pipeline()("The senator hopes the bill will pass.")
    clusters = token_clusters(doc)
    assert len(clusters) == len(doc) and clusters[2] == word_clusters()["hopes"]
    view = features._view(doc)
    tokens = [t.i for t in doc]
    bill = cluster_features(view, clusters, tokens, 4)
    keys = {f.split("=")[0] for f in bill}
    assert {"c6", "c10", "c", "v1rc"} <= keys
    assert f"c={clusters[4]}" in bill
    assert f"v2rc=ccomp|{clusters[2] & 1023}" in bill  # "bill" is inside the complement of "hopes"


def test_doc_features_include_clusters_only_when_enabled(monkeypatch):
    doc = load_pipeline()("The minister said that taxes would rise.")
    monkeypatch.setattr(features, "CLUSTER_FEATURES", True)
    _, on = features.doc_features(doc)
    monkeypatch.setattr(features, "CLUSTER_FEATURES", False)
    _, off = features.doc_features(doc)
    assert any(f.startswith("c10=") for f in on[0][4])
    assert not any(f.startswith("c10=") for f in off[0][4])
    assert set(off[0][4]) <= set(on[0][4])
