// Reads the message and enum tables of ../shared/facts/hubble-api.md into a
// normalised form, so tests compare our protos with the facts mechanically
// instead of with a second hand-typed copy that could share our typos.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export interface FieldFact {
  name: string;
  number: number;
  /** Scalar keyword (`uint64`) or fully qualified type name (`flow.Endpoint`). */
  type: string;
  repeated: boolean;
  oneof?: string;
  deprecated: boolean;
}

export interface EnumValueFact {
  name: string;
  number: number;
  deprecated: boolean;
}

export interface ApiFacts {
  messages: Map<string, FieldFact[]>;
  enums: Map<string, EnumValueFact[]>;
}

export const FACTS_PATH = fileURLToPath(
  new URL("../../../../shared/facts/hubble-api.md", import.meta.url),
);

const SCALARS = new Set([
  "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string",
  "bytes", "uint32", "sfixed32", "sfixed64", "sint32", "sint64",
]);
const PACKAGES = new Set(["flow", "observer", "relay"]);

export function readApiFacts(path = FACTS_PATH): ApiFacts {
  if (!existsSync(path)) {
    throw new Error(`${path} not found: the shared facts must sit next to the repository (../shared)`);
  }
  return parseApiFacts(readFileSync(path, "utf8"));
}

/** Parses the `#### pkg.Name` sections (message and enum tables) of the facts file. */
export function parseApiFacts(markdown: string): ApiFacts {
  const facts: ApiFacts = { messages: new Map(), enums: new Map() };
  const sections = markdown.split(/^#### /m).slice(1);
  for (const section of sections) {
    const [heading = "", ...rest] = section.split("\n");
    // A section ends at the next heading of any level.
    const end = rest.findIndex((line) => line.startsWith("#"));
    const body = end === -1 ? rest : rest.slice(0, end);
    const fullName = heading.replace(/^enum /, "").split(" ")[0] ?? "";
    const pkg = fullName.split(".")[0] ?? "";
    if (!PACKAGES.has(pkg)) continue;
    const rows = body
      .filter((line) => line.startsWith("| "))
      .map((line) => line.split("|").slice(1, -1).map((cell) => cell.trim()));
    const header = rows[0];
    if (header?.[0] === "field") {
      facts.messages.set(fullName, rows.slice(1).map((row) => fieldFact(row, pkg)));
    } else if (header?.[0] === "number") {
      facts.enums.set(fullName, rows.slice(1).map(enumValueFact));
    } else if (body.some((line) => line.trim() === "(no fields)")) {
      facts.messages.set(fullName, []);
    } else {
      // The one inline list is the paragraph right under its heading.
      const inline = inlineEnumValues(body.join("\n").trim().split("\n\n")[0] ?? "");
      if (inline.length > 0) facts.enums.set(fullName, inline);
    }
  }
  // Two nested types are stated in prose rather than in a table of their own.
  for (const m of markdown.matchAll(/nested enum `([\w.]+)`: ((?:\d+ `\w+`(?:, )?)+)/g)) {
    facts.enums.set(`flow.${m[1]}`, inlineEnumValues(m[2] ?? ""));
  }
  for (const m of markdown.matchAll(/Nested `([\w.]+)` has \*\*no fields\*\*/g)) {
    facts.messages.set(`observer.${m[1]}`, []);
  }
  return facts;
}

function fieldFact(row: string[], pkg: string): FieldFact {
  const [name = "", number = "", type = "", label = ""] = row;
  const oneof = /oneof `(\w+)`/.exec(label)?.[1];
  return {
    name: name.replaceAll("`", ""),
    number: Number(number),
    type: qualify(type, pkg),
    repeated: label.includes("repeated"),
    ...(oneof ? { oneof } : {}),
    deprecated: label.includes("DEPRECATED"),
  };
}

function qualify(type: string, pkg: string): string {
  const bare = type.replace(/\s*\(WKT.*\)$/, "").trim();
  if (type.includes("(WKT")) return `google.protobuf.${bare}`;
  if (SCALARS.has(bare)) return bare;
  if (PACKAGES.has(bare.split(".")[0] ?? "")) return bare;
  return `${pkg}.${bare}`;
}

function enumValueFact(row: string[]): EnumValueFact {
  const [number = "", name = "", note = ""] = row;
  return { name: name.replaceAll("`", ""), number: Number(number), deprecated: note.includes("DEPRECATED") };
}

function inlineEnumValues(text: string): EnumValueFact[] {
  return [...text.matchAll(/(\d+) `(\w+)`/g)].map((m) => ({
    name: m[2] ?? "",
    number: Number(m[1]),
    deprecated: false,
  }));
}
