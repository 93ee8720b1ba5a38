"""The one-time export of a sentence-transformers model for :mod:`summarize.embed.onnx_backend`.

Three files, side by side in the cache directory: the graph (``<name>.onnx``, a few hundred
kB), the transformer's weights beside it as ONNX external data (``<name>.weights``: onnxruntime
reads them into its own buffers, never holding the parsed graph file and the weights at once),
and the word-piece table (``<name>.words.f32``, :mod:`summarize.embed.words`). They are made
in a temporary folder next to them and moved into place with :func:`os.replace`, the graph
last: a graph file that is there has its other two beside it, and two processes exporting at
once both end with complete files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import warnings
from pathlib import Path

from .words import table_path, write_table

ONNX_OPSET = 17
INPUTS = ("inputs_embeds", "attention_mask", "token_type_ids")
OUTPUTS = ("last_hidden_state", "first_layer")


def weights_path(onnx_path: Path) -> Path:
    """Where the transformer's weights of the export at ``onnx_path`` are kept."""
    return onnx_path.with_suffix(".weights")


def export_graph(model_dir: str | Path, target: str | Path) -> Path:
    """Export the transformer of ``model_dir`` to ``target`` and the two files beside it
    (imports torch and transformers); return ``target``."""
    import onnx
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    model = AutoModel.from_pretrained(str(model_dir), local_files_only=True)
    model.eval()

    class _HiddenStates(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, inputs_embeds, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            out = self.inner(
                inputs_embeds=inputs_embeds,
                attention_mask=attention_mask,
                token_type_ids=token_type_ids,
                output_hidden_states=True,
            )
            return out.last_hidden_state, out.hidden_states[1]

    # A padded dummy batch, so that the traced graph keeps the attention mask.
    ids = torch.tensor([[101, 7592, 2088, 2003, 102], [101, 7592, 102, 0, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    table = model.get_input_embeddings().weight.detach()
    dynamic = {0: "batch", 1: "tokens"}
    work = Path(tempfile.mkdtemp(prefix=target.name + ".", suffix=".tmp", dir=target.parent))
    try:
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # TracerWarnings about shapes held constant
            torch.onnx.export(
                _HiddenStates(model),
                (table[ids], mask, torch.zeros_like(ids)),
                str(work / "traced.onnx"),
                input_names=list(INPUTS),
                output_names=list(OUTPUTS),
                dynamic_axes={name: dynamic for name in (*INPUTS, *OUTPUTS)},
                opset_version=ONNX_OPSET,
                do_constant_folding=True,
                dynamo=False,
            )
        graph = onnx.load(str(work / "traced.onnx"))
        onnx.save_model(graph, str(work / target.name), save_as_external_data=True,
                        all_tensors_to_one_file=True, location=weights_path(target).name,
                        size_threshold=1024)
        write_table(table.numpy(), work / table_path(target).name)
        for path in (weights_path(target), table_path(target), target):  # the graph last
            os.chmod(work / path.name, 0o644)  # as readable as other cache files
            os.replace(work / path.name, path)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target
