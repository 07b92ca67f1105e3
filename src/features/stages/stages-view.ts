// What the policies tab shows, computed from the page's StageBook at most once a second: the
// attribution table of a range with a small over-time chart per row, one summary card per stage,
// and the diff between two chosen stages. Plain data, so the React views only draw it and the
// numbers are tested here.
import type { VerdictCounts, VerdictKey } from "../../domain/aggregation/service-map/graph-model.ts";
import { ALL_TIME, type AttributionPoint, type AttributionRow, type TimeRange } from "../../domain/policy-attribution/attribution-rows.ts";
import type { StageBook } from "../../domain/stages/stage-book.ts";
import type { StageDiff } from "../../domain/stages/stage-diff.ts";
import type { StageSummary } from "../../domain/stages/stage-summary.ts";
import type { StageInterval } from "../../domain/stages/stage-timeline.ts";
import { type DropLine, dropLines } from "./edge-lines.ts";

/** The attribution buckets' width (StageBook's default): chart steps are whole multiples of it. */
export const BUCKET_MS = 5_000;
/** Drop lines per card; the book is asked for more, as one line may merge several clusters' edges. */
export const TOP_DROPS = 4;
/** Bars per row chart: enough to see a stage change, small enough for a table cell. */
export const MAX_BARS = 40;

/** A chart's time axis: steps of stepMs from fromMs to toMs, with stage markers inside it. */
export interface SparkAxis {
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  /** Marker positions as fractions of the axis (0 = fromMs, 1 = toMs). */
  readonly markers: readonly number[];
}

export interface AttributionViewRow extends AttributionRow {
  readonly points: readonly AttributionPoint[];
}

export interface AttributionView {
  readonly reported: readonly AttributionViewRow[];
  readonly inferred: readonly AttributionViewRow[];
  readonly axis: SparkAxis | undefined;
  /** True when any row audited something (the column is shown only then). */
  readonly audited: boolean;
}

/**
 * The chart axis for `range`: open ends closed by the rows' first flow and the newest flow,
 * steps of whole buckets so that at most MAX_BARS bars fit. Undefined without flows.
 */
export function sparkAxis(range: TimeRange, firstMs: number | undefined, latestMs: number | undefined, markerTimes: readonly number[]): SparkAxis | undefined {
  if (firstMs === undefined || latestMs === undefined) return undefined;
  const from = Number.isFinite(range.fromMs) ? range.fromMs : Math.floor(firstMs / BUCKET_MS) * BUCKET_MS;
  const to = Math.min(range.toMs, latestMs + 1);
  if (!(to > from)) return undefined;
  const stepMs = Math.max(BUCKET_MS, Math.ceil((to - from) / MAX_BARS / BUCKET_MS) * BUCKET_MS);
  const span = Math.ceil((to - from) / stepMs) * stepMs;
  const markers = markerTimes.filter((t) => t > from && t < from + span).map((t) => (t - from) / span);
  return { fromMs: from, toMs: from + span, stepMs, markers };
}

/** The attribution table of `range` with each row's counts over the axis. */
export function attributionView(book: StageBook, range: TimeRange, latestMs: number | undefined): AttributionView {
  const table = book.attribution.table(range);
  const rows = [...table.reported, ...table.inferred];
  const firstMs = rows.length === 0 ? undefined : Math.min(...rows.map((r) => r.firstSeenMs));
  const axis = sparkAxis(range, firstMs, latestMs, book.markers.map((m) => m.timeMs));
  const withPoints = (row: AttributionRow): AttributionViewRow => ({ ...row, points: axis === undefined ? [] : book.attribution.series(row.id, axis, axis.stepMs) });
  return { reported: table.reported.map(withPoints), inferred: table.inferred.map(withPoints), axis, audited: rows.some((r) => r.audited > 0) };
}

/** One verdict's share of a stage's flows, for the mix bar; zero shares are left out. */
export interface VerdictSegment {
  readonly verdict: VerdictKey;
  readonly count: number;
  /** Percent of the stage's flows, 0–100. */
  readonly percent: number;
}

const VERDICT_ORDER: readonly VerdictKey[] = ["FORWARDED", "REDIRECTED", "AUDIT", "DROPPED", "ERROR", "OTHER"];

/** The verdict mix as bar segments, passing verdicts first, then the blocked ones. */
export function verdictSegments(verdicts: VerdictCounts): VerdictSegment[] {
  const total = VERDICT_ORDER.reduce((n, v) => n + verdicts[v], 0);
  if (total === 0) return [];
  return VERDICT_ORDER.filter((v) => verdicts[v] > 0).map((verdict) => ({ verdict, count: verdicts[verdict], percent: (verdicts[verdict] / total) * 100 }));
}

/** A policy named in a card: its words, directions and whether Hubble reported it or we inferred it. */
export interface CardPolicy {
  readonly policy: string;
  readonly source: AttributionRow["source"];
  readonly directions: string;
  readonly count: number;
}

