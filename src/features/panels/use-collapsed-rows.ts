// Which dashboard rows are folded, remembered in this browser (like Grafana's collapsed rows,
// which are saved with the dashboard): a presenter folds the rows the lab does not use once.
// Not URL state: a shared link should open with every row a reader may need.
import { useCallback, useState } from "react";

const STORAGE_KEY = "observatory.panels.collapsed";

function load(): ReadonlySet<string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "[]");
    return new Set(Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === "string") : []);
  } catch {
    return new Set();
  }
}

/** The folded rows and a toggle; storage failures (private mode, quota) only lose the memory. */
export function useCollapsedRows(): [ReadonlySet<string>, (row: string) => void] {
  const [collapsed, setCollapsed] = useState(load);
  const toggle = useCallback((row: string) => {
    setCollapsed((current) => {
      const next = new Set(current);
      if (next.has(row)) next.delete(row);
      else next.add(row);
      try {
        localStorage.setItem(STORAGE_KEY, JSON.stringify([...next]));
      } catch {
        // Remembering is a convenience; the fold itself still applies.
      }
      return next;
    });
  }, []);
  return [collapsed, toggle];
}
