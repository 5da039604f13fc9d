"""Paper as a scanner sees it: synthetic pages drawn as images with a scanner's faults (skew, blur, specks, a
grey cast), the cover sheet's QR code drawn in, and blank pages. For the corpus, the benchmark and tests only;
real paper comes from the scanner."""

import io
import random
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont

DPI = 200
A4 = (1654, 2339)  # A4 at 200 dpi
FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
         "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf")


@cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(path, size)
    except OSError:  # a machine without that font: Pillow's own
        return ImageFont.load_default(size)


def draw(lines: list[str], rng: random.Random, *, noise: bool = True) -> Image.Image:
    """One page of text as a grey-scale scan."""
    img = Image.new("L", A4, 255)
    pen = ImageDraw.Draw(img)
    size = rng.randint(26, 34)
    font = _font(rng.choice(FONTS), size)
    title = _font(FONTS[0], size + 10)
    y, left = rng.randint(120, 220), rng.randint(120, 200)
    for n, line in enumerate(lines):
        pen.text((left, y), line[:90], font=title if n == 0 else font, fill=rng.randint(0, 60))
        y += int(size * rng.uniform(1.6, 2.0)) + (20 if n == 0 else 0)
        if y > A4[1] - 150:
            break
    return scanned(img, rng) if noise else img


def scanned(img: Image.Image, rng: random.Random) -> Image.Image:
    """A scanner's faults: a small skew, some blur, specks of dust, a grey cast."""
    img = img.rotate(rng.uniform(-1.5, 1.5), fillcolor=255, resample=Image.Resampling.BILINEAR)
    pen = ImageDraw.Draw(img)
    for _ in range(rng.randint(20, 120)):
        x, y, r = rng.randrange(A4[0]), rng.randrange(A4[1]), rng.randint(1, 3)
        pen.ellipse((x, y, x + r, y + r), fill=rng.randint(0, 120))
    img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.1)))
    cast = rng.randint(0, 25)
    return img.point(lambda v: max(0, v - cast)) if cast else img


def blank(rng: random.Random) -> Image.Image:
    """A blank separator page as scanned: a few specks, nothing else."""
    img = Image.new("L", A4, 255)
    pen = ImageDraw.Draw(img)
    for _ in range(rng.randint(0, 30)):
        x, y = rng.randrange(A4[0]), rng.randrange(A4[1])
        pen.point((x, y), fill=rng.randint(60, 200))
    return img


def to_pdf(pages: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    pages[0].save(out, "PDF", resolution=DPI, save_all=True, append_images=pages[1:])
    return out.getvalue()


def to_tiff(pages: list[Image.Image]) -> bytes:
    out = io.BytesIO()
    pages[0].save(out, "TIFF", dpi=(DPI, DPI), save_all=True, append_images=pages[1:], compression="tiff_lzw")
    return out.getvalue()


def to_image(page: Image.Image, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    page.save(out, kind, dpi=(DPI, DPI), **({"quality": 85} if kind == "JPEG" else {}))
    return out.getvalue()
