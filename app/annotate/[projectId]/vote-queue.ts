// Votes waiting to reach the server, kept in memory and in localStorage so neither a network
// failure nor a reload drops one. Every retry reuses the vote's idempotency key, so the server
// stores it exactly once however many times it is sent. A vote sent at once may ask for the
// annotator's next task in the same request (`next: true`), so a face costs one round trip.
import type { Task } from "./annotation-requests";

export interface PendingVote {
  imageId: number;
  label: string;
  durationMs: number;
  idempotencyKey: string;
}

/** The next task carried by a vote's answer (the GET tasks/next body). */
export interface NextFromVote {
  task: Task | null;
}

export type QueueProblem = { kind: "offline" | "session" | "rejected"; message: string } | null;

interface Listener {
  (state: { pending: PendingVote[]; problem: QueueProblem; acknowledged: number }): void;
}

const MAX_BACKOFF_MS = 15_000;

export class VoteQueue {
  private pending: PendingVote[] = [];
  private problem: QueueProblem = null;
  private acknowledged = 0;
  private sending = false;
  private backoffMs = 1000;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiters: (() => void)[] = [];
  // Votes whose first send asks for the next task: idempotency key -> exclude list and answer.
  private wantsNext = new Map<string, { exclude: number[]; resolve: (next: NextFromVote | null) => void }>();

  constructor(
    private readonly projectId: number,
    private readonly listener: Listener,
  ) {
    try {
      const saved = JSON.parse(localStorage.getItem(this.storageKey) ?? "[]") as PendingVote[];
      if (Array.isArray(saved)) this.pending = saved;
    } catch {
      this.pending = [];
    }
  }

  private get storageKey(): string {
    return `chorus.pendingVotes.${this.projectId}`;
  }

  /** Image ids of votes not yet acknowledged (the server must not hand them out again to us). */
  imageIds(): number[] {
    return this.pending.map((vote) => vote.imageId);
  }

  /**
   * Queues a vote and starts sending. With `exclude`, and when nothing is queued before it, the vote
   * asks for the next task too; the promise gives it, or null (then the page asks GET tasks/next).
   */
  push(vote: PendingVote, exclude?: number[]): Promise<NextFromVote | null> {
    const sendsAtOnce = this.pending.length === 0 && this.problem === null;
    const next =
      exclude && sendsAtOnce
        ? new Promise<NextFromVote | null>((resolve) =>
            this.wantsNext.set(vote.idempotencyKey, { exclude, resolve }),
          )
        : Promise.resolve(null);
    this.pending.push(vote);
    this.save();
    void this.flush();
    return next;
  }

  /** Resolves when every queued vote has been answered by the server. */
  drained(): Promise<void> {
    if (this.pending.length === 0) return Promise.resolve();
    void this.flush();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Sends queued votes in order; stops at the first one that must wait (offline, signed out). */
  async flush(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    clearTimeout(this.timer);
    try {
      while (this.pending.length > 0) {
        const vote = this.pending[0] as PendingVote;
        const outcome = await this.send(vote);
        if (outcome === "retry") {
          this.timer = setTimeout(() => void this.flush(), this.backoffMs);
          this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
          return;
        }
        if (outcome === "stop") return;
        this.backoffMs = 1000;
        this.pending.shift();
        this.save();
      }
      this.problem = null;
      this.emit();
      for (const resolve of this.waiters.splice(0)) resolve();
    } finally {
      this.sending = false;
    }
  }

  private async send(vote: PendingVote): Promise<"done" | "retry" | "stop"> {
    // Only the first attempt asks for the next task: a retry comes too late to show its answer.
    const wanted = this.wantsNext.get(vote.idempotencyKey);
    this.wantsNext.delete(vote.idempotencyKey);
    let next: NextFromVote | null = null;
    try {
      return await this.sendOnce(vote, wanted?.exclude, (body) => (next = body));
    } finally {
      wanted?.resolve(next);
    }
  }

  private async sendOnce(
    vote: PendingVote,
    exclude: number[] | undefined,
    onNext: (next: NextFromVote | null) => void,
  ): Promise<"done" | "retry" | "stop"> {
    let response: Response;
    try {
      response = await fetch(`/api/projects/${this.projectId}/votes`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(exclude ? { ...vote, next: true, exclude } : vote),
      });
    } catch {
      this.report({
        kind: "offline",
        message: "No connection: your answers are kept and will be sent when it returns.",
      });
      return "retry";
    }
    if (response.ok) {
      if (exclude) {
        const body = (await response.json().catch(() => null)) as { next?: NextFromVote | null } | null;
        onNext(body?.next ?? null);
      }
      this.acknowledged++;
      this.report(null);
      return "done";
    }
    if (response.status === 401) {
      this.report({
        kind: "session",
        message: "Your session has expired: open your invite link again. Your answers are kept.",
      });
      return "stop";
    }
    if (response.status >= 500 || response.status === 429) {
      this.report({
        kind: "offline",
        message: `The server is not answering (${response.status}); retrying.`,
      });
      return "retry";
    }
    // 409 "already voted" means the server holds our answer for that image; other 4xx will never succeed.
    if (response.status !== 409) {
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      this.report({
        kind: "rejected",
        message: `An answer was refused: ${body?.error?.message ?? response.statusText}`,
      });
    }
    return "done";
  }

  private report(problem: QueueProblem): void {
    this.problem = problem;
    this.emit();
  }

  private save(): void {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(this.pending));
    } catch {
      // Private mode or a full quota: the in-memory queue still holds the votes.
    }
    this.emit();
  }

  private emit(): void {
    this.listener({ pending: [...this.pending], problem: this.problem, acknowledged: this.acknowledged });
  }
}
