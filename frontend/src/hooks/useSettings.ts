/** Settings from localStorage, saved on every change. */
import { useCallback, useState } from "react";

import { loadSettings, saveSettings, type Settings } from "../lib/settings";

export function useSettings(): [Settings, (patch: Partial<Settings>) => void] {
  const [settings, setSettings] = useState<Settings>(() => loadSettings());
  const update = useCallback((patch: Partial<Settings>) => {
    setSettings((old) => {
      const next = { ...old, ...patch };
      saveSettings(next);
      return next;
    });
  }, []);
  return [settings, update];
}
