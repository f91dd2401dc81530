/** The HTTP client: relative URLs (so --path_prefix works) and one error type with the server's message. */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export type QueryValue = string | number | boolean | null | undefined;

/** Builds a URL relative to the page, dropping null/undefined parameters. */
export function apiUrl(path: string, params: Record<string, QueryValue> = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined) search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** The URL of a blob's bytes (GET /api/blob; ids are opaque, so always encoded). */
export function blobUrl(blobId: string): string {
  return `api/blob/${encodeURIComponent(blobId)}`;
}

/**
 * Fetches `path`; a non-2xx answer becomes an ApiError holding the server's one-line message. A 304
 * (only ever the answer to an If-None-Match the caller set itself) is returned as it is.
 */
export async function request(path: string, init: RequestInit): Promise<Response> {
  const response = await fetch(path, init);
  if (!response.ok && response.status !== 304) {
    let message = `${response.status} ${response.statusText} from ${path.split("?")[0]}`;
    try {
      const body = (await response.json()) as { error?: string };
      if (body.error) message = body.error;
    } catch {
      // Not JSON (a proxy error page, say): the status line is the best we have.
    }
    throw new ApiError(message, response.status);
  }
  return response;
}

/** GETs JSON. */
export async function fetchJson<T>(
  path: string,
  params: Record<string, QueryValue> = {},
  signal?: AbortSignal,
): Promise<T> {
  const response = await request(apiUrl(path, params), { signal, headers: { Accept: "application/json" } });
  return (await response.json()) as T;
}

/** POSTs a JSON body; the answer as it came (JSON or columnar, by route). */
export function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return request(path, { method: "POST", signal, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

export interface Environment {
  version: string;
  logdirs: string[];
  window_title: string;
  live: boolean;
  reload_interval: number;
  loading: boolean;
  progress?: Record<string, unknown>;
}

export interface RunInfo {
  name: string;
  start_time: number | null;
  /** The run's event files hold only their first event: its writer has written nothing yet. */
  header_only?: boolean;
}

export interface RunsResponse {
  runs: RunInfo[];
  generation: number;
  /** The server's clock (seconds) when it answered. */
  server_time?: number;
}

export interface PluginStatus {
  name: string;
  has_data: boolean;
}

/** What the dashboard knows of a tag (the full /api/tags answer has more: count, last step, ...). */
export interface TagInfo {
  description: string;
}

export interface TagsResponse {
  plugin: string;
  runs: Record<string, Record<string, TagInfo>>;
}

/** GET /api/tags?compact=true: each distinct set of tag names once, each run by the index of its set. */
export interface CompactTagsResponse {
  plugin: string;
  tag_sets: string[][];
  runs: Record<string, number>;
  descriptions: Record<string, string>;
}

export interface ChangeEvent {
  generation: number;
  runs: string[];
  time: number;
}
