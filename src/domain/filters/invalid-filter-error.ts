import { type Flow } from "../../gen/flow/flow_pb.ts";

/** A compiled filter: true when the flow is selected. Must not allocate per call where avoidable. */
export type FlowPredicate = (flow: Flow) => boolean;

/**
 * A FlowFilter value the server refuses (Hubble answers such requests with INVALID_ARGUMENT).
 * `field` is the proto path of the culprit (`source_pod[0]`, `http_status_code`,
 * `whitelist[1].source_ip[0]`); `message` is `"<field>: <reason>"` so it can be shown or sent as is.
 */
export class InvalidFilterError extends Error {
  override readonly name = "InvalidFilterError";
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }

  /** The same error, reported under an enclosing path such as `whitelist[2]`. */
  within(parent: string): InvalidFilterError {
    return new InvalidFilterError(`${parent}.${this.field}`, this.reason);
  }
}

/** Field path of one entry of a repeated field, e.g. `source_pod[0]`. */
export function entryField(field: string, index: number): string {
  return `${field}[${index}]`;
}

const ALWAYS: FlowPredicate = () => true;

/**
 * AND of all predicates. Specialised for 0–3 entries so the common filters (one or two fields)
 * run without a loop; a FlowFilter rarely has more.
 */
export function allOf(predicates: readonly FlowPredicate[]): FlowPredicate {
  switch (predicates.length) {
    case 0:
      return ALWAYS;
    case 1:
      return predicates[0]!;
    case 2: {
      const [a, b] = predicates as [FlowPredicate, FlowPredicate];
      return (flow) => a(flow) && b(flow);
    }
    case 3: {
      const [a, b, c] = predicates as [FlowPredicate, FlowPredicate, FlowPredicate];
      return (flow) => a(flow) && b(flow) && c(flow);
    }
    default: {
      const list = [...predicates];
      return (flow) => {
        for (const p of list) if (!p(flow)) return false;
        return true;
      };
    }
  }
}

/** OR of all predicates; `ifEmpty` is the answer for an empty list (whitelist: true). */
export function anyOf(predicates: readonly FlowPredicate[], ifEmpty: boolean): FlowPredicate {
  if (predicates.length === 0) return () => ifEmpty;
  if (predicates.length === 1) return predicates[0]!;
  const list = [...predicates];
  return (flow) => {
    for (const p of list) if (p(flow)) return true;
    return false;
  };
}
