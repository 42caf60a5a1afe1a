// Entry of a training thread (parallel.ts). A worker starts without the parent's TypeScript loader
// (and ignores `--import` in its execArgv on Node 20), so register tsx's CommonJS hook here, then load
// the thread's code as the rest of lib/model is loaded (CommonJS: the package has no "type": "module").
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

register();
createRequire(import.meta.url)("./parallel-worker.ts");
