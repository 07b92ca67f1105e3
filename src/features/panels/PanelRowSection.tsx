// A dashboard row: a header that folds it (with how many panels it holds) over a grid of panels.
import type { ReactNode } from "react";

export interface PanelRowSectionProps {
  readonly title: string;
  readonly count: number;
  readonly collapsed: boolean;
  readonly onToggle: () => void;
  readonly children: ReactNode;
}

export function PanelRowSection({ title, count, collapsed, onToggle, children }: PanelRowSectionProps) {
  const id = `panel-row-${title.toLowerCase().replaceAll(/[^a-z0-9]+/g, "-")}`;
  return (
    <section className="panel-row" data-testid={id} aria-labelledby={`${id}-title`}>
      <h2 className="panel-row-title" id={`${id}-title`}>
        <button type="button" aria-expanded={!collapsed} onClick={onToggle}>
          <span className="panel-row-chevron" aria-hidden="true">{collapsed ? "▸" : "▾"}</span>
          {title}
          <span className="panel-row-count">{count} {count === 1 ? "panel" : "panels"}</span>
        </button>
      </h2>
      {collapsed ? null : <div className="panel-grid">{children}</div>}
    </section>
  );
}
