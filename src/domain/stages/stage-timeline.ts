// Stage markers on the flow-time axis: where the simulator's stage service says a policy stage
// began, or where the user typed "mark stage: name". Stage i is [marker i, marker i + 1), the
// last one open-ended, so every time axis can draw the markers and every summary can ask its
// aggregators for one stage's range. Markers are plain sorted arrays, replaced on change, so a
// React view can compare them by reference.
import type { Timestamp } from "@bufbuild/protobuf/wkt";
import type { Stage, StageChange } from "../../gen/observatory/lab/v1/lab_pb.ts";
import { cleanText } from "../aggregation/service-map/l7-summary.ts";

export type StageMarkerSource = "simulator" | "user";

export interface StageMarker {
  /** Flow time (ms since the epoch, whole milliseconds) at which the stage begins. */
  readonly timeMs: number;
  readonly label: string;
  readonly source: StageMarkerSource;
}

/** One stage: [fromMs, toMs), toMs = Infinity for the stage still running. */
export interface StageInterval {
  readonly index: number;
  readonly marker: StageMarker;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Markers kept at most; adding more drops the oldest (its stage is long over). */
export const MAX_MARKERS = 64;
/** Longest label, in characters. */
export const MAX_LABEL = 80;

/** A label as stored: control characters replaced, spaces collapsed, trimmed, at most MAX_LABEL. */
export function normalizeLabel(label: string): string {
  return cleanText(label.replace(/\s+/g, " ").trim(), MAX_LABEL);
}

function byTime(a: StageMarker, b: StageMarker): number {
  return a.timeMs - b.timeMs || (a.source === b.source ? 0 : a.source === "simulator" ? -1 : 1);
}

/**
 * `markers` with `marker` added, sorted by time. A marker at the same time from the same source
 * replaces the old one: the stage service repeats the current stage when a watch reconnects.
 */
export function addMarker(markers: readonly StageMarker[], marker: StageMarker): readonly StageMarker[] {
  const added = { timeMs: Math.floor(marker.timeMs), label: normalizeLabel(marker.label), source: marker.source };
  const kept = markers.filter((m) => m.timeMs !== added.timeMs || m.source !== added.source);
  const out = [...kept, added].toSorted(byTime);
  return out.length > MAX_MARKERS ? out.slice(out.length - MAX_MARKERS) : out;
}

/** `markers` without the ones equal to `marker` (time, label and source). */
export function removeMarker(markers: readonly StageMarker[], marker: StageMarker): readonly StageMarker[] {
  const out = markers.filter((m) => m.timeMs !== marker.timeMs || m.label !== marker.label || m.source !== marker.source);
  return out.length === markers.length ? markers : out;
}

/** The stages between the markers (sorted by time, as addMarker keeps them). */
export function stageIntervals(markers: readonly StageMarker[]): StageInterval[] {
  return markers.map((marker, index) => ({ index, marker, fromMs: marker.timeMs, toMs: markers[index + 1]?.timeMs ?? Number.POSITIVE_INFINITY }));
}

/** Index of the stage holding `timeMs`, or -1 before the first marker. */
export function stageIndexAt(markers: readonly StageMarker[], timeMs: number): number {
  let index = -1;
  for (let i = 0; i < markers.length && markers[i]!.timeMs <= timeMs; i++) index = i;
  return index;
}

/** The label typed after "mark stage:" (case and spacing free), or undefined for other text. */
export function parseMarkStage(text: string): string | undefined {
  const match = /^\s*mark\s+stage\s*:\s*(.*)$/is.exec(text);
  if (match === null) return undefined;
  const label = normalizeLabel(match[1]!);
  return label === "" ? undefined : label;
}

function timestampMs(time: Timestamp | undefined): number {
  return time === undefined ? 0 : Number(time.seconds) * 1000 + Math.floor(time.nanos / 1e6);
}

/**
 * The marker of a simulator stage change (observatory.lab.v1 WatchStages / GetLab history),
 * labelled `2 DNS` from the scenario's stage list, or `stage 2` when the list lacks it.
 */
export function markerOfStageChange(change: StageChange, stages: readonly Stage[]): StageMarker {
  const name = stages.find((s) => s.number === change.stage)?.name ?? "";
  const label = name === "" ? `stage ${change.stage}` : `${change.stage} ${name}`;
  return { timeMs: timestampMs(change.time), label: normalizeLabel(label), source: "simulator" };
}
