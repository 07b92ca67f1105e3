// One card per stage: its flows, the verdict mix as a bar in the verdict colours (each segment
// also named in words, colour is never the only cue), the top drops by edge and reason, and the
// policies that allowed and denied traffic in it (inferred ones marked as such).
import { formatClock, formatDuration } from "./stage-bar-model.ts";
import type { CardPolicy, StageCard } from "./stages-view.ts";

const count = (n: number) => n.toLocaleString("en-US");

function PolicyList({ title, policies, testId }: { title: string; policies: readonly CardPolicy[]; testId: string }) {
  return (
    <div className="card-policies" data-testid={testId}>
      <h4>{title}</h4>
      {policies.length === 0 ? (
        <p className="stages-empty">none</p>
      ) : (
        <ul>
          {policies.map((p) => (
            <li key={`${p.source}|${p.policy}`} data-source={p.source} title={`${p.policy} — ${p.directions}, ${count(p.count)} flow events${p.source === "inferred" ? " (inferred)" : ""}`}>
              {p.source === "inferred" ? <span className="inferred-tag">inferred</span> : null}
              <span className="card-policy-name">{p.policy}</span>
              <span className="card-policy-count">{count(p.count)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Card({ card }: { card: StageCard }) {
  const { summary } = card;
  const open = summary.toMs === Number.POSITIVE_INFINITY;
  const span = Number.isFinite(summary.fromMs) ? `${formatClock(summary.fromMs)} – ${open ? "now" : formatClock(summary.toMs)}` : "before the first marker";
  return (
    <article className={card.current ? "stage-card current" : "stage-card"} data-testid="stage-card" data-stage-label={card.label} data-flows={summary.flows} data-current={card.current}>
      <header>
        <h3 title={card.label}>{card.label}</h3>
        {card.source === "none" ? null : <span className={`stage-marker-source source-${card.source}`}>{card.source === "simulator" ? "lab" : "you"}</span>}
        {card.current ? <span className="current-tag">current</span> : null}
      </header>
      <p className="card-meta">
        {span}
        {Number.isFinite(summary.fromMs) && !open ? ` · ${formatDuration(summary.toMs - summary.fromMs)}` : ""}
      </p>
      <p className="card-flows">
        <strong>{count(summary.flows)}</strong> flow events
      </p>
      <div className="verdict-mix" role="img" aria-label={card.segments.map((s) => `${s.verdict} ${s.count}`).join(", ") || "no flows"}>
        {card.segments.map((s) => (
          <span key={s.verdict} className={`verdict-segment verdict-${s.verdict.toLowerCase()}`} style={{ width: `${s.percent}%` }} title={`${s.verdict}: ${count(s.count)} (${s.percent.toFixed(1)} %)`} />
        ))}
      </div>
      <ul className="verdict-legend">
        {card.segments.map((s) => (
          <li key={s.verdict} className={`verdict-${s.verdict.toLowerCase()}`}>
            {s.verdict} {s.percent < 1 ? "<1" : Math.round(s.percent)} %
          </li>
        ))}
      </ul>
      <div className="card-drops" data-testid="stage-card-drops">
        <h4>Top drops</h4>
        {card.drops.length === 0 ? (
          <p className="stages-empty">none</p>
        ) : (
          <ol>
            {card.drops.map((d) => (
              <li key={`${d.text}|${d.reason}|${d.l7}`} className="card-drop">
                <span className="card-drop-line">
                  <span className="edge-text">{d.text}</span>
                  <span className="card-policy-count">{count(d.count)}</span>
                </span>
                <span className="card-drop-detail">
                  <span className="drop-reason">{d.l7 ? `L7 · ${d.reason}` : d.reason}</span>
                  {d.clusters.map((cluster) => (
                    <span key={cluster} className="edge-cluster">{cluster}</span>
                  ))}
                </span>
              </li>
            ))}
          </ol>
        )}
      </div>
      <PolicyList title="Allowed by" policies={card.allowedBy} testId="stage-card-allowed" />
      <PolicyList title="Denied by" policies={card.deniedBy} testId="stage-card-denied" />
    </article>
  );
}

export function StageCards({ cards }: { cards: readonly StageCard[] }) {
  return (
    <div className="stage-cards" data-testid="stage-cards">
      {cards.map((card) => (
        <Card key={card.key} card={card} />
      ))}
    </div>
  );
}
