import { describe, expect, it } from "vitest";
import { parseFlowLines } from "../../domain/flow/json-line-decoder.ts";
import { readSample, sampleFlowFiles } from "../../testing/node/samples.ts";
import { FLOW_COLUMNS, flowColumn } from "../flows-table/flow-columns.ts";
import type { FlowColumn } from "../flows-table/flow-columns.ts";
import { csvCell, flowsToCsv, flowsToJsonLines } from "./flows-export.ts";

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["=HYPERLINK(\"http://evil\")", '"\'=HYPERLINK(""http://evil"")"'],
    ["+1", "'+1"],
    ["-cmd", "'-cmd"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["10.0.0.1", "10.0.0.1"],
  ])("%j → %j", (text, expected) => {
    expect(csvCell(text)).toBe(expected);
  });
});

describe("flow exports", () => {
  const file = sampleFlowFiles().find((f) => f.includes("348-http")) ?? "";
  const name = file.slice(file.lastIndexOf("/") + 1);
  const flows = parseFlowLines(readSample(name), name).events.flatMap((e) => (e.event.responseTypes.case === "flow" ? [e.event.responseTypes.value] : []));

  it("writes JSON lines that reopen as the same flows, byte for byte as recorded", () => {
    const text = flowsToJsonLines(flows);
    const reopened = parseFlowLines(text, "export.jsonl");
    expect(reopened.errors).toEqual([]);
    expect(reopened.events).toHaveLength(348);
    expect(text).toBe(readSample(name).replaceAll("\r\n", "\n").trimEnd() + "\n");
  });

  it("writes one CSV row per flow under a header of column titles", () => {
    const columns = ["time", "verdict"].map((id) => flowColumn(id)).filter((c): c is FlowColumn => c !== undefined);
    const lines = flowsToCsv(flows.slice(0, 2), columns).split("\r\n");
    expect(lines[0]).toBe(columns.map((c) => c.title).join(","));
    expect(lines).toHaveLength(4); // header, two rows, and the final line break
    expect(lines[1]?.split(",")[1]).toBe("FORWARDED");
  });

  it("keeps every column of every flow: the CSV parses back to the table's texts", () => {
    const rows = parseCsv(flowsToCsv(flows, FLOW_COLUMNS));
    expect(rows).toHaveLength(349);
    expect(rows.slice(1).map((row) => row.map(unguard))).toEqual(flows.map((flow) => FLOW_COLUMNS.map((c) => c.value(flow))));
  });
});

/** Undoes the formula guard, to compare with the table's text. */
const unguard = (cell: string) => cell.replace(/^'(?=[=+\-@\t\r])/, "");

/** A strict RFC 4180 reader, only for checking what the writer wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ",") {
      row.push(cell);
      cell = "";
    } else if (!quoted && c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}
