import { describe, expect, it } from "vitest";
import type { ChartLine, ChartRow } from "./chart-model.ts";
import { panelCsv, panelFileName } from "./panel-csv.ts";

const T = Date.parse("2024-05-01T12:00:00Z");
const line = (key: string, name: string): ChartLine => ({ key, name, legend: name, colour: "#fff", dash: undefined, axis: "left", bandEdge: false, current: null, max: null });

describe("panelCsv", () => {
  it.each<[string, ChartLine[], ChartRow[], string]>([
    [
      "a time column and one column per series, empty cells for no value",
      [line("s0", "DROPPED"), line("s1", "FORWARDED")],
      [
        { t: T, s0: 0.5, s1: null },
        { t: T + 5_000, s0: 1 / 3, s1: 2 },
      ],
      "time,DROPPED,FORWARDED\r\n2024-05-01T12:00:00.000Z,0.5,\r\n2024-05-01T12:00:05.000Z,0.3333333333333333,2\r\n",
    ],
    [
      "names quoted and defused as the flow export does",
      [line("s0", "=cmd()"), line("s1", "80/TCP, 443/TCP")],
      [{ t: T, s0: -0.25, s1: 0 }],
      "time,'=cmd(),\"80/TCP, 443/TCP\"\r\n2024-05-01T12:00:00.000Z,-0.25,0\r\n",
    ],
    ["a header alone without steps", [line("s0", "DNS")], [], "time,DNS\r\n"],
    ["ignores the band's [min, max] pairs", [line("s0", "avg")], [{ t: T, s0: 2, band: [1, 3] }], "time,avg\r\n2024-05-01T12:00:00.000Z,2\r\n"],
  ])("writes %s", (_, lines, rows, expected) => {
    expect(panelCsv({ lines, rows })).toBe(expected);
  });

  it("names files by panel and time", () => {
    expect(panelFileName("drop-reason", "2026-11-23T21-04-05Z", "csv")).toBe("observatory-drop-reason-2026-11-23T21-04-05Z.csv");
  });
});
