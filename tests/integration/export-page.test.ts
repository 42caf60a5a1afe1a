// The export page in Chromium: a researcher picks a format, a split and the card's license, starts a
// background export, sees it finish (the worker's handler is run here) and downloads the zip; an
// annotator of the project is refused.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { strFromU8, unzipSync } from "fflate";
import { type Browser, type BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { resetEnv } from "../../lib/env";
import { runExportJob } from "../../lib/export/jobs";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createTestUser, type TestUser } from "../helpers/auth";
import { seedSyntheticProject } from "./export-fixture";
import { launchChromium } from "../helpers/browser";

const OUTPUT = path.resolve("tests/output/export-page");

let app: AppServer | undefined;
let browser: Browser | undefined;
let projectId = 0;
let researcher: TestUser;
let annotator: TestUser;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  process.env.CHORUS_HOME = path.join(OUTPUT, "home");
  resetEnv();
  projectId = (await seedSyntheticProject("page-faces")).projectId;
  researcher = await createTestUser("researcher", { projectId });
  annotator = await createTestUser("annotator", { projectId });
  // The server writes nothing for exports (the worker does), but shares CHORUS_HOME for downloads.
  app = await startAppServer();
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

function contextFor(user: TestUser): Promise<BrowserContext> {
  // API tokens authenticate page requests too (lib/auth/guard.ts reads `Authorization: Bearer`).
  return browser!.newContext({
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { authorization: `Bearer ${user.token}` },
  });
}

describe("export page in Chromium", () => {
  it("runs a background export with the researcher's license and offers the zip", async () => {
    const context = await contextFor(researcher);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const response = await page.goto(`${app!.url}/projects/${projectId}/export`);
    expect(response?.status()).toBe(200);
    await page.getByLabel(/JSONL/).check();
    await page.getByRole("checkbox", { name: "train", exact: true }).check();
    await page.getByLabel("License (dataset card)").fill("CC BY-NC 4.0");
    await page.screenshot({ path: path.join(OUTPUT, "form.png"), fullPage: true });
    await page.getByRole("button", { name: "Start export" }).click();
    await page.locator(".export-jobs tbody tr").first().waitFor();
    const job = await db.exportJob.findFirstOrThrow({ where: { projectId } });
    expect(job).toMatchObject({ format: "jsonl", status: "queued", filters: { splits: ["train"] } });
    expect((await db.project.findUniqueOrThrow({ where: { id: projectId } })).license).toBe("CC BY-NC 4.0");
    // The worker's part, run here so the test needs no worker process.
    await runExportJob(job.id);
    const link = page.getByRole("link", { name: "Download zip" });
    await link.waitFor({ timeout: 20_000 });
    await page.screenshot({ path: path.join(OUTPUT, "done.png"), fullPage: true });
    const download = await context.request.get(`${app!.url}${await link.getAttribute("href")}`);
    expect(download.status()).toBe(200);
    const files = unzipSync(new Uint8Array(await download.body()));
    expect(strFromU8(files["README.md"]!)).toContain("## License\nCC BY-NC 4.0");
    expect(strFromU8(files["data.jsonl"]!).trim().split("\n")).toHaveLength(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("refuses an annotator of the project", async () => {
    const context = await contextFor(annotator);
    const page = await context.newPage();
    await page.goto(`${app!.url}/projects/${projectId}/export`);
    await expect(page.getByRole("heading", { name: "Forbidden" }).count()).resolves.toBe(1);
    expect(await page.getByRole("button", { name: "Start export" }).count()).toBe(0);
    await context.close();
  });
});
