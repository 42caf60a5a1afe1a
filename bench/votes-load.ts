// Simulated annotators over HTTP for bench/votes.ts, using the annotation page's flow: GET
// tasks/next on first load, then one POST votes with `next: true` per face. Open loop: each
// annotator thinks (uniform think +- 50 %) before answering; closed loop: no think time.
import { randomUUID } from "node:crypto";
import type { Agent } from "undici";
import { request } from "undici";

export interface LoadResult {
  acknowledged: number;
  voteMs: number[];
  taskMs: number[];
  errors: Record<string, number>;
  elapsedSeconds: number;
}

interface Task {
  imageId: number;
}

/** Joins `count` annotators through the invite link; returns their session cookies. */
export async function joinAnnotators(
  baseUrl: string,
  agent: Agent,
  token: string,
  count: number,
  prefix: string,
) {
  const cookies: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await request(`${baseUrl}/api/auth/join`, {
      method: "POST",
      dispatcher: agent,
      headers: { "content-type": "application/json", origin: baseUrl },
      body: JSON.stringify({ token, workerId: `${prefix}-${i}` }),
    });
    await response.body.dump();
    const setCookie = response.headers["set-cookie"];
    const lines = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
    if (response.statusCode !== 200 || lines.length === 0)
      throw new Error(`join failed: ${response.statusCode}`);
    cookies.push(lines.map((line) => line.split(";")[0]).join("; "));
  }
  return cookies;
}

/**
 * Runs every annotator for `seconds`. Every 10th face the annotator reloads the page (GET
 * tasks/next, which resumes the held task), so task latency is sampled all along the run.
 */
export async function runAnnotators(input: {
  baseUrl: string;
  agent: Agent;
  cookies: string[];
  projectId: number;
  labels: readonly string[];
  seconds: number;
  thinkSeconds: number;
}): Promise<LoadResult> {
  const { baseUrl, agent, projectId, labels, thinkSeconds } = input;
  const result: LoadResult = { acknowledged: 0, voteMs: [], taskMs: [], errors: {}, elapsedSeconds: 0 };
  const count = (key: string) => (result.errors[key] = (result.errors[key] ?? 0) + 1);
  const started = performance.now();
  const deadline = started + input.seconds * 1000;

  async function fetchTask(cookie: string): Promise<Task | null | undefined> {
    const t0 = performance.now();
    const response = await request(`${baseUrl}/api/projects/${projectId}/tasks/next`, {
      dispatcher: agent,
      headers: { cookie },
    });
    const body = (await response.body.json()) as { task: Task | null };
    result.taskMs.push(performance.now() - t0);
    if (response.statusCode !== 200) count(`next ${response.statusCode}`);
    return response.statusCode === 200 ? body.task : undefined;
  }

  async function annotator(cookie: string, index: number) {
    // Spread the first loads over the first think time, as annotators arrive one by one.
    await sleep(Math.random() * thinkSeconds * 1000);
    let task = await fetchTask(cookie);
    for (let face = 1; task !== null && performance.now() < deadline; face++) {
      if (thinkSeconds > 0) await sleep(thinkSeconds * 1000 * (0.5 + Math.random()));
      if (performance.now() >= deadline) break;
      if (face % 10 === 0 || task === undefined) task = await fetchTask(cookie);
      if (!task) continue;
      const t0 = performance.now();
      const response = await request(`${baseUrl}/api/projects/${projectId}/votes`, {
        method: "POST",
        dispatcher: agent,
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({
          imageId: task.imageId,
          label: labels[(index + face) % labels.length],
          durationMs: 800 + (index % 2000),
          idempotencyKey: randomUUID(),
          next: true,
        }),
      });
      const body = (await response.body.json()) as { next?: { task: Task | null } | null };
      result.voteMs.push(performance.now() - t0);
      if (response.statusCode === 201) result.acknowledged++;
      else count(`vote ${response.statusCode}`);
      task = body.next === null ? undefined : (body.next?.task ?? undefined);
      if (body.next && body.next.task === null) task = null;
    }
  }

  await Promise.all(
    input.cookies.map((cookie, index) =>
      annotator(cookie, index).catch((error: unknown) =>
        count(`network ${(error as { code?: string }).code ?? "error"}`),
      ),
    ),
  );
  result.elapsedSeconds = (performance.now() - started) / 1000;
  return result;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
