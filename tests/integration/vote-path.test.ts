// The vote path at crowd scale (docs/vote-path.md): the session cache, the one-join access check,
// the answers counter kept by triggers, POST votes with `next: true`, and plans that stay probes.
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST as authPost } from "../../app/api/auth/[...all]/route";
import { getViewer } from "../../lib/auth/guard";
import { SESSION_CACHE_TTL_MS } from "../../lib/auth/session-cache";
import { createUserWithPassword, setUserRole } from "../../lib/auth/users";
import { db } from "../../lib/db";
import { Prisma } from "../../lib/generated/prisma/client";
import { getProjectWithRole } from "../../lib/projects/projects";
import { renewHeldLeaseSql } from "../../lib/tasks/sql/leases";
import { levelCandidatesSql } from "../../lib/tasks/sql/selection";
import { hiddenRepeatAnswers } from "../../lib/tasks/policies/repeat-answers";
import { countVotesBy } from "../../lib/votes/list-votes";
import { answersSql } from "../../lib/votes/sql";
import { undoLastVote } from "../../lib/votes/undo-vote";
import { createProjectWithImages } from "../helpers/annotation-fixtures";
import { fetchNext, postVote, type NextTaskBody } from "../helpers/annotation-api";
import { createTestUser } from "../helpers/auth";

const ORIGIN = "http://localhost:3999";
const LABELS = ["neutral", "happiness", "unknown"];

async function signIn(email: string): Promise<string> {
  await createUserWithPassword({ email, name: "R", role: "researcher", password: "correct horse" });
  const response = await authPost(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: ORIGIN },
      body: JSON.stringify({ email, password: "correct horse" }),
    }),
  );
  expect(response.status).toBe(200);
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
}

afterEach(() => {
  vi.useRealTimers();
});

describe("session cache", () => {
  it("trusts a verified session for the TTL only: a session deleted elsewhere ends within it", async () => {
    const cookie = await signIn("cache@example.org");
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    expect(await getViewer(new Headers({ cookie }))).toMatchObject({ role: "researcher" });
    // Another web process signs the user out: only the database knows.
    await db.session.deleteMany({});
    expect(await getViewer(new Headers({ cookie }))).toMatchObject({ role: "researcher" });
    vi.setSystemTime(Date.now() + SESSION_CACHE_TTL_MS + 1);
    expect(await getViewer(new Headers({ cookie }))).toBeNull();
  });

  it("applies a role change made in this process at once", async () => {
    const cookie = await signIn("role@example.org");
    const viewer = await getViewer(new Headers({ cookie }));
    expect(viewer?.role).toBe("researcher");
    await setUserRole(viewer!.id, "annotator");
    expect((await getViewer(new Headers({ cookie })))?.role).toBe("annotator");
  });

  it("never caches a cookie whose signature does not verify", async () => {
    const cookie = await signIn("forged@example.org");
    await getViewer(new Headers({ cookie }));
    const forged = cookie.replace(/(session_token=[^.;]+\.)[^;]+/, "$1forged");
    expect(forged).not.toBe(cookie);
    expect(await getViewer(new Headers({ cookie: forged }))).toBeNull();
  });
});

describe("project access in one statement", () => {
  it("returns exactly the project row Prisma reads, and the caller's membership role", async () => {
    const { project } = await createProjectWithImages({ name: "access", labels: LABELS, images: 1 });
    await db.project.update({
      where: { id: project.id },
      data: { license: "CC-BY", provenance: "test", settings: { leaseSeconds: 60 } },
    });
    const member = await createTestUser("annotator", { projectId: project.id });
    const outsider = await createTestUser("annotator");
    const found = await getProjectWithRole(project.id, member.id);
    // Every column: fails when a column added to projects is missing from the join's select list.
    expect(found?.project).toEqual(await db.project.findUniqueOrThrow({ where: { id: project.id } }));
    expect(found?.memberRole).toBe("annotator");
    expect((await getProjectWithRole(project.id, outsider.id))?.memberRole).toBeNull();
    expect(await getProjectWithRole(project.id + 999, member.id)).toBeNull();
  });
});

describe("answers per annotator", () => {
  it("follow votes, undos and answered hidden repeats", async () => {
    const { project, imageIds } = await createProjectWithImages({
      name: "answers",
      labels: LABELS,
      images: 3,
      settings: { repeatRate: 1, repeatAfterTasks: 0 },
    });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const stored = async () =>
      (await db.vote.count({ where: { projectId: project.id, annotatorId: annotator.id } })) +
      (await db.qualityRepeat.count({
        where: { projectId: project.id, annotatorId: annotator.id, label: { not: null } },
      }));
    expect(await countVotesBy(project.id, annotator.id)).toBe(0);
    for (const [index, imageId] of imageIds.slice(0, 2).entries()) {
      const vote = { imageId, label: "neutral", durationMs: 500, idempotencyKey: `answers-key-${index}` };
      expect((await postVote(project.id, annotator.headers, vote)).status).toBe(201);
    }
    expect(await countVotesBy(project.id, annotator.id)).toBe(2);
    // repeatRate 1: the next task is a hidden repeat of an image already voted on.
    const next = (await (await fetchNext(project.id, annotator.headers)).json()) as NextTaskBody;
    expect(imageIds.slice(0, 2)).toContain(next.task?.imageId);
    const repeat = {
      imageId: next.task!.imageId,
      label: "unknown",
      durationMs: 500,
      idempotencyKey: "answers-repeat",
    };
    expect((await postVote(project.id, annotator.headers, repeat)).status).toBe(201);
    expect(await countVotesBy(project.id, annotator.id)).toBe(3);
    expect(await stored()).toBe(3);
    await undoLastVote({
      project,
      annotatorId: annotator.id,
      leaseSeconds: 60,
      repeats: hiddenRepeatAnswers,
    });
    expect(await countVotesBy(project.id, annotator.id)).toBe(await stored());
    expect(await countVotesBy(project.id, annotator.id)).toBe(2);
  });
});

