// The flows in view as files: Hubble JSON lines (what `hubble observe -o jsonpb` prints, so the
// file reopens as a replay here or in any jq pipeline) and CSV of the table's columns.
import { create } from "@bufbuild/protobuf";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { GetFlowsResponseSchema } from "../../gen/observer/observer_pb.ts";
import { formatFlowLine } from "../../domain/flow/json-line-writer.ts";
import type { FlowColumn } from "../flows-table/flow-columns.ts";

/** One `{"flow":…,"node_name":…,"time":…}` line per flow, oldest first, newline-terminated. */
export function flowsToJsonLines(flows: readonly Flow[]): string {
  let out = "";
  for (const flow of flows) {
    const event = create(GetFlowsResponseSchema, {
      responseTypes: { case: "flow", value: flow },
      nodeName: flow.nodeName,
      ...(flow.time ? { time: flow.time } : {}),
    });
    out += `${formatFlowLine(event)}\n`;
  }
  return out;
}

/** RFC 4180 CSV with a header row: one row per flow, one column per table column. */
export function flowsToCsv(flows: readonly Flow[], columns: readonly FlowColumn[]): string {
  const rows = [columns.map((column) => csvCell(column.title))];
  for (const flow of flows) rows.push(columns.map((column) => csvCell(column.value(flow))));
  return rows.map((cells) => cells.join(",")).join("\r\n") + "\r\n";
}

/**
 * One CSV cell. Flow strings come from the network, and a spreadsheet runs a cell that starts with
 * = + - @ (or a tab/CR) as a formula, so such cells get a leading apostrophe (OWASP's advice on
 * CSV injection); quotes, commas and line breaks are quoted as RFC 4180 says.
 */
export function csvCell(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
