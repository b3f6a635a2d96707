"""The attribution encoder (MiniLM-L6 with adapters, run as its ONNX export on
ONNX Runtime) and its blend with the CRF: windows, probabilities, valid BIO
decoding, the off switch, workers, and the torch model it is exported from."""

from __future__ import annotations

import os

import numpy as np
import pytest

from onrecord.errors import ModelError
from onrecord.extract.attribution import encoder, encoder_torch, tagger
from onrecord.extract.attribution.blend import LABELS, best_path, blend
from onrecord.extract.attribution.features import doc_features, paragraphs

_SWITCH_AT_IMPORT = os.environ.get(encoder.SWITCH_ENV)

TEXT = ('"We will not back down," the mayor said. "Never."\n\n'
        'Officials argued that the budget was far too small.\n\n'
        'She told reporters the "deal is done" after the vote.')


@pytest.fixture(scope="module")
def nlp(spacy_nlp):
    return spacy_nlp


def _valid(labels: list[str]) -> bool:
    previous = "O"
    for label in labels:
        if label.startswith("I-") and (previous == "O" or previous[2:] != label[2:]):
            return False
        previous = label
    return True


def test_best_path_is_a_valid_bio_sequence_for_any_probabilities():
    rng = np.random.default_rng(7)
    for _ in range(50):
        probs = rng.dirichlet(np.ones(len(LABELS)), size=int(rng.integers(1, 30)))
        assert _valid(best_path(probs))


def test_best_path_keeps_the_per_token_best_labels_when_they_are_valid():
    labels = ["O", "B-SRC", "I-SRC", "B-CUE", "B-CON", "I-CON", "I-CON", "O"]
    probs = np.full((len(labels), len(LABELS)), 0.02)
    for row, label in enumerate(labels):
        probs[row, LABELS.index(label)] = 0.88
    assert best_path(probs) == labels
    assert best_path(np.zeros((0, len(LABELS)))) == []


def test_an_inside_tag_after_outside_becomes_a_begin_or_outside():
    probs = np.full((2, len(LABELS)), 0.01)
    probs[0, LABELS.index("O")] = 0.9
    probs[1, LABELS.index("I-CUE")] = 0.6
    probs[1, LABELS.index("B-CUE")] = 0.3
    assert best_path(probs) == ["O", "B-CUE"]


def test_blend_weights_the_two_taggers():
    crf = np.array([[1.0, 0, 0, 0, 0, 0, 0]])
    enc = np.array([[0, 0, 0, 1.0, 0, 0, 0]])
    assert blend(crf, enc, 0.0).tolist() == crf.tolist()
    assert blend(crf, enc, 1.0).tolist() == enc.tolist()
    assert blend(crf, enc, 0.7)[0, 3] == pytest.approx(0.7)


def test_windows_cover_every_token_once_and_keep_short_paragraphs_whole(nlp):
    doc = nlp(TEXT)
    paras = paragraphs(doc)
    windows = encoder.windows(doc, paras, encoder.load_tokenizer())
    tokens = [i for window_tokens, _, _ in windows for i in window_tokens]
    assert tokens == [i for p in paras for i in p.tokens]
    assert len(windows) == 1  # three short paragraphs share one window
    window_tokens, ids, firsts = windows[0]
    assert len(firsts) == len(window_tokens) and ids[0] != ids[-1]


def test_a_long_paragraph_is_cut_and_a_giant_token_is_capped(nlp):
    sentence = "The minister said that taxes would rise next year in every region of the country. "
    url = "https://example.org/" + "abcdefghij" * 30
    doc = nlp(sentence * 40 + url)
    paras = paragraphs(doc)
    windows = encoder.windows(doc, paras, encoder.load_tokenizer())
    assert len(windows) > 1
    assert all(len(ids) <= encoder.MAX_PIECES + 2 for _, ids, _ in windows)
    last_tokens, last_ids, last_firsts = windows[-1]
    assert len(last_ids) - 1 - last_firsts[-1] <= encoder.MAX_PIECES_PER_TOKEN
    assert [i for w, _, _ in windows for i in w] == paras[0].tokens


