"""The admin's *Import topic* page: upload a plain-text article, get a draft and its report."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from wagtail.permission_policies.pages import PagePermissionPolicy

from pages.importing import MAX_BYTES, ArticleError, clean_tags, import_article, slug_for_file
from pages.models import TopicCategoryPage


def addable_categories(user):
    """The topic categories ``user`` may add a topic page to, as the page tree's rules say."""
    addable = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    candidates = TopicCategoryPage.objects.filter(pk__in=addable.values("pk")).order_by("title")
    allowed = [c.pk for c in candidates if c.permissions_for_user(user).can_add_subpage()]
    return TopicCategoryPage.objects.filter(pk__in=allowed).order_by("title")


class ImportTopicForm(forms.Form):
    file = forms.FileField(
        label="Article file",
        allow_empty_file=True,  # the importer's own message names the file and the line
        help_text=(
            "A plain-text (UTF-8) article: the title on the first line. Unless you give a "
            "slug below, the file name gives the page's URL slug, so importing the same file "
            "again updates the same draft."
        ),
    )
    slug = forms.SlugField(
        required=False,
        allow_unicode=True,
        max_length=255,
        label="Slug",
        help_text=(
            "The page's URL slug, for example trust-issues. Leave it empty to use the file "
            "name. An existing page in the category with this slug gets a new draft revision."
        ),
    )
    category = forms.ModelChoiceField(queryset=TopicCategoryPage.objects.none())
    tags = forms.CharField(required=False, help_text="Comma-separated, for example: trust, couples")
    submit = forms.BooleanField(
        required=False, label="Submit for review", help_text="Start the review workflow."
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = addable_categories(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"An article is at most {MAX_BYTES:,} bytes.")
        return upload

    def clean_tags(self):
        try:
            return clean_tags(self.cleaned_data["tags"])
        except ValueError as error:
            raise forms.ValidationError(str(error).capitalize()) from None


def import_topic(request):
    """Show the form; on upload import the file as a draft and show the report, or the error."""
    form = ImportTopicForm(request.POST or None, request.FILES or None, user=request.user)
    if not form.fields["category"].queryset.exists():
        raise PermissionDenied
    report = error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = import_article(
                data=upload.read(),
                source=upload.name,
                slug=form.cleaned_data["slug"] or slug_for_file(upload.name),
                category=form.cleaned_data["category"],
                tags=form.cleaned_data["tags"],
                submit=form.cleaned_data["submit"],
                user=request.user,
            )
        except ArticleError as exc:
            error = str(exc)
        else:
            form = ImportTopicForm(user=request.user)
    return TemplateResponse(
        request,
        "pages/admin/import_topic.html",
        {
            "page_title": "Import topic",
            "header_icon": "upload",
            "form": form,
            "report": report,
            "error": error,
        },
        status=400 if error or form.errors else 200,
    )
