"""Images on pages: a use of an image (with its own alt text), its renditions, its JSON.

Alt text belongs to the use, not to the image: the same photo can need different
words on different pages. An image's renditions (every width and format of
``TOPICDESK_IMAGE_WIDTHS`` and ``TOPICDESK_IMAGE_FORMATS``, for the image's own
shape and for each named crop) are made in the task worker when a page that uses
it is published, or when the image is uploaded or its focal point moves; a read
only looks them up (`find_renditions`) and never renders one.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from PIL import features
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from pages.text import plain_text

#: Named crops, as (width, height) ratios; ``og`` is the fixed social-sharing size.
CROPS = {"hero": (16, 9), "card": (4, 3)}
OG_SIZE = (1200, 630)
MIME_TYPES = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
ALT_MAX_LENGTH = 250


def image_formats() -> list[str]:
    """The configured formats this Pillow can write, best first; JPEG is always last."""
    wanted = [name for name in settings.TOPICDESK_IMAGE_FORMATS if name != "jpeg"]
    return [name for name in wanted if name != "avif" or features.check("avif")] + ["jpeg"]


class HeroImageMixin(models.Model):
    """The topic's hero: an image, and how this page uses it."""

    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the page and when the page is shared.",
    )
    hero_alt = models.CharField(
        max_length=ALT_MAX_LENGTH,
        blank=True,
        verbose_name="Alt text",
        help_text="What the image shows, for readers who cannot see it. Required unless "
        "the image is decorative.",
    )
    hero_decorative = models.BooleanField(
        default=False,
        verbose_name="Decorative",
        help_text="The image adds nothing the text does not say: screen readers skip it.",
    )
    hero_caption = models.CharField(max_length=ALT_MAX_LENGTH, blank=True, verbose_name="Caption")
    hero_credit = models.CharField(
        max_length=ALT_MAX_LENGTH, blank=True, verbose_name="Credit", help_text="Photographer."
    )

    HERO_TEXT_FIELDS = ("hero_alt", "hero_caption", "hero_credit")
    hero_panel = MultiFieldPanel(
        [
            FieldPanel("hero_image"),
            FieldPanel("hero_alt"),
            FieldPanel("hero_decorative"),
            FieldPanel("hero_caption"),
            FieldPanel("hero_credit"),
        ],
        heading="Hero image",
    )

    class Meta:
        abstract = True

    def hero_use(self, image) -> "ImageUse":
        """How this page uses ``image`` (its hero, fetched by the caller)."""
        return ImageUse(
            image=image,
            alt=self.hero_alt,
            decorative=self.hero_decorative,
            caption=self.hero_caption,
            credit=self.hero_credit,
        )

    def hero_errors(self) -> dict[str, list[str]]:
        """The alt-text rule for the hero; empty when it holds."""
        has_image = self.hero_image_id is not None
        alt = self.hero_alt.strip()
        if has_image and not alt and not self.hero_decorative:
            return {
                "hero_alt": [
                    "Describe the hero image for readers who cannot see it, or mark it decorative."
                ]
            }
        if alt and self.hero_decorative:
            return {
                "hero_alt": ["A decorative image has no alt text: clear it, or untick Decorative."]
            }
        if not has_image:
            left = [name for name in self.HERO_TEXT_FIELDS if getattr(self, name).strip()]
            if left:
                return {name: ["Choose a hero image, or clear this."] for name in left}
        return {}


@dataclass(frozen=True)
class ImageUse:
    image: object
    alt: str
    decorative: bool
    caption: str
    credit: str


