// The details drawer for one flow: every field, grouped; a filter (+) and an
// exclude (−) button on each value a `hubble observe` flag can select; the raw
// jsonpb with copy buttons. All flow text is rendered as React text.
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { type ObserveFlagChip, chipArgs } from "../../domain/filters/format-observe-flags.ts";
import { formatCompactLine } from "../../domain/flow/compact-line.ts";
import { copyText, selectContents } from "./copy-text.ts";
import { flowDetails } from "./flow-details-model.ts";
import type { DetailValue } from "./flow-details-rows.ts";
import { verdictName } from "./flow-text.ts";
import { rawFlowJson } from "./raw-flow-json.ts";
import "./flows-table.css";

export interface FlowDetailsProps {
  /** The selected flow, or undefined when it has left the ring (evicted or cleared). */
  flow: Flow | undefined;
  onClose(): void;
  /**
   * "Filter by this" (chip.negated false) or "exclude this" (true): a hubble
   * flag and value such as `--from-pod shop/frontend-7c9d` or `--not --verdict
   * DROPPED`. `formatObserveCommandLine([chip])` gives the text a filter bar takes.
   */
  onFilterBy(chip: ObserveFlagChip): void;
}

export function FlowDetails({ flow, onClose, onFilterBy }: FlowDetailsProps) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      onClose();
    }
  };
  return (
    <aside className="flow-details" data-testid="flow-details" aria-label="Flow details" onKeyDown={onKeyDown}>
      <header className="flow-details-header">
        <h2>Flow details</h2>
        <button type="button" className="flow-details-close" aria-label="Close details" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>
      {flow === undefined ? (
        <p className="flow-details-gone">This flow is no longer in the buffer (it was evicted or cleared).</p>
      ) : (
        <FlowDetailsBody flow={flow} onFilterBy={onFilterBy} />
      )}
    </aside>
  );
}

function FlowDetailsBody({ flow, onFilterBy }: { flow: Flow; onFilterBy(chip: ObserveFlagChip): void }) {
  const sections = useMemo(() => flowDetails(flow), [flow]);
  const compactLine = useMemo(() => formatCompactLine(flow, { printNodeName: true, printPolicyNames: true }) ?? "", [flow]);
  return (
    <div className="flow-details-body" data-verdict={verdictName(flow)}>
      <p className="flow-details-line" title="hubble observe --print-node-name --print-policy-names">
        {compactLine}
      </p>
      {sections.map((section) => (
        <details key={section.id} className="flow-details-section" open data-section={section.id}>
          <summary>{section.title}</summary>
          <dl>
            {section.rows.map((row) => (
              <div key={row.label} className="flow-details-row">
                <dt>{row.label}</dt>
                <dd>
                  {row.values.map((value, index) => (
                    // Values of one row can repeat (e.g. two equal headers); their position is their identity.
                    <DetailValueView key={index} value={value} onFilterBy={onFilterBy} />
                  ))}
                </dd>
              </div>
            ))}
          </dl>
        </details>
      ))}
      <RawJson flow={flow} />
    </div>
  );
}

function DetailValueView({ value, onFilterBy }: { value: DetailValue; onFilterBy(chip: ObserveFlagChip): void }) {
  const filter = value.filter;
  const args = filter === undefined ? "" : chipArgs(filter).join(" ");
  return (
    <span className="detail-value">
      <span className="detail-text">{value.text}</span>
      {filter === undefined ? null : (
        <span className="detail-actions">
          <button type="button" className="filter-by" data-testid="filter-by" title={`Filter: ${args}`} aria-label={`Filter by ${args}`} onClick={() => onFilterBy(filter)}>
            +
          </button>
          <button
            type="button"
            className="filter-out"
            data-testid="filter-out"
            title={`Exclude: --not ${args}`}
            aria-label={`Exclude --not ${args}`}
            onClick={() => onFilterBy({ ...filter, negated: true })}
          >
            −
          </button>
        </span>
      )}
    </span>
  );
}

function RawJson({ flow }: { flow: Flow }) {
  const raw = useMemo(() => rawFlowJson(flow), [flow]);
  const preRef = useRef<HTMLPreElement>(null);
  const [status, setStatus] = useState("");
  useEffect(() => {
    if (status === "") return undefined;
    const timer = setTimeout(() => setStatus(""), 4000);
    return () => clearTimeout(timer);
  }, [status]);
  const copy = async (text: string, what: string) => {
    const copied = await copyText(text);
    if (copied) {
      setStatus(`${what} copied`);
    } else {
      if (preRef.current !== null) selectContents(preRef.current);
      setStatus("Copy is blocked here: the JSON is selected, press Ctrl+C");
    }
  };
  return (
    <details className="flow-details-section" open data-section="raw">
      <summary>Raw flow (jsonpb)</summary>
      <div className="flow-details-copy">
        <button type="button" data-testid="copy-json" onClick={() => void copy(raw.pretty, "JSON")}>
          Copy JSON
        </button>
        <button type="button" title="One line, exactly as hubble observe -o jsonpb prints it" onClick={() => void copy(raw.line, "jsonpb line")}>
          Copy as jsonpb line
        </button>
        <span className="flow-details-copy-status" role="status">
          {status}
        </span>
      </div>
      <pre ref={preRef} className="flow-details-raw" data-testid="flow-details-raw">
        {raw.pretty}
      </pre>
    </details>
  );
}
