/** The report's hparams table: one row per run with hyperparameters or hparams metrics, sortable by column. */
import { useMemo, useState } from "react";

import { naturalCompare } from "../lib/colors";
import { formatValue } from "../lib/format";
import { cls } from "../lib/names";
import type { HParamValue, HParamsTable as Table } from "./data";

export interface HParamsTableProps {
  table: Table;
  hidden: ReadonlySet<string>;
  colorOf: (run: string) => string;
}

type Column = { key: string; label: string; kind: "run" | "hparam" | "metric" };

function show(value: HParamValue | undefined): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "number") return formatValue(value);
  return String(value);
}

function compare(a: HParamValue | undefined, b: HParamValue | undefined): number {
  const missing = (v: HParamValue | undefined) => v === undefined || v === null;
  if (missing(a) || missing(b)) return Number(missing(a)) - Number(missing(b));
  if (typeof a === "number" && typeof b === "number") return a - b;
  return naturalCompare(String(a), String(b));
}

export function HParamsTable({ table, hidden, colorOf }: HParamsTableProps) {
  const [sort, setSort] = useState<{ key: string; desc: boolean }>({ key: "run", desc: false });
  const columns: Column[] = useMemo(
    () => [
      { key: "run", label: "Run", kind: "run" },
      ...table.hparams.map((h) => ({ key: `h:${h}`, label: h, kind: "hparam" as const })),
      ...table.metrics.map((m) => ({ key: `m:${m}`, label: m, kind: "metric" as const })),
    ],
    [table],
  );
  const valueOf = (row: Table["rows"][number], key: string): HParamValue | undefined =>
    key === "run" ? row.run : key.startsWith("h:") ? row.hparams[key.slice(2)] : row.metrics[key.slice(2)];
  const rows = useMemo(() => {
    const out = table.rows.filter((r) => !hidden.has(r.run));
    out.sort((a, b) => compare(valueOf(a, sort.key), valueOf(b, sort.key)) * (sort.desc ? -1 : 1));
    return out;
  }, [table.rows, hidden, sort]);
  if (table.rows.length === 0) return null;
  return (
    <section className={cls("group", "report-hparams")} aria-label="Hyperparameters">
      <h2 className={cls("group-head", "report-group-head")}>
        Hyperparameters <span className={cls("muted")}>{rows.length} runs</span>
      </h2>
      <div className={cls("report-table-wrap")}>
        <table className={cls("report-table")}>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.key} className={cls(c.kind === "metric" && "report-metric", c.kind !== "run" && "num")} aria-sort={sort.key === c.key ? (sort.desc ? "descending" : "ascending") : "none"}>
                  <button type="button" onClick={() => setSort({ key: c.key, desc: sort.key === c.key ? !sort.desc : false })}>
                    {c.label}
                    {sort.key === c.key ? (sort.desc ? " ▾" : " ▴") : ""}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.run}>
                {columns.map((c) =>
                  c.kind === "run" ? (
                    <td key={c.key}>
                      <span className={cls("report-run")}>
                        <span className={cls("swatch")} style={{ background: colorOf(row.run) }} />
                        <span className={cls("run-name")}>{row.run}</span>
                      </span>
                    </td>
                  ) : (
                    <td key={c.key} className={cls(typeof valueOf(row, c.key) === "number" && "num")}>
                      {show(valueOf(row, c.key))}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
