/** GET /api/audio (every step's clip ids) and /api/audio/step (one step's clip details). */
import { queryOptions, useQuery } from "@tanstack/react-query";

import { fetchJson } from "../../lib/api";
import { runKey } from "../../lib/names";

export interface AudioResponse {
  run: string;
  tag: string;
  total: number;
  samples: number;
  step: number[];
  wall_time: number[];
  blobs: string[][];
}

export interface ClipInfo {
  blob_id: string;
  length: number;
  content_type: string;
  sample_rate: number | null;
  channels: number | null;
  bits_per_sample: number | null;
  frames: number | null;
  duration: number | null;
}

export interface AudioStepResponse {
  step: number;
  wall_time: number;
  label: string;
  clips: ClipInfo[];
}

export const audioQuery = (run: string, tag: string) =>
  queryOptions({
    queryKey: [...runKey(run), "audio", tag],
    queryFn: ({ signal }) => fetchJson<AudioResponse>("api/audio", { run, tag }, signal),
  });

export const audioStepQuery = (run: string, tag: string, step: number) =>
  queryOptions({
    queryKey: [...runKey(run), "audio", tag, "step", step],
    queryFn: ({ signal }) => fetchJson<AudioStepResponse>("api/audio/step", { run, tag, step }, signal),
    staleTime: Infinity,
  });

export const useAudio = (run: string, tag: string, enabled: boolean) => useQuery({ ...audioQuery(run, tag), enabled });

export const useAudioStep = (run: string, tag: string, step: number | null) =>
  useQuery({ ...audioStepQuery(run, tag, step ?? -1), enabled: step !== null });
