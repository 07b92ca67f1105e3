// `hubble observe` command-line parsing for the UI filter bar and CLI-like inputs: pflag-style
// argument handling (--flag value, --flag=value, -t l7, -tl7, -4f), hubble's filter flags
// (observe-filter-flags.ts) and its GetFlowsRequest rules for --last/--first/--all/--follow/
// --since/--until (cmd/observe/flows.go getFlowsRequest).
import { create, fromJson } from "@bufbuild/protobuf";
import { type Timestamp } from "@bufbuild/protobuf/wkt";
import { type FlowFilter, FlowFilterSchema } from "../../gen/flow/flow_pb.ts";
import { type GetFlowsRequest, GetFlowsRequestSchema } from "../../gen/observer/observer_pb.ts";
import { compileFlowFilter } from "./compile-flow-filter.ts";
import { FILTER_FLAG_NAMES, applyFilterFlag, parseGoBool } from "./observe-filter-flags.ts";
import { FilterTracker } from "./observe-filter-tracker.ts";
import { parseGoUint, parseObserveTime } from "./observe-values.ts";
import { splitShellWords } from "./shell-words.ts";

/** What a `hubble observe` command line asks for, in GetFlowsRequest terms. */
export interface ObserveRequest {
  whitelist: FlowFilter[];
  blacklist: FlowFilter[];
  /** Omitted when 0 (follow without --last). */
  number?: bigint;
  first?: boolean;
  follow?: boolean;
  since?: Timestamp;
  until?: Timestamp;
  /** Recognised flags without effect on the request (output format, connection…), as typed. */
  ignored: string[];
}

/** A rejected command line: the offending flag as typed (`--pod`, `-t`) and why. */
export interface ObserveFlagError {
  flag: string;
  /** Index of the offending word in the argument list. */
  argIndex: number;
  message: string;
}

/** Either the request or the first error, with the offending flag. */
export type ObserveParseResult = { ok: true; request: ObserveRequest } | { ok: false; error: ObserveFlagError };

/** Knobs for {@link parseObserveFlags}. */
export interface ObserveParseOptions {
  /** Reference time for relative --since/--until (`5m`); defaults to the current time. */
  now?: Date;
  /** Number sent when nothing else decides it; hubble's default is 20. */
  defaultLast?: bigint;
  /** Compile each filter after every flag so invalid values fail at their flag (default true). */
  validate?: boolean;
}

type Kind = "filter" | "not" | "bool" | "uint" | "time" | "raw" | "ignored";

interface FlagSpec {
  readonly name: string;
  readonly kind: Kind;
  /** Value used when the flag is given without one (pflag NoOptDefVal; bools use "true"). */
  readonly noValue?: string;
}

const IGNORED_BOOLS = ["print-node-name", "print-policy-names", "numeric", "ip-translation", "silent-errors",
  "print-raw-filters", "use-default-field-masks", "port-forward", "debug", "tls", "tls-allow-insecure"];
const IGNORED_VALUES = ["output", "time-format", "color", "input-file", "field-mask", "server", "port-forward-port",
  "config", "timeout", "request-timeout", "tls-ca-cert-files", "tls-client-cert-file", "tls-client-key-file",
  "tls-server-name", "basic-auth-username", "basic-auth-password", "kube-context", "kube-namespace", "kubeconfig"];
const FILTER_NO_VALUE: Readonly<Record<string, string>> = {
  ipv4: "v4", ipv6: "v6", "all-namespaces": "true", "from-all-namespaces": "true", "to-all-namespaces": "true",
  encrypted: "true", unencrypted: "true", reply: "true",
};

const SPECS = new Map<string, FlagSpec>([
  ...FILTER_FLAG_NAMES.map((name): [string, FlagSpec] => [name, { name, kind: "filter", noValue: FILTER_NO_VALUE[name] }]),
  ["is-reply", { name: "reply", kind: "filter", noValue: "true" }],
  ["not", { name: "not", kind: "not", noValue: "true" }],
  ["all", { name: "all", kind: "bool", noValue: "true" }],
  ["follow", { name: "follow", kind: "bool", noValue: "true" }],
  ["last", { name: "last", kind: "uint" }],
  ["first", { name: "first", kind: "uint" }],
  ["since", { name: "since", kind: "time" }],
  ["until", { name: "until", kind: "time" }],
  ["allowlist", { name: "allowlist", kind: "raw" }],
  ["denylist", { name: "denylist", kind: "raw" }],
  ...IGNORED_BOOLS.map((name): [string, FlagSpec] => [name, { name, kind: "ignored", noValue: "true" }]),
  ...IGNORED_VALUES.map((name): [string, FlagSpec] => [name, { name, kind: "ignored" }]),
]);

