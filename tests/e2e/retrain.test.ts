// Every project trains from the web page, in Chromium, as a new researcher would: create a project,
// upload a zip of faces (Chorus places them in train/valid/test), two annotators vote (through the
// API), press Retrain on the Models page, and see published model #1 and its prediction beside the
// crowd on an image page. The real worker and model run (tiny network, 3 epochs). Screenshots at
// 1280 and 390 px under tests/output/retrain/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { zipSync } from "fflate";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { generateFaces, renderFace } from "../../lib/demo/synthetic-faces";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createTestUser, type TestUser } from "../helpers/auth";
import { launchChromium } from "../helpers/browser";
import {
  killWorkerProcesses,
  startWorkerProcess,
  type WorkerProcess,
  until,
} from "../helpers/worker-process";

const OUTPUT = path.resolve("tests/output/retrain");
const FACES = generateFaces(60, 11);

let app: AppServer | undefined;
let browser: Browser | undefined;
let worker: WorkerProcess | undefined;
let researcher: TestUser;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  researcher = await createTestUser("researcher");
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

/** One annotator answers every task the project hands out, through the same API the annotation page uses. */
async function annotate(
  projectId: number,
  annotator: TestUser,
  pick: (face: (typeof FACES)[number]) => string,
) {
  const headers = { authorization: `Bearer ${annotator.token}`, "content-type": "application/json" };
  let answered = 0;
  for (let step = 0; step < 200; step++) {
    const next = await fetch(`${app!.url}/api/projects/${projectId}/tasks/next`, { headers });
    expect(next.status).toBe(200);
    const { task } = (await next.json()) as { task: { imageId: number } | null };
    if (!task) break;
    const image = await db.image.findUniqueOrThrow({ where: { id: task.imageId } });
    const face = FACES.find((f) => `${f.name}` === image.externalName)!;
    const vote = await fetch(`${app!.url}/api/projects/${projectId}/votes`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        imageId: task.imageId,
        label: pick(face),
        durationMs: 1200,
        idempotencyKey: `${annotator.id.slice(0, 8)}-${step}`,
      }),
    });
    expect(vote.status, await vote.clone().text()).toBeLessThan(300);
    answered++;
  }
  return answered;
}

describe("a project made on the web page trains", () => {
  it("goes from an empty project to a published model with predictions beside the crowd", async () => {
    const context = await browser!.newContext({
      viewport: { width: 1280, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${researcher.token}` },
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));

    // 1. Create the project (FER+ labels, 2 votes per image).
    await page.goto(`${app!.url}/projects/new`);
    await page.locator('input[name="name"]').fill("Faces from the web");
    await page.locator('input[name="targetVotes"]').fill("2");
    await page.getByRole("button", { name: /create/i }).click();
    await page.waitForURL(/\/projects\/\d+\/settings$/, { timeout: 30_000 });
    const projectId = Number(/projects\/(\d+)\/settings/.exec(page.url())![1]);

    // 2. Upload a zip of 60 synthetic faces, split left to Chorus.
    const files: Record<string, Uint8Array> = {};
    for (const face of FACES) files[`faces/${face.name}`] = new Uint8Array(await renderFace(face.params));
    await page.locator('input[name="files"]').setInputFiles({
      name: "faces.zip",
      mimeType: "application/zip",
      buffer: Buffer.from(zipSync(files)),
    });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByRole("status").getByText("Added 60 images").waitFor({ timeout: 60_000 });
    await page.reload();
    const counts = await page.locator("td[data-split]").allTextContents();
    const [train, valid, test] = counts.map(Number);
    expect(train! + valid! + test!).toBe(60);
    expect(train).toBeGreaterThan(40);
    expect(valid).toBeGreaterThan(0);
    await shoot(page, "settings");

    // 3. Two annotators vote: one picks each face's main emotion, the other sometimes its second.
    const ada = await createTestUser("annotator", { projectId });
    const ben = await createTestUser("annotator", { projectId });
    const second = (face: (typeof FACES)[number]) => {
      const ranked = face.distribution.map((p, i) => [p, i] as const).sort((a, b) => b[0] - a[0]);
      return FERPLUS_LABELS[ranked[1]![1]]!;
    };
    expect(await annotate(projectId, ada, (face) => face.primary)).toBeGreaterThanOrEqual(60);
    let turn = 0;
    expect(
      await annotate(projectId, ben, (face) => (turn++ % 3 === 2 ? second(face) : face.primary)),
    ).toBeGreaterThanOrEqual(60);

    // 4. Retrain on the Models page with a tiny network.
    await page.goto(`${app!.url}/projects/${projectId}/models`);
    const form = page.getByRole("form", { name: "retrain", exact: true });
    await form.locator('select[name="paradigm"]').selectOption("soft");
    await form.locator('input[name="epochs"]').fill("3");
    await form.locator('input[name="batchSize"]').fill("16");
    await form.locator('select[name="modelSize"]').selectOption("tiny");
    await form.locator('input[name="augment"]').uncheck();
    // The folded recipe section: turning the default per-image scaling and test-time flip off reaches
    // the stored model (the form sends what it shows, not the schema's defaults).
    await form.getByText("Recipe (input scaling", { exact: false }).click();
    expect(await form.locator('select[name="inputNorm"]').inputValue()).toBe("perImage");
    await form.locator('select[name="inputNorm"]').selectOption("range");
    await form.locator('input[name="ttaFlip"]').uncheck();
    // Weight averaging over the last half of the run (SWA): the worker trains with it.
    expect(await form.locator('input[name="swaStart"]').inputValue()).toBe("0");
    await form.locator('input[name="swaStart"]').fill("0.5");
    await shoot(page, "retrain-form");
    await form.getByRole("button", { name: "Retrain" }).click();
    await form.getByRole("status").getByText("Queued").waitFor({ timeout: 20_000 });
    const model = await until(
      "model #1 to finish",
      () => db.modelVersion.findFirst({ where: { projectId, status: { not: "training" } } }),
      300_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\nworker output:\n${worker!.output().slice(-3000)}`);
    });
    expect(model.error).toBeNull();
    expect(model).toMatchObject({ status: "published", number: 1 });
    expect(model.settings).toMatchObject({
      paradigm: "soft",
      epochs: 3,
      inputNorm: "range",
      ttaFlip: false,
      swaStart: 0.5,
      swaLearningRate: 0.2,
    });
    // The page polls: the table shows #1 published and the Queued line has gone.
    const row = page.locator("table.versions tbody tr").first();
    await row.getByText("published").waitFor({ timeout: 30_000 });
    expect(await row.locator("td").first().textContent()).toBe("#1");
    await form.getByRole("status").waitFor({ state: "detached", timeout: 30_000 });
    await shoot(page, "models");

    // 5. The predict job writes a distribution per image; the image page shows it beside the crowd.
    await until(
      "predictions",
      async () => (await db.prediction.count({ where: { modelId: model.id } })) === 60,
      120_000,
    );
    const image = await db.image.findFirstOrThrow({
      where: { projectId, voteCount: 2 },
      orderBy: { id: "asc" },
    });
    await page.goto(`${app!.url}/images/${image.id}`);
    await page.getByText("Model #1 (soft)").waitFor({ timeout: 20_000 });
    await shoot(page, "image");
    expect(errors).toEqual([]);
    await context.close();
  }, 600_000);
});
