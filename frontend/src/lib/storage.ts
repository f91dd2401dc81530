/**
 * The one way the app keeps per-browser state: JSON in localStorage, where reading or writing never
 * throws. localStorage can be missing or throw on access (private mode, a full quota, or a dashboard
 * framed by a page opened from disk, where Chromium denies storage to the frame); the app then keeps
 * the state for the page only.
 */

/** The browser's localStorage, or undefined where it is missing or touching it throws. */
export function browserStorage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/** The stored JSON value of `key`, or undefined when absent, unreadable or blocked. */
export function readStored(key: string): unknown {
  try {
    const raw = browserStorage()?.getItem(key);
    return raw === null || raw === undefined ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}

/** Stores `value` as JSON under `key`; does nothing where storage is blocked or full. */
export function writeStored(key: string, value: unknown): void {
  try {
    browserStorage()?.setItem(key, JSON.stringify(value));
  } catch {
    // Private mode, a full quota, or a framed file:// page: the state lasts for this page.
  }
}
