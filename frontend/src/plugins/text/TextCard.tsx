import { useRef } from "react";

import { ChartCard, type RunTagCardProps } from "../../components/ChartCard";
import { useInView } from "../../hooks/useInView";
import { cls } from "../../lib/names";
import { TextEntryView } from "./TextEntryView";
import { useText } from "./calls/text";

export interface TextCardProps extends RunTagCardProps {
  markdown: boolean;
}

/** One run's text of one tag: one entry per step, newest first, scrolling inside the card. */
export function TextCard({ markdown, ...card }: TextCardProps) {
  const { run, tag, color } = card;
  const ref = useRef<HTMLElement>(null);
  const query = useText(run, tag, useInView(ref));
  const data = query.data;
  return (
    <ChartCard
      {...card}
      cardRef={ref}
      query={query}
      kind="text-card"
      style={{ borderTopColor: color }}
      head={
        data && data.total > data.entries.length ? (
          <span className={cls("muted")}>
            newest {data.entries.length} of {data.total}
          </span>
        ) : null
      }
    >
      {(data) => (
        <div className={cls("text-entries")}>
          {data.entries.map((entry) => (
            <TextEntryView key={`${entry.step}-${entry.wall_time}`} entry={entry} markdown={markdown} />
          ))}
        </div>
      )}
    </ChartCard>
  );
}
