// The lab simulator as the stage bar sees it: GetLab through TanStack Query, the WatchStages
// stream while the lab exists, and SetStage. A server without the Lab service is "none" (user
// markers only), which is not an error; a lab that cannot be reached is an error worth a word.
import { useEffect, useMemo, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createLabClient, isNoLab, labKeys, labQuery, StageWatch, type StageWatchState } from "../../api/lab-client.ts";
import type { GetLabResponse, StageChange } from "../../gen/observatory/lab/v1/lab_pb.ts";

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export type LabMode = "loading" | "simulator" | "none" | "error";

export interface LabState {
  readonly mode: LabMode;
  readonly lab: GetLabResponse | undefined;
  /** The stage in force: the newest change heard, else GetLab's. */
  readonly currentStage: number | undefined;
  /** The stage a SetStage call is applying now. */
  readonly pendingStage: number | undefined;
  readonly watch: StageWatchState;
  /** GetLab's or the last SetStage's error, in words. */
  readonly error: string | undefined;
  setStage(stage: number): void;
}

/**
 * `onChange` hears every stage change (GetLab's history once, then WatchStages and SetStage
 * answers) with the scenario, so the caller can turn it into a marker.
 */
export function useLab(baseUrl: string, onChange: (changes: readonly StageChange[], lab: GetLabResponse) => void): LabState {
  const client = useMemo(() => createLabClient(baseUrl), [baseUrl]);
  const queryClient = useQueryClient();
  const query = useQuery(labQuery(client, baseUrl));
  const lab = query.data;
  const [heard, setHeard] = useState<number | undefined>(undefined);
  const [watch, setWatch] = useState<StageWatchState>({ kind: "stopped" });
  const latest = useRef({ onChange, lab });
  useEffect(() => {
    latest.current = { onChange, lab };
  });

  // The history once per loaded lab (a refetch after a reconnect brings it again; markers dedupe).
  useEffect(() => {
    if (lab !== undefined) latest.current.onChange(lab.history, lab);
  }, [lab]);

  const hasLab = lab !== undefined;
  useEffect(() => {
    if (!hasLab) return;
    let reconnecting = false;
    const stream = new StageWatch(client, {
      change: (change) => {
        setHeard(change.stage);
        const current = latest.current.lab;
        if (current !== undefined) latest.current.onChange([change], current);
      },
      state: (state) => {
        setWatch(state);
        // After a break the server may have restarted with another scenario: read it again.
        if (state.kind === "retrying") reconnecting = true;
        if (state.kind === "watching" && reconnecting) {
          reconnecting = false;
          void queryClient.invalidateQueries({ queryKey: labKeys.all(baseUrl) });
        }
      },
    });
    void stream.run();
    return () => stream.stop();
  }, [client, hasLab, queryClient, baseUrl]);

  const mutation = useMutation({
    mutationFn: (stage: number) => client.setStage({ stage }),
    onSuccess: (response) => {
      const change = response.change;
      const current = latest.current.lab;
      if (change === undefined || current === undefined) return;
      setHeard(change.stage);
      latest.current.onChange([change], current);
    },
  });

  const mode: LabMode = lab !== undefined ? "simulator" : query.isError ? (isNoLab(query.error) ? "none" : "error") : "loading";
  const error = mode === "error" ? messageOf(query.error) : mutation.isError ? messageOf(mutation.error) : undefined;
  return {
    mode,
    lab,
    currentStage: heard ?? lab?.currentStage,
    pendingStage: mutation.isPending ? mutation.variables : undefined,
    watch,
    error,
    setStage: (stage) => mutation.mutate(stage),
  };
}
