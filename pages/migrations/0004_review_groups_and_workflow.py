"""Create the Editors, Reviewers and Administrators groups and the "Clinical review" workflow.

Page permissions on /topics/ and the workflow's assignment to /topics/ are
made when the topic index page exists: here for sites that already have one,
and otherwise when it is created (`pages.signal_handlers`).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS, REVIEWERS, ADMINISTRATORS = "Editors", "Reviewers", "Administrators"
PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page", "lock_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
ALL_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "bulk_delete_page",
    "lock_page",
    "publish_page",
    "unlock_page",
]
#: Model permissions beyond page permissions: using the admin and the image and
#: document libraries that rich text can draw on.
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
    REVIEWERS: [
        ("wagtailadmin", "access_admin"),
        ("wagtailimages", "add_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "choose_document"),
    ],
}


def create_groups_and_workflow(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ClinicalReviewTask = apps.get_model("pages", "ClinicalReviewTask")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    for name, codes in MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*(permission(app, code) for app, code in codes))
    administrators, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
    administrators.permissions.set(Permission.objects.all())

    root = Page.objects.get(depth=1)
    # Wagtail's default Editors may edit the whole tree; ours work on /topics/ only.
    GroupPagePermission.objects.filter(group=groups[EDITORS], page=root).delete()
    for codename in ALL_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=administrators, page=root, permission=permission("wagtailcore", codename)
        )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="pages", model="clinicalreviewtask"
    )
    task, _ = ClinicalReviewTask.objects.get_or_create(
        name="Clinical approval", defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([groups[REVIEWERS]])
    workflow, _ = Workflow.objects.get_or_create(name="Clinical review", defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    index = Page.objects.filter(content_type__app_label="pages", content_type__model="topicindexpage").first()
    if index is not None:
        for name, codes in PAGE_PERMISSIONS.items():
            for codename in codes:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name], page=index, permission=permission("wagtailcore", codename)
                )
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0003_clinical_review"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups_and_workflow, migrations.RunPython.noop)]
