// Port of hubble's cmd/observe/flows_filter.go filterTracker: every filter flag updates a
// "left" and a "right" FlowFilter; symmetric flags (--pod, --ip, --label, --namespace …) put the
// source form on the left and the destination form on the right, so the CLI sends left OR right
// (one filter when both end up equal). Namespaces are applied to pod/service entries last.
import { create, equals } from "@bufbuild/protobuf";
import { type FlowFilter, FlowFilterSchema } from "../../gen/flow/flow_pb.ts";

// Flags that cannot be combined within one tracker (whitelist or blacklist), verbatim from hubble.
const CONFLICTS: readonly (readonly string[])[] = [
  ["from-fqdn", "from-ip", "ip", "fqdn", "from-namespace", "namespace", "from-all-namespaces", "all-namespaces"],
  ["from-fqdn", "from-ip", "ip", "fqdn", "from-pod", "pod"],
  ["to-fqdn", "to-ip", "ip", "fqdn", "to-namespace", "namespace", "to-all-namespaces", "all-namespaces"],
  ["to-fqdn", "to-ip", "ip", "fqdn", "to-pod", "pod"],
  ["to-pod", "namespace", "all-namespaces"],
  ["from-pod", "namespace", "all-namespaces"],
  ["to-service", "namespace", "all-namespaces"],
  ["from-service", "namespace", "all-namespaces"],
  ["label", "from-label"],
  ["label", "to-label"],
  ["service", "from-service"],
  ["service", "to-service"],
  ["port", "to-port"],
  ["port", "from-port"],
  ["identity", "to-identity"],
  ["identity", "from-identity"],
  ["workload", "to-workload"],
  ["workload", "from-workload"],
  ["encrypted", "unencrypted"],
];

type Update = (filter: FlowFilter) => void;

function namespaceOf(name: string): string {
  const parts = name.split("/");
  return parts.length > 1 ? parts[0]! : "";
}

function addNamespaces(values: string[], namespaces: readonly string[]): string[] {
  if (namespaces.length === 0 || values.length === 0) return values;
  return values.flatMap((value) => (value.includes("/") ? [value] : namespaces.map((ns) => `${ns}/${value}`)));
}

// hubble's namespaceModifier.applySrc / applyDest: a side without pods or services gets "" so
// that the namespace alone becomes the `ns/` entry.
function applySource(f: FlowFilter, namespaces: readonly string[]): void {
  if (f.sourcePod.length === 0 && f.sourceService.length === 0) f.sourcePod = [""];
  f.sourcePod = addNamespaces(f.sourcePod, namespaces);
  f.sourceService = addNamespaces(f.sourceService, namespaces);
}

function applyDestination(f: FlowFilter, namespaces: readonly string[]): void {
  if (f.destinationPod.length === 0 && f.destinationService.length === 0) f.destinationPod = [""];
  f.destinationPod = addNamespaces(f.destinationPod, namespaces);
  f.destinationService = addNamespaces(f.destinationService, namespaces);
}

/** One of the CLI's two filter accumulators (whitelist, or blacklist via --not). */
export class FilterTracker {
  private left: FlowFilter | undefined;
  private right: FlowFilter | undefined;
  private readonly namespaces: string[] = [];
  private readonly sourceNamespaces: string[] = [];
  private readonly destinationNamespaces: string[] = [];
  private readonly changed: string[] = [];

  /** Records a flag's use; throws hubble's conflict error (`filters --a and --b cannot be combined`). */
  track(name: string): void {
    if (!this.changed.includes(name)) this.changed.push(name);
    for (const group of CONFLICTS) {
      for (const flag of group) {
        if (!this.changed.includes(flag)) continue;
        const other = group.find((c) => c !== flag && this.changed.includes(c));
        if (other !== undefined) throw new Error(`filters --${flag} and --${other} cannot be combined`);
      }
    }
  }

  applyLeft(update: Update): void {
    this.left ??= create(FlowFilterSchema);
    update(this.left);
  }

  applyRight(update: Update): void {
    this.right ??= create(FlowFilterSchema);
    update(this.right);
  }

  /** Same change on both sides (directional and non-endpoint flags). */
  apply(update: Update): void {
    this.applyLeft(update);
    this.applyRight(update);
  }

  /** Source form on the left, destination form on the right (symmetric flags). */
  applySplit(left: Update, right: Update): void {
    this.applyLeft(left);
    this.applyRight(right);
  }

  addNamespace(kind: "both" | "source" | "destination", namespace: string): void {
    const list = kind === "both" ? this.namespaces : kind === "source" ? this.sourceNamespaces : this.destinationNamespaces;
    list.push(namespace);
  }

  /** The filters as they stand (before namespaces are applied), for validation after each flag. */
  current(): FlowFilter[] {
    return [this.left, this.right].filter((f): f is FlowFilter => f !== undefined);
  }

  /** hubble's checkNamespaceConflicts on both sides; throws on conflict. */
  checkNamespaceConflicts(): void {
    for (const f of this.current()) {
      const checks: [readonly string[], readonly string[]][] = [
        [this.namespaces, f.sourcePod],
        [this.namespaces, f.sourceService],
        [this.namespaces, f.destinationPod],
        [this.namespaces, f.destinationService],
        [this.sourceNamespaces, f.sourcePod],
        [this.sourceNamespaces, f.sourceService],
        [this.destinationNamespaces, f.destinationPod],
        [this.destinationNamespaces, f.destinationService],
      ];
      for (const [namespaces, names] of checks) {
        for (const ns of namespaces) {
          for (const name of names) {
            const nn = namespaceOf(name);
            if (nn !== "" && nn !== ns) throw new Error(`namespace conflict: ${JSON.stringify(ns)} does not contain ${JSON.stringify(name)}`);
          }
        }
      }
      for (const [pods, services] of [[f.sourcePod, f.sourceService], [f.destinationPod, f.destinationService]] as const) {
        for (const p of pods) {
          const podNs = namespaceOf(p);
          if (podNs === "") continue;
          for (const svc of services) {
            if (namespaceOf(svc) !== podNs) throw new Error(`namespace of service ${JSON.stringify(svc)} conflict with pod ${JSON.stringify(podNs)}`);
          }
        }
      }
    }
  }

  /** hubble's flowFilters(): applies namespaces and returns [left] or [left, right]. */
  flowFilters(): FlowFilter[] {
    const anyNamespace = this.namespaces.length + this.sourceNamespaces.length + this.destinationNamespaces.length > 0;
    if (this.left === undefined && this.right === undefined && !anyNamespace) return [];
    const left = this.left ?? create(FlowFilterSchema);
    const right = this.right ?? create(FlowFilterSchema);
    if (this.destinationNamespaces.length > 0) {
      applyDestination(left, this.destinationNamespaces);
      applyDestination(right, this.destinationNamespaces);
    }
    if (this.sourceNamespaces.length > 0) {
      applySource(left, this.sourceNamespaces);
      applySource(right, this.sourceNamespaces);
    }
    if (this.namespaces.length > 0) {
      applySource(left, this.namespaces);
      applyDestination(right, this.namespaces);
    }
    return equals(FlowFilterSchema, left, right) ? [left] : [left, right];
  }
}
