// Issue 13, item 7: one project guard. requireProjectAccess answers 401 signed out, 404 for an
// unknown project and for a project the caller is no member of (the same answer, so an id reveals
// nothing), 403 for a member without the role, and otherwise returns the project and the caller's
// role in it, so routes never load the project again.
import { beforeAll, describe, expect, it } from "vitest";
import { requireProjectAccess } from "../../lib/auth/guard";
import { db } from "../../lib/db";
import { AppError } from "../../lib/errors";
import type { Role } from "../../lib/generated/prisma/client";
import { createProject } from "../../lib/projects/projects";
import { createTestUser, type TestUser } from "../helpers/auth";

const RESEARCHERS: Role[] = ["researcher"];
const ANNOTATION: Role[] = ["annotator", "researcher"];
const UNKNOWN = 987_654;

let projectId: number;
const who = {} as Record<
  | "admin"
  | "owner"
  | "researcher"
  | "researcherAsAnnotator"
  | "annotator"
  | "otherResearcher"
  | "outsideAnnotator"
  | "demotedOwner",
  TestUser
>;

beforeAll(async () => {
  who.owner = await createTestUser("researcher");
  who.demotedOwner = await createTestUser("annotator");
  projectId = (await createProject({ name: "guarded", labels: ["a", "b"] }, who.owner.id)).id;
  const other = (await createProject({ name: "elsewhere", labels: ["a", "b"] })).id;
  // Ownership counts only while the owner is a researcher.
  await createProject({ name: "demoted", labels: ["a", "b"] }, who.demotedOwner.id);
  who.admin = await createTestUser("admin");
  who.researcher = await createTestUser("researcher", { projectId });
  who.researcherAsAnnotator = await createTestUser("researcher");
  await db.projectMember.create({
    data: { projectId, userId: who.researcherAsAnnotator.id, role: "annotator" },
  });
  who.annotator = await createTestUser("annotator", { projectId });
  who.otherResearcher = await createTestUser("researcher", { projectId: other });
  who.outsideAnnotator = await createTestUser("annotator", { projectId: other });
});

/** The HTTP status requireProjectAccess's refusal maps to (AppError codes), or the access. */
async function attempt(headers: Headers, id: number, roles: Role[]) {
  try {
    return await requireProjectAccess(headers, id, roles);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, message: error.message };
  }
}

describe("requireProjectAccess", () => {
  it("signed out: unauthorized, before anything is looked up", async () => {
    expect(await attempt(new Headers(), UNKNOWN, RESEARCHERS)).toMatchObject({ code: "unauthorized" });
  });

  it("returns the project and the role in it, for every kind of member", async () => {
    const cases: [keyof typeof who, Role[], Role][] = [
      ["admin", RESEARCHERS, "admin"],
      ["owner", RESEARCHERS, "researcher"],
      ["researcher", RESEARCHERS, "researcher"],
      ["researcherAsAnnotator", ANNOTATION, "annotator"],
      ["annotator", ANNOTATION, "annotator"],
    ];
    for (const [name, roles, role] of cases) {
      const access = await requireProjectAccess(who[name].headers, projectId, roles);
      expect({ name, project: access.project.name, role: access.role, viewer: access.viewer.id }).toEqual({
        name,
        project: "guarded",
        role,
        viewer: who[name].id,
      });
    }
  });

  it("a member without the role: forbidden", async () => {
    for (const name of ["researcherAsAnnotator", "annotator"] as const) {
      expect(await attempt(who[name].headers, projectId, RESEARCHERS), name).toMatchObject({
        code: "forbidden",
      });
    }
  });

  it("non-members get the unknown project's answer, whatever the roles asked", async () => {
    const unknown = await attempt(who.admin.headers, UNKNOWN, RESEARCHERS);
    expect(unknown).toEqual({ code: "not_found", message: `project ${UNKNOWN} not found` });
    for (const name of ["otherResearcher", "outsideAnnotator", "demotedOwner"] as const) {
      for (const roles of [RESEARCHERS, ANNOTATION]) {
        expect(await attempt(who[name].headers, projectId, roles), name).toEqual({
          code: "not_found",
          message: `project ${projectId} not found`,
        });
      }
    }
  });

  it("the demoted owner's own project is not theirs any more (ownership needs the researcher role)", async () => {
    const demoted = await db.project.findUniqueOrThrow({ where: { name: "demoted" } });
    expect(await attempt(who.demotedOwner.headers, demoted.id, ANNOTATION)).toMatchObject({
      code: "not_found",
    });
    expect(await attempt(who.owner.headers, demoted.id, RESEARCHERS)).toMatchObject({ code: "not_found" });
  });
});
