// What the map's lines and shapes mean, drawn with the same colours, widths and dashes as the
// cytoscape stylesheet (VERDICT_LOOKS), each with its name in words.
import { useId } from "react";
import type { EdgeVerdict } from "../../domain/aggregation/service-map/graph-model.ts";
import { MAP_COLORS, VERDICT_LOOKS, type VerdictLook } from "./service-map-style.ts";

const ORDER: readonly EdgeVerdict[] = ["FORWARDED", "DROPPED", "MIXED", "AUDIT", "REDIRECTED", "ERROR", "OTHER"];

function LineSample({ look }: { look: VerdictLook }) {
  // useId() may contain ":" or "«»", which break url(#…) references.
  const gradientId = `map-legend-${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const stroke = look.color2 === undefined ? look.color : `url(#${gradientId})`;
  const dash = look.lineStyle === "dotted" ? "1 4" : look.dash?.join(" ");
  return (
    <svg width="44" height="12" viewBox="0 0 44 12" aria-hidden="true">
      {look.color2 !== undefined && (
        <defs>
          <linearGradient id={gradientId} gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="44" y2="0">
            <stop offset="30%" stopColor={look.color} />
            <stop offset="70%" stopColor={look.color2} />
          </linearGradient>
        </defs>
      )}
      <line x1="0" y1="6" x2={look.arrow === undefined ? 44 : 40} y2="6" stroke={stroke} strokeWidth={look.width} strokeDasharray={dash} strokeLinecap={look.lineStyle === "dotted" ? "round" : "butt"} />
      {look.arrow === "tee" && <rect x="40" y="0" width="3" height="12" fill={look.color} />}
      {look.arrow === "triangle-tee" && <rect x="40" y="0" width="3" height="12" fill={look.color2 ?? look.color} />}
      {look.arrow === "square" && <rect x="38" y="2" width="6" height="8" fill={look.color} />}
    </svg>
  );
}

function Shape({ kind }: { kind: "workload" | "entity" | "world" | "fqdn" | "namespace" }) {
  const c = MAP_COLORS;
  return (
    <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true">
      {kind === "workload" && <rect x="2" y="2" width="14" height="14" rx="3" fill="#16324a" stroke={c.accent} strokeWidth="1.5" />}
      {kind === "entity" && <polygon points="9,1 17,9 9,17 1,9" fill="#2b2540" stroke={c.muted} strokeWidth="1.5" />}
      {kind === "world" && <circle cx="9" cy="9" r="7" fill="#1f2937" stroke={c.fg} strokeWidth="2.5" />}
      {kind === "fqdn" && <polygon points="5,2 13,2 17,9 13,16 5,16 1,9" fill="#1f2937" stroke={c.fg} strokeWidth="1.5" />}
      {kind === "namespace" && <rect x="1" y="1" width="16" height="16" rx="3" fill="none" stroke="#64748b" strokeWidth="1" strokeDasharray="3 2" />}
    </svg>
  );
}

/** The legend panel (`data-testid="map-legend"`). */
export function MapLegend() {
  return (
    <aside className="map-legend" data-testid="map-legend" aria-label="Service map legend">
      <h3>Edges (client → server)</h3>
      <ul>
        {ORDER.map((verdict) => (
          <li key={verdict} data-verdict={verdict}>
            <LineSample look={VERDICT_LOOKS[verdict]} />
            <strong>{verdict}</strong> <span>{VERDICT_LOOKS[verdict].meaning}</span>
          </li>
        ))}
      </ul>
      <p>Label: port/protocol ×flows in the window; the verdict is written out unless FORWARDED. A bar at the arrow: traffic stopped there. Replies count on the request&apos;s edge.</p>
      <h3>Nodes</h3>
      <ul>
        <li>
          <Shape kind="workload" /> workload (Deployment, app label or pod)
        </li>
        <li>
          <Shape kind="entity" /> Cilium entity: host, remote-node, kube-apiserver…
        </li>
        <li>
          <Shape kind="fqdn" /> outside, by DNS name
        </li>
        <li>
          <Shape kind="world" /> world: outside, no name known
        </li>
        <li>
          <Shape kind="namespace" /> namespace (solid blue: cluster)
        </li>
      </ul>
      <p>Red dashed border: the node has drops. Faded: not seen for a while; it leaves when the window passes.</p>
    </aside>
  );
}
