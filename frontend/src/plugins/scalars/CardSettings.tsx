/**
 * A card's own settings: fixed y bounds (or automatic, optionally ignoring outliers), log y and the x
 * axis, each overriding the toolbar for this card only; kept in the URL (lib/cardView.ts).
 */
import { useEffect, useState } from "react";

import { SettingsIcon } from "../../components/icons";
import { Menu } from "../../components/Menu";
import { cls } from "../../lib/names";
import { X_AXES, type CardView, type XAxis } from "../../lib/urlState";

export interface CardSettingsProps {
  card: CardView | undefined;
  onChange: (patch: Partial<CardView>) => void;
  /** The toolbar's values, shown as what "follow the toolbar" means. */
  defaults: { x: XAxis; logY: boolean; ignoreOutliers: boolean };
}

const X_LABELS: Record<XAxis, string> = { step: "Step", relative: "Relative", wall: "Wall" };

/** A bound typed by hand: applied when it reads as a number, removed when emptied. */
function BoundInput({ label, value, onChange }: { label: string; value: number | undefined; onChange: (v: number | undefined) => void }) {
  const [text, setText] = useState(value === undefined ? "" : String(value));
  useEffect(() => setText(value === undefined ? "" : String(value)), [value]);
  return (
    <label className={cls("card-setting")}>
      <span>{label}</span>
      <input
        className={cls("input", "input-number")}
        type="text"
        inputMode="decimal"
        placeholder="auto"
        aria-label={label}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          const t = e.target.value.trim();
          if (t === "") onChange(undefined);
          else if (Number.isFinite(Number(t))) onChange(Number(t));
        }}
      />
    </label>
  );
}

function TriState({ label, value, fallback, onChange }: { label: string; value: boolean | undefined; fallback: boolean; onChange: (v: boolean | undefined) => void }) {
  return (
    <label className={cls("card-setting")}>
      <span>{label}</span>
      <select className={cls("select")} aria-label={label} value={value === undefined ? "" : value ? "on" : "off"} onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "on")}>
        <option value="">Toolbar ({fallback ? "on" : "off"})</option>
        <option value="on">On</option>
        <option value="off">Off</option>
      </select>
    </label>
  );
}

export function CardSettings({ card, onChange, defaults }: CardSettingsProps) {
  const custom = card && (card.x || card.logY !== undefined || card.outliers !== undefined || card.yMin !== undefined || card.yMax !== undefined);
  return (
    <Menu label={custom ? "Axes and y range (changed)" : "Axes and y range"} icon={<SettingsIcon dot={Boolean(custom)} />}>
      {() => (
        <div className={cls("card-settings")} role="group" aria-label="Axes and y range">
          <BoundInput label="Y min" value={card?.yMin} onChange={(yMin) => onChange({ yMin })} />
          <BoundInput label="Y max" value={card?.yMax} onChange={(yMax) => onChange({ yMax })} />
          <TriState label="Ignore outliers" value={card?.outliers} fallback={defaults.ignoreOutliers} onChange={(outliers) => onChange({ outliers })} />
          <TriState label="Log y" value={card?.logY} fallback={defaults.logY} onChange={(logY) => onChange({ logY })} />
          <label className={cls("card-setting")}>
            <span>X axis</span>
            <select className={cls("select")} aria-label="Card x axis" value={card?.x ?? ""} onChange={(e) => onChange({ x: (e.target.value || undefined) as XAxis | undefined, zoom: undefined })}>
              <option value="">Toolbar ({X_LABELS[defaults.x]})</option>
              {X_AXES.map((x) => (
                <option key={x} value={x}>
                  {X_LABELS[x]}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            role="menuitem"
            disabled={!custom}
            onClick={() => onChange({ x: undefined, logY: undefined, outliers: undefined, yMin: undefined, yMax: undefined, zoom: undefined })}
          >
            Reset to the toolbar
          </button>
        </div>
      )}
    </Menu>
  );
}
