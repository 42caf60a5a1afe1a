// Issue 15 in Chromium at 1280 and 390 px: the gallery with the model beside the crowd (sort by
// divergence, pages both ways, previous/next on the image page), and a crowd worker's path from the
// instructions through "n of N" to the completion code and return link. Screenshots under
// tests/output/researchers/.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../lib/db";
import { FERPLUS_LABELS } from "../../lib/projects/labels";
import { startAppServer, type AppServer } from "../helpers/app-server";
import type { TestUser } from "../helpers/auth";
import { launchChromium } from "../helpers/browser";
import { createGalleryFixtures } from "../helpers/gallery-fixtures";

const OUTPUT = path.resolve("tests/output/researchers");
const WIDTHS = [1280, 390] as const;
const IMAGES = 60;

let app: AppServer | undefined;
let browser: Browser | undefined;
let researcher: TestUser;
let projectId = 0;
let crowdProjectId = 0;
let inviteToken = "";

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  ({ researcher, projectId, crowdProjectId, inviteToken } = await createGalleryFixtures(IMAGES));
  app = await startAppServer();
  browser = await launchChromium();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

async function newPage(width: number, user: TestUser | null): Promise<Page> {
  const context = await browser!.newContext({
    viewport: { width, height: width > 500 ? 900 : 844 },
    extraHTTPHeaders: user ? { authorization: `Bearer ${user.token}` } : {},
  });
  return context.newPage();
}

