// The flow table: newest first, virtualised (only visible rows are in the
// DOM), tinted by verdict, with configurable columns or the exact
// `hubble observe` compact line per row.
//
// Speed: the table reads the ring directly and renders only when `version`
// (or its own settings, pause or selection) changes; the parent is expected to
// change `version` at most ~5 times a second. Row keys are ring sequence
// numbers and each row's cell texts are formatted once per key (RowTextCache),
// so a render formats only rows it has not seen. Traded away for this: no
// sorting (the order is arrival order, as in `hubble observe`), no column
// resizing, fixed 22 px rows (long values are cut with an ellipsis; the full
// text is in the cell's tooltip and the details drawer), and rows newer than
// the last `version` appear only at the next one.
//
// Follow/pause: following, the newest flow is on top. Paused, the table shows
// exactly the flows that had arrived when pausing (a sequence bound), so rows
// never move under the reader; flows keep arriving in the ring and are
// counted as "N new flows". Scrolling away from the top while following
// pauses, as in log viewers; resuming returns to the top.
//
// Gap markers: where the stream broke and resumed, a row that is not a flow
// says flows in between may be missing (gap-rows.ts places it). It has the
// flow rows' height, so the virtualiser's fixed size holds; it is not
// counted, selected or keyed like a flow.
import { type CSSProperties, type KeyboardEvent, type ReactNode, type UIEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { Flow } from "../../gen/flow/flow_pb.ts";
import { FilteredFlowView, type FlowRing, type FlowRows } from "../../domain/aggregation/flow-ring.ts";
import { formatCompactLine } from "../../domain/flow/compact-line.ts";
import { type FlowColumn, cellTexts, flowColumn } from "./flow-columns.ts";
import { verdictName } from "./flow-text.ts";
import { FlowGapRow } from "./FlowGapRow.tsx";
import { FlowTableRow } from "./FlowTableRow.tsx";
import { type GapMarker, gapText, placeGaps, tableIndexOfFlow, tableRowAt } from "./gap-rows.ts";
import { FlowTableToolbar } from "./FlowTableToolbar.tsx";
import { ExportFlowsMenu } from "../export/ExportFlowsMenu.tsx";
import type { FlowTableSettings } from "./table-settings.ts";
import { RowTextCache } from "./row-text-cache.ts";
import "./flows-table.css";

export interface FlowTableProps {
  /** The flow history. It is mutable: the table re-reads it when `version` changes. */
  ring: FlowRing;
  /**
   * Bump to show what was appended (e.g. the store's throttled `ring.version`,
   * at most ~5 changes a second). Flows appended without a new `version` are
   * not shown until the next one.
   */
  version: number;
  /**
   * Client-side filter over the ring (e.g. a compiled FlowFilter). Keep its
   * identity stable (useMemo): a new function rescans the whole ring once.
   */
  predicate?: (flow: Flow) => boolean;
  /** Freeze the rows; flows keep arriving in the ring and are counted as new. */
  paused: boolean;
  /** Called with the wanted state: by the pause button, the "N new" button, and when the user scrolls down while following. */
  onPausedChange(paused: boolean): void;
  /** Row key (ring sequence number) of the selected flow; look the flow up with `ring.get(key)`. */
  selectedKey?: number;
  /** A row was clicked or chosen with the arrow keys. */
  onSelect(key: number): void;
  /** More toolbar content, right-aligned (e.g. Clear or Export buttons). */
  toolbarExtra?: ReactNode;
  /** Where the stream broke and resumed, anchored to ring sequence numbers; shown as marker rows. */
  gaps?: readonly GapMarker[];
  /** Columns and compact view (part of the view, so the parent keeps them in the URL). */
  settings: FlowTableSettings;
  onSettingsChange(change: Partial<FlowTableSettings>): void;
}

const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 26;
const AUTO_PAUSE_OFFSET = ROW_HEIGHT * 2;

export function FlowTable(props: FlowTableProps) {
  const { ring, version, predicate, paused, onPausedChange, selectedKey, onSelect, settings } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // Rows are memoised; a stable click handler keeps a parent's inline `onSelect` from re-rendering them all.
  const onSelectRef = useRef(onSelect);
  useEffect(() => {
    onSelectRef.current = onSelect;
  }, [onSelect]);
  const selectRow = useCallback((seq: number) => onSelectRef.current(seq), []);

  // The sequence bound of what is shown: fixed per `version` while following, fixed at the pause while paused.
  const liveBound = useBoundAtVersion(ring, version);
  const [frozenBound, setFrozenBound] = useState<number | undefined>(undefined);
  if (paused && frozenBound === undefined) setFrozenBound(liveBound);
  if (!paused && frozenBound !== undefined) setFrozenBound(undefined);
  const bound = paused ? (frozenBound ?? liveBound) : liveBound;

  const rows: FlowRows = useMemo(() => (predicate === undefined ? ring : new FilteredFlowView(ring, predicate)), [ring, predicate]);
  const count = rows.countBefore(bound);
  const total = ring.countBefore(bound);
  // Cheap (a few binary searches) and it depends on the mutable ring, so not memoised.
  const placed = placeGaps(rows, bound, ring.firstSeq, props.gaps ?? []);

  const columns = useMemo(() => settings.columns.map(flowColumn).filter((c): c is FlowColumn => c !== undefined), [settings.columns]);
  const { compact, printNodeName, printPolicyNames, numeric } = settings;
  const textsOf = useMemo(() => {
    const cache = new RowTextCache<readonly string[]>();
    const options = { printNodeName, printPolicyNames, ipTranslation: !numeric };
    const compute = compact ? (flow: Flow) => [formatCompactLine(flow, options) ?? ""] : (flow: Flow) => cellTexts(flow, columns);
    return (seq: number, flow: Flow) => cache.get(seq, () => compute(flow));
  }, [columns, compact, printNodeName, printPolicyNames, numeric]);
  const verdictColumn = compact ? -1 : columns.findIndex((c) => c.id === "verdict");

  const headerHeight = compact ? 0 : HEADER_HEIGHT;
  // Flagged for React Compiler, which this project does not use; the virtualizer is only read while rendering here.
  // oxlint-disable-next-line react/incompatible-library
  const virtualizer = useVirtualizer({
    count: count + placed.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    scrollMargin: headerHeight,
  });

  useEffect(() => {
    if (!paused) scrollRef.current?.scrollTo({ top: 0 });
  }, [paused]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    if (!paused && event.currentTarget.scrollTop > AUTO_PAUSE_OFFSET) onPausedChange(true);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 }[event.key];
    if (step === undefined || count === 0) return;
    event.preventDefault();
    const selected = selectedKey === undefined ? -1 : rowIndex(rows, bound, selectedKey);
    const next = Math.min(count - 1, Math.max(0, selected + step));
    const seq = rows.seqBefore(bound, next);
    if (seq === undefined) return;
    onSelect(seq);
    virtualizer.scrollToIndex(tableIndexOfFlow(placed, next), { align: "auto" });
  };

  const template = columns.map((c, i) => (i === columns.length - 1 ? `minmax(${c.width}px, 1fr)` : `${c.width}px`)).join(" ");
  const width = columns.reduce((sum, c) => sum + c.width, 0);
  const layout = { "--flow-columns": template, "--flow-width": `${width}px` } as CSSProperties;

  return (
    <section className="flow-table" data-testid="flow-table" data-paused={paused} data-compact={compact} aria-label="Flows">
      <FlowTableToolbar
        paused={paused}
        onPausedChange={onPausedChange}
        shown={count}
        total={total}
        filtered={predicate !== undefined}
        arrived={liveBound - bound}
        arrivedMatching={rows.countBefore(liveBound) - count}
        settings={settings}
        onSettingsChange={props.onSettingsChange}
        extra={
          <>
            <ExportFlowsMenu flowsInView={() => flowsBefore(ring, rows, bound)} columns={columns} />
            {props.toolbarExtra}
          </>
        }
      />
      <div
        ref={scrollRef}
        className={compact ? "flow-table-scroll flow-table-compact" : "flow-table-scroll"}
        style={layout}
        role="grid"
        aria-label="Flows, newest first"
        aria-rowcount={count + placed.length + 1}
        tabIndex={0}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
      >
        {compact ? null : (
          <div className="flow-table-header" role="row" aria-rowindex={1}>
            {columns.map((c) => (
              <span key={c.id} className="flow-header-cell" role="columnheader">
                {c.title}
              </span>
            ))}
          </div>
        )}
        <div className="flow-table-rows" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = tableRowAt(placed, item.index);
            if (row.kind === "gap") {
              const { atSeq, resumedAt } = row.gap;
              return <FlowGapRow key={`gap-${atSeq}-${resumedAt}`} index={item.index} top={item.start - headerHeight} text={gapText(row.gap)} />;
            }
            const seq = rows.seqBefore(bound, row.flowIndex);
            const flow = seq === undefined ? undefined : ring.get(seq);
            // Evicted since this render's count: the oldest rows go first; nothing to draw.
            if (seq === undefined || flow === undefined) return null;
            return (
              <FlowTableRow
                // Keyed by position, not flow: while following, every batch shifts every row, and
                // reusing the row elements (new texts) costs far less than replacing them all.
                key={item.index}
                seq={seq}
                index={item.index}
                top={item.start - headerHeight}
                texts={textsOf(seq, flow)}
                verdict={verdictName(flow)}
                verdictColumn={verdictColumn}
                compact={compact}
                selected={seq === selectedKey}
                onSelect={selectRow}
              />
            );
          })}
        </div>
        {count === 0 ? <p className="flow-table-empty">{emptyText(total, predicate !== undefined, paused)}</p> : null}
      </div>
    </section>
  );
}

