// Policy attribution, incrementally: fed flow batches like the service map, asked a few times per
// second for the table of a time range (a chart window, a stage) or one row's counts over time.
// Counts are bucketed by flow time and never keep a flow (see range-counters.ts).
//
// Reported: every policy a flow names in `*_allowed_by` / `*_denied_by` gets one count in that
// list's direction, for the outcome its verdict gives (policy-evidence.ts). A flow naming two
// policies counts for both, so the rows need not add up to the flows.
//
// Inferred — our rule, not Hubble's, and each row says so:
//   1. A policy drop that names no denying policy (a drop event with POLICY_DENIED, or a denied
//      policy verdict) is a default deny: Cilium drops traffic that no rule allows once some
//      policy selects the endpoint for that direction. The endpoint is the destination for
//      ingress and the source for egress, recognised as the service map names it (cluster,
//      namespace, workload / app label) or by its security identity.
//   2. We name the policies that put it in default deny as best the flows allow: those reported
//      allowing (or redirecting) traffic of that same endpoint in that same direction during the
//      queried range, else at any earlier time: "default deny: endpoint selected by X". With
//      none seen: "default deny (selecting policy not seen)". X is a lower bound: a selecting
//      policy that never allowed anything is invisible in flows.
//   3. An L7 proxy deny (http-request DROPPED, DNS refused) is attributed to the policies that
//      redirected that endpoint's traffic to the proxy: "L7 deny: proxy rules of X".
//   4. POLICY_DENY without a name is "deny rule (policy not named by Hubble)"; an allowing
//      policy verdict that names nothing (Cilium 1.10, some redirects) is "allowed (policy not
//      named by Hubble)".
// Drop events repeat the policy verdict of the same packet, so they count only from nodes that
// have not reported policy verdicts (a capture of `--type drop` alone still shows its denies).
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { cleanText } from "../aggregation/service-map/l7-summary.ts";
import { ALL_TIME, type AttributionPoint, type AttributionRow, type AttributionTable, type TimeRange, compareRows, inferenceText } from "./attribution-rows.ts";
import { BucketPlan, type BucketOptions } from "./bucket-plan.ts";
import { type InferenceReason, type PolicyDirection, type PolicyKey, type PolicyOutcome, policyEvidence } from "./policy-evidence.ts";
import { RangeCounters } from "./range-counters.ts";
import { type SubjectEndpoint, subjectEndpoint } from "./subject-endpoint.ts";

export interface PolicyAttributionOptions extends BucketOptions {
  /** Table rows beyond this are not tracked (counted in stats.overflow). Default 2,000. */
  readonly maxRows?: number;
  /** (endpoint, direction) pairs remembered for inference. Default 5,000. */
  readonly maxSubjects?: number;
  /** Allowing policies remembered per (endpoint, direction). Default 64. */
  readonly maxPoliciesPerSubject?: number;
}

const SLOT: Readonly<Record<PolicyOutcome, number>> = { allowed: 0, denied: 1, redirected: 2, audited: 3 };
const WIDTH = 4;
/** Slots of an endpoint's allowing-policy counters. */
const ALLOWING = 0;
const REDIRECTING = 1;
const MAX_POINTS = 2000;
const MAX_TEXT = 253;
/** Node names remembered as reporting policy verdicts (node names come from flows). */
const MAX_NODES = 10_000;

interface RowState {
  readonly id: string;
  readonly source: "reported" | "inferred";
  readonly direction: PolicyDirection;
  readonly policy: PolicyKey | undefined;
  readonly reason: InferenceReason | undefined;
  readonly subject: SubjectEndpoint | undefined;
  readonly counters: RangeCounters;
  firstMs: number;
  lastMs: number;
}

interface SubjectPolicy {
  readonly policy: PolicyKey;
  readonly counters: RangeCounters;
}

const clean = (p: PolicyKey): PolicyKey => ({ kind: cleanText(p.kind, MAX_TEXT), namespace: cleanText(p.namespace, MAX_TEXT), name: cleanText(p.name, MAX_TEXT) });
// cleanText turns tabs into "?", so tab-joined keys cannot collide.
const policyId = (p: PolicyKey): string => `${p.kind}\t${p.namespace}\t${p.name}`;

/** Per-policy allowed / denied / redirected counts over flow time, reported and inferred (see above). */
export class PolicyAttributionAggregator {
  private readonly plan: BucketPlan;
  private readonly maxRows: number;
  private readonly maxSubjects: number;
  private readonly maxPoliciesPerSubject: number;
  private readonly rowStates = new Map<string, RowState>();
  /** `subjectId<tab>direction` → allowing policies of that endpoint and direction. */
  private readonly subjects = new Map<string, Map<string, SubjectPolicy>>();
  /** `cluster|identity` → subject ids seen with it. */
  private readonly byIdentity = new Map<string, Set<string>>();
  /** Nodes that report policy verdicts: their drop events are duplicates. */
  private readonly verdictNodes = new Set<string>();
  private counted = 0;
  private duplicateDrops = 0;
  private overflow = 0;