/** Rows merged per policy (ingress and egress rows of one policy become one entry), busiest first. */
export function cardPolicies(rows: readonly AttributionRow[], count: (row: AttributionRow) => number): CardPolicy[] {
  const byPolicy = new Map<string, { policy: string; source: AttributionRow["source"]; directions: Set<string>; count: number }>();
  for (const row of rows) {
    const key = `${row.source}\t${row.namespace}\t${row.policy}`;
    const entry = byPolicy.get(key) ?? { policy: row.policy, source: row.source, directions: new Set<string>(), count: 0 };
    entry.directions.add(row.direction);
    entry.count += count(row);
    byPolicy.set(key, entry);
  }
  return [...byPolicy.values()]
    .toSorted((a, b) => (a.source === b.source ? b.count - a.count : a.source === "reported" ? -1 : 1))
    .map((e) => ({ policy: e.policy, source: e.source, directions: [...e.directions].toSorted().join(", "), count: e.count }));
}

export interface StageCard {
  /** The stage's marker time, its key in the page; -Infinity for "before the first marker". */
  readonly key: number;
  readonly label: string;
  readonly source: "simulator" | "user" | "none";
  readonly current: boolean;
  readonly summary: StageSummary;
  /** The top drops merged across clusters (edge-lines.ts). */
  readonly drops: readonly DropLine[];
  readonly segments: readonly VerdictSegment[];
  readonly allowedBy: readonly CardPolicy[];
  readonly deniedBy: readonly CardPolicy[];
}

function card(key: number, label: string, source: StageCard["source"], current: boolean, summary: StageSummary): StageCard {
  return {
    key,
    label,
    source,
    current,
    summary,
    drops: dropLines(summary.topDrops, TOP_DROPS),
    segments: verdictSegments(summary.verdicts),
    allowedBy: cardPolicies(summary.allowedBy, (r) => r.allowed + r.redirected + r.audited),
    deniedBy: cardPolicies(summary.deniedBy, (r) => r.denied),
  };
}

/**
 * One card per stage, oldest first; flows before the first marker get their own card, and with
 * no marker at all one card covers every flow.
 */
export function stageCards(book: StageBook): StageCard[] {
  const intervals = book.intervals;
  const cards: StageCard[] = [];
  const first = intervals[0];
  const before = book.summaryOf({ fromMs: Number.NEGATIVE_INFINITY, toMs: first?.fromMs ?? Number.POSITIVE_INFINITY }, TOP_DROPS * 4);
  if (first === undefined || before.flows > 0) cards.push(card(Number.NEGATIVE_INFINITY, first === undefined ? "All flows (no stage marked)" : "Before the first marker", "none", first === undefined, before));
  for (const interval of intervals) {
    cards.push(card(interval.fromMs, interval.marker.label, interval.marker.source, interval.toMs === Number.POSITIVE_INFINITY, book.summary(interval.index, TOP_DROPS * 4)!));
  }
  return cards;
}

/** The range a range key names: "all", or a stage by its marker time. */
export function rangeOf(intervals: readonly StageInterval[], key: string): TimeRange {
  const stage = intervals.find((i) => String(i.fromMs) === key);
  return stage === undefined ? ALL_TIME : { fromMs: stage.fromMs, toMs: stage.toMs };
}

export interface DiffChoice {
  readonly before: number;
  readonly after: number;
}

/**
 * The stage pair to compare: the user's choice while both stages exist (by marker time, so new
 * markers do not shift it), else the previous stage against the current one. Undefined with
 * fewer than two stages.
 */
export function diffPair(intervals: readonly StageInterval[], chosen: { before: number; after: number } | undefined): DiffChoice | undefined {
  if (intervals.length < 2) return undefined;
  if (chosen !== undefined) {
    const before = intervals.findIndex((i) => i.fromMs === chosen.before);
    const after = intervals.findIndex((i) => i.fromMs === chosen.after);
    if (before >= 0 && after >= 0) return { before, after };
  }
  return { before: intervals.length - 2, after: intervals.length - 1 };
}

export interface StagesView {
  readonly intervals: readonly StageInterval[];
  readonly attribution: AttributionView;
  readonly cards: readonly StageCard[];
  readonly pair: DiffChoice | undefined;
  readonly diff: StageDiff | undefined;
  /** Every flow event counted since the book was cleared. */
  readonly flows: number;
}

/** Everything the policies tab draws, for the chosen range key and diff pair. */
export function stagesView(book: StageBook, latestMs: number | undefined, rangeKey: string, chosen: { before: number; after: number } | undefined): StagesView {
  const intervals = book.intervals;
  const pair = diffPair(intervals, chosen);
  const cards = stageCards(book);
  return {
    intervals,
    attribution: attributionView(book, rangeOf(intervals, rangeKey), latestMs),
    cards,
    pair,
    diff: pair === undefined ? undefined : book.diff(pair.before, pair.after),
    // The cards cover all time between them, so their flows add up to every flow.
    flows: cards.reduce((n, c) => n + c.summary.flows, 0),
  };
}
