// The researcher dashboards in Chromium: each page renders for a researcher (screenshots under
// tests/output/dashboards/), is refused for an annotator, and sends signed-out visitors to /signin.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshProjectStats } from "../../lib/analytics/refresh";
import { db } from "../../lib/db";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createProjectWithImages, createPublishedModel } from "../helpers/annotation-fixtures";
import { createTestUser, type TestUser } from "../helpers/auth";
import { launchChromium } from "../helpers/browser";

const OUTPUT = path.resolve("tests/output/dashboards");
// prettier-ignore

let app: AppServer | undefined;
let browser: Browser | undefined;
let researcher: TestUser;
let annotator: TestUser;
let projectId = 0;
let imageIds: number[] = [];

/** Votes with known annotators: a mostly agreeing crowd, and one annotator who always answers "neutral". */
async function addVotes() {
  const annotators = await Promise.all(
    ["Ada", "Ben", "Cleo", "Dev", "Straight Liner"].map((name, index) =>
      db.user.create({ data: { id: `e2e-annotator-${index}`, name, email: `a${index}@e2e.test` } }),
    ),
  );
  const data = imageIds.flatMap((imageId, i) =>
    annotators.map((user, a) => ({
      projectId,
      imageId,
      annotatorId: user.id,
      // Image i leans to label i % 6; annotators 1 and 3 sometimes pick the next label; the last
      // ("Straight Liner") always answers neutral.
      label: a === 4 ? 0 : ((i % 6) + ((a * i) % 4 === 1 ? 1 : 0)) % 8,
      durationMs: 1500 + 300 * a + 40 * i,
      createdAt: new Date(Date.UTC(2026, 10, 1, 0, i, a)),
    })),
  );
  await db.vote.createMany({ data });
}

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  const created = await createProjectWithImages({
    name: "Dashboards",
    labels: [...FERPLUS_LABELS],
    targetVotes: 5,
    images: 24,
  });
  projectId = created.project.id;
  imageIds = created.imageIds;
  await db.image.updateMany({ where: { id: { in: imageIds.slice(0, 16) } }, data: { split: "train" } });
  await db.image.updateMany({ where: { id: { in: imageIds.slice(16) } }, data: { split: "valid" } });
  await addVotes();
  const model = await createPublishedModel(projectId, 120);
  await db.prediction.createMany({
    data: imageIds.map((imageId, i) => {
      const top = i % 8;
      return {
        modelId: model.id,
        imageId,
        distribution: FERPLUS_LABELS.map((_, k) => (k === top ? 0.65 : k < 8 ? 0.05 : 0)),
      };
    }),
  });
  await refreshProjectStats(projectId, { resamples: 200 });
  researcher = await createTestUser("researcher", { projectId });
  annotator = await createTestUser("annotator", { projectId });
  app = await startAppServer();
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

function contextFor(user: TestUser | null): Promise<BrowserContext> {
  // API tokens authenticate page requests too (lib/auth/guard.ts reads `Authorization: Bearer`).
  return browser!.newContext({
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: user ? { authorization: `Bearer ${user.token}` } : {},
  });
}

const PAGES = [
  { name: "overview", path: () => `/projects/${projectId}`, text: "Confused pairs", charts: 7 },
  {
    name: "gallery",
    path: () => `/projects/${projectId}/gallery?split=train`,
    text: "crowd entropy, highest first",
    charts: 0,
  },
  {
    name: "annotators",
    path: () => `/projects/${projectId}/annotators?sort=run`,
    text: "straight-lining",
    charts: 0,
  },
  { name: "image", path: () => `/images/${imageIds[3]}`, text: "Jensen-Shannon divergence", charts: 1 },
];

describe("dashboards in Chromium", () => {
  it.each(PAGES)("$name renders for a researcher", async ({ name, path: pagePath, text, charts }) => {
    const context = await contextFor(researcher);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const response = await page.goto(`${app!.url}${pagePath()}`);
    expect(response?.status()).toBe(200);
    await page.getByText(text).first().waitFor({ timeout: 20_000 });
    if (charts)
      await page.waitForFunction((n) => document.querySelectorAll(".recharts-surface").length >= n, charts);
    // Faces come from the access-controlled image route; wait until they are decoded.
    await page.waitForFunction(() =>
      [...document.querySelectorAll("img.face")].every((img) => (img as HTMLImageElement).naturalWidth > 0),
    );
    await page.screenshot({ path: path.join(OUTPUT, `${name}.png`), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("sorts annotators and flags the straight-liner", async () => {
    const context = await contextFor(researcher);
    const page = await context.newPage();
    await page.goto(`${app!.url}/projects/${projectId}/annotators?sort=run&dir=desc`);
    const firstRow = page.locator("tbody tr").first();
    await expect(firstRow.textContent()).resolves.toContain("Straight Liner");
    await expect(firstRow.textContent()).resolves.toContain("straight-lining");
    await context.close();
  });

  it("gallery cards open the image page", async () => {
    const context = await contextFor(researcher);
    const page = await context.newPage();
    await page.goto(`${app!.url}/projects/${projectId}/gallery`);
    await page.locator(".face-card").first().click();
    await page.waitForURL(/\/images\/\d+$/);
    await page.getByText("share of votes").first().waitFor();
    await context.close();
  });

  it.each(PAGES)("$name is refused for an annotator", async ({ path: pagePath }) => {
    const context = await contextFor(annotator);
    const page = await context.newPage();
    await page.goto(`${app!.url}${pagePath()}`);
    await page.getByRole("heading", { name: "Forbidden" }).waitFor({ timeout: 20_000 });
    expect(await page.locator(".recharts-surface").count()).toBe(0);
    expect(await page.content()).not.toContain("Confused pairs");
    await page.screenshot({ path: path.join(OUTPUT, `forbidden.png`) });
    await context.close();
  });

  it("sends a signed-out visitor to /signin", async () => {
    const response = await fetch(`${app!.url}/projects/${projectId}`, { redirect: "manual" });
    expect([302, 303, 307, 308]).toContain(response.status);
    expect(response.headers.get("location")).toContain("/signin");
  });
});
