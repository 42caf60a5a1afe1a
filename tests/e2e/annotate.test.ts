// End to end in Chromium: a new annotator opens an invite link, labels five faces with the
// keyboard alone, undoes one, and the database holds exactly the four remaining votes.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite } from "../../lib/auth/invites";
import { createUserWithPassword } from "../../lib/auth/users";
import { db } from "../../lib/db";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { startAppServer, type AppServer } from "../helpers/app-server";
import { createProjectWithImages } from "../helpers/annotation-fixtures";
import { launchChromium } from "../helpers/browser";

const OUTPUT = path.resolve("tests/output/annotate");

let app: AppServer | undefined;
let browser: Browser | undefined;
let projectId = 0;
let inviteToken = "";

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  const researcher = await createUserWithPassword({
    email: "lead@e2e.test",
    name: "Lead",
    role: "researcher",
    password: "e2e-password",
  });
  const { project } = await createProjectWithImages({
    name: "E2E faces",
    labels: [...FERPLUS_LABELS],
    targetVotes: 3,
    images: 8,
    ownerId: researcher.id,
  });
  projectId = project.id;
  inviteToken = (await createInvite(project.id, researcher.id)).token;
  app = await startAppServer();
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function currentImageId(page: Page): Promise<number> {
  const value = await page.locator("img.face").getAttribute("data-image-id");
  return Number(value);
}

/** Waits until the face on screen is no longer `previous` (the prefetched one replaced it). */
async function waitForNewFace(page: Page, previous: number): Promise<number> {
  await page.waitForFunction(
    (old) => {
      const img = document.querySelector<HTMLImageElement>("img.face");
      return img !== null && img.dataset.imageId !== String(old) && img.complete;
    },
    previous,
    { timeout: 10_000 },
  );
  return currentImageId(page);
}

async function join(page: Page, workerId: string): Promise<void> {
  await page.goto(`${app!.url}/join/${inviteToken}?workerId=${workerId}`);
  await page.keyboard.press("Enter");
  await page.waitForURL(`**/annotate/${projectId}`, { timeout: 20_000 });
  await page.locator("img.face").waitFor({ state: "visible", timeout: 20_000 });
}

describe("annotation page", () => {
  it("labels five faces by keyboard, undoes one, and stores exactly four votes", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await join(page, "E2E-WORKER-1");
    await page.screenshot({ path: path.join(OUTPUT, "desktop.png"), fullPage: true });

    const keys = ["1", "2", "u", "5", "n"];
    const expected = ["neutral", "happiness", "unknown", "anger", "not_a_face"];
    const answered: number[] = [];
    for (const key of keys) {
      const imageId = await currentImageId(page);
      answered.push(imageId);
      await page.waitForTimeout(150);
      await page.keyboard.press(key);
      await waitForNewFace(page, imageId);
    }
    expect(new Set(answered).size).toBe(5);
    await expect.poll(() => page.getByTestId("vote-count").textContent()).toBe("5");

    await page.keyboard.press("z");
    await page.waitForFunction(
      (id) => document.querySelector<HTMLImageElement>("img.face")?.dataset.imageId === String(id),
      answered[4],
      { timeout: 10_000 },
    );
    await expect.poll(() => page.getByTestId("vote-count").textContent()).toBe("4");
    await page.screenshot({ path: path.join(OUTPUT, "desktop-after-undo.png"), fullPage: true });

    const annotator = await db.user.findFirstOrThrow({ where: { workerId: "E2E-WORKER-1" } });
    expect(annotator.role).toBe("annotator");
    const votes = await db.vote.findMany({ where: { annotatorId: annotator.id }, orderBy: { id: "asc" } });
    expect(votes.map((vote) => vote.imageId)).toEqual(answered.slice(0, 4));
    expect(votes.map((vote) => FERPLUS_LABELS[vote.label])).toEqual(expected.slice(0, 4));
    for (const vote of votes) {
      // Measured in the browser from the face appearing to the key press (>= the 150 ms pause).
      expect(vote.durationMs).toBeGreaterThanOrEqual(100);
      expect(vote.durationMs).toBeLessThan(60_000);
    }
    const undone = await db.image.findUniqueOrThrow({ where: { id: answered[4] } });
    expect(undone.voteCount).toBe(0);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it("fits a 390 px phone screen", async () => {
    const context = await browser!.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await join(page, "E2E-PHONE-1");
    await page.screenshot({ path: path.join(OUTPUT, "phone.png"), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const face = await page.locator("img.face").boundingBox();
    expect(face!.width).toBeGreaterThanOrEqual(300);
    // Tapping a label answers too.
    const before = await currentImageId(page);
    await page.locator('button[data-label="surprise"]').tap();
    await waitForNewFace(page, before);
    await expect.poll(() => page.getByTestId("vote-count").textContent()).toBe("1");
    await context.close();
  });

  it("keeps a vote whose submit failed and resends it with the same key: stored once", async () => {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await join(page, "E2E-RETRY-1");
    const keys: string[] = [];
    let attempts = 0;
    await page.route("**/api/projects/*/votes", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      attempts++;
      keys.push(
        (JSON.parse(route.request().postData() ?? "{}") as { idempotencyKey: string }).idempotencyKey,
      );
      // The first submit dies on the network; the queue must retry it.
      if (attempts === 1) return route.abort("internetdisconnected");
      return route.continue();
    });
    const imageId = await currentImageId(page);
    await page.keyboard.press("3");
    await waitForNewFace(page, imageId);
    const annotator = await db.user.findFirstOrThrow({ where: { workerId: "E2E-RETRY-1" } });
    await expect
      .poll(() => db.vote.count({ where: { annotatorId: annotator.id } }), { timeout: 15_000 })
      .toBe(1);
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(new Set(keys).size).toBe(1);
    const vote = await db.vote.findFirstOrThrow({ where: { annotatorId: annotator.id } });
    expect(vote).toMatchObject({ imageId, label: 2 });
    await context.close();
  });

  it("sends signed-out visitors of the annotation page to sign in", async () => {
    const response = await fetch(`${app!.url}/annotate/${projectId}`, { redirect: "manual" });
    expect([303, 307]).toContain(response.status);
    expect(response.headers.get("location")).toContain("/signin");
  });
});
