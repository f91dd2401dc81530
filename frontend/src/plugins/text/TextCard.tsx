import { useRef } from "react";

import { useInView } from "../../hooks/useInView";
import { cls } from "../../lib/names";
import { TextEntryView } from "./TextEntryView";
import { useText } from "./calls/text";

export interface TextCardProps {
  run: string;
  tag: string;
  color: string;
  markdown: boolean;
}

/** One run's text of one tag: one entry per step, newest first, scrolling inside the card. */
export function TextCard({ run, tag, color, markdown }: TextCardProps) {
  const ref = useRef<HTMLElement>(null);
  const inView = useInView(ref);
  const query = useText(run, tag, inView);
  const data = query.data;
  return (
    <article ref={ref} className={cls("text-card")} aria-label={`${tag} · ${run}`} style={{ borderTopColor: color }}>
      <header className={cls("text-card-head")}>
        <span className={cls("swatch")} style={{ background: color }} />
        <span className={cls("text-run")}>{run}</span>
        {data && data.total > data.entries.length ? (
          <span className={cls("muted")}>
            newest {data.entries.length} of {data.total}
          </span>
        ) : null}
      </header>
      {query.isError ? (
        <p className={cls("error")}>{query.error.message}</p>
      ) : data ? (
        <div className={cls("text-entries")}>
          {data.entries.map((entry) => (
            <TextEntryView key={`${entry.step}-${entry.wall_time}`} entry={entry} markdown={markdown} />
          ))}
        </div>
      ) : (
        <div className={cls("text-placeholder")} />
      )}
    </article>
  );
}
