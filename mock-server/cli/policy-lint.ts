// policy-lint: checks CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy YAML files the way the
// API server and the Cilium agent would, and prints one `file:line: severity: path: message` line
// per problem. Exit status: 0 when there are at most warnings, 1 when any error, 2 on usage errors
// or unreadable files.
//
//   node --import tsx mock-server/cli/policy-lint.ts [--namespace NS] FILE…

import { readFileSync } from "node:fs";
import { parsePolicyYaml } from "../../src/domain/policy/parse.ts";
import { compareDiagnostics, formatDiagnostic, type Diagnostic } from "../../src/domain/policy/diagnostics.ts";

const USAGE = `usage: policy-lint [--namespace NS] FILE...

Checks Cilium network policy YAML (cilium.io/v2 CiliumNetworkPolicy and
CiliumClusterwideNetworkPolicy, multi-document files welcome) against the CRD
schema and Cilium's rule validation. Fields Kubernetes would prune are
warnings; values the API server or the agent would reject are errors.

Output: one line per problem, file:line: warning|error: field.path: message
        and a summary on stderr.

Options:
  -n, --namespace NS  namespace of policies without metadata.namespace
                      (default: default)
  -h, --help          show this help

Exit status: 0 no errors (warnings allowed), 1 errors found,
             2 usage error or unreadable file.`;

interface Args {
  readonly files: string[];
  readonly namespace: string;
  readonly help: boolean;
}

function parseArgs(argv: readonly string[]): Args | string {
  const files: string[] = [];
  let namespace = "default";
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") help = true;
    else if (arg === "-n" || arg === "--namespace") {
      const value = argv[++i];
      if (value === undefined || value === "") return `${arg} needs a namespace`;
      namespace = value;
    } else if (arg.startsWith("--namespace=")) namespace = arg.slice("--namespace=".length);
    else if (arg.startsWith("-") && arg !== "-") return `unknown option ${arg}`;
    else files.push(arg);
  }
  return { files, namespace, help };
}

function main(argv: readonly string[]): number {
  const args = parseArgs(argv);
  if (typeof args === "string") {
    process.stderr.write(`policy-lint: ${args}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.files.length === 0) {
    process.stderr.write(`policy-lint: no files given\n${USAGE}\n`);
    return 2;
  }
  const diagnostics: Diagnostic[] = [];
  let unreadable = 0;
  let policies = 0;
  for (const file of args.files) {
    let text: string;
    try {
      text = readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (error) {
      process.stderr.write(`${file}: cannot read: ${error instanceof Error ? error.message : String(error)}\n`);
      unreadable++;
      continue;
    }
    const result = parsePolicyYaml(text, { file: file === "-" ? "<stdin>" : file, namespace: args.namespace });
    policies += result.policies.length;
    diagnostics.push(...result.diagnostics);
  }
  for (const diagnostic of diagnostics.toSorted(compareDiagnostics)) process.stdout.write(`${formatDiagnostic(diagnostic)}\n`);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  process.stderr.write(`policy-lint: ${args.files.length - unreadable} file(s), ${policies} policy document(s): ${errors} error(s), ${warnings} warning(s)\n`);
  if (unreadable > 0) return 2;
  return errors > 0 ? 1 : 0;
}

// `policy-lint … | head` closes stdout early; that is the reader's choice, not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});
process.exitCode = main(process.argv.slice(2));
