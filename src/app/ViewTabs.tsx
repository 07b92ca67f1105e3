// The three views of the page, as URL state (`tab=`), so a link opens the same view.
import { TABS, type ViewTab } from "./view-state.ts";

const TITLES: Record<ViewTab, string> = { flows: "Map & flows", panels: "Panels", policies: "Policies & stages" };

export function ViewTabs({ tab, onChange }: { tab: ViewTab; onChange: (tab: ViewTab) => void }) {
  return (
    <nav className="view-tabs" role="tablist" aria-label="Views">
      {TABS.map((id) => (
        <button key={id} type="button" role="tab" aria-selected={tab === id} data-testid={`tab-${id}`} onClick={() => onChange(id)}>
          {TITLES[id]}
        </button>
      ))}
    </nav>
  );
}
