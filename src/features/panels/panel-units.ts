// Values as Grafana prints them for the units our panels use (its valueFormats categories):
// ops → "ops/s", reqps → "req/s" and short → K/Mil scaled counts; pps → SI "p/s"; s → µs/ms/s/min;
// percent → "%". Departure: Grafana's SI formats also scale down ("200 mp/s" for 0.2 p/s), which
// reads badly on a lab's sub-1/s rates, so values below 1 stay unscaled ("0.2 p/s").

/** How many decimals Grafana-style auto formatting keeps: about three significant digits. */
export function autoDecimals(value: number): number {
  const abs = Math.abs(value);
  if (abs === 0 || !Number.isFinite(abs)) return 0;
  if (abs >= 100) return 0;
  if (abs >= 10) return 1;
  if (abs >= 1) return 2;
  return Math.min(6, 2 - Math.floor(Math.log10(abs)));
}

/** `value` with fixed `decimals`, or auto decimals with trailing zeros dropped. */
export function fixed(value: number, decimals?: number): string {
  if (decimals !== undefined) return value.toFixed(decimals);
  const text = value.toFixed(autoDecimals(value));
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}

/** Scales by powers of 1,000 through `suffixes` (Grafana's scaledUnits), values below 1,000 as they are. */
function scaled(value: number, suffixes: readonly string[], decimals?: number): string {
  let index = 0;
  let v = value;
  while (Math.abs(v) >= 1000 && index < suffixes.length - 1) {
    v /= 1000;
    index++;
  }
  return `${fixed(v, decimals)}${suffixes[index] ?? ""}`;
}

const COUNT = ["", "K", "M", "B", "T"];
const SHORT = ["", " K", " Mil", " Bil", " Tri"];
const SI = [" ", " k", " M", " G", " T"];

function seconds(value: number, decimals?: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return "0 s";
  if (abs < 1e-3) return `${fixed(value * 1e6, decimals)} µs`;
  if (abs < 1) return `${fixed(value * 1e3, decimals)} ms`;
  if (abs < 60) return `${fixed(value, decimals)} s`;
  if (abs < 3600) return `${fixed(value / 60, decimals)} min`;
  return `${fixed(value / 3600, decimals)} hour`;
}

/**
 * A value in a panel's Grafana unit, e.g. formatValue(1500, "ops") = "1.5K ops/s",
 * formatValue(0.0123, "s") = "12.3 ms". Unknown units print the bare number.
 */
export function formatValue(value: number, unit: string, decimals?: number): string {
  switch (unit) {
    case "ops":
      return `${scaled(value, COUNT, decimals)} ops/s`;
    case "reqps":
      return `${scaled(value, COUNT, decimals)} req/s`;
    case "pps":
      return `${scaled(value, SI, decimals)}p/s`;
    case "short":
      return scaled(value, SHORT, decimals);
    case "s":
      return seconds(value, decimals);
    case "percent":
      return `${fixed(value, decimals)}%`;
    default:
      return fixed(value, decimals);
  }
}

/** A share in [0, 1] as a percentage, for 100 % stacked axes: 0.25 → "25%". */
export function formatShare(share: number): string {
  return `${fixed(share * 100, Math.abs(share) < 0.1 && share !== 0 ? 1 : 0)}%`;
}
