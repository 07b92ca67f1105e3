// Lenient-reading support around protobuf-es `fromJson`: it can ignore unknown
// keys and enum names but cannot count them, and its errors name a message
// type (`flow.TCP.source_port`) rather than where the value sits in the line.
// This module walks the parsed JSON alongside the descriptors to (1) count what
// was ignored and (2) point at the exact field path when decoding fails.
import { type DescEnum, type DescField, type DescMessage, type JsonValue, ScalarType, fromJson } from "@bufbuild/protobuf";
import { hasCustomJsonRepresentation, isWrapperDesc } from "@bufbuild/protobuf/wkt";
import { FLOW_TYPE_REGISTRY } from "./flow-registry.ts";

type JsonObject = { [key: string]: JsonValue };

/** The options every lenient decode uses. */
export const LENIENT_READ = { ignoreUnknownFields: true, registry: FLOW_TYPE_REGISTRY } as const;

/** Receives what the lenient reader skipped. Paths use proto field names, `[]` for list items. */
export interface UnknownSink {
  unknownField(path: string): void;
  unknownEnumValue(path: string, value: string): void;
}

const fieldMaps = new WeakMap<DescMessage, Map<string, DescField>>();
const enumNames = new WeakMap<DescEnum, Set<string>>();

/** Fields by every key fromJson accepts for them: proto name and JSON (lowerCamel) name. */
function fieldsByKey(desc: DescMessage): Map<string, DescField> {
  let map = fieldMaps.get(desc);
  if (map === undefined) {
    map = new Map();
    for (const field of desc.fields) {
      map.set(field.name, field).set(field.jsonName, field);
    }
    fieldMaps.set(desc, map);
  }
  return map;
}

function isKnownEnumName(desc: DescEnum, name: string): boolean {
  let names = enumNames.get(desc);
  if (names === undefined) {
    names = new Set(desc.values.map((v) => v.name));
    enumNames.set(desc, names);
  }
  return names.has(name);
}

const join = (path: string, name: string): string => (path === "" ? name : `${path}.${name}`);

/** True for a JSON object (not null, not an array). */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Reports unknown keys and unknown enum names in `json` (read as `desc`).
 * Also prepares `json` for fromJson: removes null values (unset, as in Go) and
 * any Any whose "@type" is not in the registry (reported as unknown, because
 * fromJson cannot skip it by itself).
 */
export function collectUnknowns(desc: DescMessage, json: JsonObject, path: string, sink: UnknownSink): void {
  const fields = fieldsByKey(desc);
  for (const key of Object.keys(json)) {
    const field = fields.get(key);
    if (field === undefined) {
      sink.unknownField(join(path, key));
      continue;
    }
    const value = json[key];
    if (value === null) {
      // null means "unset". Go's protojson skips it before checking oneofs;
      // protobuf-es counts a null oneof member as set, so drop it here.
      delete json[key];
      continue;
    }
    const fieldPath = join(path, field.name);
    if (field.fieldKind === "enum" && typeof value === "string" && !isKnownEnumName(field.enum, value)) {
      sink.unknownEnumValue(fieldPath, value);
    } else if (field.fieldKind === "list" && field.listKind === "enum" && Array.isArray(value)) {
      for (const item of value) {
        if (typeof item === "string" && !isKnownEnumName(field.enum, item)) sink.unknownEnumValue(`${fieldPath}[]`, item);
      }
    } else if (field.fieldKind === "message" && isJsonObject(value)) {
      if (field.message.typeName === "google.protobuf.Any") {
        if (!collectAny(value, fieldPath, sink)) delete json[key];
      } else if (!hasCustomJsonRepresentation(field.message)) {
        collectUnknowns(field.message, value, fieldPath, sink);
      }
    } else if (field.fieldKind === "list" && field.listKind === "message" && Array.isArray(value)) {
      if (hasCustomJsonRepresentation(field.message)) continue;
      for (const item of value) {
        if (isJsonObject(item)) collectUnknowns(field.message, item, `${fieldPath}[]`, sink);
      }
    }
  }
}

/** Walks an Any's payload; false when its "@type" cannot be resolved. */
function collectAny(json: JsonObject, path: string, sink: UnknownSink): boolean {
  const url = json["@type"];
  if (typeof url !== "string") {
    return true; // malformed: let fromJson explain it
  }
  const desc = FLOW_TYPE_REGISTRY.getMessage(url.slice(url.lastIndexOf("/") + 1));
  if (desc === undefined) {
    sink.unknownField(`${path}(@type ${url})`);
    return false;
  }
  if (!hasCustomJsonRepresentation(desc)) {
    const { "@type": _, ...fields } = json;
    collectUnknowns(desc, fields, path, sink);
  }
  return true;
}

/** True when fromJson accepts `json` as `desc`. */
function decodes(desc: DescMessage, json: JsonValue): boolean {
  try {
    fromJson(desc, json, LENIENT_READ);
    return true;
  } catch {
    return false;
  }
}

/**
 * Explains why fromJson rejected `json` as `desc`, naming the field path in the
 * line, e.g. `field flow.l4.TCP.source_port: expected a number, got string "abc"`.
 * It narrows down by decoding one key at a time, so it only runs on failures.
 */
export function explainDecodeError(desc: DescMessage, json: JsonValue, path: string, error: unknown): string {
  return locate(desc, json, path) ?? libraryReason(path, error);
}