describe("POST votes with next: true", () => {
  it("answers the vote and the next task (never an excluded or voted image) in one response", async () => {
    const { project, imageIds } = await createProjectWithImages({ name: "next", labels: LABELS, images: 4 });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const first = (await (await fetchNext(project.id, annotator.headers)).json()) as NextTaskBody;
    const held = first.task!.imageId;
    const onScreen = imageIds.find((id) => id !== held)!;
    const response = await postVote(project.id, annotator.headers, {
      imageId: held,
      label: "happiness",
      durationMs: 900,
      idempotencyKey: "next-key-0001",
      next: true,
      exclude: [onScreen],
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { vote: { imageId: number }; next: NextTaskBody };
    expect(body.vote.imageId).toBe(held);
    expect(body.next.myVotes).toBe(1);
    expect(body.next.labels).toEqual(LABELS);
    expect(body.next.task).not.toBeNull();
    expect([held, onScreen]).not.toContain(body.next.task!.imageId);
    const lease = await db.taskLease.findUnique({
      where: { imageId_annotatorId: { imageId: body.next.task!.imageId, annotatorId: annotator.id } },
    });
    expect(lease).not.toBeNull();
    // Without `next` the answer is unchanged.
    const plain = await postVote(project.id, annotator.headers, {
      imageId: body.next.task!.imageId,
      label: "neutral",
      durationMs: 900,
      idempotencyKey: "next-key-0002",
    });
    expect(Object.keys((await plain.json()) as object).sort()).toEqual(["replayed", "vote"]);
  });

  it("rejects a bad next or exclude with 400 naming the field, and stores nothing", async () => {
    const { project, imageIds } = await createProjectWithImages({
      name: "next-bad",
      labels: LABELS,
      images: 2,
    });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const vote = { imageId: imageIds[0], label: "neutral", durationMs: 900, idempotencyKey: "next-bad-0001" };
    for (const [field, extra] of [
      ["next", { next: "yes" }],
      ["exclude", { next: true, exclude: [0] }],
      ["exclude", { next: true, exclude: "1,2" }],
    ] as const) {
      const response = await postVote(project.id, annotator.headers, { ...vote, ...extra });
      expect(response.status).toBe(400);
      expect(JSON.stringify(await response.json())).toContain(field);
    }
    expect(await db.vote.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("task statements are index probes", () => {
  /** Shared buffers an EXPLAIN (ANALYZE, BUFFERS) of the statement touched while executing. */
  async function buffers(sql: Prisma.Sql): Promise<number> {
    const [row] = await db.$queryRaw<{ "QUERY PLAN": { Plan: Record<string, number> }[] }[]>(
      Prisma.sql`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
    );
    const plan = row!["QUERY PLAN"][0]!.Plan;
    return (plan["Shared Hit Blocks"] ?? 0) + (plan["Shared Read Blocks"] ?? 0);
  }

  it("read a few pages whatever the size of the project and of the other projects", async () => {
    const { project } = await createProjectWithImages({ name: "probe", labels: LABELS, images: 1 });
    const annotator = await createTestUser("annotator", { projectId: project.id });
    const counts = Prisma.sql`array_fill(0, ARRAY[3])`;
    const grow = async (projectId: number, images: number) =>
      db.$executeRaw`INSERT INTO images (project_id, sha256, external_name, counts)
        SELECT ${projectId}, i.sha256, 'grown-' || ${images} || '-' || g, ${counts}
        FROM generate_series(1, ${images}) g, (SELECT sha256 FROM images WHERE project_id = ${project.id} LIMIT 1) i`;
    const other = await createProjectWithImages({ name: "probe-other", labels: LABELS, images: 1 });
    const measure = async () => {
      await db.$executeRaw`ANALYZE images`;
      const context = {
        projectId: project.id,
        annotatorId: annotator.id,
        targetVotes: 3,
        exclude: [],
        limit: 8,
      };
      return {
        candidates: await buffers(levelCandidatesSql(context, 0)),
        held: await buffers(renewHeldLeaseSql({ ...context, leaseSeconds: 60 })),
        answers: await buffers(answersSql(project.id, annotator.id)),
      };
    };
    await grow(project.id, 500);
    await grow(other.project.id, 500);
    const small = await measure();
    await grow(project.id, 60_000);
    await grow(other.project.id, 60_000);
    const large = await measure();
    // Probes read a few pages more at most (a deeper b-tree, another random start); walking part of
    // the project's 60,500 index entries reads a hundred pages or more, scanning rows thousands.
    for (const key of ["candidates", "held", "answers"] as const) {
      expect(large[key], key).toBeLessThanOrEqual(small[key] + 20);
    }
    expect(large.candidates).toBeLessThan(150);
  });
});
