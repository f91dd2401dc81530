/** User-typed filters: case-insensitive regular expressions that never throw. */

export interface Filter {
  test: (text: string) => boolean;
  /** The parse error to show under the input, or null. */
  error: string | null;
}

/** An empty pattern matches everything; an invalid one falls back to a plain substring match. */
export function makeFilter(pattern: string): Filter {
  if (!pattern) return { test: () => true, error: null };
  try {
    const re = new RegExp(pattern, "i");
    return { test: (text) => re.test(text), error: null };
  } catch (e) {
    const needle = pattern.toLowerCase();
    return {
      test: (text) => text.toLowerCase().includes(needle),
      error: `Not a valid regex (${(e as Error).message.replace(/^Invalid regular expression: /, "")}); matching as text.`,
    };
  }
}
