import { renderInlineMarkdown, renderMarkdown } from "./markdown";

describe("renderMarkdown", () => {
  it("formats emphasis and lists", () => {
    const doc = new DOMParser().parseFromString(renderMarkdown("**dog** barking\n\n- near\n- far"), "text/html");
    expect(doc.querySelector("strong")?.textContent).toBe("dog");
    expect([...doc.querySelectorAll("li")].map((li) => li.textContent)).toEqual(["near", "far"]);
  });

  it("drops scripts, event handlers and javascript: links", () => {
    const html = renderMarkdown('ok <script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))');
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
    expect(html).toContain("ok");
  });
});

describe("renderInlineMarkdown", () => {
  it("does not wrap a short label in a paragraph", () => {
    expect(renderInlineMarkdown("_cat_ purring")).toBe("<em>cat</em> purring");
  });
});
