// The policy-attribution table: what Hubble reported (policies named in `*_allowed_by` /
// `*_denied_by`) and what we inferred (drops that named no policy) in two separate tables, so a
// reader never mistakes our conclusion for Hubble's word. Each row has a small chart of its
// allowed / redirected / denied counts over the range, with the stage markers drawn on it.
import type { ReactNode } from "react";
import type { AttributionPoint } from "../../domain/policy-attribution/attribution-rows.ts";
import { formatClock } from "./stage-bar-model.ts";
import type { AttributionView, AttributionViewRow, SparkAxis } from "./stages-view.ts";

const count = (n: number) => (n === 0 ? "" : n.toLocaleString("en-US"));

const W = 120;
const H = 22;

/** Stacked bars per step: allowed at the bottom, redirected above, denied on top. */
function Sparkline({ points, axis }: { points: readonly AttributionPoint[]; axis: SparkAxis }) {
  const max = Math.max(1, ...points.map((p) => p.allowed + p.redirected + p.audited + p.denied));
  const width = W / Math.max(1, points.length);
  const bar = Math.max(1, width - 1);
  return (
    <svg className="sparkline" width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true">
      {axis.markers.map((x) => (
        <line key={x} className="sparkline-marker" x1={x * W} x2={x * W} y1={0} y2={H} />
      ))}
      {points.map((p, i) => {
        const scale = (n: number) => (n / max) * (H - 1);
        const allowed = scale(p.allowed + p.audited);
        const redirected = scale(p.redirected);
        const denied = scale(p.denied);
        const x = i * width;
        return (
          <g key={p.startMs}>
            {allowed > 0 ? <rect className="spark-allowed" x={x} width={bar} y={H - allowed} height={allowed} /> : null}
            {redirected > 0 ? <rect className="spark-redirected" x={x} width={bar} y={H - allowed - redirected} height={redirected} /> : null}
            {denied > 0 ? <rect className="spark-denied" x={x} width={bar} y={H - allowed - redirected - denied} height={denied} /> : null}
          </g>
        );
      })}
    </svg>
  );
}

interface Columns {
  readonly audited: boolean;
  readonly axis: SparkAxis | undefined;
}

function Row({ row, columns, second }: { row: AttributionViewRow; columns: Columns; second: string }) {
  const endpoint = row.inference?.endpoint;
  return (
    <tr data-testid="attribution-row" data-policy={row.policy} data-direction={row.direction} className={row.denied > 0 ? "has-denied" : undefined}>
      <td className="policy-cell" title={row.policy}>{row.policy}</td>
      <td>{second === "kind" ? row.kind : endpoint === undefined ? "" : endpoint.cluster === "" ? endpoint.name : `${endpoint.name} (${endpoint.cluster})`}</td>
      <td>{row.namespace}</td>
      <td>{row.direction}</td>
      <td className="num allowed">{count(row.allowed)}</td>
      <td className="num denied">{count(row.denied)}</td>
      <td className="num redirected">{count(row.redirected)}</td>
      {columns.audited ? <td className="num audited">{count(row.audited)}</td> : null}
      <td className="time">{formatClock(row.firstSeenMs)}</td>
      <td className="time">{formatClock(row.lastSeenMs)}</td>
      <td className="spark-cell">{columns.axis === undefined ? null : <Sparkline points={row.points} axis={columns.axis} />}</td>
    </tr>
  );
}

function Table({ rows, columns, first, second, testId, caption, empty }: {
  rows: readonly AttributionViewRow[];
  columns: Columns;
  first: string;
  second: "kind" | "endpoint";
  testId: string;
  caption: ReactNode;
  empty: string;
}) {
  return (
    <section className="attribution-section" data-testid={testId} aria-label={testId === "attribution-reported" ? "Reported by Hubble" : "Inferred by Observatory"}>
      {caption}
      {rows.length === 0 ? (
        <p className="stages-empty">{empty}</p>
      ) : (
        <table className="attribution-table">
          <thead>
            <tr>
              <th>{first}</th>
              <th>{second === "kind" ? "Kind" : "Endpoint"}</th>
              <th>Namespace</th>
              <th>Direction</th>
              <th className="num">Allowed</th>
              <th className="num">Denied</th>
              <th className="num">Redirected</th>
              {columns.audited ? <th className="num">Audited</th> : null}
              <th>First seen</th>
              <th>Last seen</th>
              <th title="allowed (green), redirected to the proxy (blue), denied (orange) per step; stage markers as lines">Over time</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <Row key={row.id} row={row} columns={columns} second={second} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function AttributionTables({ view }: { view: AttributionView }) {
  const columns: Columns = { audited: view.audited, axis: view.axis };
  return (
    <div className="attribution">
      <Table
        rows={view.reported}
        columns={columns}
        first="Policy"
        second="kind"
        testId="attribution-reported"
        empty="No flow in this range names a policy (Hubble reports them on policy-verdict events)."
        caption={
          <h3>
            Reported by Hubble <span className="stages-hint">policies the flows name in ingress/egress allowed_by and denied_by</span>
          </h3>
        }
      />
      <Table
        rows={view.inferred}
        columns={columns}
        first="Inference"
        second="endpoint"
        testId="attribution-inferred"
        empty="Nothing to infer: every policy decision in this range names its policy."
        caption={
          <h3>
            Inferred by Observatory <span className="stages-hint">our reading of drops that name no policy, not Hubble's word; selecting policies seen in allowed flows are a lower bound</span>
          </h3>
        }
      />
    </div>
  );
}
