"""Pictures measured by what they decode to before they are accepted, and copied small once (issue 28, item 2;
issue 22, item 8)."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from core import images


def png_bomb(width: int, height: int) -> bytes:
    """A real, valid black-and-white PNG of `width` × `height` pixels in a few kilobytes: its rows are all zero."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer, row = zlib.compressobj(9), b"\0" * (1 + (width + 7) // 8)
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


def photo(size=(4000, 3000), *, orientation: int = 1, kind="JPEG", mode="RGB") -> bytes:
    picture = Image.new(mode, size, (200, 120, 40, 255)[: len(mode)])
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = orientation
    picture.save(buffer, kind, exif=exif) if kind == "JPEG" else picture.save(buffer, kind)
    return buffer.getvalue()


@pytest.fixture
def no_decoding(monkeypatch):
    """Decoding a picture fails the test: a refusal must come from its header alone."""

    def refuse(self):
        raise AssertionError("the picture was decoded")

    monkeypatch.setattr(Image.Image, "load", refuse)


def test_a_121_megapixel_png_of_a_few_kilobytes_is_refused_by_its_header_alone(no_decoding):
    bomb = png_bomb(11_000, 11_000)

    with pytest.raises(ValidationError) as refused:
        images.measure(io.BytesIO(bomb))

    assert len(bomb) < 500_000
    assert refused.value.messages == [
        "The picture is 11000 × 11000 pixels (121 megapixels); at most 50 megapixels are accepted. Save it smaller "
        "(for example 4000 × 3000)."
    ]


def test_a_picture_beyond_pillows_own_limit_is_refused_in_words(no_decoding):
    with pytest.raises(ValidationError) as refused:
        images.measure(io.BytesIO(png_bomb(20_000, 20_000)))

    assert refused.value.messages == [
        "The picture is larger than 50 megapixels. Save it smaller (for example 4000 × 3000)."
    ]


def test_pillows_decompression_bomb_protection_stays_on():
    assert Image.MAX_IMAGE_PIXELS is not None
    assert images.MAX_PIXELS < Image.MAX_IMAGE_PIXELS


def test_a_file_that_is_no_picture_is_unreadable():
    with pytest.raises(ValidationError, match="cannot be read"):
        images.measure(io.BytesIO(b"%PDF-1.7 bukan gambar"))


def test_a_phone_photo_s_thumbnail_is_small_and_turned_as_the_camera_meant():
    upright = photo(orientation=6)  # held upright: stored on its side, with the EXIF note to turn it

    small = images.thumbnail(io.BytesIO(upright))

    with Image.open(small) as picture:
        assert (picture.format, picture.size) == ("JPEG", (360, 480))
    assert small.size < len(upright) / 2


def test_a_logo_s_bounded_copy_keeps_its_transparency():
    logo = photo((3000, 1000), kind="PNG", mode="RGBA")

    copy = images.bounded_copy(io.BytesIO(logo), images.DOCUMENT_SIZE, keep_transparency=True, name="logo.png")

    with Image.open(copy) as picture:
        assert (picture.format, picture.mode, picture.size, copy.name) == ("PNG", "RGBA", (600, 200), "logo.png")


def test_a_damaged_picture_gets_a_message_not_an_error():
    whole = png_bomb(800, 600)
    start = whole.index(b"IDAT") + 4
    damaged = whole[:start] + bytes(range(256)) * 4 + whole[-12:]  # its compressed rows replaced by noise

    with pytest.raises(ValidationError, match="cannot be read"):
        images.thumbnail(io.BytesIO(damaged))
