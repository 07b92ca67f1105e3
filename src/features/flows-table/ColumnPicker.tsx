// Which columns the table shows and in what order. Opens as a small panel
// under its button; Escape or the button closes it.
import { type KeyboardEvent, useId, useState } from "react";
import { DEFAULT_COLUMN_IDS, FLOW_COLUMNS, flowColumn } from "./flow-columns.ts";
import { REQUIRED_COLUMN, moveColumn, toggleColumn } from "./table-settings.ts";

export interface ColumnPickerProps {
  /** Visible column ids, in order. */
  columns: readonly string[];
  onChange(columns: readonly string[]): void;
}

export function ColumnPicker({ columns, onChange }: ColumnPickerProps) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const hidden = FLOW_COLUMNS.filter((c) => !columns.includes(c.id));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      setOpen(false);
    }
  };
  return (
    <div className="column-picker" data-testid="column-picker" onKeyDown={onKeyDown}>
      <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => setOpen(!open)}>
        Columns
      </button>
      {open ? (
        <div className="column-picker-panel" id={panelId} role="group" aria-label="Table columns">
          <ol className="column-picker-list">
            {columns.map((id, position) => {
              const column = flowColumn(id);
              if (column === undefined) return null;
              return (
                <li key={id}>
                  <label>
                    <input
                      type="checkbox"
                      checked
                      disabled={id === REQUIRED_COLUMN}
                      data-column={id}
                      onChange={() => onChange(toggleColumn(columns, id))}
                    />
                    {column.title}
                  </label>
                  <button type="button" aria-label={`Move ${column.title} earlier`} disabled={position === 0} onClick={() => onChange(moveColumn(columns, id, -1))}>
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={`Move ${column.title} later`}
                    disabled={position === columns.length - 1}
                    onClick={() => onChange(moveColumn(columns, id, 1))}
                  >
                    ↓
                  </button>
                </li>
              );
            })}
          </ol>
          <ul className="column-picker-list column-picker-hidden">
            {hidden.map((column) => (
              <li key={column.id}>
                <label>
                  <input type="checkbox" checked={false} data-column={column.id} onChange={() => onChange(toggleColumn(columns, column.id))} />
                  {column.title}
                </label>
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => onChange(DEFAULT_COLUMN_IDS)}>
            Reset columns
          </button>
        </div>
      ) : null}
    </div>
  );
}
