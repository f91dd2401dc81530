/** The shell's main area: the active dashboard, or what stands in for it while there is nothing to show. */
import { type ReactNode, Suspense } from "react";

import { CodeSample, EmptyState } from "../components/EmptyState";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { cls } from "../lib/names";
import type { PluginDefinition } from "../lib/plugin";

const FIRST_STEPS = `from torch.utils.tensorboard import SummaryWriter
# or: from trainboard import SummaryWriter

writer = SummaryWriter("logs/my-run")
for step in range(100):
    writer.add_scalar("loss/train", 1 / (step + 1), step)
writer.close()`;

export interface ShellMainProps {
  /** The server did not answer the environment or the run list. */
  unreachable: boolean;
  loading: boolean;
  runCount: number;
  /** The first read of the logdir is still under way. */
  reading: boolean;
  logdir: string;
  active: PluginDefinition | null;
  /** The dashboards the server says have data, or undefined while it has not said. */
  withData: PluginDefinition[] | undefined;
  /** Why some runs show nothing yet (a writer that wrote only its header), "" when none. */
  waiting: string;
  dashboard: ReactNode;
}

export function ShellMain({ unreachable, loading, runCount, reading, logdir, active, withData, waiting, dashboard }: ShellMainProps) {
  const activeLacksData = Boolean(active && withData && !withData.some((p) => p.name === active.name));
  // Nothing anywhere yet, and a writer that has written only its header: say why, not "no data".
  const waitingInstead = !unreachable && !loading && runCount > 0 && activeLacksData && Boolean(waiting) && withData?.length === 0;
  let body;
  if (unreachable) {
    body = (
      <EmptyState title="Cannot reach the trainboard server">
        <p>Check that `trainboard --logdir …` is still running, then reload this page.</p>
      </EmptyState>
    );
  } else if (loading) {
    body = <EmptyState title="Loading…" />;
  } else if (runCount === 0) {
    body = reading ? (
      <EmptyState title="Reading event files…">
        <p>Runs appear here as soon as their first events are read from {logdir}.</p>
      </EmptyState>
    ) : (
      <EmptyState title="No runs yet">
        <p>
          No event files were found under <code>{logdir || "the logdir"}</code>. Log something there and it
          appears here by itself:
        </p>
        <CodeSample code={FIRST_STEPS} />
      </EmptyState>
    );
  } else if (!active) {
    body = <EmptyState title="No dashboard selected" />;
  } else if (waitingInstead) {
    body = (
      <EmptyState title="Waiting for the first values">
        <p data-testid="waiting-runs">{waiting}</p>
      </EmptyState>
    );
  } else if (activeLacksData) {
    body = <EmptyState title={`No ${active.label.toLowerCase()} data yet`}>{active.emptyStateHint}</EmptyState>;
  } else {
    body = (
      <ErrorBoundary what={`The ${active.label} dashboard`} key={active.name}>
        <Suspense fallback={<EmptyState title="Loading…" />}>{dashboard}</Suspense>
      </ErrorBoundary>
    );
  }
  return (
    <main className={cls("main")}>
      {waiting && !waitingInstead ? (
        <p className={cls("notice")} role="status" data-testid="waiting-runs">
          {waiting}
        </p>
      ) : null}
      {body}
    </main>
  );
}
