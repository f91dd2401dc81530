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

describe("renderMarkdown on logged text", () => {
  it("renders a GitHub-flavoured table", () => {
    const html = renderMarkdown("| lr | batch |\n|---|---|\n| 3e-4 | 64 |");
    const doc = new DOMParser().parseFromString(html, "text/html");
    expect([...doc.querySelectorAll("th")].map((th) => th.textContent)).toEqual(["lr", "batch"]);
    expect([...doc.querySelectorAll("td")].map((td) => td.textContent)).toEqual(["3e-4", "64"]);
  });

  it("drops scripts, event handlers and javascript: links", () => {
    const html = renderMarkdown(
      'hi <script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))',
    );
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
    expect(html).toContain("hi");
  });

  it("keeps fenced code as code", () => {
    const html = renderMarkdown("```python\nprint('<b>')\n```");
    expect(html).toContain("<code");
    expect(html).toContain("&lt;b&gt;");
  });
});

describe("renderInlineMarkdown on logged text", () => {
  it("formats a table cell without wrapping it in a paragraph", () => {
    expect(renderInlineMarkdown("**bold**")).toBe("<strong>bold</strong>");
  });
});
