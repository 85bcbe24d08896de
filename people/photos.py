"""Profile photos: only real JPEG, PNG or WebP images are accepted; each is decoded, turned
upright, cut to at most PHOTO_SIZE pixels and saved again as a JPEG, which leaves every piece of
metadata (EXIF with GPS position, camera, comments) behind."""

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
# Refuse images that would take more memory than a 40-megapixel photo when decoded
# (decompression bombs: a small file that unpacks to gigabytes).
MAX_PIXELS = 40_000_000


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
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                if image.format not in ACCEPTED_FORMATS:
                    raise not_an_image
                if image.width * image.height > MAX_PIXELS:
                    raise ValidationError(
                        _("The photo has too many pixels. Choose a smaller photo."), code="too_many_pixels"
                    )
                image.load()
                photo = ImageOps.exif_transpose(image)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("The photo has too many pixels. Choose a smaller photo."), code="too_many_pixels"
        ) from None
    except Exception:
        # Pillow raises many kinds of errors for broken or foreign files; all mean the same to the user.
        raise not_an_image from None
    photo.thumbnail((PHOTO_SIZE, PHOTO_SIZE), Image.Resampling.LANCZOS)
    if photo.mode not in ("RGB", "L"):
        # Transparent parts become white, as on the page's background.
        background = Image.new("RGB", photo.size, "white")
        rgba = photo.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        photo = background
    output = io.BytesIO()
    photo.convert("RGB").save(output, "JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
