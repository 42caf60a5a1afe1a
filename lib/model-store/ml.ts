// Which ModelLib (model-lib.ts) the store runs against: lib/model through ml-adapter.ts, loaded on
// first use so that tfjs loads only in processes that train, or a stand-in that a test injects.
import type { ModelLib } from "./model-lib";

let injected: ModelLib | undefined;

/** Tests only: run the store against a stand-in instead of lib/model. */
export function setModelLibForTests(lib: ModelLib | undefined): void {
  injected = lib;
}

/** lib/model, loaded on first use (tfjs is heavy; the web server never needs it). */
export async function loadModelLib(): Promise<ModelLib> {
  if (injected) return injected;
  const { modelLib } = await import("./ml-adapter");
  return modelLib;
}