def test_encoder_probabilities_are_distributions_and_spaces_are_outside(nlp):
    doc = nlp(TEXT)
    paras = paragraphs(doc)
    probs = encoder.encoder_probabilities(doc, paras, LABELS)
    assert probs.shape == (len(doc), len(LABELS))
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-3)
    spaces = [t.i for t in doc if t.is_space]
    assert spaces and all(probs[i, 0] == 1.0 for i in spaces)
    said = next(t.i for t in doc if t.text == "said")
    assert probs[said, LABELS.index("B-CUE")] > 0.5  # the shipped adapter knows a cue


@pytest.mark.parametrize("name", ["none.onnx", "none.safetensors"])
def test_a_missing_model_is_a_clear_model_error(monkeypatch, tmp_path, name):
    monkeypatch.setenv(encoder.MODEL_ENV, str(tmp_path / name))
    with pytest.raises(ModelError, match="export it with"):
        encoder.load_encoder()


def test_switching_the_encoder_off_gives_the_crf_s_own_path(nlp, monkeypatch):
    doc = nlp(TEXT)
    monkeypatch.setenv(encoder.SWITCH_ENV, "0")
    assert not encoder.enabled()
    paras, labels, _ = tagger.tag_doc(doc)
    crf = tagger.load_tagger()
    _, sequences = doc_features(doc)
    expected = [y for xseq in sequences for y in tagger._rescue_cues(crf, crf.tag(xseq))]
    assert [labels[i] for p in paras for i in p.tokens] == expected
    monkeypatch.setenv(encoder.SWITCH_ENV, "1")
    _, blended, confidences = tagger.tag_doc(doc, with_confidence=True)
    assert _valid(blended) and confidences is not None and max(confidences) <= 1.0


def test_two_workers_give_the_statements_of_one(seed_text):
    from onrecord.pipeline import Extractor, Job

    jobs = [Job(seed_text, kind="text"), Job(TEXT, kind="body"), Job(seed_text, kind="text")]
    one = [o.record.to_dict()["statements"] for o in Extractor().run(jobs)]
    two = [o.record.to_dict()["statements"] for o in Extractor(workers=2).run(jobs)]
    assert one == two and one[0]


def test_an_unloadable_encoder_falls_back_to_the_crf_with_a_warning(nlp, monkeypatch, tmp_path, caplog):
    doc = nlp(TEXT)
    monkeypatch.setenv(encoder.SWITCH_ENV, "0")
    _, crf_only, _ = tagger.tag_doc(doc)
    monkeypatch.setenv(encoder.SWITCH_ENV, "1")
    monkeypatch.setenv(encoder.MODEL_ENV, str(tmp_path / "none.onnx"))
    monkeypatch.setattr(tagger, "_warned", set())
    with caplog.at_level("WARNING"):
        _, labels, _ = tagger.tag_doc(doc)
    assert labels == crf_only
    assert "tagging with the CRF alone" in caplog.text


def test_a_forked_child_runs_the_encoder_on_one_thread(nlp):
    import multiprocessing

    from onrecord import threads

    doc = nlp(TEXT)
    expected = encoder.encoder_probabilities(doc, paragraphs(doc), LABELS)  # the parent's pool is in use
    encoder.prepare_workers()  # what the pipeline does before forking its workers
    shared = encoder._loaded[(str(encoder.model_path()), 1)]

    def child(queue):
        probs = encoder.encoder_probabilities(doc, paragraphs(doc), LABELS)
        model = encoder.load_encoder()
        queue.put((threads.get(), model.session.get_session_options().intra_op_num_threads,
                   model is shared, probs))

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=child, args=(queue,))
    process.start()
    count, session_threads, reused, probs = queue.get(timeout=120)
    process.join(timeout=30)
    assert count == 1 and session_threads == 1 and reused
    assert np.allclose(probs, expected, atol=1e-5)


def test_fast_flag_extracts_with_the_crf_alone(monkeypatch, tmp_path):
    import json

    from click.testing import CliRunner

    from onrecord.cli import main

    page = tmp_path / "page.txt"
    page.write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv(encoder.SWITCH_ENV, "1")  # recorded, so --fast's switch is undone after the test
    fast = CliRunner().invoke(main, ["extract", "--as", "body", "--fast", str(page)])
    assert fast.exit_code == 0, fast.output
    assert not encoder.enabled()
    monkeypatch.setenv(encoder.SWITCH_ENV, "0")
    crf = CliRunner().invoke(main, ["extract", "--as", "body", str(page)])
    assert json.loads(fast.output)["statements"] == json.loads(crf.output)["statements"]


