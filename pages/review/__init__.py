"""Clinical review: the rules Wagtail's workflow leaves open, and the services around it.

- `rules`: group names, who counts as a reviewer, and the refusals (a stale or
  out-of-section approval). It imports no model of ours, so that `pages.models`
  (whose `ClinicalReviewTask` applies the refusals) can import it.
- `services`: the review record readers see, re-review when a review falls due,
  the review queue, and the governance set-up of the topic index. It imports
  `pages.models`.

This ``__init__`` imports neither, so that importing the rules never imports the
models: callers name the module they need.
"""
