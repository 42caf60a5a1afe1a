// Seeded randomness for demos, bootstrap intervals, policies and simulations, so that a run with the same seed repeats exactly.
// Math.random cannot be seeded, hence a small generator of our own.

/** A source of uniform numbers in [0, 1). */
export type Rng = () => number;

/**
 * Mulberry32 (Tommy Ettinger, 2017; public domain): a 32-bit state generator, fast and good enough
 * for shuffles and Monte Carlo draws (it passes gjrand's tests at the sizes used here).
 */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed derived from several integers (FNV-1a over their bytes), e.g. (run seed, image id). */
export function mixSeed(...parts: number[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    let value = part | 0;
    for (let i = 0; i < 4; i++) {
      hash ^= value & 0xff;
      hash = Math.imul(hash, 0x01000193) >>> 0;
      value >>>= 8;
    }
  }
  return hash >>> 0;
}

/** An integer uniform in [0, n). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Shuffles `items` in place (Fisher-Yates, Knuth TAOCP vol. 2, algorithm P) and returns it. */
export function shuffleInPlace<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    const held = items[i]!;
    items[i] = items[j]!;
    items[j] = held;
  }
  return items;
}

/** A standard normal draw (Box-Muller transform). */
export function normalDraw(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * A Gamma(shape, 1) draw: Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
 * ACM TOMS 26(3); for shape < 1 the boost Gamma(a) = Gamma(a + 1) * U^(1/a) from the same paper.
 */
export function gammaDraw(rng: Rng, shape: number): number {
  if (shape <= 0) return 0;
  if (shape < 1) return gammaDraw(rng, shape + 1) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normalDraw(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** A draw from Dirichlet(alpha): normalised independent Gamma(alpha_k, 1) draws. Zero alphas give zeros. */
export function dirichletDraw(rng: Rng, alpha: readonly number[]): number[] {
  const draws = alpha.map((a) => gammaDraw(rng, a));
  const total = draws.reduce((sum, x) => sum + x, 0);
  // All-zero draws happen only when every shape is tiny; fall back to the mean rather than NaN.
  if (total === 0) {
    const alphaTotal = alpha.reduce((sum, a) => sum + a, 0);
    return alpha.map((a) => a / alphaTotal);
  }
  return draws.map((x) => x / total);
}
