"""Pictures people upload (a logo, evidence, attachments): measured by the size they decode to before they are
accepted, and copied small for pages and documents.

A picture file says its width and height in its first bytes, so a 470 KB PNG that decodes to 121 megapixels (half a
gigabyte of memory, seconds of CPU in every document that shows it) is refused by reading its header alone. What is
accepted is decoded once, at most MAX_PIXELS, to make a bounded copy: the thumbnail a phone downloads, the logo a
letterhead embeds. Pillow's own decompression-bomb check stays on (Image.MAX_IMAGE_PIXELS is never lifted); the
limit here is lower.
"""

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# A phone's full-resolution photo (48-50 megapixels); far beyond any logo, screenshot or scan of a page.
MAX_PIXELS = 50_000_000
# What a page shows of a picture (a phone at 2x: 240 CSS pixels), and what a letterhead prints (2.5 cm at 600 dpi).
THUMBNAIL_SIZE = (480, 480)
DOCUMENT_SIZE = (600, 600)
# The formats that may come in: those browsers show, as `filetype` names them.
FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


def _unreadable() -> ValidationError:
    return ValidationError(
        _("The picture cannot be read; it may be damaged. Save it again as PNG or JPEG."), code="unreadable"
    )


def measure(file) -> tuple[str, int, int]:
    """The picture's format, width and height, read from its header without decoding it; the file is left at its
    start. A ValidationError for a file that is no picture Pillow reads, or one larger than MAX_PIXELS."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 megapixels and refuses from twice that: the limit below answers both, in words.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(file) as image:
                kind, (width, height) = image.format, image.size
    except Image.DecompressionBombError as error:
        raise _too_large(None, None) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _unreadable() from error
    finally:
        file.seek(0)
    if kind not in FORMATS:
        raise _unreadable()
    if width * height > MAX_PIXELS:
        raise _too_large(width, height)
    return kind, width, height


def _too_large(width: int | None, height: int | None) -> ValidationError:
    limit = MAX_PIXELS // 1_000_000
    if width is None or height is None:
        message = _("The picture is larger than %(limit)d megapixels. Save it smaller (for example 4000 × 3000).") % {
            "limit": limit
        }
    else:
        message = _(
            "The picture is %(width)d × %(height)d pixels (%(megapixels)d megapixels); at most %(limit)d megapixels "
            "are accepted. Save it smaller (for example 4000 × 3000)."
        ) % {"width": width, "height": height, "megapixels": round(width * height / 1_000_000), "limit": limit}
    return ValidationError(message, code="too_large")


def bounded_copy(file, size: tuple[int, int], *, keep_transparency: bool = False, name: str = "") -> ContentFile:
    """The picture at most `size`, turned as the camera meant it: a JPEG, or a PNG where transparency is kept (a
    logo). Checked by `measure` first; a JPEG is decoded straight at a fraction of its size, the rest in full."""
    measure(file)
    try:
        with Image.open(file) as image:
            image.draft("RGB", size)  # JPEG only: decodes at 1/2, 1/4 or 1/8 of the size, at a fraction of the cost
            picture = ImageOps.exif_transpose(image)
            picture.thumbnail(size, Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            if keep_transparency:
                picture.convert("RGBA" if picture.mode in ("RGBA", "LA", "P") else "RGB").save(buffer, "PNG")
            else:
                _flattened(picture).save(buffer, "JPEG", quality=82, optimize=True)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _unreadable() from error
    finally:
        file.seek(0)
    return ContentFile(buffer.getvalue(), name=name or None)


def _flattened(picture: Image.Image) -> Image.Image:
    """On white, as a JPEG holds no transparency."""
    if picture.mode in ("RGBA", "LA", "P"):
        picture = picture.convert("RGBA")
        background = Image.new("RGB", picture.size, "white")
        background.paste(picture, mask=picture.getchannel("A"))
        return background
    return picture.convert("RGB")


def thumbnail(file) -> ContentFile:
    """The small JPEG a page shows of a picture."""
    return bounded_copy(file, THUMBNAIL_SIZE)


def fits(file, size: tuple[int, int]) -> bool:
    """Whether a stored picture is already within `size` (read from its header)."""
    _kind, width, height = measure(file)
    return width <= size[0] and height <= size[1]
