import { renderMarkdown } from "../lib/markdown";
import { cls } from "../lib/names";
import "./Markdown.css";

export interface MarkdownProps {
  /** Untrusted Markdown as logged; it is rendered and sanitised here, never inserted raw. */
  text: string;
  className?: string;
}

/** Logged Markdown shown as sanitised HTML (labels, notes). Renders nothing for empty text. */
export function Markdown({ text, className }: MarkdownProps) {
  if (!text.trim()) return null;
  const classes = className ? `${cls("markdown")} ${className}` : cls("markdown");
  return <div className={classes} dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;
}
