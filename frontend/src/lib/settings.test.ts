import { DEFAULT_SETTINGS, loadSettings, saveSettings } from "./settings";

function memoryStorage(initial?: string) {
  let value = initial ?? null;
  return {
    getItem: () => value,
    setItem: (_k: string, v: string) => {
      value = v;
    },
  };
}

describe("settings", () => {
  it("has live updates on by default", () => {
    expect(loadSettings(memoryStorage()).live).toBe(true);
  });

  it("survives a save and load", () => {
    const storage = memoryStorage();
    saveSettings({ ...DEFAULT_SETTINGS, live: false, reloadPeriod: 10, theme: "dark", cardWidth: 560 }, storage);
    expect(loadSettings(storage)).toMatchObject({ live: false, reloadPeriod: 10, theme: "dark", cardWidth: 560 });
  });

  it("repairs invalid or corrupt stored values", () => {
    expect(loadSettings(memoryStorage("{not json"))).toEqual(DEFAULT_SETTINGS);
    const repaired = loadSettings(memoryStorage(JSON.stringify({ reloadPeriod: 0, theme: "neon", defaultSmoothing: 7 })));
    expect(repaired.reloadPeriod).toBe(DEFAULT_SETTINGS.reloadPeriod);
    expect(repaired.theme).toBe("system");
    expect(repaired.defaultSmoothing).toBe(0.999);
  });
});