  constructor(options: PolicyAttributionOptions = {}) {
    this.plan = new BucketPlan(options);
    this.maxRows = options.maxRows ?? 2000;
    this.maxSubjects = options.maxSubjects ?? 5000;
    this.maxPoliciesPerSubject = options.maxPoliciesPerSubject ?? 64;
  }

  /** Adds a batch of flows; flows without a time count at the newest time seen. */
  add(flows: readonly Flow[]): void {
    for (const flow of flows) this.addOne(flow);
    this.plan.maintain(() => this.allCounters());
  }

  /** Forgets every count (stage cuts stay with their timeline). */
  clear(): void {
    this.rowStates.clear();
    this.subjects.clear();
    this.byIdentity.clear();
    this.verdictNodes.clear();
    this.plan.reset();
    this.counted = 0;
    this.duplicateDrops = 0;
    this.overflow = 0;
  }

  /** The table for `range` (default: since clear), reported and inferred rows apart. */
  table(range: TimeRange = ALL_TIME): AttributionTable {
    const reported: AttributionRow[] = [];
    const inferred: AttributionRow[] = [];
    const sums = new Float64Array(WIDTH);
    for (const state of this.rowStates.values()) {
      state.counters.sum(range.fromMs, range.toMs, sums);
      const counts = { allowed: sums[0]!, denied: sums[1]!, redirected: sums[2]!, audited: sums[3]! };
      if (counts.allowed + counts.denied + counts.redirected + counts.audited === 0) continue;
      // Only a "since clear" range reaches pruned buckets; their span is the row's whole life.
      const seen = state.counters.seen(range.fromMs, range.toMs) ?? { firstMs: state.firstMs, lastMs: state.lastMs };
      const base = { id: state.id, source: state.source, direction: state.direction, ...counts, firstSeenMs: seen.firstMs, lastSeenMs: seen.lastMs };
      if (state.policy !== undefined) {
        reported.push({ ...base, policy: state.policy.name, kind: state.policy.kind, namespace: state.policy.namespace, inference: undefined });
        continue;
      }
      const subject = state.subject!;
      const reason = state.reason!;
      const selectedBy = this.selectedBy(subject, state.direction, reason, range);
      const endpoint = { id: subject.id, name: subject.name, namespace: subject.namespace, cluster: subject.cluster };
      inferred.push({ ...base, policy: inferenceText(reason, selectedBy, subject.namespace), kind: "", namespace: subject.namespace, inference: { reason, endpoint, selectedBy } });
    }
    return { reported: reported.toSorted(compareRows), inferred: inferred.toSorted(compareRows) };
  }

  /**
   * One row's counts per step of `stepMs` from `range.fromMs` (a finite range; at most 2,000
   * steps, wider steps otherwise). Steps count whole buckets, so use multiples of the bucket width.
   */
  series(rowId: string, range: TimeRange, stepMs: number): AttributionPoint[] {
    const state = this.rowStates.get(rowId);
    if (state === undefined || !Number.isFinite(range.fromMs) || !Number.isFinite(range.toMs) || !(stepMs > 0)) return [];
    const step = Math.max(stepMs, Math.ceil((range.toMs - range.fromMs) / MAX_POINTS));
    const sums = new Float64Array(WIDTH);
    const out: AttributionPoint[] = [];
    for (let start = range.fromMs; start < range.toMs; start += step) {
      state.counters.sum(start, Math.min(start + step, range.toMs), sums);
      out.push({ startMs: start, allowed: sums[0]!, denied: sums[1]!, redirected: sums[2]!, audited: sums[3]! });
    }
    return out;
  }

  /** Time of the newest counted flow, or undefined before any. */
  get latestFlowMs(): number | undefined {
    return this.plan.latestMs;
  }

  /** Sizes and what was left out, for status lines and tests. */
  get stats(): { readonly rows: number; readonly flows: number; readonly duplicateDrops: number; readonly overflow: number } {
    return { rows: this.rowStates.size, flows: this.counted, duplicateDrops: this.duplicateDrops, overflow: this.overflow };
  }

