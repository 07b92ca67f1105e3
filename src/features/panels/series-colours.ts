// Colours of a panel's series: verdicts always in the page's verdict palette (a DROPPED line is the
// same colour as a dropped row in the table), every other name from a colour-blind-safe palette at
// a slot chosen by a hash of the name, so "DNS" has the same colour in every panel and on every
// refresh. Two names hashing to the same slot in one panel would be indistinguishable, so the
// later one (in sorted order) probes to the next free slot: stable while the set of names stays
// the same, which is what a viewer compares.

/** The page's verdict colours (theme.css --verdict-*), keyed by upper-case verdict name. */
export type VerdictColours = Readonly<Record<string, string>>;

/** theme.css's values, for tests and when the CSS variables cannot be read. */
export const DEFAULT_VERDICT_COLOURS: VerdictColours = {
  FORWARDED: "#009e73",
  DROPPED: "#d55e00",
  REDIRECTED: "#56b4e9",
  AUDIT: "#e69f00",
  ERROR: "#cc79a7",
  TRACED: "#0072b2",
  TRANSLATED: "#f0e442",
};

/**
 * The policy match types as Cilium's "Policy Verdicts" dashboard colours them (all yellow, l3-l4
 * green, none red, L7 in blues), for the panels split by `match`.
 */
export const POLICY_MATCH_COLOURS: VerdictColours = {
  ALL: "#f0e442",
  "L3-L4": "#44bb99",
  "L3-ONLY": "#bbcc33",
  "L4-ONLY": "#77aadd",
  NONE: "#d55e00",
  "L7/HTTP": "#56b4e9",
  "L7/DNS": "#0072b2",
  "L7/KAFKA": "#99ddff",
};

/**
 * Okabe-Ito (without black, unreadable on the dark theme) then Paul Tol's "light" scheme, made
 * for text and lines on dark backgrounds: 13 slots, enough for a top-10 panel.
 */
export const SERIES_PALETTE: readonly string[] = [
  "#56b4e9", "#e69f00", "#009e73", "#f0e442", "#cc79a7", "#d55e00", "#0072b2",
  "#77aadd", "#ee8866", "#44bb99", "#bbcc33", "#ffaabb", "#dddddd",
];

/** FNV-1a, 32 bit: a cheap, well-spread hash that is the same in every browser. */
export function nameHash(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The first slots of SERIES_PALETTE, all clearly different hues; names hash into these first. */
export const PRIMARY_SLOTS = 7;

/**
 * A colour per distinct name. Verdict names (any case, so the policy panels' "dropped" too) take
 * their fixed colour; the rest hash into the palette's primary slots, probing past slots already
 * taken in this panel (fixed colours included), and only then into the secondary ones (lighter
 * shades of the same hues). Once every slot is taken, names share colours (the legend still
 * tells them apart).
 */
export function assignColours(
  names: readonly string[],
  fixed: VerdictColours = DEFAULT_VERDICT_COLOURS,
  palette: readonly string[] = SERIES_PALETTE,
): Map<string, string> {
  const out = new Map<string, string>();
  const distinct = [...new Set(names)].toSorted();
  for (const name of distinct) {
    const colour = fixed[name.toUpperCase()];
    if (colour !== undefined) out.set(name, colour);
  }
  const used = new Set([...out.values()].map((c) => c.toLowerCase()));
  const taken = new Set(palette.flatMap((c, i) => (used.has(c.toLowerCase()) ? [i] : [])));
  const primary = Math.min(PRIMARY_SLOTS, palette.length);
  const free = (from: number, size: number, offset: number) => {
    for (let i = 0; i < size; i++) {
      const slot = offset + ((from + i) % size);
      if (!taken.has(slot)) return slot;
    }
    return undefined;
  };
  for (const name of distinct) {
    if (out.has(name)) continue;
    const hash = nameHash(name);
    const slot =
      free(hash % primary, primary, 0) ??
      free(hash % Math.max(1, palette.length - primary), palette.length - primary, primary) ??
      hash % palette.length;
    taken.add(slot);
    out.set(name, palette[slot] ?? "#94a3b8");
  }
  return out;
}

/** Dash patterns telling apart the nodes (or clusters) of one legend, which share its colour. */
export const NODE_DASHES: readonly (string | undefined)[] = [undefined, "6 3", "2 2", "8 3 2 3", "1 3", "10 4"];
