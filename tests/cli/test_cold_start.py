"""What the command line imports before it needs it (speed is measured in eval/bench.py)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from summarize.cli import LAZY_COMMANDS, cli

from ..conftest import CORPORA, ROOT


def _modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    return set(done.stdout.split())


def test_help_and_import_do_not_load_numpy_or_the_pipeline() -> None:
    heavy = {"numpy", "scipy", "onnxruntime", "torch", "sumy", "nltk"}
    assert not heavy & _modules_after("import summarize")
    loaded = _modules_after(
        "from click.testing import CliRunner\nfrom summarize.cli import cli\n"
        "assert CliRunner().invoke(cli, ['--help']).exit_code == 0"
    )
    assert not heavy & loaded
    assert "summarize.cli.eval" not in loaded


def test_lazy_commands_show_the_same_help_once_imported(monkeypatch) -> None:
    monkeypatch.setattr(cli, "commands", {k: v for k, v in cli.commands.items()
                                          if k not in LAZY_COMMANDS})
    lazy = CliRunner().invoke(cli, ["--help"]).output
    for name in LAZY_COMMANDS:
        assert cli.get_command(click.Context(cli), name) is not None
    assert CliRunner().invoke(cli, ["--help"]).output == lazy
    for name, (_, _, first_line) in LAZY_COMMANDS.items():
        command = cli.commands[name]
        assert (command.help or "").splitlines()[0] == first_line


def test_the_public_names_are_there() -> None:
    import summarize

    assert set(summarize.__all__) == set(summarize._EXPORTS) and summarize.__all__
    for name in summarize.__all__:  # the class or function of that name, from its module
        value = getattr(summarize, name)
        assert value.__name__ == name
        assert value.__module__.startswith(f"summarize.{summarize._EXPORTS[name]}")
    assert set(summarize.__all__) <= set(dir(summarize))
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        summarize.Nope  # noqa: B018


@pytest.mark.slow
def test_the_fast_encoder_settings_give_the_same_vectors_to_the_bit(tmp_path) -> None:
    from summarize.embed.onnx_backend import DEFAULT_BATCH_SIZE, OnnxEncoder
    from summarize.ingest.files import load_directory
    from summarize.segment import segment

    texts = [s.text for s in segment(load_directory(CORPORA))]
    default = OnnxEncoder().encode(texts)
    assert OnnxEncoder().batch_size == DEFAULT_BATCH_SIZE
    for batch_size in (1, 64):
        assert OnnxEncoder(batch_size=batch_size).encode(texts).tobytes() == default.tobytes()