const SHORTHANDS: Readonly<Record<string, string>> = {
  t: "type", "4": "ipv4", "6": "ipv6", n: "namespace", A: "all-namespaces", l: "label", f: "follow",
  o: "output", s: "silent-errors", P: "port-forward", D: "debug",
};

class FlagError extends Error {}

class ObserveParser {
  private readonly whitelist = new FilterTracker();
  private readonly blacklist = new FilterTracker();
  private readonly raw = { allowlist: [] as FlowFilter[], denylist: [] as FlowFilter[] };
  private blacklisting = false;
  private readonly values = { all: false, follow: false, last: 0n, first: 0n, since: "", until: "" };
  readonly ignored: string[] = [];
  private readonly validate: boolean;

  constructor(validate: boolean) {
    this.validate = validate;
  }

  handle(spec: FlagSpec, value: string, typed: string): void {
    switch (spec.kind) {
      case "not":
        if (this.blacklisting) throw new FlagError("consecutive --not statements");
        this.blacklisting = true;
        return;
      case "filter": {
        const tracker = this.blacklisting ? this.blacklist : this.whitelist;
        this.blacklisting = false;
        applyFilterFlag(tracker, spec.name, value);
        tracker.checkNamespaceConflicts();
        if (this.validate) for (const f of tracker.current()) compileFlowFilter(f);
        return;
      }
      case "bool": {
        const b = parseGoBool(value);
        if (b === undefined) throw new FlagError(`invalid argument ${JSON.stringify(value)} for "--${spec.name}" flag: expected a boolean`);
        this.values[spec.name as "all" | "follow"] = b;
        return;
      }
      case "uint": {
        const n = parseGoUint(value, 64);
        if (n === undefined) throw new FlagError(`invalid argument ${JSON.stringify(value)} for "--${spec.name}" flag: expected an unsigned integer`);
        this.values[spec.name as "last" | "first"] = n;
        return;
      }
      case "time":
        this.values[spec.name as "since" | "until"] = value;
        return;
      case "raw": {
        let filter: FlowFilter;
        try {
          filter = fromJson(FlowFilterSchema, JSON.parse(value));
        } catch (e) {
          throw new FlagError(`invalid --${spec.name} flag: failed to decode ${JSON.stringify(value)}: ${(e as Error).message}`);
        }
        if (this.validate) compileFlowFilter(filter);
        this.raw[spec.name as "allowlist" | "denylist"].push(filter);
        return;
      }
      case "ignored":
        this.ignored.push(typed);
        return;
    }
  }

  /** End-of-line checks and hubble's getFlowsRequest; returns the error message or the request. */
  finish(now: Date, defaultLast: bigint): ObserveRequest | { flag: string; message: string } {
    if (this.blacklisting) return { flag: "--not", message: "trailing --not found in the arguments" };
    const v = this.values;
    const first = v.first > 0n;
    const last = v.last > 0n;
    if (first && last) return { flag: "--first", message: "cannot set both --first and --last" };
    if (first && v.all) return { flag: "--first", message: "cannot set both --first and --all" };
    if (first && v.follow) return { flag: "--first", message: "cannot set both --first and --follow" };
    if (last && v.all) return { flag: "--last", message: "cannot set both --last and --all" };
    let since: Timestamp | undefined;
    let until: Timestamp | undefined;
    if (v.since !== "") {
      since = parseObserveTime(v.since, now);
      if (since === undefined) return { flag: "--since", message: `failed to parse the since time: ${JSON.stringify(v.since)}` };
    }
    // hubble never sends until together with --follow.
    if (v.until !== "" && !v.follow) {
      until = parseObserveTime(v.until, now);
      if (until === undefined) return { flag: "--until", message: `failed to parse the until time: ${JSON.stringify(v.until)}` };
    }
    let number = first ? v.first : v.last;
    if (since === undefined && until === undefined && !first) {
      if (v.all) number = 2n ** 64n - 1n;
      else if (!last && !v.follow) number = defaultLast;
    }
    const request: ObserveRequest = {
      whitelist: [...this.whitelist.flowFilters(), ...this.raw.allowlist],
      blacklist: [...this.blacklist.flowFilters(), ...this.raw.denylist],
      ignored: this.ignored,
    };
    if (number > 0n) request.number = number;
    if (first) request.first = true;
    if (v.follow) request.follow = true;
    if (since) request.since = since;
    if (until) request.until = until;
    return request;
  }
}

