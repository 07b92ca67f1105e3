// GetFlowsRequest.field_mask: return only the listed Flow paths (proto field
// names, dotted: `source.pod_name`, `IP`, `l4.TCP.destination_port`), as
// Relay and the exporter do. Paths are checked against the Flow descriptor up
// front, so a bad mask fails the request instead of silently returning empty
// flows.
import { create, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { type Flow, FlowSchema } from "../../gen/flow/flow_pb.ts";

type Fields = Record<string, unknown>;

interface Step {
  field: DescField;
  /** For intermediate steps, the message type to descend into. */
  message?: DescMessage;
}

/** A bad field mask path; `message` names the path and what is wrong with it. */
export class InvalidFieldMaskError extends Error {
  override readonly name = "InvalidFieldMaskError";
}

/**
 * Compiles mask paths into a function copying just those fields into a new
 * Flow. Throws InvalidFieldMaskError for a path that names no Flow field or
 * goes through a field that is not a singular message.
 */
export function compileFieldMask(paths: readonly string[]): (flow: Flow) => Flow {
  const compiled = paths.map((path) => compilePath(path));
  return (flow) => {
    const out = create(FlowSchema);
    for (const steps of compiled) copyPath(steps, 0, flow as unknown as Fields, out as unknown as Fields);
    return out;
  };
}

function compilePath(path: string): Step[] {
  const steps: Step[] = [];
  let message: DescMessage = FlowSchema;
  const segments = path.split(".");
  segments.forEach((segment, index) => {
    const field = message.fields.find((f) => f.name === segment);
    if (!field) {
      throw new InvalidFieldMaskError(`field_mask: "${path}": ${message.typeName} has no field "${segment}"`);
    }
    const last = index === segments.length - 1;
    if (last) {
      steps.push({ field });
      return;
    }
    if (field.fieldKind !== "message") {
      throw new InvalidFieldMaskError(
        `field_mask: "${path}": "${segment}" is not a singular message field, so the path cannot go deeper`,
      );
    }
    steps.push({ field, message: field.message });
    message = field.message;
  });
  return steps;
}

function read(container: Fields, field: DescField): unknown {
  if (field.oneof) {
    const selected = container[field.oneof.localName] as { case?: string; value?: unknown } | undefined;
    return selected?.case === field.localName ? selected.value : undefined;
  }
  return container[field.localName];
}

function write(container: Fields, field: DescField, value: unknown): void {
  if (field.oneof) container[field.oneof.localName] = { case: field.localName, value };
  else container[field.localName] = value;
}

function copyPath(steps: Step[], index: number, from: Fields, to: Fields): void {
  const step = steps[index];
  if (!step) return;
  const value = read(from, step.field);
  if (value === undefined) return;
  if (!step.message) {
    // Leaves are shared, not cloned: flows are never mutated once stored.
    write(to, step.field, value);
    return;
  }
  let child = read(to, step.field) as Fields | undefined;
  if (!child) {
    child = create(step.message) as unknown as Fields;
    write(to, step.field, child);
  }
  copyPath(steps, index + 1, value as Fields, child);
}
