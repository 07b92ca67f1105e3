// The view state, read from and written to the URL: a filter change is a new
// history entry (Back undoes it), anything else replaces the current one.
import { useCallback, useEffect, useState } from "react";
import { readStoredTableSettings } from "../features/flows-table/stored-table-settings.ts";
import { parseViewState, type ViewState, writeViewState } from "./view-state.ts";

/** The view in the page's URL; a bare page starts with the user's saved table layout. */
const viewInUrl = () => parseViewState(window.location.search, readStoredTableSettings());

export function useViewState(): [ViewState, (next: ViewState) => void] {
  const [view, setView] = useState(viewInUrl);
  useEffect(() => {
    const onPopState = () => setView(viewInUrl());
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);
  const update = useCallback((next: ViewState) => {
    setView((previous) => {
      const url = `${window.location.pathname}${writeViewState(next, window.location.search)}${window.location.hash}`;
      const filtersChanged =
        previous.filter !== next.filter ||
        previous.namespaces.join() !== next.namespaces.join() ||
        previous.verdicts.join() !== next.verdicts.join() ||
        previous.hide.join() !== next.hide.join();
      if (filtersChanged) window.history.pushState(null, "", url);
      else window.history.replaceState(null, "", url);
      return next;
    });
  }, []);
  return [view, update];
}