def test_ingest_takes_the_same_fast_flag(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from onrecord.cli import main

    page = tmp_path / "page.txt"
    page.write_text(TEXT, encoding="utf-8")
    monkeypatch.setenv(encoder.SWITCH_ENV, "1")  # recorded, so --fast's switch is undone after the test
    out = CliRunner().invoke(main, ["ingest", "--db", str(tmp_path / "l.db"), "--as", "body", "--fast", str(page)])
    assert out.exit_code == 0, out.output
    assert not encoder.enabled()


def test_no_test_leaves_the_encoder_switched():
    """Guards the suite: a test that switched the encoder off for good would
    make every later test run the CRF alone."""
    assert os.environ.get(encoder.SWITCH_ENV) == _SWITCH_AT_IMPORT


@pytest.mark.parametrize("suffix", [".onnx", ".safetensors"])
@pytest.mark.parametrize("content", [b"", b"not a model file at all", b"\x00" * 64])
def test_a_corrupt_model_is_a_clear_model_error(monkeypatch, tmp_path, content, suffix):
    bad = tmp_path / f"bad{suffix}"
    bad.write_bytes(content)
    monkeypatch.setenv(encoder.MODEL_ENV, str(bad))
    with pytest.raises(ModelError, match="cannot load the attribution encoder"):
        encoder.load_encoder()


def test_a_truncated_onnx_model_falls_back_to_the_crf_with_a_warning(nlp, monkeypatch, tmp_path, caplog):
    cut = tmp_path / "cut.onnx"
    cut.write_bytes(encoder.model_path().read_bytes()[:100_000])
    doc = nlp(TEXT)
    monkeypatch.setenv(encoder.SWITCH_ENV, "0")
    _, crf_only, _ = tagger.tag_doc(doc)
    monkeypatch.setenv(encoder.SWITCH_ENV, "1")
    monkeypatch.setenv(encoder.MODEL_ENV, str(cut))
    monkeypatch.setattr(tagger, "_warned", set())
    with caplog.at_level("WARNING"):
        _, labels, _ = tagger.tag_doc(doc)
    assert labels == crf_only
    assert "cannot load the attribution encoder" in caplog.text and "CRF alone" in caplog.text


def test_an_onnx_model_without_label_names_is_refused(tmp_path):
    onnx = pytest.importorskip("onnx", reason="the train extra (onnx) is not installed")
    model = onnx.load(str(encoder.model_path()))
    del model.metadata_props[:]
    path = tmp_path / "nolabels.onnx"
    onnx.save(model, str(path))
    with pytest.raises(ModelError, match="not an onrecord attribution encoder"):
        encoder.load_encoder(path)


def test_the_shipped_model_is_onnx_and_the_default_run_never_imports_torch(seed_text):
    """The default install has no torch: the encoder must run without it.  The
    shared test environment has torch (the train extra) and thinc imports it
    when it is there, so the child process is made to look like the default
    install: importing torch fails in it."""
    import subprocess
    import sys

    code = ("import importlib.abc, sys\n"
            "class NoTorch(importlib.abc.MetaPathFinder):\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] == 'torch':\n"
            "            raise ModuleNotFoundError(f'No module named {name!r}')\n"
            "sys.meta_path.insert(0, NoTorch())\n"
            "import onrecord\n"
            "from onrecord.extract.attribution import encoder\n"
            "rec = onrecord.extract(sys.stdin.read())\n"
            "model = encoder.load_encoder()\n"
            "print(len(rec.statements), type(model).__name__, 'torch' in sys.modules, encoder.model_path().suffix)")
    env = {k: v for k, v in os.environ.items() if k not in (encoder.MODEL_ENV, encoder.SWITCH_ENV)}
    out = subprocess.run([sys.executable, "-c", code], input=seed_text, capture_output=True, text=True,
                         env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    statements, kind, torch_loaded, suffix = out.stdout.split()
    assert int(statements) >= 10 and kind == "OnnxEncoder" and torch_loaded == "False" and suffix == ".onnx"


def test_the_shipped_model_is_the_int8_export_of_the_shipped_adapter(nlp):
    """The shipped ONNX file is ``bench.quantise_encoder --method dynamic`` of the
    shipped adapter: it names that adapter, and its probabilities stay close to
    the adapter's run on torch (int8 moves single probabilities by up to ~0.4 on
    dev, docs/tagger.md; what counts, dev accuracy, is within 0.003 of torch)."""
    pytest.importorskip("torch", reason="the train extra (torch) is not installed")
    import hashlib
    import json

    import onnxruntime

    meta = onnxruntime.InferenceSession(str(encoder.model_path()), providers=["CPUExecutionProvider"]) \
        .get_modelmeta().custom_metadata_map
    assert meta["storage"] == "int8 (dynamic)" and json.loads(meta["labels"]) == list(LABELS)
    assert meta["adapter_sha256"] == hashlib.sha256(encoder.adapter_path().read_bytes()).hexdigest()
    doc = nlp(TEXT)
    paras = paragraphs(doc)
    onnx_probs = encoder.encoder_probabilities(doc, paras, LABELS)
    torch_probs = encoder.encoder_probabilities(doc, paras, LABELS, path=encoder.adapter_path())
    tokens = [i for p in paras for i in p.tokens]
    assert np.abs(onnx_probs - torch_probs)[tokens].mean() < 0.02
    assert (onnx_probs.argmax(axis=1) == torch_probs.argmax(axis=1))[tokens].mean() >= 0.95


def test_dynamic_quantisation_writes_an_int8_model_the_runtime_loads(nlp, tmp_path):
    pytest.importorskip("onnx", reason="the train extra (onnx) is not installed")
    from bench.export_encoder import export
    from bench.quantise_encoder import quantise

    adapter = _adapter_with_blocks(tmp_path, 1, "1")
    fp32, int8 = tmp_path / "one_block.onnx", tmp_path / "one_block_int8.onnx"
    export(adapter, fp32, "fp32")
    quantise(fp32, int8, "dynamic")
    assert int8.stat().st_size < fp32.stat().st_size / 3
    doc = nlp(TEXT)
    probs = encoder.encoder_probabilities(doc, paragraphs(doc), LABELS, path=int8)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-3)


@pytest.mark.parametrize("storage,tolerance", [("fp32", 1e-4), ("fp16", 5e-3)])
def test_export_folds_the_adapters_and_matches_torch(nlp, tmp_path, storage, tolerance):
    """``bench.export_encoder`` on a one-block adapter: the ONNX file loads in
    the runtime, names its labels and gives torch's probabilities."""
    pytest.importorskip("onnx", reason="the train extra (onnx) is not installed")
    from bench.export_encoder import compare, export

    adapter = _adapter_with_blocks(tmp_path, 1, "1")
    out = tmp_path / f"one_block_{storage}.onnx"
    meta = export(adapter, out, storage)
    assert meta["layers"] == "1" and meta["storage"] == storage
    doc = nlp(TEXT)
    windows = [(pieces, firsts) for _, pieces, firsts in encoder.windows(doc, paragraphs(doc), encoder.load_tokenizer())]
    [row] = compare(adapter, out, {"text": windows})
    assert row["max_abs"] < tolerance and row["argmax_flips"] == 0
    assert encoder.load_encoder(out).labels == list(LABELS)


def test_an_unknown_device_is_a_model_error_and_cuda_without_a_gpu_runs_on_the_cpu(monkeypatch, tmp_path, caplog):
    from onrecord.extract.attribution import encoder_onnx

    monkeypatch.setenv(encoder_onnx.DEVICE_ENV, "tpu")
    with pytest.raises(ModelError, match="expected auto, cuda or cpu"):
        encoder_onnx.load_onnx(str(encoder.model_path()), 1)
    monkeypatch.setenv(encoder_onnx.DEVICE_ENV, "cuda")
    with caplog.at_level("WARNING"):
        model = encoder_onnx.load_onnx(str(encoder.model_path()), 1)
    import onnxruntime

    if encoder_onnx.CUDA not in onnxruntime.get_available_providers():
        assert model.providers == [encoder_onnx.CPU] and "running on the CPU" in caplog.text


def _adapter_with_blocks(tmp_path, keep: int, layers: str):
    """The shipped adapter cut to its first ``keep`` blocks, saying ``layers``."""
    from safetensors import safe_open
    from safetensors.torch import save_file

    with safe_open(str(encoder.adapter_path()), framework="pt") as handle:
        meta = dict(handle.metadata())
        state = {name: handle.get_tensor(name) for name in handle.keys()
                 if not name.startswith("encoder.blocks.") or int(name.split(".")[2]) < keep}
    meta["layers"] = layers
    path = tmp_path / f"blocks{keep}_{layers}.safetensors"
    save_file(state, str(path), metadata=meta)
    return path


def test_an_adapter_for_fewer_layers_runs_a_shorter_encoder(nlp, tmp_path):
    """``train_encoder --layers N`` keeps the base model's first N blocks; the
    adapter file says so and the loader builds the same shorter encoder."""
    path = _adapter_with_blocks(tmp_path, 2, "2")
    assert len(encoder.load_encoder(path).module.encoder.blocks) == 2
    doc = nlp(TEXT)
    probs = encoder.encoder_probabilities(doc, paragraphs(doc), LABELS, path=path)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-3)


