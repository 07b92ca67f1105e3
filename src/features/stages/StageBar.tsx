// The stage bar, always in the header: with the lab simulator, its stages as buttons (SetStage;
// ←/→ for previous/next) and their changes merged into the URL's stage markers; with any server,
// "Mark stage" (or m) to put a user marker at the newest flow, the markers to review and remove,
// and the presenter-mode toggle (or p). Markers live in the URL (`stages=`); an unreadable
// parameter is shown with a reset button, never thrown.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { GetLabResponse } from "../../gen/observatory/lab/v1/lab_pb.ts";
import { parseStageParam } from "../../domain/stages/stage-param.ts";
import { type StageMarker, addMarker, markerOfStageChange, removeMarker } from "../../domain/stages/stage-timeline.ts";
import { useGlobalKeys } from "../../app/use-global-keys.ts";
import { MarkerMenu } from "./MarkerMenu.tsx";
import { type FlowSource, stageBookFeed } from "./stage-book-feed.ts";
import { adjacentStage, parseMarkInput, stageTooltip, updateStageParam, userMarkerTime } from "./stage-bar-model.ts";
import type { LabState } from "./use-lab.ts";
import { useLab } from "./use-lab.ts";
import "./stages.css";
import "./presenter.css";

/** The view fields the bar reads and writes (the app's ViewState has them). */
export interface StageViewFields {
  /** Stage markers in URL form (stage-param.ts). */
  readonly stages: string;
  readonly presenter: boolean;
}

export interface StageBarProps<V extends StageViewFields> {
  /** The API endpoint (`?server=` or this origin), as for the observer client. */
  baseUrl: string;
  /** The page's flow store: feeds the stage book and dates user markers. */
  source: FlowSource;
  view: V;
  onViewChange(view: V): void;
}

export function StageBar<V extends StageViewFields>({ baseUrl, source, view, onViewChange }: StageBarProps<V>) {
  const feed = stageBookFeed(source);
  const parsed = useMemo(() => parseStageParam(view.stages), [view.stages]);
  // Markers the URL brings (a link, Back) reach the book here; our own changes reach it at once.
  useEffect(() => {
    if (parsed.ok) feed.setMarkers(parsed.markers);
  }, [feed, parsed]);

  // Simulator changes arrive from a stream, after renders that may not have happened yet: every
  // write composes on the newest view we know of, not on the view of some earlier render.
  const latest = useRef({ view, onViewChange });
  useLayoutEffect(() => {
    latest.current = { view, onViewChange };
  }, [view, onViewChange]);
  const write = (patch: Partial<StageViewFields>) => {
    const next = { ...latest.current.view, ...patch };
    latest.current = { ...latest.current, view: next };
    latest.current.onViewChange(next);
  };
  /** Applies `update` to the markers; false when a background change met an unreadable parameter. */
  const updateMarkers = (update: (markers: readonly StageMarker[]) => readonly StageMarker[], byUser: boolean): boolean => {
    const result = updateStageParam(latest.current.view.stages, update, byUser);
    if (!result.ok) return false;
    // Before the URL round trip, so the next flows of a new stage are cut exactly.
    feed.setMarkers(result.markers);
    if (result.param !== latest.current.view.stages) write({ stages: result.param });
    return true;
  };

  // Each simulator change becomes a marker once per page: a marker the user removed stays removed
  // when the stream repeats the current stage after a reconnect.
  const merged = useRef(new Set<string>());
  const lab = useLab(baseUrl, (changes, scenario: GetLabResponse) => {
    const fresh = changes.filter((c) => !merged.current.has(`${c.stage}|${c.time?.seconds}|${c.time?.nanos}`));
    if (fresh.length === 0) return;
    const ok = updateMarkers((markers) => fresh.reduce((m, c) => addMarker(m, markerOfStageChange(c, scenario.stages)), markers), false);
    if (ok) for (const c of fresh) merged.current.add(`${c.stage}|${c.time?.seconds}|${c.time?.nanos}`);
  });

  const [marking, setMarking] = useState(false);
  const step = (direction: -1 | 1) => {
    const numbers = lab.lab?.stages.map((s) => s.number) ?? [];
    const next = adjacentStage(numbers, lab.pendingStage ?? lab.currentStage, direction);
    if (next !== undefined) lab.setStage(next);
  };
  useGlobalKeys({
    onMarkStage: () => setMarking(true),
    onTogglePresenter: () => write({ presenter: !latest.current.view.presenter }),
    ...(lab.mode === "simulator" ? { onPreviousStage: () => step(-1), onNextStage: () => step(1) } : {}),
  });

  const markers = parsed.ok ? parsed.markers : [];
  return (
    <div className="stage-bar" role="toolbar" aria-label="Stages" data-testid="stage-bar" data-lab={lab.mode}>
      {lab.mode === "simulator" ? <StageButtons lab={lab} /> : null}
      {lab.mode === "error" ? (
        <span className="stage-bar-note status-error" data-testid="lab-error" title={lab.error}>
          lab service unreachable
        </span>
      ) : null}
      {marking ? (
        <MarkStageForm
          onCancel={() => setMarking(false)}
          onMark={(label) => {
            const timeMs = userMarkerTime(feed.newestFlowMs, Date.now());
            updateMarkers((m) => addMarker(m, { timeMs, label, source: "user" }), true);
            setMarking(false);
          }}
        />
      ) : (
        <button type="button" className="stage-bar-button" data-testid="mark-stage" title="Mark where a stage starts: at the newest flow (key m)" onClick={() => setMarking(true)}>
          Mark stage
        </button>
      )}
      <MarkerMenu markers={markers} onRemove={(marker) => updateMarkers((m) => removeMarker(m, marker), true)} onClear={() => updateMarkers(() => [], true)} />
      {parsed.ok ? null : (
        <span className="stage-param-error" role="alert" data-testid="stage-param-error" title={parsed.error}>
          Unreadable stage markers in the link: {parsed.error}
          <button type="button" className="stage-link-button" onClick={() => updateMarkers(() => [], true)}>
            reset
          </button>
        </span>
      )}
      <button
        type="button"
        className="stage-bar-button presenter-toggle"
        aria-pressed={view.presenter}
        data-testid="presenter-toggle"
        title="Presenter mode: high contrast, large type, only the map and the chosen panels (key p)"
        onClick={() => write({ presenter: !view.presenter })}
      >
        Presenter
      </button>
    </div>
  );
}