function locate(desc: DescMessage, json: JsonValue, path: string): string | undefined {
  if (!isJsonObject(json)) {
    return `${where(path)}: expected an object, got ${describeValue(json)}`;
  }
  const fields = fieldsByKey(desc);
  const keyOf = new Map<DescField, string>();
  const oneofMember = new Map<string, string>();
  for (const [key, value] of Object.entries(json)) {
    const field = fields.get(key);
    if (field === undefined) continue;
    const fieldPath = join(path, field.name);
    const previous = keyOf.get(field);
    if (previous !== undefined) {
      return `field ${fieldPath}: set twice, as "${previous}" and as "${key}"`;
    }
    keyOf.set(field, key);
    // fromJson's rule (collectUnknowns has already removed nulls from decoded lines).
    if (field.oneof !== undefined && !(field.fieldKind === "scalar" && value === null)) {
      const other = oneofMember.get(field.oneof.name);
      if (other !== undefined) {
        return `${where(path)}: only one of oneof ${field.oneof.name} may be set, got "${other}" and "${field.name}"`;
      }
      oneofMember.set(field.oneof.name, field.name);
    }
    if (!decodes(desc, { [key]: value })) {
      return explainField(field, value, fieldPath, (v) => decodes(desc, { [key]: v }));
    }
  }
  return undefined;
}

function explainField(field: DescField, value: JsonValue, path: string, accepts: (v: JsonValue) => boolean): string {
  if (field.fieldKind === "message" && isJsonObject(value) && !hasCustomJsonRepresentation(field.message)) {
    return locate(field.message, value, path) ?? `field ${path}: cannot decode ${describeValue(value)}`;
  }
  if (field.fieldKind === "list") {
    if (!Array.isArray(value)) {
      return `field ${path}: expected an array, got ${describeValue(value)}`;
    }
    for (const [index, item] of value.entries()) {
      if (accepts([item])) continue;
      const itemPath = `${path}[${index}]`;
      if (field.listKind === "message" && isJsonObject(item) && !hasCustomJsonRepresentation(field.message)) {
        return locate(field.message, item, itemPath) ?? `field ${itemPath}: cannot decode ${describeValue(item)}`;
      }
      const expected = field.listKind === "message" ? messageExpectation(field.message, item) : itemExpectation(field, item);
      return `field ${itemPath}: ${expected}, got ${describeValue(item)}`;
    }
  }
  const expected =
    field.fieldKind === "message" ? messageExpectation(field.message, value) : itemExpectation(field, value);
  return `field ${path}: ${expected}, got ${describeValue(value)}`;
}

function itemExpectation(field: DescField, value: JsonValue): string {
  if (field.fieldKind === "enum" || (field.fieldKind === "list" && field.listKind === "enum")) {
    return `expected a ${field.enum.typeName} name or number`;
  }
  if (field.fieldKind === "scalar" || (field.fieldKind === "list" && field.listKind === "scalar")) {
    return scalarExpectation(field.scalar, value);
  }
  return "expected a different value";
}

const INTEGER_RANGES: ReadonlyMap<ScalarType, string> = new Map([
  [ScalarType.INT32, "-2147483648 to 2147483647"],
  [ScalarType.SINT32, "-2147483648 to 2147483647"],
  [ScalarType.SFIXED32, "-2147483648 to 2147483647"],
  [ScalarType.UINT32, "0 to 4294967295"],
  [ScalarType.FIXED32, "0 to 4294967295"],
  [ScalarType.INT64, "-9223372036854775808 to 9223372036854775807"],
  [ScalarType.SINT64, "-9223372036854775808 to 9223372036854775807"],
  [ScalarType.SFIXED64, "-9223372036854775808 to 9223372036854775807"],
  [ScalarType.UINT64, "0 to 18446744073709551615"],
  [ScalarType.FIXED64, "0 to 18446744073709551615"],
]);

function scalarExpectation(scalar: ScalarType, value: JsonValue): string {
  switch (scalar) {
    case ScalarType.BOOL:
      return "expected true or false";
    case ScalarType.STRING:
      return "expected a string";
    case ScalarType.BYTES:
      return "expected a base64 string";
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      return "expected a number";
    default: {
      // A number (or numeric string) that still failed is fractional or out of range.
      const numeric = typeof value === "number" || (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value)));
      const range = INTEGER_RANGES.get(scalar) ?? "";
      return numeric ? `expected an integer from ${range} (${ScalarType[scalar].toLowerCase()})` : "expected a number";
    }
  }
}

function messageExpectation(desc: DescMessage, value: JsonValue): string {
  if (desc.typeName === "google.protobuf.Timestamp") {
    return 'expected an RFC 3339 timestamp string like "2021-11-10T10:40:56.4655977Z"';
  }
  if (desc.typeName === "google.protobuf.Any") {
    return 'expected an object with a known "@type"';
  }
  if (isWrapperDesc(desc)) {
    return scalarExpectation(desc.fields[0].scalar, value);
  }
  return hasCustomJsonRepresentation(desc) ? `expected the JSON form of ${desc.typeName}` : "expected an object";
}

const where = (path: string): string => (path === "" ? "top level" : `field ${path}`);

function describeValue(value: JsonValue): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "string":
      return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case "number":
    case "boolean":
      return `${typeof value} ${String(value)}`;
    default:
      return "an object";
  }
}

/** Last resort: the library's own message without its "cannot decode X from JSON:" prefix. */
function libraryReason(path: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `${where(path)}: ${message.replace(/^cannot decode .+? from JSON: /, "")}`;
}
