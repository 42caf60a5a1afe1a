// Access to the FER+ data for tests: FERPLUS_DIR (set by .ci/run), else the shared folder beside
// the checkout. Tests that need it skip with a printed reason when it is absent.
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/** The FER+ root (holding FER2013Train/ and FER2013Valid/), or null with a warning printed. */
export function ferplusDir(testName: string): string | null {
  const candidates = [process.env.FERPLUS_DIR, path.resolve("..", "shared", "datasets", "ferplus")];
  const found = candidates.find((dir) => dir && existsSync(path.join(dir, "FER2013Train", "label.csv")));
  if (!found) {
    console.warn(
      `[${testName}] SKIPPED: FER+ data not found (set FERPLUS_DIR to the folder holding FER2013Train/)`,
    );
    return null;
  }
  return found;
}

/** Copies the first `count` rows of a FER+ split (label.csv + PNGs) into a temp folder of the same name. */
export async function ferplusSubset(root: string, split: "FER2013Train" | "FER2013Valid", count: number) {
  const lines = (await readFile(path.join(root, split, "label.csv"), "utf8"))
    .trim()
    .split("\n")
    .slice(0, count);
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), "chorus-ferplus-")), split);
  await mkdir(dir);
  await writeFile(path.join(dir, "label.csv"), lines.join("\n") + "\n");
  await Promise.all(
    lines.map((line) => {
      const name = line.split(",")[0]!;
      return copyFile(path.join(root, split, name), path.join(dir, name));
    }),
  );
  return { dir, lines };
}
