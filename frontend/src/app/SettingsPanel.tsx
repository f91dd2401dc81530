import { cls } from "../lib/names";
import { CARD_WIDTH_RANGE, MIN_RELOAD_PERIOD, type Settings, type ThemeChoice } from "../lib/settings";
import { SMOOTHING_MAX, clampSmoothing } from "../lib/smoothing";
import { TOOLTIP_SORTS } from "../lib/tooltipSort";

export interface SettingsPanelProps {
  settings: Settings;
  onChange: (patch: Partial<Settings>) => void;
  onClose: () => void;
}

const THEMES: ThemeChoice[] = ["system", "light", "dark"];

/** The gear menu: live updates, reload period, default smoothing, theme and card width. */
export function SettingsPanel({ settings, onChange, onClose }: SettingsPanelProps) {
  return (
    <div className={cls("settings")} role="dialog" aria-label="Settings">
      <div className={cls("settings-head")}>
        <h2>Settings</h2>
        <button type="button" className={cls("icon-button")} aria-label="Close settings" onClick={onClose}>
          ×
        </button>
      </div>
      <label className={cls("field", "field-row")}>
        <input type="checkbox" checked={settings.live} onChange={(e) => onChange({ live: e.target.checked })} />
        <span>
          Live updates
          <small>New points appear about a second after they reach the disk; no reload needed.</small>
        </span>
      </label>
      <label className={cls("field")}>
        <span>Reload every (seconds) when live is off</span>
        <input
          className={cls("input")}
          type="number"
          min={MIN_RELOAD_PERIOD}
          step={1}
          disabled={settings.live}
          value={settings.reloadPeriod}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (v >= MIN_RELOAD_PERIOD) onChange({ reloadPeriod: v });
          }}
        />
      </label>
      <label className={cls("field")}>
        <span>Default smoothing: {settings.defaultSmoothing.toFixed(3)}</span>
        <input
          type="range"
          min={0}
          max={SMOOTHING_MAX}
          step={0.001}
          value={settings.defaultSmoothing}
          onChange={(e) => onChange({ defaultSmoothing: clampSmoothing(Number(e.target.value)) })}
        />
      </label>
      <fieldset className={cls("field")}>
        <legend>Tooltip order</legend>
        <div className={cls("segmented")}>
          {TOOLTIP_SORTS.map((t) => (
            <button key={t} type="button" aria-pressed={settings.tooltipSort === t} onClick={() => onChange({ tooltipSort: t })}>
              {t === "nearest" ? "Nearest" : t === "value" ? "By value" : "By name"}
            </button>
          ))}
        </div>
      </fieldset>
      <fieldset className={cls("field")}>
        <legend>Theme</legend>
        <div className={cls("segmented")}>
          {THEMES.map((t) => (
            <button
              key={t}
              type="button"
              aria-pressed={settings.theme === t}
              onClick={() => onChange({ theme: t })}
            >
              {t[0].toUpperCase() + t.slice(1)}
            </button>
          ))}
        </div>
      </fieldset>
      <label className={cls("field")}>
        <span>Card width: {settings.cardWidth ? `${settings.cardWidth}px` : "auto"}</span>
        <input
          type="range"
          min={CARD_WIDTH_RANGE.min - CARD_WIDTH_RANGE.step}
          max={CARD_WIDTH_RANGE.max}
          step={CARD_WIDTH_RANGE.step}
          value={settings.cardWidth ?? CARD_WIDTH_RANGE.min - CARD_WIDTH_RANGE.step}
          onChange={(e) => {
            const v = Number(e.target.value);
            onChange({ cardWidth: v < CARD_WIDTH_RANGE.min ? null : v });
          }}
        />
      </label>
    </div>
  );
}
