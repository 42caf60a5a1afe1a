// A tiny separable face set for training tests: class c images are bright in horizontal stripe c, with a
// little deterministic noise, and carry 6 votes for c and 4 for the class before it (a PLL candidate).
import type { LabeledSet } from "../../lib/model";

export const STRIPE_CLASSES = ["neutral", "happiness", "surprise"];

export function stripeFaces(n: number, offset: number): LabeledSet {
  const pixels = new Float32Array(n * 2304);
  const counts: number[][] = [];
  for (let i = 0; i < n; i++) {
    const c = (i + offset) % 3;
    for (let p = 0; p < 2304; p++)
      pixels[i * 2304 + p] = Math.floor(p / 48 / 16) === c ? 0.8 : 0.1 + ((p * 7 + i * 3) % 17) / 60;
    counts.push(STRIPE_CLASSES.map((_, k) => (k === c ? 6 : k === (c + 2) % 3 ? 4 : 0)));
  }
  return { imageIds: counts.map((_, i) => i + offset), pixels, counts };
}
