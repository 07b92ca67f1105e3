// "Export" on the flow table: the flows in view (after filters, up to the pause point), oldest
// first, as Hubble JSON lines (they reopen here as a replay, or feed jq) or as CSV of the columns.
import type { Flow } from "../../gen/flow/flow_pb.ts";
import type { FlowColumn } from "../flows-table/flow-columns.ts";
import { downloadFile, fileStamp } from "./download.ts";
import { flowsToCsv, flowsToJsonLines } from "./flows-export.ts";

export interface ExportFlowsMenuProps {
  /** Read only when the user picks a format: the table's rows can be 250k flows. */
  flowsInView(): Flow[];
  columns: readonly FlowColumn[];
}

export function ExportFlowsMenu({ flowsInView, columns }: ExportFlowsMenuProps) {
  const save = (format: "jsonl" | "csv", menu: HTMLDetailsElement | null) => {
    const flows = flowsInView();
    const name = `observatory-flows-${fileStamp()}.${format}`;
    if (format === "jsonl") downloadFile(name, flowsToJsonLines(flows), "application/x-ndjson");
    else downloadFile(name, flowsToCsv(flows, columns), "text/csv;charset=utf-8");
    if (menu) menu.open = false;
  };
  return (
    <details className="export-menu" data-testid="export-flows">
      <summary title="Download the flows in view">Export</summary>
      <div className="export-menu-items" role="menu">
        <button type="button" role="menuitem" data-testid="export-jsonl" onClick={(e) => save("jsonl", e.currentTarget.closest("details"))}>
          Flows as JSON lines (hubble observe -o jsonpb)
        </button>
        <button type="button" role="menuitem" data-testid="export-csv" onClick={(e) => save("csv", e.currentTarget.closest("details"))}>
          Flows as CSV (table columns)
        </button>
      </div>
    </details>
  );
}
