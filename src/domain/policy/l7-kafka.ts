// rules.kafka (cilium/proxy `pkg/policy/api/kafka`): `role` (produce/consume) or `apiKey`,
// `apiVersion`, `clientID`, `topic`; empty fields match anything. Checked here only as far as the
// lab needs (request matching by key/topic/client); Kafka wire details are out of scope.

/** A compiled Kafka rule. */
export interface KafkaRule {
  /** Allowed API keys; empty = any. `role` expands to the keys the role needs. */
  readonly apiKeys: readonly string[];
  readonly apiVersion?: string;
  readonly clientId?: string;
  readonly topic?: string;
}

/** A Kafka request as the proxy sees it. */
export interface KafkaRequest {
  readonly apiKey: string;
  readonly apiVersion?: number;
  readonly clientId?: string;
  readonly topic?: string;
}

/** Kafka API key names Cilium accepts (case-insensitive). */
export const KAFKA_API_KEYS: ReadonlySet<string> = new Set([
  "produce",
  "fetch",
  "offsets",
  "metadata",
  "leaderandisr",
  "stopreplica",
  "updatemetadata",
  "controlledshutdown",
  "offsetcommit",
  "offsetfetch",
  "findcoordinator",
  "joingroup",
  "heartbeat",
  "leavegroup",
  "syncgroup",
  "describegroups",
  "listgroups",
  "saslhandshake",
  "apiversions",
  "createtopics",
  "deletetopics",
  "deleterecords",
  "initproducerid",
  "offsetforleaderepoch",
  "addpartitionstotxn",
  "addoffsetstotxn",
  "endtxn",
  "writetxnmarkers",
  "txnoffsetcommit",
  "describeacls",
  "createacls",
  "deleteacls",
  "describeconfigs",
  "alterconfigs",
]);

/** The API keys each `role` stands for. */
export const KAFKA_ROLE_KEYS: Readonly<Record<"produce" | "consume", readonly string[]>> = {
  produce: ["produce", "metadata", "apiversions"],
  consume: ["fetch", "offsets", "metadata", "offsetfetch", "findcoordinator", "joingroup", "heartbeat", "leavegroup", "syncgroup", "apiversions"],
};

/** True when the request satisfies the rule. */
export function kafkaRuleMatches(rule: KafkaRule, request: KafkaRequest): boolean {
  if (rule.apiKeys.length > 0 && !rule.apiKeys.includes(request.apiKey.toLowerCase())) return false;
  if (rule.apiVersion !== undefined && String(request.apiVersion ?? "") !== rule.apiVersion) return false;
  if (rule.clientId !== undefined && request.clientId !== rule.clientId) return false;
  return rule.topic === undefined || request.topic === rule.topic;
}
