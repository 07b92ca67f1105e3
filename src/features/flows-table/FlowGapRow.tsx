// The marker row where the stream broke and resumed: not a flow (no verdict,
// not selectable, its own test id so flow counts stay flow counts), the same
// height as a flow row so the virtualiser's fixed row size holds.
import { memo } from "react";

export interface FlowGapRowProps {
  /** Position in the virtual list (0 = top), for aria-rowindex. */
  index: number;
  /** Offset from the top of the rows in pixels. */
  top: number;
  /** What to say (gapText); rendered as text only. */
  text: string;
}

export const FlowGapRow = memo(function FlowGapRow({ index, top, text }: FlowGapRowProps) {
  return (
    <div className="flow-gap-row" role="row" aria-rowindex={index + 2} data-testid="flow-gap" style={{ transform: `translateY(${top}px)` }}>
      <span className="flow-gap-cell" role="gridcell" title={text}>
        {text}
      </span>
    </div>
  );
});
