/**
 * Markdown to safe HTML, for any text a user logged (text summaries, audio labels). marked renders
 * GitHub-flavoured Markdown and DOMPurify then removes anything that could run: <script>,
 * event-handler attributes, javascript: URLs. Logged text is untrusted (it may quote a dataset),
 * so nothing skips the sanitiser.
 */
import DOMPurify from "dompurify";
import { marked } from "marked";

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true }) as string;
  return DOMPurify.sanitize(html);
}

export function renderInlineMarkdown(text: string): string {
  const html = marked.parseInline(text, { async: false, gfm: true }) as string;
  return DOMPurify.sanitize(html);
}
