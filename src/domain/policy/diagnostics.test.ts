import { describe, expect, it } from "vitest";
import { compareDiagnostics, formatDiagnostic, formatPath, hasErrors, type Diagnostic } from "./diagnostics.ts";

describe("formatPath", () => {
  it.each<[(string | number)[], string]>([
    [[], ""],
    [["spec"], "spec"],
    [["spec", "ingress", 0, "fromEndpoints", 1], "spec.ingress[0].fromEndpoints[1]"],
    [["specs", 2, "endpointSelector", "matchLabels", "app.kubernetes.io/name"], 'specs[2].endpointSelector.matchLabels["app.kubernetes.io/name"]'],
    [["matchLabels", "k8s:app"], 'matchLabels["k8s:app"]'],
  ])("%j → %s", (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe("formatDiagnostic", () => {
  it.each<[Diagnostic, string]>([
    [{ severity: "warning", path: "spec.x", message: "m", file: "a.yaml", line: 3 }, "a.yaml:3: warning: spec.x: m"],
    [{ severity: "error", path: "", message: "YAML: bad", file: "a.yaml", line: 1 }, "a.yaml:1: error: YAML: bad"],
    [{ severity: "error", path: "spec", message: "m" }, "error: spec: m"],
    [{ severity: "error", path: "spec", message: "m", line: 7 }, "7: error: spec: m"],
  ])("%j", (diagnostic, expected) => {
    expect(formatDiagnostic(diagnostic)).toBe(expected);
  });
});

describe("hasErrors / compareDiagnostics", () => {
  const w: Diagnostic = { severity: "warning", path: "b", message: "", file: "f", line: 2 };
  const e: Diagnostic = { severity: "error", path: "a", message: "", file: "f", line: 1 };
  it.each<[Diagnostic[], boolean]>([
    [[], false],
    [[w], false],
    [[w, e], true],
  ])("hasErrors %#", (list, expected) => {
    expect(hasErrors(list)).toBe(expected);
  });
  it("orders by file and line", () => {
    expect([w, e].toSorted(compareDiagnostics)).toEqual([e, w]);
  });
});
