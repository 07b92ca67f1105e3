import { describe, expect, it } from "vitest";
import { autoDecimals, fixed, formatShare, formatValue } from "./panel-units.ts";

describe("formatValue", () => {
  it.each<[number, string, number | undefined, string]>([
    // Throughput counts: Grafana's simpleCountUnit, K/M scaled.
    [12.5, "ops", undefined, "12.5 ops/s"],
    [1 / 60, "ops", undefined, "0.0167 ops/s"],
    [1500, "ops", undefined, "1.5K ops/s"],
    [2_500_000, "ops", undefined, "2.5M ops/s"],
    [0, "ops", undefined, "0 ops/s"],
    [3, "reqps", 1, "3.0 req/s"],
    [0.2, "reqps", undefined, "0.2 req/s"],
    // Packets: SI prefixes up, none down (no "200 mp/s").
    [0.2, "pps", undefined, "0.2 p/s"],
    [1234, "pps", undefined, "1.23 kp/s"],
    [-0.05, "pps", undefined, "-0.05 p/s"],
    // Seconds: the largest unit that keeps the value ≥ 1.
    [0.0123, "s", undefined, "12.3 ms"],
    [0.0000045, "s", undefined, "4.5 µs"],
    [1.5, "s", undefined, "1.5 s"],
    [90, "s", undefined, "1.5 min"],
    [0, "s", undefined, "0 s"],
    // short / none / percent.
    [12_990, "short", undefined, "13 K"],
    [42, "short", undefined, "42"],
    [0.123456, "none", 4, "0.1235"],
    [33.3333, "percent", undefined, "33.3%"],
    [7, "unknown-unit", undefined, "7"],
  ])("%d %s (decimals %s) → %s", (value, unit, decimals, expected) => {
    expect(formatValue(value, unit, decimals)).toBe(expected);
  });
});

describe("auto decimals", () => {
  it.each<[number, number, string]>([
    [250, 0, "250"],
    [25, 1, "25"],
    [2.5, 2, "2.5"],
    [0.25, 3, "0.25"],
    [0.0001234, 6, "0.000123"],
    [0, 0, "0"],
  ])("%d keeps %d decimals → %s", (value, decimals, text) => {
    expect([autoDecimals(value), fixed(value)]).toEqual([decimals, text]);
  });
});

describe("formatShare", () => {
  it.each<[number, string]>([
    [0, "0%"],
    [0.25, "25%"],
    [1, "100%"],
    [0.034, "3.4%"],
  ])("%d → %s", (share, text) => {
    expect(formatShare(share)).toBe(text);
  });
});