/**
 * `ring.nextSeq` as of the last change of `version`: the ring is mutable, so
 * `version` (not the ring's identity) says when there is something new to show.
 */
function useBoundAtVersion(ring: FlowRing, version: number): number {
  const [seen, setSeen] = useState(() => ({ ring, version, bound: ring.nextSeq }));
  if (seen.ring === ring && seen.version === version) return seen.bound;
  const next = { ring, version, bound: ring.nextSeq };
  setSeen(next);
  return next.bound;
}

/** Position of a row among those below `bound`, or -1 when it is not shown. */
function rowIndex(rows: FlowRows, bound: number, seq: number): number {
  if (seq >= bound) return -1;
  const index = rows.countBefore(bound) - rows.countBefore(seq + 1);
  return rows.seqBefore(bound, index) === seq ? index : -1;
}

function emptyText(total: number, filtered: boolean, paused: boolean): string {
  if (filtered && total > 0) return "No flow matches the filter.";
  return paused ? "No flows had arrived when the table was paused." : "Waiting for flows…";
}

/** The flows of `rows` below `bound`, oldest first (the order a recording has). */
function flowsBefore(ring: FlowRing, rows: FlowRows, bound: number): Flow[] {
  const out: Flow[] = [];
  for (let i = rows.countBefore(bound) - 1; i >= 0; i--) {
    const seq = rows.seqBefore(bound, i);
    const flow = seq === undefined ? undefined : ring.get(seq);
    if (flow !== undefined) out.push(flow);
  }
  return out;
}
