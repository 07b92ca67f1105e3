// Strict reading of a YAML document into typed values, collecting every problem as
// `file:line: path: message` (the line of the offending key, or of the enclosing mapping when a
// key is missing) instead of stopping at the first. Unknown keys are errors: a typo in a
// scenario must not silently change what the simulator does.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from "yaml";

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

/** A scenario (or other YAML input) that failed validation; `problems` holds one line each. */
export class ScenarioError extends Error {
  override readonly name = "ScenarioError";
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join("\n"));
    this.problems = problems;
  }
}

/** `workloads[0].labels.app` */
export function formatPath(path: Path): string {
  let out = "";
  for (const segment of path) out += typeof segment === "number" ? `[${segment}]` : out === "" ? segment : `.${segment}`;
  return out === "" ? "(document)" : out;
}

/** Parsed YAML with a way to report problems at the line of a path. */
export class YamlReader {
  readonly file: string;
  readonly problems: string[] = [];
  readonly value: unknown;
  private readonly doc: Document;
  private readonly lines: LineCounter;

  constructor(text: string, file: string) {
    this.file = file;
    this.lines = new LineCounter();
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const problem of this.doc.errors) {
      this.problems.push(`${file}:${this.lines.linePos(problem.pos[0]).line}: ${formatPath([])}: YAML: ${problem.message.split("\n")[0] ?? ""}`);
    }
    this.value = this.doc.errors.length > 0 ? undefined : this.doc.toJS({ maxAliasCount: 100 });
  }

  /** 1-based line of the deepest node along `path` that exists. */
  lineOf(path: Path): number {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
        if (pair === undefined) break;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === "number") {
        const item: unknown = node.items[segment];
        if (item === undefined) break;
        offset = rangeStart(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return this.lines.linePos(offset).line;
  }

  report(path: Path, message: string): void {
    this.problems.push(`${this.file}:${this.lineOf(path)}: ${formatPath(path)}: ${message}`);
  }
}

function rangeStart(node: unknown): number | undefined {
  return isMap(node) || isSeq(node) || isScalar(node) ? node.range?.[0] : undefined;
}

/** JSON-ish type name for messages. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

/** The value as a mapping with only `known` keys (others are reported), or undefined. */
export function readMap(r: YamlReader, path: Path, value: unknown, known: readonly string[]): Record<string, unknown> | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    r.report(path, `expected a mapping, got ${typeName(value)}`);
    return undefined;
  }
  const map = value as Record<string, unknown>;
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) r.report([...path, key], `unknown field "${key}" (known: ${known.join(", ")})`);
  }
  return map;
}

/** The value as a list (a missing value is an empty list when `optional`). */
export function readList(r: YamlReader, path: Path, value: unknown, optional = true): unknown[] {
  if (value === undefined && optional) return [];
  if (value === undefined) {
    r.report(path.slice(0, -1), `${String(path.at(-1))} is required`);
    return [];
  }
  if (!Array.isArray(value)) {
    r.report(path, `expected a list, got ${typeName(value)}`);
    return [];
  }
  return value;
}

interface StringOptions {
  readonly pattern?: RegExp;
  readonly patternText?: string;
  readonly oneOf?: readonly string[];
}

/** A string field; undefined when absent (reported when `required`) or invalid (reported). */
export function readString(r: YamlReader, path: Path, map: Record<string, unknown>, key: string, required: boolean, options: StringOptions = {}): string | undefined {
  const value = map[key];
  if (value === undefined || value === null) {
    if (required) r.report(path, `${key} is required`);
    return undefined;
  }
  if (typeof value !== "string") {
    r.report([...path, key], `expected a string, got ${typeName(value)}`);
    return undefined;
  }
  if (options.oneOf !== undefined && !options.oneOf.includes(value)) {
    r.report([...path, key], `"${value}" is not one of ${options.oneOf.join(", ")}`);
    return undefined;
  }
  if (options.pattern !== undefined && !options.pattern.test(value)) {
    r.report([...path, key], `"${value}" is not ${options.patternText ?? `of the form ${String(options.pattern)}`}`);
    return undefined;
  }
  return value;
}

interface NumberOptions {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** A number field; undefined when absent (reported when `required`) or invalid (reported). */
export function readNumber(r: YamlReader, path: Path, map: Record<string, unknown>, key: string, required: boolean, options: NumberOptions = {}): number | undefined {
  const value = map[key];
  if (value === undefined || value === null) {
    if (required) r.report(path, `${key} is required`);
    return undefined;
  }
  return checkNumber(r, [...path, key], value, options);
}

/** Checks one number value against the options. */
export function checkNumber(r: YamlReader, path: Path, value: unknown, options: NumberOptions = {}): number | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    r.report(path, `expected a number, got ${typeName(value)}`);
    return undefined;
  }
  if (options.integer === true && !Number.isInteger(value)) {
    r.report(path, `expected a whole number, got ${value}`);
    return undefined;
  }
  if ((options.min !== undefined && value < options.min) || (options.max !== undefined && value > options.max)) {
    r.report(path, `${value} is out of range ${options.min ?? "-∞"}..${options.max ?? "∞"}`);
    return undefined;
  }
  return value;
}

/** A boolean field with a default. */
export function readBool(r: YamlReader, path: Path, map: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const value = map[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "boolean") {
    r.report([...path, key], `expected true or false, got ${typeName(value)}`);
    return fallback;
  }
  return value;
}

/** A mapping of strings to strings (labels, selectors); numbers and booleans are read as text, as Kubernetes would refuse them. */
export function readStringMap(r: YamlReader, path: Path, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  const map = readMap(r, path, value, Object.keys(typeof value === "object" && value !== null ? value : {}));
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(map ?? {})) {
    if (typeof item !== "string") r.report([...path, key], `label values are strings; quote ${JSON.stringify(item)}`);
    else out[key] = item;
  }
  return out;
}

/** A list of strings. */
export function readStringList(r: YamlReader, path: Path, value: unknown): string[] {
  const out: string[] = [];
  readList(r, path, value).forEach((item, index) => {
    if (typeof item === "string") out.push(item);
    else r.report([...path, index], `expected a string, got ${typeName(item)}`);
  });
  return out;
}
