// The body of a "next task" answer, shared by GET tasks/next and POST votes with `next: true`
// (one HTTP round trip per face: the vote's answer carries the task after it).
import { countVotesBy } from "../votes/list-votes";
import type { Project } from "../projects/projects";
import { nextTask, type Task } from "./next-task";

export interface NextTaskResponse {
  task: Task | null;
  labels: string[];
  /** Answers the annotator gave in the project (votes and hidden repeats). */
  myVotes: number;
  done: boolean;
}

/** Leases the annotator's next task and counts their answers (two probes, run side by side). */
export async function nextTaskResponse(input: {
  project: Pick<Project, "id" | "targetVotes" | "settings" | "labels">;
  annotatorId: string;
  exclude?: number[];
}): Promise<NextTaskResponse> {
  const { project, annotatorId, exclude } = input;
  const [task, myVotes] = await Promise.all([
    nextTask({ projectId: project.id, annotatorId, exclude, project }),
    countVotesBy(project.id, annotatorId),
  ]);
  return { task, labels: project.labels, myVotes, done: task === null };
}