  private addOne(flow: Flow): void {
    const evidence = policyEvidence(flow);
    if (evidence.length === 0) return;
    // Every piece of one flow's evidence has the flow's origin.
    const origin = evidence[0]!.origin;
    if (origin === "policy-verdict" && this.verdictNodes.size < MAX_NODES) this.verdictNodes.add(flow.nodeName);
    if (origin === "drop" && this.verdictNodes.has(flow.nodeName)) {
      this.duplicateDrops++;
      return;
    }
    const time = this.plan.timeOf(flow);
    const start = this.plan.start(time);
    this.counted++;
    for (const e of evidence) {
      const slot = SLOT[e.outcome];
      if (e.source === "inferred") {
        const subject = subjectEndpoint(flow, e.direction);
        const id = `I\t${e.reason}\t${subject.id}\t${e.direction}`;
        this.row(id, time, () => ({ id, source: "inferred", direction: e.direction, policy: undefined, reason: e.reason, subject }))?.counters.add(start, time, slot);
        continue;
      }
      // Allowing policies are remembered per endpoint, for rules 2 and 3 of the file comment.
      const subject = e.list === "allowed-by" ? subjectEndpoint(flow, e.direction) : undefined;
      for (const raw of e.policies) {
        const policy = clean(raw);
        const id = `R\t${policyId(policy)}\t${e.direction}`;
        this.row(id, time, () => ({ id, source: "reported", direction: e.direction, policy, reason: undefined, subject: undefined }))?.counters.add(start, time, slot);
        if (subject !== undefined) this.subjectPolicy(subject, e.direction, policy)?.counters.add(start, time, e.outcome === "redirected" ? REDIRECTING : ALLOWING);
      }
    }
  }

  /** The row `id` (made by `create` when new) with the flow time noted, or undefined when full. */
  private row(id: string, time: number, create: () => Omit<RowState, "counters" | "firstMs" | "lastMs">): RowState | undefined {
    let state = this.rowStates.get(id);
    if (state === undefined) {
      if (this.rowStates.size >= this.maxRows) {
        this.overflow++;
        return undefined;
      }
      state = { ...create(), counters: new RangeCounters(WIDTH), firstMs: time, lastMs: time };
      this.rowStates.set(id, state);
    }
    if (time < state.firstMs) state.firstMs = time;
    if (time > state.lastMs) state.lastMs = time;
    return state;
  }

  private subjectPolicy(subject: SubjectEndpoint, direction: PolicyDirection, policy: PolicyKey): SubjectPolicy | undefined {
    const key = `${subject.id}\t${direction}`;
    let policies = this.subjects.get(key);
    if (policies === undefined) {
      if (this.subjects.size >= this.maxSubjects) return undefined;
      policies = new Map();
      this.subjects.set(key, policies);
      if (subject.identityKey !== undefined) {
        const ids = this.byIdentity.get(subject.identityKey) ?? new Set<string>();
        ids.add(subject.id);
        this.byIdentity.set(subject.identityKey, ids);
      }
    }
    const id = policyId(policy);
    let entry = policies.get(id);
    if (entry === undefined) {
      if (policies.size >= this.maxPoliciesPerSubject) return undefined;
      entry = { policy, counters: new RangeCounters(2) };
      policies.set(id, entry);
    }
    return entry;
  }

  /** Rule 2/3 of the file comment: the policies naming the endpoint's allowed or redirected traffic. */
  private selectedBy(subject: SubjectEndpoint, direction: PolicyDirection, reason: InferenceReason, range: TimeRange): PolicyKey[] {
    if (reason !== "default-deny" && reason !== "l7-deny") return [];
    const ids = new Set([subject.id, ...(subject.identityKey === undefined ? [] : (this.byIdentity.get(subject.identityKey) ?? []))]);
    const entries = [...ids].flatMap((id) => [...(this.subjects.get(`${id}\t${direction}`)?.values() ?? [])]);
    const sums = [0, 0];
    const tally = (fromMs: number): Map<string, { policy: PolicyKey; count: number }> => {
      const found = new Map<string, { policy: PolicyKey; count: number }>();
      for (const { policy, counters } of entries) {
        counters.sum(fromMs, range.toMs, sums);
        const count = reason === "l7-deny" ? sums[REDIRECTING]! : sums[ALLOWING]! + sums[REDIRECTING]!;
        if (count === 0) continue;
        const id = policyId(policy);
        found.set(id, { policy, count: (found.get(id)?.count ?? 0) + count });
      }
      return found;
    };
    let found = tally(range.fromMs);
    if (found.size === 0 && range.fromMs !== Number.NEGATIVE_INFINITY) found = tally(Number.NEGATIVE_INFINITY);
    return [...found.values()].toSorted((a, b) => b.count - a.count || (a.policy.name < b.policy.name ? -1 : a.policy.name > b.policy.name ? 1 : 0)).map((f) => f.policy);
  }

  private *allCounters(): Iterable<RangeCounters> {
    for (const state of this.rowStates.values()) yield state.counters;
    for (const policies of this.subjects.values()) for (const entry of policies.values()) yield entry.counters;
  }
}
