"""Hero images in the API: the typed object, renditions made at publish and never on a
read, crops that follow the focal point, the alt-text rule and neutralised text."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.images.models import Rendition

from pages.models import TopicPage
from tests.factories import TopicPageFactory, committed, publish

pytestmark = pytest.mark.django_db


def make_image(title="Bench", size=(800, 600), **fields):
    """A real JPEG: the left half dark, the right half light, so crops show where they sit."""
    picture = PillowImage.new("RGB", size, (20, 40, 60))
    picture.paste((240, 230, 200), (size[0] // 2, 0, size[0], size[1]))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    with committed():
        return get_image_model().objects.create(
            title=title, file=ImageFile(buffer, name=f"{title.lower()}.jpg"), **fields
        )


def detail(client, page):
    from pages.richtext import frontend_path

    response = client.get("/api/v1/pages/resolve/", {"path": frontend_path(page.url_path)})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def topic(category):
    return TopicPageFactory(parent=category, title="Trust", slug="trust")


def with_hero(topic, image, **use):
    page = TopicPage.objects.get(pk=topic.pk)
    page.hero_image = image
    page.hero_alt = use.get("alt", "Two people on a bench")
    page.hero_caption = use.get("caption", "")
    page.hero_credit = use.get("credit", "")
    page.hero_decorative = use.get("decorative", False)
    return publish(page)


def test_the_hero_is_a_typed_object_of_renditions(client, topic):
    image = make_image(focal_point_x=200, focal_point_y=300, focal_point_width=40,
                       focal_point_height=40)  # fmt: skip
    page = with_hero(topic, image, caption="On the pier", credit="A. Photographer")

    hero = detail(client, page)["hero_image"]

    renditions = {r.filter_spec: r for r in image.renditions.all()}
    url = "http://testserver{}".format

    def variant(base):
        return {
            "width": renditions[f"{base(640)}|format-jpeg"].width,
            "height": renditions[f"{base(640)}|format-jpeg"].height,
            "src": url(renditions[f"{base(640)}|format-jpeg"].url),
            "sources": [
                {
                    "type": f"image/{fmt}",
                    "srcset": ", ".join(
                        f"{url(renditions[f'{base(w)}|format-{fmt}'].url)} {w}w" for w in (320, 640)
                    ),
                }
                for fmt in ("webp", "jpeg")
            ],
        }

    og = renditions["fill-1200x630|format-jpeg"]
    assert hero == {
        "id": image.pk,
        "alt": "Two people on a bench",
        "decorative": False,
        "caption": "On the pier",
        "credit": "A. Photographer",
        "focal_point": {"x": 0.25, "y": 0.5},
        "original_width": 800,
        "original_height": 600,
        **variant(lambda w: f"width-{w}"),
        "crops": {
            "hero": variant(lambda w: f"fill-{w}x{w * 9 // 16}"),
            "card": variant(lambda w: f"fill-{w}x{w * 3 // 4}"),
            "og": {"width": og.width, "height": og.height, "src": url(og.url)},
        },
    }
    assert (hero["crops"]["hero"]["width"], hero["crops"]["hero"]["height"]) == (640, 360)
    assert hero["crops"]["card"]["height"] == 480
    # The social card uses the hero's 1200×630 crop (the image is smaller: not enlarged).
    seo = detail(client, page)["seo"]
    assert seo["og"]["image"] == url(og.url)
    assert seo["twitter"]["card"] == "summary_large_image"


def test_renditions_are_made_at_publish_and_reads_make_none(client, topic):
    image = make_image()
    Rendition.objects.filter(image=image).delete()  # as if the upload's task had not run
    page = with_hero(topic, image)
    made = Rendition.objects.filter(image=image).count()
    assert made == 3 * 2 * 2 + 1  # own shape, hero and card at 2 widths × 2 formats; og

    for _ in range(20):
        assert detail(client, page)["hero_image"]["id"] == image.pk
        assert client.get(page.url).status_code == 200  # the reference page too

    assert Rendition.objects.filter(image=image).count() == made


def test_until_the_worker_has_made_them_the_image_is_left_out(client, topic, settings):
    image = make_image()
    page = with_hero(topic, image)
    settings.TOPICDESK_IMAGE_WIDTHS = [320, 480]  # new widths: renditions not made yet
    from api import documents

    documents.rebuild([page.pk])
    assert detail(client, page)["hero_image"] is None
    assert Rendition.objects.filter(filter_spec__startswith="width-480").count() == 0

    from api.tasks import render_images

    result = render_images.call([image.pk])
    assert result["made"] == 6  # 480 wide: own shape, hero and card, in webp and jpeg
    assert result["rebuilt"] == ["/topics/relationships/trust/"]
    assert "480w" in detail(client, page)["hero_image"]["sources"][0]["srcset"]


def test_crops_follow_the_focal_point(topic):
    left = make_image("Left", size=(1000, 400), focal_point_x=100, focal_point_y=200,
                      focal_point_width=20, focal_point_height=20)  # fmt: skip
    right = make_image("Right", size=(1000, 400), focal_point_x=900, focal_point_y=200,
                       focal_point_width=20, focal_point_height=20)  # fmt: skip

    def card_pixel(image):
        rendition = image.get_rendition("fill-320x240|format-jpeg")
        with rendition.file.open() as handle:
            return PillowImage.open(handle).convert("RGB").getpixel((160, 120))

    dark, light = card_pixel(left), card_pixel(right)
    assert sum(dark) < 200 < 600 < sum(light)


def test_hero_needs_alt_text_unless_decorative(
    topic,
):
    page = TopicPage.objects.get(pk=topic.pk)
    page.hero_image = make_image()
    with pytest.raises(ValidationError) as raised:
        page.save_revision()
    assert raised.value.message_dict["hero_alt"] == [
        "Describe the hero image for readers who cannot see it, or mark it decorative."
    ]

    page.hero_decorative, page.hero_alt = True, "A bench"
    with pytest.raises(ValidationError) as raised:
        page.save_revision()
    assert "A decorative image has no alt text" in raised.value.message_dict["hero_alt"][0]

    page.hero_alt = ""
    page.save_revision()  # decorative, without alt: accepted

    page.hero_image, page.hero_decorative, page.hero_caption = None, False, "Left over"
    with pytest.raises(ValidationError) as raised:
        page.save_revision()
    assert raised.value.message_dict == {"hero_caption": ["Choose a hero image, or clear this."]}


def test_a_decorative_hero_has_empty_alt(client, topic):
    page = with_hero(topic, make_image(), alt="", decorative=True)
    hero = detail(client, page)["hero_image"]
    assert (hero["alt"], hero["decorative"]) == ("", True)
    assert 'alt=""' in client.get(page.url).content.decode()


def test_markup_in_alt_and_caption_is_refused_and_neutralised(client, topic):
    page = TopicPage.objects.get(pk=topic.pk)
    page.hero_image = make_image()
    page.hero_alt = '<img src=x onerror="alert(1)">'
    with pytest.raises(ValidationError) as raised:
        page.save_revision()
    assert raised.value.message_dict["hero_alt"] == [
        "Enter plain text: HTML tags are not allowed here."
    ]

    # Stored past validation (an old row, a raw write): served as text all the same.
    page = with_hero(topic, page.hero_image)
    TopicPage.objects.filter(pk=page.pk).update(
        hero_alt="A bench<script>alert(1)</script>", hero_caption='"><svg onload=alert(1)>'
    )
    from api import documents

    documents.rebuild([page.pk])
    hero = detail(client, page)["hero_image"]
    assert (hero["alt"], hero["caption"]) == ("A benchalert(1)", '">')
    html = client.get(page.url).content.decode()
    assert "<script>alert(1)" not in html and "<svg onload" not in html


def test_reference_page_renders_a_picture_without_layout_shift(client, topic):
    page = with_hero(topic, make_image(), caption="On the pier")
    html = client.get(page.url).content.decode()
    picture = html[html.index("<picture>") : html.index("</picture>")]
    assert '<source type="image/webp" srcset="http://testserver/' in picture
    assert 'width="640" height="360"' in picture
    assert 'alt="Two people on a bench"' in picture
    assert 'fetchpriority="high"' in picture and 'loading="lazy"' not in picture
    assert "<figcaption>On the pier</figcaption>" in html
    assert '<meta property="og:image" content="http://testserver/' in html


def test_a_new_focal_point_gets_new_renditions_and_rebuilds_the_page(client, topic):
    image = make_image()
    page = with_hero(topic, image)
    before = detail(client, page)["hero_image"]["crops"]["hero"]["src"]

    with committed():
        image.focal_point_x, image.focal_point_y = 700, 300
        image.focal_point_width = image.focal_point_height = 50
        image.save()

    after = detail(client, page)["hero_image"]
    assert after["crops"]["hero"]["src"] != before
    assert after["focal_point"] == {"x": 0.875, "y": 0.5}
