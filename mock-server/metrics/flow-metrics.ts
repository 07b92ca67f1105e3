// The server's /metrics: every event that enters the server counted the way Hubble's metric
// handlers count it, under Hubble's metric names and labels, so the stock "Hubble Metrics and
// Monitoring" Grafana dashboard works against the simulator, a replay or a bridged relay.
// Which metrics a flow increments is decided once, in src/domain/hubble-metrics (the browser's
// panels read the same increments); this file only holds the prom-client side.
import { Counter, Histogram, Registry } from "prom-client";
import { LostEventSourceSchema } from "../../src/gen/flow/flow_pb.ts";
import type { GetFlowsResponse } from "../../src/gen/observer/observer_pb.ts";
import { enumName } from "../../src/domain/flow/enum-name.ts";
import {
  HUBBLE_METRICS,
  hubbleMetricIncrements,
  type HubbleMetricDefinition,
  type HubbleMetricName,
  type MetricIncrement,
  type MetricLabels,
} from "../../src/domain/hubble-metrics/metric-increments.ts";

/** Hubble's name and help for the lost-events counter (always on when any metric is). */
const LOST_EVENTS = { name: "hubble_lost_events_total", help: "Number of lost events" } as const;

/**
 * Not a Hubble metric: events the counting had to skip because deriving their increments failed.
 * Every input is untrusted (replayed files, real relays), and a metrics endpoint must not take
 * the server down, so a bad event is skipped whole and made visible here rather than thrown.
 */
const UNCOUNTED = {
  name: "observatory_metrics_uncounted_events_total",
  help: "Events /metrics skipped because their Hubble metric increments could not be derived",
} as const;

export interface FlowMetrics {
  /** A registry of its own, so tests and several servers in one process never share counters. */
  readonly registry: Registry;
  /**
   * Counts one event entering the server: a flow's Hubble increments, or a lost_events notice's
   * lost count; other events (node status) count nothing. Never throws.
   */
  count(event: GetFlowsResponse): void;
}

/**
 * A Hubble counter whose increments are summed here and handed to prom-client when scraped.
 * prom-client hashes and validates the label object on every inc (about 3 µs each, two or three
 * per flow); a Map keyed by the label values costs a tenth of that, and the server adds every
 * flow synchronously on its way to the followers.
 */
class BatchedCounter {
  private readonly labelNames: readonly string[];
  /** Held only so the registry's counter has an owner; values reach it through `collect`. */
  readonly counter: Counter<string>;
  private readonly totals = new Map<string, { labels: Record<string, string>; value: number; flushed: number }>();

  constructor(definition: HubbleMetricDefinition, registry: Registry) {
    this.labelNames = definition.labelNames;
    const totals = this.totals;
    this.counter = new Counter({
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labelNames],
      registers: [registry],
      // prom-client calls this before reading the counter's values for an exposition.
      collect() {
        for (const total of totals.values()) {
          if (total.value > total.flushed) this.inc(total.labels, total.value - total.flushed);
          total.flushed = total.value;
        }
      },
    });
  }

  inc(labels: MetricLabels): void {
    // Length-prefixed values: no separator character an untrusted value could forge.
    let key = "";
    for (const name of this.labelNames) {
      const value = labels[name] ?? "";
      key += `${value.length}:${value}`;
    }
    const total = this.totals.get(key);
    if (total) total.value++;
    else this.totals.set(key, { labels: this.checked(labels), value: 1, flushed: 0 });
  }

  /** A copy with exactly the metric's labels, so a bad label set fails here, not at scrape time. */
  private checked(labels: MetricLabels): Record<string, string> {
    const copy: Record<string, string> = {};
    for (const name of Object.keys(labels)) {
      if (!this.labelNames.includes(name)) throw new RangeError(`unknown label "${name}"`);
    }
    for (const name of this.labelNames) copy[name] = String(labels[name] ?? "");
    return copy;
  }
}

/** Creates the Hubble counters and histogram (from HUBBLE_METRICS) in a fresh registry. */
export function createFlowMetrics(): FlowMetrics {
  const registry = new Registry();
  const counters = new Map<HubbleMetricName, BatchedCounter>();
  const histograms = new Map<HubbleMetricName, Histogram<string>>();
  for (const metric of HUBBLE_METRICS) {
    if (metric.kind === "counter") counters.set(metric.name, new BatchedCounter(metric, registry));
    // No buckets given: prom-client's defaults equal client_golang's DefBuckets, which Hubble uses.
    else histograms.set(metric.name, new Histogram({ name: metric.name, help: metric.help, labelNames: [...metric.labelNames], registers: [registry] }));
  }
  const lostEvents = new Counter({ ...LOST_EVENTS, labelNames: ["source"], registers: [registry] });
  const uncounted = new Counter({ ...UNCOUNTED, registers: [registry] });

  const apply = (increment: MetricIncrement): void => {
    const histogram = histograms.get(increment.metric);
    if (histogram) histogram.observe({ ...increment.labels }, increment.observe ?? 0);
    else counters.get(increment.metric)?.inc(increment.labels);
  };

  return {
    registry,
    count(event) {
      try {
        const body = event.responseTypes;
        if (body.case === "flow") {
          // Derive every increment before applying any, so a flow that fails counts nowhere
          // rather than in some metrics and not others.
          const increments = hubbleMetricIncrements(body.value);
          for (const increment of increments) assertCountable(increment);
          for (const increment of increments) apply(increment);
        } else if (body.case === "lostEvents") {
          const lost = Number(body.value.numEventsLost);
          // Hubble labels the source in lower case: perf_event_ring_buffer, hubble_ring_buffer, …
          const source = enumName(LostEventSourceSchema, body.value.source).toLowerCase();
          if (Number.isFinite(lost) && lost > 0) lostEvents.inc({ source }, lost);
        }
      } catch {
        uncounted.inc();
      }
    },
  };
}

/** prom-client throws on a non-finite observation; check before anything is applied. */
function assertCountable(increment: MetricIncrement): void {
  if (increment.observe !== undefined && !Number.isFinite(increment.observe)) {
    throw new RangeError(`${increment.metric}: observation ${increment.observe} is not a finite number`);
  }
}
