// The table settings a bare page starts with, kept in localStorage. Storage can be
// unavailable (privacy modes, sandboxed frames) or full; the view (URL) then holds
// the settings alone.
import { type FlowTableSettings, TABLE_SETTINGS_KEY, parseTableSettings, serializeTableSettings } from "./table-settings.ts";

export function readStoredTableSettings(): FlowTableSettings {
  try {
    return parseTableSettings(window.localStorage.getItem(TABLE_SETTINGS_KEY));
  } catch {
    return parseTableSettings(null);
  }
}

export function storeTableSettings(settings: FlowTableSettings): void {
  try {
    window.localStorage.setItem(TABLE_SETTINGS_KEY, serializeTableSettings(settings));
  } catch {
    // Not persisted; the view still holds the choice.
  }
}
