/** The Custom Scalars dashboard: the logged layout's categories as collapsible groups of charts. */
import { CodeSample, EmptyState } from "../../components/EmptyState";
import { ErrorBoundary } from "../../components/ErrorBoundary";
import type { DashboardProps } from "../../lib/plugin";
import { cls } from "../../lib/names";
import { useLayout } from "./calls/layout";
import { CustomChartCard } from "./CustomChartCard";
import { CustomScalarsToolbar } from "./CustomScalarsToolbar";
import "./customScalars.css";

const EXAMPLE = `writer.add_custom_scalars({
    "Losses": {"train vs val": ["Multiline", ["loss/train", "loss/val"]]},
})`;

export default function CustomScalarsDashboard({ runs, colorOf, view, setView, settings, theme }: DashboardProps) {
  const layout = useLayout();
  const smoothing = view.smoothing ?? settings.defaultSmoothing;

  if (layout.isPending) return <EmptyState title="Loading the layout…" />;
  if (layout.isError) {
    return <EmptyState title="Could not load the custom scalars layout">{(layout.error as Error).message}</EmptyState>;
  }
  const categories = layout.data.categories;
  if (categories.length === 0) {
    return (
      <EmptyState title="No custom scalars layout">
        <p>Log a layout once and its charts combine several scalar tags:</p>
        <CodeSample code={EXAMPLE} />
      </EmptyState>
    );
  }
  return (
    <div className={cls("cs-dashboard")}>
      <CustomScalarsToolbar view={view} setView={setView} smoothing={smoothing} />
      {categories.map((category) => (
        <details key={category.title} className={cls("cs-category")} open={!category.closed}>
          <summary className={cls("cs-category-title")}>
            {category.title}
            <span className={cls("cs-category-count")}>
              {category.charts.length} {category.charts.length === 1 ? "chart" : "charts"}
            </span>
          </summary>
          <div className={cls("cs-grid")}>
            {category.charts.map((chart) => (
              <ErrorBoundary key={`${chart.kind}:${chart.title}`} what={`The chart “${chart.title}”`}>
                <CustomChartCard chart={chart} runs={runs} colorOf={colorOf} smoothing={smoothing} x={view.x} theme={theme} />
              </ErrorBoundary>
            ))}
          </div>
        </details>
      ))}
    </div>
  );
}