interface Step {
  spec: FlagSpec;
  value: string;
  typed: string;
}

function lookupLong(name: string): FlagSpec {
  const spec = SPECS.get(name);
  if (!spec) throw new FlagError(`unknown flag: --${name}`);
  return spec;
}

/** pflag's reading of one argument (plus its value argument when needed). */
function readFlag(args: readonly string[], i: number): { steps: Step[]; next: number } {
  const a = args[i]!;
  if (a.startsWith("--")) {
    const eq = a.indexOf("=");
    const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
    const spec = lookupLong(name);
    const typed = `--${name}`;
    if (eq >= 0) return { steps: [{ spec, value: a.slice(eq + 1), typed }], next: i + 1 };
    if (spec.noValue !== undefined) return { steps: [{ spec, value: spec.noValue, typed }], next: i + 1 };
    if (i + 1 >= args.length) throw new FlagError(`flag needs an argument: ${typed}`);
    return { steps: [{ spec, value: args[i + 1]!, typed }], next: i + 2 };
  }
  const steps: Step[] = [];
  let shorts = a.slice(1);
  let next = i + 1;
  while (shorts !== "") {
    const c = shorts[0]!;
    const long = SHORTHANDS[c];
    if (long === undefined) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
    const spec = lookupLong(long);
    const typed = `-${c}`;
    let value: string;
    if (shorts.length > 2 && shorts[1] === "=") [value, shorts] = [shorts.slice(2), ""];
    else if (spec.noValue !== undefined) [value, shorts] = [spec.noValue, shorts.slice(1)];
    else if (shorts.length > 1) [value, shorts] = [shorts.slice(1), ""];
    else if (next < args.length) [value, shorts, next] = [args[next]!, "", next + 1];
    else throw new FlagError(`flag needs an argument: '${c}' in ${a}`);
    steps.push({ spec, value, typed });
  }
  return { steps, next };
}

/**
 * Parses `hubble observe` arguments (a command line or an argv array; a leading
 * `hubble observe [flows]` is skipped) into whitelist/blacklist FlowFilters and request options,
 * exactly as the hubble CLI builds its GetFlowsRequest. Symmetric flags such as --pod, --ip,
 * --label, --namespace yield two filters (source side OR destination side); --not sends the next
 * filter flag to the blacklist.
 */
export function parseObserveFlags(argv: string | readonly string[], options: ObserveParseOptions = {}): ObserveParseResult {
  let args: readonly string[];
  try {
    args = typeof argv === "string" ? splitShellWords(argv) : argv;
  } catch (e) {
    return { ok: false, error: { flag: "", argIndex: -1, message: (e as Error).message } };
  }
  let i = 0;
  for (const word of ["hubble", "observe", "flows"]) if (args[i] === word) i++;
  const parser = new ObserveParser(options.validate ?? true);
  while (i < args.length) {
    const start = i;
    const a = args[i]!;
    let typed = a;
    try {
      if (a === "--" || !a.startsWith("-") || a === "-") {
        const word = a === "--" ? args[i + 1] : a;
        throw new FlagError(word === undefined ? "unexpected --" : `unexpected argument ${JSON.stringify(word)}`);
      }
      const { steps, next } = readFlag(args, i);
      for (const step of steps) {
        typed = step.typed;
        parser.handle(step.spec, step.value, step.typed);
      }
      i = next;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      const flag = typed.startsWith("-") ? typed.replace(/=.*$/, "") : "";
      return { ok: false, error: { flag, argIndex: start, message } };
    }
  }
  const result = parser.finish(options.now ?? new Date(), options.defaultLast ?? 20n);
  if ("message" in result) {
    const argIndex = args.findIndex((a) => a === result.flag || a.startsWith(`${result.flag}=`));
    return { ok: false, error: { flag: result.flag, argIndex, message: result.message } };
  }
  return { ok: true, request: result };
}

/** The GetFlowsRequest a parsed command line stands for (what `hubble observe` would send). */
export function toGetFlowsRequest(request: ObserveRequest): GetFlowsRequest {
  return create(GetFlowsRequestSchema, {
    whitelist: request.whitelist,
    blacklist: request.blacklist,
    number: request.number ?? 0n,
    first: request.first ?? false,
    follow: request.follow ?? false,
    since: request.since,
    until: request.until,
  });
}
