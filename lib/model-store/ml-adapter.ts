// lib/model's exports as the ModelLib the store uses. lib/model/index.ts has not landed yet: until it
// does, every call fails loudly instead of pretending to train.
import type { ModelLib } from "./ml";

const missing = () => {
  throw new Error("lib/model is not available yet: training and predictions cannot run");
};

export const modelLib: ModelLib = new Proxy({} as ModelLib, { get: () => missing });
