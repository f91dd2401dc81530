/**
 * A card's Download menu: the chart as PNG (2x, with title and legend) or SVG, every run's points of the
 * tag in one CSV or JSON file, and each run's own file under its full name. A file made while the
 * server is still loading the logdir is saved as `.partial` and the card says it is incomplete.
 */
import { useState } from "react";
import type uPlot from "uplot";

import type { Band } from "../../charts/bandPlugin";
import { exportPng, exportSvg, saveBlob, type LegendEntry } from "../../charts/exportChart";
import { DownloadIcon } from "../../components/icons";
import { Menu } from "../../components/Menu";
import { cls, fileStem } from "../../lib/names";
import { exportRun, exportTag, type ExportedFile, type ExportFormat } from "../../lib/scalarsExport";

/** What the chart offers for export once it is drawn. */
export interface Exportable {
  chart: () => uPlot | null;
  bands: Band[];
  legend: LegendEntry[];
}

export interface CardDownloadsProps {
  tag: string;
  runs: string[];
  colorOf: (run: string) => string;
  exportable: Exportable | null;
}

type Notice = { kind: "partial" | "error"; text: string } | null;

export function CardDownloads({ tag, runs, colorOf, exportable }: CardDownloadsProps) {
  const [notice, setNotice] = useState<Notice>(null);

  const save = (make: () => Promise<ExportedFile>) => {
    setNotice(null);
    make().then(
      (file) => {
        saveBlob(file.blob, file.filename);
        if (!file.complete) {
          setNotice({
            kind: "partial",
            text: `${file.filename} is incomplete: the server was still loading the logdir. Download again once loading is done.`,
          });
        }
      },
      (e: Error) => setNotice({ kind: "error", text: `Download failed: ${e.message}` }),
    );
  };

  const picture = (format: "png" | "svg") => {
    const u = exportable?.chart();
    if (!u || !exportable) return;
    if (format === "svg") {
      const svg = exportSvg(u, tag, exportable.bands, exportable.legend);
      saveBlob(new Blob([svg], { type: "image/svg+xml" }), `${fileStem(tag)}.svg`);
    } else {
      void exportPng(u, tag, exportable.bands, exportable.legend).then((b) => saveBlob(b, `${fileStem(tag)}.png`));
    }
  };

  const both = (what: string, onPick: (format: ExportFormat) => void) =>
    (["csv", "json"] as const).map((format) => (
      <button key={format} type="button" role="menuitem" aria-label={`${what} as ${format.toUpperCase()}`} onClick={() => onPick(format)}>
        {format.toUpperCase()}
      </button>
    ));

  return (
    <>
      <Menu label="Download" icon={<DownloadIcon />}>
        {(close) => (
          <div className={cls("downloads")}>
            <button type="button" role="menuitem" disabled={!exportable} onClick={() => { close(); picture("png"); }}>
              Chart as PNG
            </button>
            <button type="button" role="menuitem" disabled={!exportable} onClick={() => { close(); picture("svg"); }}>
              Chart as SVG
            </button>
            <div className={cls("menu-run", "menu-all")}>
              <span className={cls("run-name")}>
                All {runs.length} {runs.length === 1 ? "run" : "runs"} in one file
              </span>
              {both("All runs", (format) => {
                close();
                save(() => exportTag(runs, tag, format));
              })}
            </div>
            <p className={cls("menu-note")}>Every point, per run</p>
            <div className={cls("menu-runs")}>
              {runs.map((run) => (
                <div key={run} className={cls("menu-run")}>
                  <span className={cls("swatch")} style={{ background: colorOf(run) }} />
                  <span className={cls("run-name")}>{run}</span>
                  {both(run, (format) => {
                    close();
                    save(() => exportRun(run, tag, format));
                  })}
                </div>
              ))}
            </div>
          </div>
        )}
      </Menu>
      {notice ? (
        <div className={cls("card-notice", notice.kind === "error" && "card-notice-error")} role="status">
          <span>{notice.text}</span>
          <button type="button" className={cls("link")} onClick={() => setNotice(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      ) : null}
    </>
  );
}
