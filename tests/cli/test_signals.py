"""``cli.signals.interrupt_kept``: a Ctrl-C that something swallows (as Python drops an
exception raised in a finaliser) still stops the loop at its next check."""

from __future__ import annotations

import os
import signal

import pytest

from summarize.cli.signals import interrupt_kept


def test_a_swallowed_interrupt_is_raised_again_at_the_next_check() -> None:
    before = signal.getsignal(signal.SIGINT)
    with interrupt_kept() as interrupts:
        interrupts.check()  # nothing came yet
        try:
            os.kill(os.getpid(), signal.SIGINT)  # its handler runs in this frame
            raise AssertionError("the interrupt did not come")
        except KeyboardInterrupt:
            pass  # dropped, as a finaliser drops it
        with pytest.raises(KeyboardInterrupt):
            interrupts.check()
    assert signal.getsignal(signal.SIGINT) is before
