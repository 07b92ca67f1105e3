// Presenter mode's page body: the service map large, the panels the user chose beside or below
// it. The shell passes both in (the map and the panels belong to their own features); this only
// lays them out. Theme and hidden chrome are presenter.css, keyed on `.app.presenter`.
import type { ReactNode } from "react";
import "./presenter.css";

export interface PresenterLayoutProps {
  /** The service map (the shell's map pane). */
  map: ReactNode;
  /** The panels listed in the view's `panels`, or nothing. */
  panels: ReactNode;
  /** How many panels were chosen: with none, the map takes the whole page. */
  panelCount: number;
}

export function PresenterLayout({ map, panels, panelCount }: PresenterLayoutProps) {
  return (
    <main className={panelCount > 0 ? "app-main presenter-main with-panels" : "app-main presenter-main"} data-testid="presenter-main">
      <section className="presenter-map" aria-label="Service map">
        {map}
      </section>
      {panelCount > 0 ? (
        <section className="presenter-panels" aria-label="Chosen panels">
          {panels}
        </section>
      ) : (
        <p className="presenter-hint">No panels chosen: the map has the whole screen.</p>
      )}
    </main>
  );
}
