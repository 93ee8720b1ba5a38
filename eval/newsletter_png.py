"""The picture of the newsletter page in ``docs/cli.md``: ``summarize stories --format html`` on
the example cluster (``corpora/``) and a second, made-up story (``eval/newsletter/``: two
reports of a ferry strike ending, as JSON lines of articles), shot in headless chromium.

``python eval/newsletter_png.py [--width 760] [--backend onnx] [--output docs/html-stories.png]``

The page is made with the default model (``--backend onnx``) and options, so that the picture
shows what a reader gets; the command it runs is printed. Chromium (``chromium``,
``chromium-browser`` or ``google-chrome``; ``make test`` installs it) shoots a window
``--width`` pixels wide and tall enough for the page; the empty margin below the page is then
cut off.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ("corpora", "eval/newsletter/ferry-strike.jsonl")
TALL = 4000  #: the window's height: more than the page needs
MARGIN = 24  #: pixels of background kept below the page


def make_page(page: Path, backend: str) -> None:
    command = [sys.executable, "-m", "summarize", "stories", *INPUTS, "--backend", backend,
               "--format", "html", "-o", str(page), "--force"]
    print("$", " ".join(command[1:]), file=sys.stderr)
    subprocess.run(command, cwd=ROOT, check=True)


def browser() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    sys.exit("error: no chromium found (make test installs it)")


def shoot(page: Path, shot: Path, width: int, profile: Path) -> None:
    """The page in a window ``width`` wide, as the browser tests shoot it (tests/conftest.py)."""
    subprocess.run([
        browser(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--hide-scrollbars", f"--user-data-dir={profile}", f"--screenshot={shot}",
        f"--window-size={width},{TALL}", "--force-device-scale-factor=1", page.as_uri(),
    ], check=True, capture_output=True, timeout=180)


def crop(shot: Path, output: Path) -> tuple[int, int]:
    """The picture without the empty rows below the page (``MARGIN`` of them kept); its size."""
    from PIL import Image, ImageChops

    image = Image.open(shot).convert("RGB")
    background = Image.new("RGB", image.size, image.getpixel((image.width - 1,
                                                              image.height - 1)))
    box = ImageChops.difference(image, background).getbbox()
    bottom = min(image.height, (box[3] if box else image.height) + MARGIN)
    if bottom >= image.height:
        sys.exit(f"error: the page is taller than {TALL} pixels: raise TALL")
    image.crop((0, 0, image.width, bottom)).save(output, optimize=True)
    return image.width, bottom


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--width", type=int, default=760)
    parser.add_argument("--backend", default="onnx", choices=("onnx", "torch", "hash"))
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "html-stories.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page, shot = Path(tmp) / "stories.html", Path(tmp) / "shot.png"
        make_page(page, args.backend)
        shoot(page, shot, args.width, Path(tmp) / "profile")
        width, height = crop(shot, args.output)
    print(f"{args.output}: {width}×{height}")


if __name__ == "__main__":
    main()
