// Writes one Hubble JSON line exactly as Go writes it: protojson with
// UseProtoNames, then json.Encoder (facts B.1). protobuf-es produces the same
// values (enum names, 64-bit integers as strings, zero values omitted, 0/3/6/9
// fractional digits for timestamps) but orders keys by field number, while Go
// uses declaration order, and it does not HTML-escape. We fix up both.
import { type DescMessage, type JsonValue, toJson } from "@bufbuild/protobuf";
import { hasCustomJsonRepresentation } from "@bufbuild/protobuf/wkt";
import { type ExportEvent, ExportEventSchema, type GetFlowsResponse, GetFlowsResponseSchema } from "../../gen/observer/observer_pb.ts";
import { FLOW_TYPE_REGISTRY } from "./flow-registry.ts";
import { isJsonObject } from "./json-field-check.ts";

/**
 * One compact JSON line (no trailing newline) with proto field names, byte for
 * byte what `hubble observe -o jsonpb` or the Hubble exporter would print for
 * the same message.
 */
export function formatFlowLine(event: ExportEvent | GetFlowsResponse): string {
  const schema: DescMessage = event.$typeName === "observer.ExportEvent" ? ExportEventSchema : GetFlowsResponseSchema;
  const json = toJson(schema, event, { useProtoFieldName: true, registry: FLOW_TYPE_REGISTRY });
  return escapeLikeGo(JSON.stringify(inDeclarationOrder(schema, json)));
}

/** Re-creates objects with keys in proto declaration order (Go protojson's order). */
function inDeclarationOrder(desc: DescMessage, json: JsonValue): JsonValue {
  if (!isJsonObject(json)) {
    return json;
  }
  if (desc.typeName === "google.protobuf.Any") {
    return anyInDeclarationOrder(json);
  }
  if (hasCustomJsonRepresentation(desc)) {
    return json;
  }
  const out: Record<string, JsonValue> = {};
  for (const field of desc.fields) {
    const value = json[field.name];
    if (value === undefined) continue;
    if (field.fieldKind === "message") {
      out[field.name] = inDeclarationOrder(field.message, value);
    } else if (field.fieldKind === "list" && field.listKind === "message" && Array.isArray(value)) {
      out[field.name] = value.map((item) => inDeclarationOrder(field.message, item));
    } else {
      out[field.name] = value;
    }
  }
  return out;
}

/** An Any prints "@type" first, then the payload's fields in declaration order. */
function anyInDeclarationOrder(json: Record<string, JsonValue>): JsonValue {
  const url = json["@type"];
  const desc = typeof url === "string" ? FLOW_TYPE_REGISTRY.getMessage(url.slice(url.lastIndexOf("/") + 1)) : undefined;
  if (desc === undefined || hasCustomJsonRepresentation(desc)) {
    return json;
  }
  const { "@type": type, ...fields } = json;
  const ordered = inDeclarationOrder(desc, fields);
  return isJsonObject(ordered) ? { "@type": type ?? null, ...ordered } : json;
}

const GO_ESCAPES: Readonly<Record<string, string>> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

/**
 * Go's json.Encoder HTML-escapes `<`, `>`, `&` and escapes U+2028/U+2029.
 * These characters can only occur inside JSON strings here (keys are proto
 * names), so replacing them across the whole text is safe.
 */
function escapeLikeGo(text: string): string {
  return text.replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}
