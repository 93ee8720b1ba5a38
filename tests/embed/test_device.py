"""Where ``--backend torch`` runs: a CUDA GPU when there is one, else the CPU."""

from summarize.embed.torch_backend import SentenceTransformerEncoder, pick_device


def test_a_gpu_is_used_when_there_is_one():
    assert pick_device(None, lambda: True) == "cuda"


def test_the_cpu_without_a_gpu():
    assert pick_device(None, lambda: False) == "cpu"


def test_a_device_asked_for_is_kept_and_no_gpu_is_looked_for():
    def never() -> bool:
        raise AssertionError("looked for a GPU though a device was given")

    assert pick_device("cpu", never) == "cpu"
    assert pick_device("cuda:1", never) == "cuda:1"


def test_the_encoder_keeps_a_device_given_and_settles_none_before_loading():
    encoder = SentenceTransformerEncoder(device="cpu")
    assert encoder.device == "cpu"
    assert SentenceTransformerEncoder().device is None  # not settled before the model loads
