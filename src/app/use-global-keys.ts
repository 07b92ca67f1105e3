// Page-wide keys: Space pauses/resumes the table, "/" focuses the filter,
// Esc closes the drawer; ←/→ apply the previous/next lab stage, "m" marks a
// stage, "p" toggles presenter mode. Keys typed into inputs are left alone.
// Every handler is optional, so a component (the stage bar) can bind its own
// keys with a second call instead of routing them through the shell.
import { useEffect, useRef } from "react";

export interface GlobalKeyHandlers {
  onTogglePause?(): void;
  onFocusFilter?(): void;
  onEscape?(): void;
  /** ← (only bound in simulator mode, so the key keeps scrolling elsewhere). */
  onPreviousStage?(): void;
  /** →, likewise. */
  onNextStage?(): void;
  /** m: open the "mark stage" input. */
  onMarkStage?(): void;
  /** p: presenter mode on/off. */
  onTogglePresenter?(): void;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/** The stage keys' handler names; a key another element already handled is left to it. */
const STAGE_KEYS: Readonly<Record<string, keyof GlobalKeyHandlers>> = {
  ArrowLeft: "onPreviousStage",
  ArrowRight: "onNextStage",
  m: "onMarkStage",
  M: "onMarkStage",
  p: "onTogglePresenter",
  P: "onTogglePresenter",
};

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
        latest.current.onEscape?.();
        return;
      }
      if (isTyping(event.target)) return;
      const stageKey = STAGE_KEYS[event.key];
      if (stageKey !== undefined) {
        const handler = latest.current[stageKey];
        if (handler === undefined || event.defaultPrevented) return;
        event.preventDefault();
        handler();
      } else if (event.key === " " && latest.current.onTogglePause) {
        event.preventDefault();
        latest.current.onTogglePause();
      } else if (event.key === "/" && latest.current.onFocusFilter) {
        event.preventDefault();
        latest.current.onFocusFilter();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, []);
}
