/**
 * One tag's card. The frame (title, buttons, a fixed-height body) is cheap, so hundreds can mount at
 * once; the chart and its queries mount when the card first nears the screen and fetch only while it
 * is there.
 */
import { memo, useEffect, useRef, useState } from "react";
import type uPlot from "uplot";

import { exportPng, exportSvg, fileStem, saveBlob } from "../../charts/exportChart";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import { CollapseIcon, DownloadIcon, ExpandIcon, ResetZoomIcon } from "../../components/icons";
import { Menu } from "../../components/Menu";
import { useInView } from "../../hooks/useInView";
import type { Grouping } from "../../lib/groups";
import { cls } from "../../lib/names";
import type { XAxis } from "../../lib/urlState";
import { downloadUrl } from "../../lib/scalarsApi";
import type { ChartRefs } from "./chartOptions";
import { CARD_HEIGHT, ScalarCardBody } from "./ScalarCardBody";

export interface ScalarCardProps {
  tag: string;
  description: string;
  runs: string[];
  colorOf: (run: string) => string;
  smoothing: number;
  x: XAxis;
  logY: boolean;
  ignoreOutliers: boolean;
  theme: "light" | "dark";
  /** Runs drawn as one line per group, or null. */
  grouping: Grouping | null;
}

export const ScalarCard = memo(function ScalarCard(props: ScalarCardProps) {
  const { tag, description, runs, colorOf, x } = props;
  const cardRef = useRef<HTMLElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const refs = useRef<ChartRefs>({ zoom: null, y: null, bands: [], downsampledRuns: new Set(), tooltip: [] });
  const inView = useInView(cardRef);
  const [seen, setSeen] = useState(false);
  const [expanded, setExpanded] = useState(false);
  const [zoom, setZoom] = useState<[number, number] | null>(null);

  useEffect(() => {
    if (inView) setSeen(true);
  }, [inView]);
  // A zoom window is in the units of x; it means nothing on another axis.
  useEffect(() => setZoom(null), [x]);

  const height = expanded ? CARD_HEIGHT.expanded : CARD_HEIGHT.normal;
  return (
    <article ref={cardRef} className={cls("card", expanded && "card-expanded")} data-tag={tag} aria-label={`Chart of ${tag}`}>
      <header className={cls("card-head")}>
        <h3 className={cls("card-title")} title={description || tag}>
          {tag}
        </h3>
        {zoom ? (
          <button
            type="button"
            className={cls("icon-button")}
            aria-label="Reset zoom"
            title="Reset zoom (or double-click the chart)"
            onClick={() => setZoom(null)}
          >
            <ResetZoomIcon />
          </button>
        ) : null}
        <Menu label="Download" icon={<DownloadIcon />}>
          {(close) => (
            <>
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  close();
                  if (chartRef.current) void exportPng(chartRef.current, tag).then((b) => saveBlob(b, `${fileStem(tag)}.png`));
                }}
              >
                Chart as PNG
              </button>
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  close();
                  if (!chartRef.current) return;
                  const svg = exportSvg(chartRef.current, tag, refs.current.bands);
                  saveBlob(new Blob([svg], { type: "image/svg+xml" }), `${fileStem(tag)}.svg`);
                }}
              >
                Chart as SVG
              </button>
              <p className={cls("menu-note")}>Every point, per run</p>
              {runs.map((run) => (
                <div key={run} className={cls("menu-run")}>
                  <span className={cls("swatch")} style={{ background: colorOf(run) }} />
                  <span className={cls("run-name")} title={run}>
                    {run}
                  </span>
                  <a role="menuitem" href={downloadUrl(run, tag, "csv")} download={`${fileStem(run)}-${fileStem(tag)}.csv`} onClick={close}>
                    CSV
                  </a>
                  <a role="menuitem" href={downloadUrl(run, tag, "json")} download={`${fileStem(run)}-${fileStem(tag)}.json`} onClick={close}>
                    JSON
                  </a>
                </div>
              ))}
            </>
          )}
        </Menu>
        <button
          type="button"
          className={cls("icon-button")}
          aria-label={expanded ? "Shrink card" : "Expand card"}
          title={expanded ? "Shrink" : "Expand to full width"}
          aria-pressed={expanded}
          onClick={() => setExpanded(!expanded)}
        >
          {expanded ? <CollapseIcon /> : <ExpandIcon />}
        </button>
      </header>
      <ErrorBoundary what={`The chart for ${tag}`}>
        {seen ? (
          <ScalarCardBody
            {...props}
            active={inView}
            height={height}
            zoom={zoom}
            onZoom={setZoom}
            cardRef={cardRef}
            chartRef={chartRef}
            refs={refs}
          />
        ) : (
          <>
            <div className={cls("card-body")} style={{ height }}>
              <div className={cls("card-overlay")}>Loading…</div>
            </div>
            <footer className={cls("card-foot")} />
          </>
        )}
      </ErrorBoundary>
    </article>
  );
});
