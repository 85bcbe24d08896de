"""Profile photos: only real JPEG, PNG or WebP images are accepted; each is decoded, turned
upright, cut to at most PHOTO_SIZE pixels and saved again as a fresh JPEG that carries pixels only:
no EXIF (GPS position, camera), XMP, ICC profile, JPEG comment or PNG text chunk survives.

Decoding is bounded by what it costs in memory, not by the file's size: a 76 KB PNG can unpack to
hundreds of megabytes. The header tells the size and mode before any pixel is decoded; JPEGs are
decoded at a reduced scale (`draft`), so even large camera photos stay cheap.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
PHOTO_SIZE = 512
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
# Refuse images with more pixels than a 40-megapixel photo, whatever their mode.
MAX_PIXELS = 40_000_000
# Refuse images that would take more memory than this to decode and shrink: a 25-megapixel PNG
# photo, a 12-megapixel PNG with transparency, a 6-megapixel WebP; JPEGs are decoded reduced.
MAX_DECODING_BYTES = 100_000_000
# Bytes Pillow holds per pixel once decoded: a 1-bit or palette pixel takes a whole byte, 16-bit
# grey two, and RGB, like every mode with more than one band, four.
DECODED_BYTES_PER_PIXEL = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16L": 2, "I;16B": 2, "I;16N": 2}
SIXTEEN_BIT_MODES = {"I;16", "I;16L", "I;16B", "I;16N", "I", "F"}
ALPHA_MODES = {"LA", "PA", "RGBA"}


def decoding_bytes(image):
    """Memory that decoding and shrinking the image takes, from its header (nothing is decoded yet):
    its decoded pixels; twice that with transparency (shrinking makes a premultiplied copy); four
    times for WebP (libwebp's canvas and the bytes it hands over come first)."""
    pixels = image.width * image.height * DECODED_BYTES_PER_PIXEL.get(image.mode, 4)
    if image.format == "WEBP":
        return 4 * pixels
    return 2 * pixels if image.mode in ALPHA_MODES else pixels


def clean_photo(upload):
    """A re-encoded JPEG (ContentFile with a fresh name) made from the uploaded file, or a
    ValidationError with a message a person understands."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The photo is too large (%(size)s MB). Choose a photo of at most 5 MB."),
            code="too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
        )
    not_an_image = ValidationError(
        _("The file is not a photo we can use. Choose a JPEG, PNG or WebP image."), code="not_an_image"
    )
    too_many_pixels = ValidationError(
        _("The photo has too many pixels. Choose a smaller photo."), code="too_many_pixels"
    )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise not_an_image
                if image.format == "JPEG":
                    # Decode at 1/2, 1/4 or 1/8 scale when that still gives twice the photo size.
                    image.draft(None, (PHOTO_SIZE * 2, PHOTO_SIZE * 2))
                if image.width * image.height > MAX_PIXELS:
                    raise too_many_pixels
                if decoding_bytes(image) > MAX_DECODING_BYTES:
                    raise ValidationError(
                        _(
                            "The photo has too many pixels to unpack (it would take %(size)s MB). Choose a "
                            "photo with fewer pixels, or save it as JPEG."
                        ),
                        code="too_much_memory",
                        params={"size": decoding_bytes(image) // 1_000_000},
                    )
                photo = _thumbnail(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except Exception:
        # Pillow raises many kinds of errors for broken or foreign files; all mean the same to the user.
        raise not_an_image from None
    return ContentFile(_jpeg_without_metadata(photo), name=f"{uuid.uuid4().hex}.jpg")


def _thumbnail(image):
    """The image cut to PHOTO_SIZE and turned upright, as RGB or L; the full-size pixels are
    dropped before anything else is made from them."""
    # In place, so that no full-size copy is made; 16-bit grey cannot be reduced in steps.
    reducing_gap = None if image.mode in SIXTEEN_BIT_MODES else 2.0
    image.thumbnail((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.LANCZOS, reducing_gap=reducing_gap)
    # The orientation is read from the EXIF data, which the small image still has.
    photo = ImageOps.exif_transpose(image)
    if photo.mode in SIXTEEN_BIT_MODES:
        photo = photo.convert("I").point(lambda value: value / 256).convert("L")
    if photo.mode not in ("RGB", "L"):
        # Transparent parts become white, as on the page's background.
        background = Image.new("RGB", photo.size, "white")
        rgba = photo.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        photo = background
    return photo


def _jpeg_without_metadata(photo):
    """The photo's pixels as JPEG bytes, and nothing else: a new image has no `info` to carry
    over (Pillow writes a source's comment, EXIF or ICC profile into the JPEG it saves)."""
    clean = Image.new(photo.mode, photo.size)
    clean.paste(photo)
    output = io.BytesIO()
    clean.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
    return output.getvalue()
