import type { ReactNode } from "react";

import { cls } from "../lib/names";

export interface EmptyStateProps {
  title: string;
  children?: ReactNode;
}

/** A centred message that says what to do next. */
export function EmptyState({ title, children }: EmptyStateProps) {
  return (
    <div className={cls("empty")} role="status">
      <h2>{title}</h2>
      {children}
    </div>
  );
}

/** A copyable code sample inside an empty state. */
export function CodeSample({ code }: { code: string }) {
  return (
    <pre className={cls("code")}>
      <code>{code}</code>
    </pre>
  );
}
