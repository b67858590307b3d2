from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from api.v2 import router as wagtail_api_router
from cms.health import Health, Live
from pages.sitemaps import PublicSitemap, robots_txt

urlpatterns = [
    path("healthz", Health.as_view(), name="healthz"),
    path("healthz/live", Live.as_view(), name="healthz_live"),
    path("api/v1/", include("api.urls")),
    path("api/v2/", wagtail_api_router.urls),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PublicSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]

handler500 = "api.exceptions.server_error"