function StageButtons({ lab }: { lab: LabState }) {
  const scenario = lab.lab!;
  const busy = lab.pendingStage !== undefined;
  return (
    <div className="stage-buttons" role="group" aria-label={`Stages of the ${scenario.scenario} lab`} data-testid="stage-buttons" data-current={lab.currentStage ?? ""}>
      <span className="stage-scenario" title={scenario.description}>
        {scenario.scenario}
      </span>
      <div className="stage-segments">
        {scenario.stages.map((stage) => {
          const current = stage.number === lab.currentStage;
          const pending = stage.number === lab.pendingStage;
          return (
            <button
              key={stage.number}
              type="button"
              className={pending ? "stage-button pending" : "stage-button"}
              aria-pressed={current}
              aria-busy={pending}
              data-testid={`stage-button-${stage.number}`}
              title={stageTooltip(stage)}
              disabled={busy && !pending}
              onClick={() => lab.setStage(stage.number)}
            >
              <span className="stage-number">{stage.number}</span>
              {stage.name}
            </button>
          );
        })}
      </div>
      {lab.error ? (
        <span className="stage-bar-note status-error" role="alert" title={lab.error}>
          {lab.error}
        </span>
      ) : null}
      {lab.watch.kind === "retrying" ? (
        <span className="stage-bar-note" title={lab.watch.error}>
          stage stream lost, retrying
        </span>
      ) : null}
    </div>
  );
}

function MarkStageForm({ onMark, onCancel }: { onMark(label: string): void; onCancel(): void }) {
  const [text, setText] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <form
      className="mark-stage-form"
      data-testid="mark-stage-form"
      onSubmit={(event) => {
        event.preventDefault();
        const input = parseMarkInput(text);
        if (input.ok) onMark(input.label);
        else setError(input.error);
      }}
    >
      <input
        // The input exists because the user just asked to type a name.
        // oxlint-disable-next-line jsx-a11y/no-autofocus
        autoFocus
        aria-label="Stage name"
        data-testid="mark-stage-input"
        placeholder="mark stage: name"
        value={text}
        maxLength={120}
        onChange={(event) => {
          setText(event.target.value);
          setError(undefined);
        }}
        onKeyDown={(event) => {
          if (event.key === "Escape") onCancel();
        }}
      />
      <button type="submit" className="stage-bar-button">Mark</button>
      <button type="button" className="stage-link-button" onClick={onCancel}>Cancel</button>
      {error ? <span className="stage-bar-note status-error" role="alert">{error}</span> : null}
    </form>
  );
}
