// Diagnostics produced while parsing and linting Cilium policies.
//
// Every problem carries a field path (`spec.ingress[0].toPorts[0].ports[0].port`) so the user can
// find it without line numbers (a policy built in code has none); YAML input adds file and line.

/** One path step: an object key or an array index. */
export type PathSegment = string | number;

/** `error`: the API server or the agent would reject the policy. `warning`: accepted, but not as written. */
export type Severity = "error" | "warning";

/** A problem found in a policy document. */
export interface Diagnostic {
  severity: Severity;
  /** Field path inside the document, e.g. `spec.ingress[0].fromEndpoints[0]`; empty for the whole document. */
  path: string;
  message: string;
  file?: string;
  /** 1-based line of the field (its key) when the policy came from YAML. */
  line?: number;
  /** 1-based column. */
  column?: number;
}

/** Receives problems found at a path; the parser turns the path into a line number. */
export type Reporter = (path: readonly PathSegment[], severity: Severity, message: string) => void;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Formats path segments the way kubectl prints field paths: `spec.ingress[0].toPorts`, with keys
 * that are not plain identifiers quoted (`matchLabels["app.kubernetes.io/name"]`).
 */
export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * One line in the compiler style editors understand: `file:line: warning: path: message`.
 * Parts that are unknown (no file, no line, no path) are left out.
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const where = [diagnostic.file, diagnostic.line].filter((part) => part !== undefined && part !== "");
  const prefix = where.length > 0 ? `${where.join(":")}: ` : "";
  const path = diagnostic.path === "" ? "" : `${diagnostic.path}: `;
  return `${prefix}${diagnostic.severity}: ${path}${diagnostic.message}`;
}

/** True when any diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Orders diagnostics by file, then line, then path, so output is stable across runs. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file ?? "").localeCompare(b.file ?? "") ||
    (a.line ?? 0) - (b.line ?? 0) ||
    (a.column ?? 0) - (b.column ?? 0) ||
    a.path.localeCompare(b.path)
  );
}