def variant_specs(image, ratio: tuple[int, int] | None) -> list[tuple[str, int, str]]:
    """``(filter spec, width, format)`` of every rendition of one variant of ``image``:
    its own shape (``ratio`` None), or a crop to ``ratio``, centred on the focal point.
    Widths wider than the image are left out: Wagtail does not enlarge."""
    if ratio is None:
        widest = image.width
    else:
        widest = min(image.width, image.height * ratio[0] // ratio[1])
    widths = sorted({w for w in settings.TOPICDESK_IMAGE_WIDTHS if w <= widest} or {widest})
    specs = []
    for width in widths:
        for fmt in image_formats():
            if ratio is None:
                base = f"width-{width}"
            else:
                base = f"fill-{width}x{max(1, width * ratio[1] // ratio[0])}"
            specs.append((f"{base}|format-{fmt}", width, fmt))
    return specs


def all_specs(image) -> list[str]:
    specs = [
        spec for ratio in (None, *CROPS.values()) for spec, _, _ in variant_specs(image, ratio)
    ]
    return [*specs, og_spec()]


def og_spec() -> str:
    return f"fill-{OG_SIZE[0]}x{OG_SIZE[1]}|format-jpeg"


def find_renditions(image) -> dict[str, object] | None:
    """The image's renditions by spec, looked up and never made; None if any is missing.

    Uses the renditions prefetched with the image (`with_renditions`) when there are."""
    filters = [Filter(spec=spec) for spec in all_specs(image)]
    found = image.find_existing_renditions(*filters)
    if len(found) < len(filters):
        return None
    return {flt.spec: rendition for flt, rendition in found.items()}


def make_renditions(image) -> int:
    """Make whatever renditions the image lacks (the worker's job); return how many it made."""
    filters = [Filter(spec=spec) for spec in all_specs(image)]
    missing = [flt for flt in filters if flt not in image.find_existing_renditions(*filters)]
    if missing:
        image.create_renditions(*missing)
    return len(missing)


def images_with_renditions(ids):
    """The images with these ids, their renditions prefetched: two queries."""
    return get_image_model().objects.filter(pk__in=ids).prefetch_related("renditions")


def media_url(url: str) -> str:
    """A rendition's address, absolute: frontends live on other hosts."""
    if url.startswith("/"):
        return settings.TOPICDESK_MEDIA_ORIGIN.rstrip("/") + url
    return url


def _variant(image, renditions: dict, ratio: tuple[int, int] | None) -> dict:
    by_format: dict[str, list] = {}
    for spec, _, fmt in variant_specs(image, ratio):
        by_format.setdefault(fmt, []).append(renditions[spec])
    jpeg = by_format["jpeg"]
    widest = jpeg[-1]
    fallback = next((r for r in jpeg if r.width >= 960), widest)
    return {
        "width": widest.width,
        "height": widest.height,
        "src": media_url(fallback.url),
        "sources": [
            {
                "type": MIME_TYPES[fmt],
                "srcset": ", ".join(f"{media_url(r.url)} {r.width}w" for r in items),
            }
            for fmt, items in by_format.items()
        ],
    }


def image_json(use: ImageUse, renditions: dict) -> dict:
    """The API value of one use of an image::

        {"id": 7, "alt": "Two people talking on a bench", "decorative": false,
         "caption": "", "credit": "", "original_width": 2400, "original_height": 1600,
         "focal_point": {"x": 0.5, "y": 0.4},
         "width": 1920, "height": 1280, "src": "https://…/x.width-960.format-jpeg.jpg",
         "sources": [{"type": "image/avif", "srcset": "https://… 320w, …"}, …],
         "crops": {"hero": {width, height, src, sources}, "card": {…},
                   "og": {"width": 1200, "height": 630, "src": "…"}}}

    Text is plain on the way out, whatever is stored; a decorative image's alt is "".
    """
    image = use.image
    focal = image.get_focal_point()
    og = renditions[og_spec()]
    own = _variant(image, renditions, None)
    return {
        "id": image.pk,
        "alt": "" if use.decorative else plain_text(use.alt),
        "decorative": use.decorative,
        "caption": plain_text(use.caption),
        "credit": plain_text(use.credit),
        "focal_point": (
            {
                "x": round(focal.centroid_x / image.width, 4),
                "y": round(focal.centroid_y / image.height, 4),
            }
            if focal is not None
            else None
        ),
        **own,
        "original_width": image.width,
        "original_height": image.height,
        "crops": {
            **{name: _variant(image, renditions, ratio) for name, ratio in CROPS.items()},
            "og": {"width": og.width, "height": og.height, "src": media_url(og.url)},
        },
    }


_STRING = {"type": "string"}
_SOURCE = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "enum": list(MIME_TYPES.values())},
        "srcset": {"type": "string", "description": "For <source srcset>: 'url 320w, …'."},
    },
    "required": ["type", "srcset"],
}
_VARIANT_PROPERTIES = {
    "width": {"type": "integer"},
    "height": {"type": "integer"},
    "src": {"type": "string", "format": "uri", "description": "JPEG fallback for <img src>."},
    "sources": {"type": "array", "items": _SOURCE, "description": "Best format first."},
}
_VARIANT = {
    "type": "object",
    "properties": _VARIANT_PROPERTIES,
    "required": list(_VARIANT_PROPERTIES),
}

#: The OpenAPI schema of `image_json`'s value.
IMAGE_SCHEMA = {
    "type": "object",
    "description": "An image as this page uses it, with renditions made at publish time.",
    "properties": {
        "id": {"type": "integer"},
        "alt": {"type": "string", "description": "Empty when decorative."},
        "decorative": {"type": "boolean"},
        "caption": _STRING,
        "credit": _STRING,
        "focal_point": {
            "type": ["object", "null"],
            "properties": {"x": {"type": "number"}, "y": {"type": "number"}},
            "description": "The focal point's centre, as fractions of width and height.",
        },
        **_VARIANT_PROPERTIES,
        "original_width": {"type": "integer"},
        "original_height": {"type": "integer"},
        "crops": {
            "type": "object",
            "properties": {
                "hero": {**_VARIANT, "description": "16:9, centred on the focal point."},
                "card": {**_VARIANT, "description": "4:3, centred on the focal point."},
                "og": {
                    "type": "object",
                    "description": "1200×630 JPEG for og:image.",
                    "properties": {
                        "width": {"type": "integer"},
                        "height": {"type": "integer"},
                        "src": {"type": "string", "format": "uri"},
                    },
                },
            },
            "required": ["hero", "card", "og"],
        },
    },
    "required": [
        "id",
        "alt",
        "decorative",
        "caption",
        "credit",
        "focal_point",
        *_VARIANT_PROPERTIES,
        "crops",
    ],
}
