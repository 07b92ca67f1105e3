// Page-wide keys: Space pauses/resumes the table, "/" focuses the filter,
// Esc closes the drawer. Keys typed into inputs are left alone.
import { useEffect, useRef } from "react";

export interface GlobalKeyHandlers {
  onTogglePause(): void;
  onFocusFilter(): void;
  onEscape(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useGlobalKeys(handlers: GlobalKeyHandlers): void {
  const latest = useRef(handlers);
  // Keep the newest handlers without re-binding the listener on every render.
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "Escape") {
        latest.current.onEscape();
        return;
      }
      if (isTyping(event.target)) return;
      if (event.key === " ") {
        event.preventDefault();
        latest.current.onTogglePause();
      } else if (event.key === "/") {
        event.preventDefault();
        latest.current.onFocusFilter();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
