import type { Availability, StrategyName } from "@/lib/strategies/types";

// Response bodies of the API routes that the pages read on the client, beside the shapes in lib/views.ts.

/** One entry of `GET /api/samples`. */
export interface SampleOption {
  name: string;
  title: string;
  description: string;
}

/** One entry of `GET /api/strategies`. */
export interface StrategyOption {
  name: StrategyName;
  label: string;
  modes: string[];
  availability: Availability;
  /** Whether each mode can build now; Kaniko's Kubernetes and Docker runners can differ. */
  modeAvailability?: Record<string, Availability>;
}

/** Returns the first mode that can build now, or the first mode when none can. */
export function firstAvailableMode(strategy: StrategyOption): string {
  return strategy.modes.find((mode) => strategy.modeAvailability?.[mode]?.available !== false) ?? strategy.modes[0] ?? "";
}

/**
 * One entry of `details.problems`: a Dockerfile problem carries its line number from 1, and an
 * invalid form field carries the field's name.
 */
export interface InputProblem {
  line?: number;
  field?: string;
  message: string;
}

/** A Dockerfile problem, which always has a line number. */
export type DockerfileProblem = InputProblem & { line: number };

/** The body of every 4xx and 5xx response. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: { problems?: InputProblem[] } & Record<string, unknown> };
}

/** An API error as the pages show it. */
export interface ShownApiError {
  code: string;
  message: string;
  problems: DockerfileProblem[];
}
