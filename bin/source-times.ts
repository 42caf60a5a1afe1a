// The newest modification time among the sources of the web app, to decide whether to rebuild.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

const ROOTS = ["app", "lib", "components", "public", "next.config.js", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", "generated", ".next"]);

/** Newest mtime (ms) of any file under the app's source folders. */
export function newestSourceTime(root: string): number {
  let newest = 0;
  const visit = (file: string) => {
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(file)) if (!SKIP.has(entry)) visit(path.join(file, entry));
    } else if (stat.mtimeMs > newest) {
      newest = stat.mtimeMs;
    }
  };
  for (const entry of ROOTS) visit(path.join(root, entry));
  return newest;
}
