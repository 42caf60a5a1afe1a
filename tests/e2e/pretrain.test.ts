// Pretraining from the Models page, in Chromium: a researcher starts a short pretraining, the real worker
// runs it, and the page shows the encoder (faces, loss curve, reconstructions); the API refuses bad
// settings naming the field and other projects' researchers. Screenshots at 1280 and 390 px under
// tests/output/pretrain/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createTestUser, type TestUser } from "../helpers/auth";
import { launchChromium } from "../helpers/browser";
import { createVotedProject } from "../helpers/voted-project";
import {
  killWorkerProcesses,
  startWorkerProcess,
  type WorkerProcess,
  until,
} from "../helpers/worker-process";

const OUTPUT = path.resolve("tests/output/pretrain");

let app: AppServer | undefined;
let browser: Browser | undefined;
let worker: WorkerProcess | undefined;
let researcher: TestUser;
let projectId: number;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  projectId = (await createVotedProject({ name: "pretrain-web", perSplit: 8, realImages: true })).project.id;
  researcher = await createTestUser("researcher", { projectId });
  app = await startAppServer();
  worker = startWorkerProcess();
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  killWorkerProcesses();
  await app?.stop();
});

async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(OUTPUT, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe("pretraining on the Models page", () => {
  it("refuses bad settings naming the field, and researchers of other projects", async () => {
    const url = `${app!.url}/api/projects/${projectId}/encoders`;
    const post = (token: string, body: object) =>
      fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", origin: app!.url },
        body: JSON.stringify(body),
      });
    const bad = await post(researcher.token, { maskRatio: 1.5 });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/maskRatio/);
    const misspelt = await post(researcher.token, { maskRatoi: 0.5 });
    expect(misspelt.status).toBe(400);
    const outsider = await createTestUser("researcher");
    expect([403, 404]).toContain((await post(outsider.token, { minutes: 1 })).status);
    expect(
      (await fetch(url, { headers: { authorization: `Bearer ${outsider.token}` } })).status,
    ).toBeGreaterThanOrEqual(403);
    expect(await db.encoderVersion.count({ where: { projectId } })).toBe(0);
  }, 60_000);

  it("starts a pretraining and shows the encoder with its loss curve and reconstructions", async () => {
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${researcher.token}` },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${app!.url}/projects/${projectId}/models`);
    await page.getByText("No encoder yet.").waitFor();
    const form = page.getByRole("form", { name: "pretrain" });
    await form.locator('input[name="minutes"]').fill("0.1");
    await form.locator('select[name="modelSize"]').selectOption("tiny");
    await form.getByRole("button", { name: "Start pretraining" }).click();
    await form.getByText("Pretraining queued").waitFor({ timeout: 20_000 });
    const encoder = await until(
      "the encoder to finish",
      () => db.encoderVersion.findFirst({ where: { projectId, status: { not: "training" } } }),
      300_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker output:\n${worker!.output().slice(-3000)}`);
    });
    expect(encoder).toMatchObject({ status: "published", error: null, faceCount: 16 });
    const card = page.getByRole("article", { name: `Encoder ${encoder.id}` });
    await card.getByText(/pretrained .* UTC/).waitFor({ timeout: 30_000 });
    expect(await card.textContent()).toMatch(
      /16 faces \(test split left out\), model size tiny, mask ratio 0\.6, per-image input scaling/,
    );
    await card.getByText("no model version yet").waitFor();
    const picture = card.getByRole("img", { name: /masked and reconstructed/ });
    expect(await picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(200);
    expect(await card.locator(".recharts-line-curve").count()).toBe(1);
    await page.locator(".encoder-panel").scrollIntoViewIfNeeded();
    await shoot(page, "models");
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});
