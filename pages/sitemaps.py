"""`/sitemap.xml` and `/robots.txt`: live, public pages at their public addresses.

Wagtail's sitemap lists the site's live pages outside view restrictions, with
``lastmod`` from the last publish. When the publisher settings give a public
base URL (a headless frontend's domain), each location uses it, as canonical
links do, so a search engine sees one address per page.
"""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap

from pages.trust import PublisherSettings


class PublicSitemap(Sitemap):
    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        site = self.get_wagtail_site()
        publisher = PublisherSettings.objects.filter(site=site).first()
        base = publisher.public_base_url.rstrip("/") if publisher else ""
        if base:
            root = site.root_url.rstrip("/")
            for url in urls:
                if url["location"].startswith(root):
                    url["location"] = base + url["location"][len(root) :]
        return urls


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /api/v1/preview/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
