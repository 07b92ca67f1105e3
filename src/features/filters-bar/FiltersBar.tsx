// The filter bar: `hubble observe` flags typed or pasted as text become
// removable chips, plus verdict toggles, a namespace picker and noise presets
// (all off by default). It edits the view state; the page maps that to the
// server's whitelist/blacklist.
import { type KeyboardEvent, type RefObject, useState } from "react";
import { NOISE_PRESETS, type NoisePreset, VERDICTS, type VerdictName, type ViewState } from "../../app/view-state.ts";
import { addToFilter, chipText, filterChips, removeChip } from "./filter-chips.ts";
import "./filters-bar.css";

export interface FiltersBarProps {
  view: ViewState;
  onChange(view: ViewState): void;
  /** Namespaces the server saw recently (GetNamespaces), for the picker. */
  knownNamespaces: readonly string[];
  inputRef?: RefObject<HTMLInputElement | null>;
}

const toggle = <T,>(list: readonly T[], item: T): T[] => (list.includes(item) ? list.filter((x) => x !== item) : [...list, item]);

export function FiltersBar({ view, onChange, knownNamespaces, inputRef }: FiltersBarProps) {
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | undefined>();
  const chips = filterChips(view.filter);
  const namespaces = [...new Set([...knownNamespaces, ...view.namespaces])].toSorted();

  const submit = () => {
    if (typed.trim() === "") return;
    const result = addToFilter(view.filter, typed);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setTyped("");
    onChange({ ...view, filter: result.filter });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "Enter") submit();
    if (event.key === "Escape") event.currentTarget.blur();
  };

  return (
    <section className="filters-bar" aria-label="Filters" data-testid="filters-bar">
      <div className="filters-row">
        <input
          ref={inputRef}
          className="filter-input"
          data-testid="filter-input"
          aria-label="Filter with hubble observe flags"
          placeholder="hubble observe flags, e.g. --verdict DROPPED --to-port 80   (press / to focus)"
          value={typed}
          spellCheck={false}
          onChange={(event) => setTyped(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <ul className="chips" aria-label="Active filters">
          {chips.ok
            ? chips.chips.map((chip, index) => (
                <li key={`${index}-${chipText(chip)}`} className={chip.negated ? "chip chip-negated" : "chip"} data-testid="filter-chip">
                  <span>{chipText(chip)}</span>
                  <button
                    type="button"
                    aria-label={`Remove filter ${chipText(chip)}`}
                    onClick={() => onChange({ ...view, filter: removeChip(chips.chips, index) })}
                  >
                    ×
                  </button>
                </li>
              ))
            : null}
        </ul>
        {view.filter ? (
          <button type="button" className="link-button" onClick={() => onChange({ ...view, filter: "" })}>
            clear filters
          </button>
        ) : null}
      </div>
      {error || !chips.ok ? (
        <p className="filter-error" role="alert" data-testid="filter-error">
          {error ?? (chips.ok ? "" : chips.error)}
        </p>
      ) : null}
      <div className="filters-row">
        <fieldset className="verdict-toggles" aria-label="Verdicts">
          {VERDICTS.map((verdict: VerdictName) => (
            <button
              key={verdict}
              type="button"
              className={`verdict-toggle verdict-${verdict.toLowerCase()}`}
              aria-pressed={view.verdicts.includes(verdict)}
              data-testid={`verdict-toggle-${verdict}`}
              onClick={() => onChange({ ...view, verdicts: toggle(view.verdicts, verdict) })}
            >
              {verdict}
            </button>
          ))}
        </fieldset>
        <details className="namespace-picker" data-testid="namespace-picker">
          <summary>{view.namespaces.length === 0 ? "All namespaces" : view.namespaces.join(", ")}</summary>
          <div className="namespace-list">
            {namespaces.length === 0 ? <p>No namespaces seen yet.</p> : null}
            {namespaces.map((ns) => (
              <label key={ns}>
                <input type="checkbox" checked={view.namespaces.includes(ns)} onChange={() => onChange({ ...view, namespaces: toggle(view.namespaces, ns).toSorted() })} />
                {ns}
              </label>
            ))}
          </div>
        </details>
        <fieldset className="noise-presets" aria-label="Hide noise">
          {(Object.keys(NOISE_PRESETS) as NoisePreset[]).map((preset) => (
            <label key={preset}>
              <input type="checkbox" checked={view.hide.includes(preset)} onChange={() => onChange({ ...view, hide: toggle(view.hide, preset) })} />
              hide {preset}
            </label>
          ))}
        </fieldset>
      </div>
    </section>
  );
}
