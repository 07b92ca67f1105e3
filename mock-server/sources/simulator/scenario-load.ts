// Loads a scenario: a built-in name (mock-server/scenarios/<name>.yaml) or a file path, its
// policy files (relative to the scenario file), and what each stage leaves in force in each
// cluster. Stage n is the cumulative result of stages 1..n, so moving to any stage, forward or
// back, is a lookup; a stage's deletions run before its applies.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { formatDiagnostic } from "../../../src/domain/policy/diagnostics.ts";
import { parsePolicyYaml, type ParsedPolicy } from "../../../src/domain/policy/parse.ts";
import { createPolicySet } from "../../../src/domain/policy/policy-set.ts";
import { parseScenarioText } from "./scenario-parse.ts";
import type { AppliedPolicy, Scenario, ScenarioSpec, StagePolicies } from "./scenario-types.ts";
import { ScenarioError, type YamlReader } from "./yaml-reader.ts";

/** Where the built-in scenarios live. */
export const BUILTIN_SCENARIO_DIR = fileURLToPath(new URL("../../scenarios/", import.meta.url));

/** Names of the built-in scenarios. */
export function builtinScenarioNames(): string[] {
  return readdirSync(BUILTIN_SCENARIO_DIR)
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => name.slice(0, -".yaml".length))
    .toSorted();
}

/**
 * Loads a built-in scenario by name (`shop`, `starwars`) or a scenario file by path. Throws
 * ScenarioError with `file:line: path: message` lines when anything is wrong.
 */
export function loadScenario(nameOrPath: string): Scenario {
  const isPath = nameOrPath.includes("/") || nameOrPath.includes("\\") || /\.ya?ml$/.test(nameOrPath);
  const file = isPath ? resolve(nameOrPath) : join(BUILTIN_SCENARIO_DIR, `${nameOrPath}.yaml`);
  if (!existsSync(file)) {
    throw new ScenarioError([
      isPath ? `${nameOrPath}: no such file` : `no built-in scenario "${nameOrPath}" (built in: ${builtinScenarioNames().join(", ")}; or give a path to a .yaml file)`,
    ]);
  }
  return loadScenarioText(readFileSync(file, "utf8"), file);
}

/** Key of a policy in the repository, as `kubectl` identifies it. */
function policyKey(policy: ParsedPolicy): string {
  return `${policy.kind}/${policy.namespace}/${policy.name}`;
}

/** Paths below the working directory are shown relative to it, others in full. */
function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? basename(path) : rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** Loads scenario text; policy files are read relative to `file`'s folder. */
export function loadScenarioText(text: string, file: string, readFile: (path: string) => string = (path) => readFileSync(path, "utf8")): Scenario {
  const base = dirname(file);
  const warnings: string[] = [];
  let stagePolicies: ReadonlyMap<string, StagePolicies>[] = [];
  const files = new Map<string, ParsedPolicy[] | undefined>();

  const readPolicies = (r: YamlReader, at: (string | number)[], name: string): ParsedPolicy[] | undefined => {
    const path = resolve(base, name);
    if (files.has(path)) return files.get(path);
    let policyText: string;
    try {
      policyText = readFile(path);
    } catch {
      r.report(at, `cannot read policy file ${display(path)}`);
      files.set(path, undefined);
      return undefined;
    }
    const result = parsePolicyYaml(policyText, { file: display(path), namespace: "default" });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) r.report(at, `policy file has errors:\n  ${errors.map(formatDiagnostic).join("\n  ")}`);
    else if (result.policies.length === 0) r.report(at, `${display(path)} holds no CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy`);
    warnings.push(...result.diagnostics.filter((d) => d.severity === "warning").map(formatDiagnostic));
    const policies = errors.length > 0 ? undefined : [...result.policies];
    files.set(path, policies);
    return policies;
  };

  const computeStages = (spec: ScenarioSpec, r: YamlReader): void => {
    const state = new Map(spec.clusters.map((c) => [c.name, new Map<string, AppliedPolicy>()]));
    const revision = new Map(spec.clusters.map((c) => [c.name, 1]));
    const out: Map<string, StagePolicies>[] = [];
    spec.stages.forEach((stage, s) => {
      for (const cluster of stage.clusters ?? spec.clusters.map((c) => c.name)) {
        const inForce = state.get(cluster) ?? new Map<string, AppliedPolicy>();
        stage.delete.forEach((ref, d) => {
          const at = ["stages", s, "delete", d];
          const keys = /\.ya?ml$/.test(ref) ? (readPolicies(r, at, ref) ?? []).map(policyKey) : [deleteKey(ref)];
          for (const key of keys) {
            if (!inForce.delete(key)) r.report(at, `${ref} is not in force in cluster ${cluster} before this stage (policy ${key})`);
            revision.set(cluster, (revision.get(cluster) ?? 1) + 1);
          }
        });
        stage.apply.forEach((name, a) => {
          for (const policy of readPolicies(r, ["stages", s, "apply", a], name) ?? []) {
            const next = (revision.get(cluster) ?? 1) + 1;
            revision.set(cluster, next);
            inForce.delete(policyKey(policy));
            inForce.set(policyKey(policy), { policy, revision: next });
          }
        });
      }
      out.push(
        new Map(
          [...state].map(([cluster, inForce]) => {
            const policies = [...inForce.values()];
            return [cluster, { policies, set: createPolicySet(policies.map((p) => p.policy)) }];
          }),
        ),
      );
    });
    stagePolicies = out;
  };

  const spec = parseScenarioText(text, display(file), computeStages);
  return { spec, file, stagePolicies, warnings: [...new Set(warnings)] };
}

/** `ns/name` → a CiliumNetworkPolicy; `Kind/ns/name`; `CiliumClusterwideNetworkPolicy/name`. */
function deleteKey(ref: string): string {
  const parts = ref.split("/");
  if (parts.length === 2 && parts[0] === "CiliumClusterwideNetworkPolicy") return `CiliumClusterwideNetworkPolicy//${parts[1] ?? ""}`;
  if (parts.length === 2) return `CiliumNetworkPolicy/${ref}`;
  return ref;
}

export { ScenarioError };