@pytest.mark.parametrize("keep,layers", [(2, "4"), (2, "9")])
def test_an_adapter_whose_layers_do_not_fit_is_a_clear_model_error(tmp_path, keep, layers):
    path = _adapter_with_blocks(tmp_path, keep, layers)
    with pytest.raises(ModelError):
        encoder.load_encoder(path)


@pytest.mark.parametrize("suffix", [".onnx", ".safetensors"])
def test_a_model_that_failed_to_load_is_not_read_again(monkeypatch, tmp_path, suffix):
    """The tagger asks for the encoder once per document: a corrupt file gives
    the same error every time without the model being read again."""
    from onrecord.extract.attribution import encoder_onnx

    bad = tmp_path / f"bad{suffix}"
    bad.write_bytes(b"not a model file at all")
    with pytest.raises(ModelError) as first:
        encoder.load_encoder(bad)
    monkeypatch.setattr(encoder_torch, "load_adapter", lambda *a: pytest.fail("the failed file was read again"))
    monkeypatch.setattr(encoder_onnx, "load_onnx", lambda *a: pytest.fail("the failed file was read again"))
    with pytest.raises(ModelError) as second:
        encoder.load_encoder(bad)
    assert second.value is first.value


def test_a_student_trained_with_a_teacher_loads_as_a_shorter_encoder(nlp, tmp_path):
    """``train_encoder --layers N --distil TEACHER`` mixes the teacher's
    probabilities into the loss; the student it writes names its teacher and
    loads as an N-block encoder whose probabilities are distributions."""
    from safetensors import safe_open

    from bench.polnear import Article, Attribution
    from bench.train_encoder import examples, teacher_probabilities, train

    text = 'Officials argued that the budget was far too small, the mayor said.'
    start = text.index("the budget")
    article = Article("student", text, [Attribution(content=[(start, text.index(", the mayor"))],
                                                    source=(0, len("Officials")),
                                                    cue=[(text.index("argued"), text.index(" that"))])])
    doc = nlp(text)
    data = examples([article], [doc])
    soft = teacher_probabilities(data, encoder.adapter_path())
    assert [len(p) for p in soft] == [len(firsts) for _, firsts, _ in data]
    assert all(np.allclose(p.sum(dim=-1).numpy(), 1.0, atol=1e-4) for p in soft)
    assert isinstance(encoder.load_encoder(encoder.adapter_path()), encoder_torch.TorchEncoder)

    out = tmp_path / "student.safetensors"
    train([article], [doc], out, epochs=1, layers=1, teacher=encoder.adapter_path(), distil_weight=0.5)
    with safe_open(str(out), framework="pt") as handle:
        meta = handle.metadata()
    assert meta["layers"] == "1" and meta["teacher"] == encoder.ADAPTER_FILE and meta["distil_weight"] == "0.5"
    assert len(encoder.load_encoder(out).module.encoder.blocks) == 1
    probs = encoder.encoder_probabilities(doc, paragraphs(doc), LABELS, path=out)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-3)
