// One table row. Memoised on primitive props and a cached texts array, so a
// re-render for new flows touches only rows that now show another flow or
// changed selection; the table keys rows by position, so those keep their elements.
import { memo } from "react";

export interface FlowTableRowProps {
  /** Ring sequence number of the flow shown (the row's `data-key`). */
  seq: number;
  /** Position in the virtual list (0 = newest shown), for aria-rowindex. */
  index: number;
  /** Offset from the top of the rows in pixels. */
  top: number;
  /** Cell texts (cached per row key); one text in compact view. */
  texts: readonly string[];
  /** Verdict enum name, for the tint and `data-verdict`. */
  verdict: string;
  /** Index of the verdict cell in `texts`, or -1. */
  verdictColumn: number;
  compact: boolean;
  selected: boolean;
  onSelect(seq: number): void;
}

export const FlowTableRow = memo(function FlowTableRow(props: FlowTableRowProps) {
  const { seq, index, top, texts, verdict, verdictColumn, compact, selected, onSelect } = props;
  return (
    <div
      className={selected ? "flow-row flow-row-selected" : "flow-row"}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      data-testid="flow-row"
      data-verdict={verdict}
      data-key={seq}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(seq)}
    >
      {compact ? (
        <span className="flow-cell flow-cell-compact" role="gridcell">
          {texts[0]}
        </span>
      ) : (
        texts.map((text, column) => (
          <span
            // Cells are positional: the column set is fixed while this row is rendered.
            key={column}
            className={cellClass(column === verdictColumn, text === "")}
            role="gridcell"
            title={text}
            data-testid={column === verdictColumn ? "flow-verdict" : undefined}
          >
            {text === "" ? "—" : text}
          </span>
        ))
      )}
    </div>
  );
});

function cellClass(verdict: boolean, empty: boolean): string {
  if (verdict) return "flow-cell flow-cell-verdict";
  return empty ? "flow-cell flow-cell-empty" : "flow-cell";
}
