// A frontend's renderer, as a frontend developer would write it from the README:
// types generated from /api/v1/schema/ by openapi-typescript, calls made with
// openapi-fetch. `tsc --strict` must accept it; a schema that loosens the block
// union or drops a field it reads must not compile.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";

type PageDetail = components["schemas"]["PageDetail"];
type Block = PageDetail["body"][number];

const api = createClient<paths>({ baseUrl: "https://topics.example.org" });

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderBlock(block: Block): string {
  switch (block.type) {
    case "hook_checklist":
      return block.value.items.map((item) => `<li>✓ ${escape(item)}</li>`).join("");
    case "stat_callout":
      return `<p><strong>${escape(block.value.figure)}</strong> ${escape(block.value.statement)}</p>`;
    case "rich_text":
      return block.value.body; // sanitised by Topicdesk
    case "signs_list":
      return block.value.signs.map((sign) => `<h3>${escape(sign.title)}</h3>`).join("");
    case "exercise":
      return `<h3>${escape(block.value.name)}</h3><p>${block.value.duration_minutes} minutes</p>`;
    case "therapy_expectations":
      return block.value.approaches.map((a) => escape(a.name)).join(", ");
    case "cta":
      return `<a href="${escape(block.value.target ?? "/")}">${escape(block.value.button_label)}</a>`;
    default: {
      const never: never = block;
      throw new Error(`Unknown block ${JSON.stringify(never)}`);
    }
  }
}

export function renderPage(page: PageDetail): string {
  const review = page.review
    ? `<p>Reviewed by ${escape(page.review.reviewed_by)}, ${escape(page.review.credentials)}</p>`
    : "";
  const related = page.related.map((topic) => `<a href="${topic.path}">${escape(topic.title)}</a>`);
  return [
    `<title>${escape(page.seo.title)}</title>`,
    `<meta name="description" content="${escape(page.seo.description)}">`,
    `<h1>${escape(page.title)}</h1>`,
    ...page.body.map(renderBlock),
    review,
    ...related,
  ].join("\n");
}

export async function renderPath(path: string): Promise<string> {
  const { data, error } = await api.GET("/api/v1/pages/resolve/", { params: { query: { path } } });
  if (error) throw new Error(error.error.message);
  return renderPage(data);
}
