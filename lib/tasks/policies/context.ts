// The contract between the assignment registry (registry.ts) and its policies: what a policy is
// asked with and what it answers. Kept apart from the registry so that the policies can import it
// without importing the registry that imports them.
import type { ProjectSettings } from "../../projects/settings";

export interface SelectionContext {
  projectId: number;
  annotatorId: string;
  /** Votes wanted per image (projects.target_votes). */
  targetVotes: number;
  settings: ProjectSettings;
  /** Images the client already holds or skipped; never returned. */
  exclude: number[];
  /** How many candidates to return; the caller tries them in random order. */
  limit: number;
}

/**
 * A selection policy returns CANDIDATES (a plain read, no locks); lib/tasks leases the first
 * candidate it can lock and re-check (chorus_lease_first).
 */
export type SelectionPolicy = (context: SelectionContext) => Promise<number[]>;

/** What an interleaved policy is asked with: the selection context without the candidate limit. */
export type InterleavedContext = Omit<SelectionContext, "limit" | "targetVotes">;

/**
 * An interleaved policy (gold images, hidden repeats) takes a share of the tasks before the
 * selection policy is asked: it hands out one image itself, or null to let the next one decide.
 */
export type InterleavedPolicy = (
  context: InterleavedContext,
) => Promise<{ imageId: number; expiresAt: Date } | null>;
