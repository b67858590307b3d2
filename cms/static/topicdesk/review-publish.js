// A reviewer's own "Publish" of a topic page is a clinical review: they are credited
// as its reviewer. Ask first, so nobody signs off on a page by accident.
document.addEventListener(
  "click",
  (event) => {
    const button = event.target.closest('button[name="action-publish"]');
    const note = document.querySelector("[data-topicdesk-review-publish]");
    if (!button || !note) return;
    if (!window.confirm(note.dataset.topicdeskReviewPublish)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  },
  true,
);
