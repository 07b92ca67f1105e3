// Details of the selected node or edge, live from the current model. Every value comes from flows
// (untrusted), so it is rendered as React text only, never as HTML.
import { useState } from "react";
import type { GraphEdge, GraphModel, GraphNode } from "../../domain/aggregation/service-map/graph-model.ts";
import { VERDICT_KEYS } from "../../domain/aggregation/service-map/graph-model.ts";
import { describeSelection, endpointRef, refText } from "../../domain/aggregation/service-map/selection.ts";

function formatTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace("T", " ").replace("Z", " UTC") : "—";
}

function NodeDetails({ node }: { node: GraphNode }) {
  return (
    <dl>
      <dt>Kind</dt>
      <dd>{node.kind}</dd>
      {node.namespace !== "" && (
        <>
          <dt>Namespace</dt>
          <dd>{node.namespace}</dd>
        </>
      )}
      {node.cluster !== "" && (
        <>
          <dt>Cluster</dt>
          <dd>{node.cluster}</dd>
        </>
      )}
      {node.kind !== "namespace" && node.kind !== "cluster" && (
        <>
          <dt>Flows</dt>
          <dd>
            {node.flows} ({node.dropped} dropped)
          </dd>
        </>
      )}
      {node.addresses.length > 0 && (
        <>
          <dt>Addresses</dt>
          <dd>{node.addresses.join(", ")}</dd>
        </>
      )}
      <dt>Last seen</dt>
      <dd>{formatTime(node.lastSeenMs)}</dd>
    </dl>
  );
}

function EdgeDetails({ edge }: { edge: GraphEdge }) {
  const verdicts = VERDICT_KEYS.filter((k) => edge.verdicts[k] > 0).map((k) => `${k} ${edge.verdicts[k]}`);
  return (
    <dl>
      <dt>Port</dt>
      <dd>{edge.portLabel}</dd>
      <dt>Flows</dt>
      <dd>
        {edge.flows} ({edge.ratePerSecond}/s)
      </dd>
      <dt>Verdict</dt>
      <dd>
        {edge.verdict}
        {verdicts.length > 0 && ` — ${verdicts.join(", ")}`}
      </dd>
      {edge.l7.length > 0 && (
        <>
          <dt>L7</dt>
          {edge.l7.map((line) => (
            <dd key={line}>{line}</dd>
          ))}
        </>
      )}
      {edge.allowedBy.length > 0 && (
        <>
          <dt>Allowed by</dt>
          {edge.allowedBy.map((name) => (
            <dd key={name}>{name}</dd>
          ))}
        </>
      )}
      {edge.deniedBy.length > 0 && (
        <>
          <dt>Denied by</dt>
          {edge.deniedBy.map((name) => (
            <dd key={name}>{name}</dd>
          ))}
        </>
      )}
      <dt>Last seen</dt>
      <dd>{formatTime(edge.lastSeenMs)}</dd>
    </dl>
  );
}

/** The inspector for element `id` of `model`; nothing when the element has left the model. */
export function MapInspector({ model, id, onClose }: { model: GraphModel; id: string; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const node = model.nodes.get(id);
  const edge = node === undefined ? model.edges.get(id) : undefined;
  if (node === undefined && edge === undefined) return null;
  const selection = describeSelection(model, id);
  const title = selection?.title ?? (node === undefined ? id : refText(endpointRef(node)));
  const command = selection === undefined ? "" : `hubble observe ${selection.observeArgs}`;
  const copy = () => {
    void navigator.clipboard?.writeText(command).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  return (
    <aside className="map-inspector" data-testid="map-inspector" aria-label="Selected element">
      <header>
        <h3>{title}</h3>
        <button type="button" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </header>
      {node !== undefined && <NodeDetails node={node} />}
      {edge !== undefined && <EdgeDetails edge={edge} />}
      {command !== "" && (
        <div className="map-inspector-command">
          <code data-testid="map-observe-command">{command}</code>
          <button type="button" onClick={copy}>
            {copied ? "Copied" : "Copy"}
          </button>
        </div>
      )}
    </aside>
  );
}