const overflowX = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe("gallery with the model beside the crowd", () => {
  it.each(WIDTHS)("sorts by divergence and pages both ways at %i px", async (width) => {
    const page = await newPage(width, researcher);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${app!.url}/projects/${projectId}/gallery?sort=divergence`);
    await page.getByText("model-crowd divergence (JSD), highest first").waitFor({ timeout: 20_000 });
    // The tab names the page and the project.
    expect(await page.title()).toBe("Gallery · Gallery e2e · Chorus");
    const lines = await page.locator(".face-card .model-line").allTextContents();
    expect(lines).toHaveLength(48);
    const jsd = lines.map((line) => Number(/JSD ([\d.]+)/.exec(line)![1]));
    expect(jsd).toEqual([...jsd].sort((a, b) => b - a));
    // Faces load lazily: those in the viewport must have decoded.
    await page.waitForFunction(() =>
      [...document.querySelectorAll("img.face")]
        .filter((img) => img.getBoundingClientRect().top < window.innerHeight)
        .every((img) => (img as HTMLImageElement).naturalWidth > 0),
    );
    await page.screenshot({ path: path.join(OUTPUT, `gallery-${width}.png`), fullPage: width > 500 });
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    await page.getByRole("link", { name: "Next →" }).click();
    await page.waitForURL((url) => url.search.includes("after="));
    await expect.poll(() => page.locator(".face-card").count(), { timeout: 20_000 }).toBe(IMAGES - 48);
    await page.getByRole("link", { name: "← Previous" }).click();
    await page.waitForURL((url) => url.search.includes("before="));
    // Soft navigation under load can take seconds (vitest's poll waits 1 s by default).
    await expect.poll(() => page.locator(".face-card").count(), { timeout: 20_000 }).toBe(48);
    await expect
      .poll(async () => (await page.locator(".face-card .model-line").allTextContents()).join("|"), {
        timeout: 20_000,
      })
      .toBe(lines.join("|"));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("walks the gallery order from the image page", async () => {
    const page = await newPage(1280, researcher);
    await page.goto(`${app!.url}/projects/${projectId}/gallery?sort=confidence&dir=asc`);
    const hrefs = await page
      .locator(".face-card")
      .evaluateAll((cards) => cards.map((card) => card.getAttribute("href")));
    await page.locator(".face-card").first().click();
    await page.waitForURL(/\/images\/\d+\?sort=confidence&dir=asc$/);
    await page.getByText("first face of this view").waitFor();
    await page.getByRole("link", { name: "Next face →" }).click();
    await page.waitForURL((url) => `${url.pathname}${url.search}` === hrefs[1]);
    await page.getByRole("link", { name: "← Previous face" }).click();
    await page.waitForURL((url) => `${url.pathname}${url.search}` === hrefs[0]);
    await page.screenshot({ path: path.join(OUTPUT, "image-1280.png"), fullPage: true });
    await page.context().close();
  });
});

describe("researcher pages at 390 px", () => {
  it.each(["", "/annotators", "/models", "/export", "/settings"])(
    "project%s does not scroll sideways",
    async (tab) => {
      const page = await newPage(390, researcher);
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      const response = await page.goto(`${app!.url}/projects/${projectId}${tab}`);
      expect(response?.status()).toBe(200);
      await page.waitForLoadState("networkidle");
      await page.screenshot({
        path: path.join(OUTPUT, `project${tab.replace("/", "-") || "-overview"}-390.png`),
        fullPage: true,
      });
      // Name the elements that stick out, if any, rather than a bare number.
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll("body *")]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          // Only what widens the page counts: not what a scrolling or clipping box (the tabs row, a
          // wide table, a chart's SVG) holds inside itself.
          .filter((el) => {
            for (let box = el.parentElement; box && box !== document.body; box = box.parentElement) {
              if (box instanceof SVGElement || getComputedStyle(box).overflowX !== "visible") return false;
            }
            return true;
          })
          .slice(0, 5)
          .map(
            (el) =>
              `${el.tagName}.${el.className}[${el.getAttribute("name") ?? ""}] ${Math.round(el.getBoundingClientRect().right)}`,
          ),
      );
      expect(wide).toEqual([]);
      expect(await overflowX(page)).toBeLessThanOrEqual(0);
      // "Sign out" stays on screen.
      const signOut = await page.getByRole("button", { name: "Sign out" }).boundingBox();
      expect(signOut!.x + signOut!.width).toBeLessThanOrEqual(390);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );
});

describe("crowd worker: instructions, n of N, completion", () => {
  it.each(WIDTHS)("reads the instructions, answers 2 of 2 and gets the code at %i px", async (width) => {
    const page = await newPage(width, null);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const workerId = `PROLIFIC-${width}`;
    await page.goto(`${app!.url}/join/${inviteToken}?PROLIFIC_PID=${workerId}`);
    await page.keyboard.press("Enter");
    await page.waitForURL(`**/annotate/${crowdProjectId}`, { timeout: 20_000 });
    await page.getByRole("heading", { name: "How to label" }).waitFor({ timeout: 20_000 });
    await page.waitForFunction(() =>
      [...document.querySelectorAll("img.face")].every((img) => (img as HTMLImageElement).naturalWidth > 0),
    );
    await page.screenshot({ path: path.join(OUTPUT, `instructions-${width}.png`), fullPage: true });
    expect(await page.locator("[data-label]").count()).toBe(0);
    await page.keyboard.press("Enter");
    await page.locator("img.face[data-image-id]").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("vote-quota").textContent()).toBe(" of 2");
    for (const label of ["happiness", "surprise"]) {
      const before = await page.locator("img.face[data-image-id]").getAttribute("data-image-id");
      await page.locator(`button[data-label="${label}"]`).click();
      if (label === "happiness") {
        await page.waitForFunction(
          (old) =>
            document.querySelector<HTMLImageElement>("img.face[data-image-id]")?.dataset.imageId !== old,
          before,
        );
      }
    }
    await page.getByTestId("completion-code").waitFor({ timeout: 20_000 });
    expect(await page.getByTestId("completion-code").textContent()).toBe("CHORUS42");
    expect(await page.getByTestId("return-link").getAttribute("href")).toBe(
      `https://app.prolific.com/submissions/complete?cc=CHORUS42&pid=${workerId}`,
    );
    await page.screenshot({ path: path.join(OUTPUT, `completion-${width}.png`), fullPage: true });
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    const annotator = await db.user.findFirstOrThrow({ where: { workerId } });
    expect(await db.vote.count({ where: { annotatorId: annotator.id } })).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe("data management", () => {
  it("marks an image as gold, then deletes it with its votes after confirming", async () => {
    const page = await newPage(390, researcher);
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    const image = await db.image.findFirstOrThrow({ where: { projectId }, orderBy: { id: "asc" } });
    await page.goto(`${app!.url}/images/${image.id}`);
    await page.getByRole("button", { name: /Mark as gold/ }).click();
    await page.getByRole("button", { name: "Unmark gold" }).waitFor();
    const gold = await db.image.findUniqueOrThrow({ where: { id: image.id } });
    expect(gold.goldDistribution.length).toBe(FERPLUS_LABELS.length);
    await page.getByRole("button", { name: "Delete this image…" }).click();
    await page.getByRole("link", { name: "Download an export first" }).waitFor();
    await page.screenshot({ path: path.join(OUTPUT, "image-delete-390.png"), fullPage: true });
    expect(await overflowX(page)).toBeLessThanOrEqual(0);
    await page.getByRole("button", { name: "Delete image and votes" }).click();
    await page.waitForURL(`**/projects/${projectId}/gallery`);
    expect(await db.image.count({ where: { id: image.id } })).toBe(0);
    expect(await db.vote.count({ where: { imageId: image.id } })).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(WIDTHS)(
    "offers an export and asks for the name before deleting a project at %i px",
    async (width) => {
      const page = await newPage(width, researcher);
      await page.goto(`${app!.url}/projects/${crowdProjectId}/settings`);
      const form = page.getByRole("form", { name: "Delete project" });
      await form.getByRole("link", { name: "Download a full export first" }).waitFor();
      const button = form.getByRole("button", { name: "Delete this project" });
      expect(await button.isDisabled()).toBe(true);
      await form.screenshot({ path: path.join(OUTPUT, `delete-project-${width}.png`) });
      if (width === 390) {
        await form.locator('input[name="confirm"]').fill("Crowd e2e");
        await button.click();
        await page.waitForURL(`${app!.url}/`);
        expect(await db.project.count({ where: { id: crowdProjectId } })).toBe(0);
      }
      await page.context().close();
    },
  );
});
