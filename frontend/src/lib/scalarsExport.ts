/**
 * Scalar files to take away: one run's points (TensorBoard's `Wall time,Step,Value` CSV, or JSON) or
 * every run's points of a tag in one file (`Run,Wall time,Step,Value`). The server marks a file made
 * while its first load of the logdir is under way (X-Trainboard-Complete: false); such a file is
 * saved as `<name>.partial.<ext>` and the caller tells the user it is incomplete.
 */
import { apiUrl, post, request } from "./api";
import { fileStem } from "./names";

export type ExportFormat = "csv" | "json";

export interface ExportedFile {
  blob: Blob;
  filename: string;
  /** false: the server was still loading the logdir, so points are missing. */
  complete: boolean;
}

export const COMPLETE_HEADER = "X-Trainboard-Complete";

/** `stem.ext`, or `stem.partial.ext` for an incomplete file. */
export function exportName(stem: string, ext: string, complete: boolean): string {
  return `${stem}${complete ? "" : ".partial"}.${ext}`;
}

async function finish(response: Response, stem: string, format: ExportFormat): Promise<ExportedFile> {
  const complete = response.headers.get(COMPLETE_HEADER) !== "false";
  return { blob: await response.blob(), filename: exportName(stem, format, complete), complete };
}

/** Every point of `tag` in each of `runs`, as one file. */
export async function exportTag(runs: readonly string[], tag: string, format: ExportFormat): Promise<ExportedFile> {
  return finish(await post("api/scalars/export", { runs, tag, format }), fileStem(tag), format);
}

/** Every point of one run's `tag`. */
export async function exportRun(run: string, tag: string, format: ExportFormat): Promise<ExportedFile> {
  const response = await request(apiUrl("api/scalars/download", { run, tag, format }), {});
  return finish(response, `${fileStem(run)}-${fileStem(tag)}`, format);
}
