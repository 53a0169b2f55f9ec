"""Made-up emblems for the demo organisations' letterheads: a shield in the organisation's colour with its initials.
Real installations upload their own logo on the organisation's page."""

import io

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

SIZE = 240


def demo_logo(initials: str, colour: tuple[int, int, int]) -> ContentFile:
    image = Image.new("RGBA", (SIZE, SIZE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    shield = [(20, 16), (SIZE - 20, 16), (SIZE - 20, 130), (SIZE // 2, SIZE - 10), (20, 130)]
    draw.polygon(shield, fill=colour, outline=(212, 175, 55), width=8)
    font = ImageFont.load_default(size=84)
    draw.text((SIZE // 2, 104), initials, fill=(255, 255, 255), font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue())
