import { formatStep, formatWallTime } from "../../lib/format";
import { cls } from "../../lib/names";
import { renderInlineMarkdown, renderMarkdown } from "../../lib/markdown";
import type { TextEntry } from "./calls/text";

export interface TextEntryViewProps {
  entry: TextEntry;
  markdown: boolean;
}

/** One step's text: rendered (sanitised) Markdown, or the raw text exactly as logged. */
export function TextEntryView({ entry, markdown }: TextEntryViewProps) {
  return (
    <section className={cls("text-entry")} aria-label={`step ${entry.step}`}>
      <header className={cls("text-entry-head")}>
        <span>
          step <b>{formatStep(entry.step)}</b>
        </span>
        <span className={cls("muted")}>{formatWallTime(entry.wall_time)}</span>
      </header>
      {entry.warning ? <p className={cls("text-warning")}>{entry.warning}</p> : null}
      {entry.table ? (
        <table className={cls("text-table")}>
          <tbody>
            {entry.table.map((row, r) => (
              <tr key={r}>
                {row.map((cell, c) =>
                  markdown ? (
                    <td key={c} dangerouslySetInnerHTML={{ __html: renderInlineMarkdown(cell) }} />
                  ) : (
                    <td key={c}>{cell}</td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : markdown ? (
        <div className={cls("text-markdown")} dangerouslySetInnerHTML={{ __html: renderMarkdown(entry.text ?? "") }} />
      ) : (
        <pre className={cls("text-raw")}>{entry.text}</pre>
      )}
    </section>
  );
}
