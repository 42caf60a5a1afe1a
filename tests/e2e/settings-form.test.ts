// The project settings form in Chromium: a researcher changes settings (saved through PATCH
// /api/projects/{id}/settings), a bad value is refused naming the field and changes nothing.
// Screenshots under tests/output/settings/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createProjectWithImages } from "../helpers/annotation-fixtures";
import { createTestUser, type TestUser } from "../helpers/auth";
import { launchChromium } from "../helpers/browser";

const OUTPUT = path.resolve("tests/output/settings");
// prettier-ignore

let app: AppServer | undefined;
let browser: Browser | undefined;
let researcher: TestUser;
let projectId = 0;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  const { project } = await createProjectWithImages({
    name: "Settings form",
    labels: ["a", "b", "c"],
    targetVotes: 3,
    images: 2,
    settings: { leaseSeconds: 300 },
  });
  projectId = project.id;
  researcher = await createTestUser("researcher", { projectId });
  app = await startAppServer();
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe("project settings form", () => {
  it("saves changed settings and refuses a bad value naming the field", async () => {
    // API tokens authenticate page and fetch requests alike (lib/auth/guard.ts), as in dashboards.test.ts.
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${researcher.token}` },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const response = await page.goto(`${app!.url}/projects/${projectId}/settings`);
    expect(response?.status()).toBe(200);
    const form = page.getByRole("form", { name: "Project settings" });
    await form.waitFor();
    expect(await form.locator('input[name="leaseSeconds"]').inputValue()).toBe("300");

    await form.locator('select[name="assignmentPolicy"]').selectOption("settled");
    await form.locator('input[name="targetVotes"]').fill("5");
    await form.locator('input[name="repeatRate"]').fill("0.1");
    await form.locator('input[name="excludePausedAnnotators"]').uncheck();
    await form.getByRole("button", { name: "Save settings" }).click();
    await page.getByRole("status").getByText("Saved").waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(OUTPUT, "saved.png"), fullPage: true });
    let stored = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    expect(stored.targetVotes).toBe(5);
    expect(stored.settings).toEqual({
      leaseSeconds: 300,
      assignmentPolicy: "settled",
      repeatRate: 0.1,
      excludePausedAnnotators: false,
    });

    // goldRate above 0.5 is refused by the schema: the message names the field, nothing changes.
    await form.locator('input[name="goldRate"]').fill("0.9");
    await form.getByRole("button", { name: "Save settings" }).click();
    const alert = form.getByRole("alert");
    await alert.waitFor({ timeout: 20_000 });
    expect(await alert.textContent()).toContain("goldRate");
    expect(await form.locator('input[name="goldRate"]').getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: path.join(OUTPUT, "refused.png"), fullPage: true });
    stored = await db.project.findUniqueOrThrow({ where: { id: projectId } });
    expect((stored.settings as Record<string, unknown>).goldRate).toBeUndefined();

    expect(errors).toEqual([]);
    await context.close();
  });

  it("is refused to an annotator", async () => {
    const annotator = await createTestUser("annotator", { projectId });
    const patch = await fetch(`${app!.url}/api/projects/${projectId}/settings`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${annotator.token}`, "content-type": "application/json" },
      body: JSON.stringify({ goldRate: 0.1 }),
    });
    expect(patch.status).toBe(403);
  });
});
