/** The table as CSV, as the user sees it: filtered and sorted rows, visible columns, chosen metric value. */
import type { MetricStatistic, Session } from "./calls/hparams";
import { type Column, cellValue } from "./model";

function field(value: unknown): string {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function sessionsCsv(columns: Column[], sessions: Session[], stat: MetricStatistic): string {
  const header = ["run", ...columns.map((c) => (c.kind === "metric" ? `${c.name} (${stat})` : c.name)), "status"];
  const rows = sessions.map((s) => [s.run, ...columns.map((c) => cellValue(s, c, stat)), s.status]);
  return [header, ...rows].map((r) => r.map(field).join(",")).join("\n") + "\n";
}

export function downloadCsv(columns: Column[], sessions: Session[], stat: MetricStatistic): void {
  const url = URL.createObjectURL(new Blob([sessionsCsv(columns, sessions, stat)], { type: "text/csv" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = "hparams.csv";
  a.click();
  URL.revokeObjectURL(url);
}
