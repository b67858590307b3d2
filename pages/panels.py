"""Admin panels of our own: what an editor and a reviewer should see beside the form."""

from wagtail.admin.panels import Panel

from pages.head import unsourced_statistics
from pages.reading_level import reading_level


class TrustSignalsPanel(Panel):
    """The saved draft's reading level, unsourced statistics and crisis resources.

    Shown on the edit page, which is also where a reviewer approves or rejects,
    so both see the grade and any reason for hiding the crisis resources. It
    reflects the last saved draft: saving updates it.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "pages/admin/trust_signals_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["level"] = reading_level(page) if page.pk else None
            context["hidden"] = page.hide_crisis_resources
            context["hidden_reason"] = page.crisis_resources_hidden_reason
            context["chosen"] = page.crisis_resources
            context["unsourced"] = unsourced_statistics(page)
            return context
