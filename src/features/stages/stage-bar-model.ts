// The stage bar's decisions as plain functions: what "mark stage" text means, where a user
// marker goes on the flow-time axis, which stage ←/→ move to, and how marker changes are
// written back into the URL parameter without ever throwing on a hand-edited link.
import type { Stage } from "../../gen/observatory/lab/v1/lab_pb.ts";
import { formatStageParam, parseStageParam } from "../../domain/stages/stage-param.ts";
import { type StageMarker, normalizeLabel, parseMarkStage } from "../../domain/stages/stage-timeline.ts";

export type MarkInput = { readonly ok: true; readonly label: string } | { readonly ok: false; readonly error: string };

/** "mark stage: L7 on" or just "L7 on" → the label; empty or label-less text → why not. */
export function parseMarkInput(text: string): MarkInput {
  const marked = parseMarkStage(text);
  if (marked !== undefined) return { ok: true, label: marked };
  if (/^\s*mark\s+stage\s*:/i.test(text)) return { ok: false, error: "type a name after “mark stage:”" };
  const label = normalizeLabel(text);
  return label === "" ? { ok: false, error: "type a stage name" } : { ok: true, label };
}

/**
 * Where a user marker starts: just after the newest flow (so that flow stays in the stage it
 * belongs to and the next one is cut exactly), or now when no flow has arrived. Replayed files
 * thus get markers on their own clock, not today's.
 */
export function userMarkerTime(newestFlowMs: number | undefined, nowMs: number): number {
  return newestFlowMs === undefined ? Math.floor(nowMs) : Math.floor(newestFlowMs) + 1;
}

/** The stage ←/→ moves to from `current`, or undefined at either end (or with no stages). */
export function adjacentStage(stages: readonly number[], current: number | undefined, step: -1 | 1): number | undefined {
  if (stages.length === 0) return undefined;
  const sorted = stages.toSorted((a, b) => a - b);
  if (current === undefined) return step === 1 ? sorted[0] : sorted.at(-1);
  const index = sorted.indexOf(current);
  if (index < 0) return step === 1 ? sorted.find((s) => s > current) : sorted.findLast((s) => s < current);
  return sorted[index + step];
}

export type ParamUpdate = { readonly ok: true; readonly param: string; readonly markers: readonly StageMarker[] } | { readonly ok: false; readonly error: string };

/**
 * The URL parameter after `update`. An unreadable parameter is replaced only when the user asked
 * for the change (`replaceInvalid`): background updates (the simulator's stage stream) must not
 * silently discard a link the user may still want to fix.
 */
export function updateStageParam(
  param: string,
  update: (markers: readonly StageMarker[]) => readonly StageMarker[],
  replaceInvalid: boolean,
): ParamUpdate {
  const parsed = parseStageParam(param);
  if (!parsed.ok && !replaceInvalid) return { ok: false, error: parsed.error };
  const markers = update(parsed.ok ? parsed.markers : []);
  return { ok: true, param: formatStageParam(markers), markers };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "14:03:22" in UTC, as the flow table prints times; "—" for no time. */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms)) return "—";
  const date = new Date(ms);
  return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
}

/** "4 min 05 s", "38 s", "1 h 02 min": a stage's length. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}

/** A stage button's tooltip: its description and the policies in force once it is applied. */
export function stageTooltip(stage: Pick<Stage, "number" | "name" | "description" | "policies">): string {
  const policies = stage.policies.map((p) => `${p.namespace === "" ? "" : `${p.namespace}/`}${p.name}${p.clusters.length > 0 ? ` (${p.clusters.join(", ")})` : ""}`);
  const lines = [`Stage ${stage.number}: ${stage.name}`];
  if (stage.description !== "") lines.push(stage.description);
  lines.push(policies.length === 0 ? "No policies in force." : `Policies in force: ${policies.join(", ")}`);
  return lines.join("\n");
}
