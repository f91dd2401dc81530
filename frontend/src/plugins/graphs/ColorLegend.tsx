import { cls } from "../../lib/names";
import { formatBytes, formatMicros, type Legend } from "./colorBy";

/** What the fills of "Colour by" mean: a swatch per device, or the time or memory ramp's ends. */
export function ColorLegend({ legend }: { legend: Legend }) {
  if (legend.kind === "none") return null;
  if (legend.kind === "categories") {
    return (
      <ul className={cls("graph-legend")} aria-label="Colour legend">
        {legend.items.map((item) => (
          <li key={item.label}>
            <span className={cls("graph-legend-swatch")} style={{ background: item.color }} />
            {item.label}
          </li>
        ))}
      </ul>
    );
  }
  const format = legend.unit === "micros" ? formatMicros : formatBytes;
  return (
    <div className={cls("graph-legend")} aria-label="Colour legend">
      <span>{format(legend.min)}</span>
      <span className={cls("graph-legend-ramp")} style={{ background: `linear-gradient(to right, ${legend.low}, ${legend.high})` }} />
      <span>{format(legend.max)}</span>
    </div>
  );
}
