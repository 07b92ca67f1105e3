// The table settings, read from and written to localStorage. Storage can be
// unavailable (privacy modes, sandboxed frames) or full; the table then works
// with in-memory settings only.
import { useCallback, useEffect, useState } from "react";
import { type FlowTableSettings, TABLE_SETTINGS_KEY, parseTableSettings, serializeTableSettings } from "./table-settings.ts";

function readStored(): string | null {
  try {
    return window.localStorage.getItem(TABLE_SETTINGS_KEY);
  } catch {
    return null;
  }
}

export function useTableSettings(): [FlowTableSettings, (change: Partial<FlowTableSettings>) => void] {
  const [settings, setSettings] = useState(() => parseTableSettings(readStored()));
  useEffect(() => {
    try {
      window.localStorage.setItem(TABLE_SETTINGS_KEY, serializeTableSettings(settings));
    } catch {
      // Not persisted; the choice still holds for this page.
    }
  }, [settings]);
  const update = useCallback((change: Partial<FlowTableSettings>) => setSettings((old) => ({ ...old, ...change })), []);
  return [settings, update];
}
