// Schematic faces drawn by Chorus itself (SVG rendered by sharp) for when no FER+ data is at hand.
// Each face blends two emotion prototypes; the blend weight sets both how the face looks and the
// known label distribution that simulated annotators vote from, so clear faces draw agreeing votes
// and blended faces draw split votes. Tests can check that a model recovers these distributions.
import sharp from "sharp";
import { FERPLUS_LABELS } from "../projects/labels";
import { seededRng } from "../random";

/** Continuous drawing parameters of a face, each in [-1, 1] or [0, 1]. */
export interface FaceParams {
  mouthCurve: number; // -1 frown .. 1 smile
  mouthOpen: number; // 0 closed .. 1 wide open
  mouthSkew: number; // -1..1 one-sided (contempt)
  browTilt: number; // -1 inner ends down (anger) .. 1 inner ends up (sadness, fear)
  browRaise: number; // 0 low .. 1 high (surprise)
  eyeOpen: number; // 0 narrow .. 1 wide
  noseWrinkle: number; // 0 .. 1 (disgust)
}

const NEUTRAL: FaceParams = {
  mouthCurve: 0,
  mouthOpen: 0,
  mouthSkew: 0,
  browTilt: 0,
  browRaise: 0.35,
  eyeOpen: 0.5,
  noseWrinkle: 0,
};

/** Prototype parameters of the eight FER+ emotions. */
export const PROTOTYPES: Record<string, FaceParams> = {
  neutral: NEUTRAL,
  happiness: { ...NEUTRAL, mouthCurve: 1, mouthOpen: 0.3, eyeOpen: 0.4 },
  surprise: { ...NEUTRAL, mouthOpen: 1, browRaise: 1, eyeOpen: 1 },
  sadness: { ...NEUTRAL, mouthCurve: -0.8, browTilt: 0.9, eyeOpen: 0.35 },
  anger: { ...NEUTRAL, mouthCurve: -0.4, browTilt: -1, browRaise: 0.1, eyeOpen: 0.3 },
  disgust: { ...NEUTRAL, mouthCurve: -0.5, mouthSkew: 0.3, noseWrinkle: 1, eyeOpen: 0.25 },
  fear: { ...NEUTRAL, mouthOpen: 0.5, mouthCurve: -0.3, browTilt: 0.7, browRaise: 0.9, eyeOpen: 1 },
  contempt: { ...NEUTRAL, mouthSkew: 1, mouthCurve: 0.2 },
};

const EMOTIONS = FERPLUS_LABELS.slice(0, 8);

export interface SyntheticFace {
  name: string;
  params: FaceParams;
  /** Known label distribution over FERPLUS_LABELS (10 entries, sums to 1). */
  distribution: number[];
  primary: string;
}

function blend(a: FaceParams, b: FaceParams, w: number): FaceParams {
  const out = { ...a };
  for (const key of Object.keys(a) as (keyof FaceParams)[]) out[key] = (1 - w) * a[key] + w * b[key];
  return out;
}

/** Generates `count` faces deterministically from `seed`: a primary emotion, a secondary one and a blend weight. */
export function generateFaces(count: number, seed = 1): SyntheticFace[] {
  const random = seededRng(seed);
  return Array.from({ length: count }, (_, index) => {
    const primary = EMOTIONS[Math.floor(random() * EMOTIONS.length)]!;
    let secondary = EMOTIONS[Math.floor(random() * EMOTIONS.length)]!;
    if (secondary === primary) secondary = "neutral";
    // A third of the faces are clear, the rest blended up to 50/50: ambiguity varies continuously.
    const weight = random() < 0.33 ? random() * 0.1 : random() * 0.5;
    const params = blend(PROTOTYPES[primary]!, PROTOTYPES[secondary]!, weight);
    const distribution = new Array<number>(FERPLUS_LABELS.length).fill(0);
    // 4% of every face's mass goes to `unknown`, as real crowds sometimes decline to answer.
    distribution[FERPLUS_LABELS.indexOf("unknown")] = 0.04;
    distribution[FERPLUS_LABELS.indexOf(primary as (typeof FERPLUS_LABELS)[number])]! += 0.96 * (1 - weight);
    distribution[FERPLUS_LABELS.indexOf(secondary as (typeof FERPLUS_LABELS)[number])]! += 0.96 * weight;
    return { name: `synthetic${String(index).padStart(5, "0")}.png`, params, distribution, primary };
  });
}

/** SVG drawing of a face (96x96 canvas). */
export function faceSvg(p: FaceParams): string {
  const eyeRy = 2 + 6 * p.eyeOpen;
  const browY = 34 - 10 * p.browRaise;
  const tilt = 6 * p.browTilt;
  const mouthY = 70;
  const curve = 12 * p.mouthCurve;
  const skew = 8 * p.mouthSkew;
  const open = 14 * p.mouthOpen;
  const mouth =
    `M ${32} ${mouthY - skew} Q 48 ${mouthY + curve + open} ${64} ${mouthY + skew * 0.2}` +
    (open > 1 ? ` Q 48 ${mouthY + curve - open * 0.4} 32 ${mouthY - skew} Z` : "");
  const wrinkles =
    p.noseWrinkle > 0.2
      ? `<path d="M 42 54 l 4 -3 M 54 54 l -4 -3" stroke="#333" stroke-width="${1 + p.noseWrinkle}" />`
      : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
<rect width="96" height="96" fill="#6b6b6b"/>
<ellipse cx="48" cy="50" rx="34" ry="42" fill="#d9d9d9"/>
<ellipse cx="34" cy="44" rx="7" ry="${eyeRy}" fill="#fff"/><ellipse cx="62" cy="44" rx="7" ry="${eyeRy}" fill="#fff"/>
<circle cx="34" cy="44" r="3" fill="#111"/><circle cx="62" cy="44" r="3" fill="#111"/>
<path d="M 24 ${browY + tilt} L 42 ${browY - tilt}" stroke="#222" stroke-width="3.5" stroke-linecap="round"/>
<path d="M 54 ${browY - tilt} L 72 ${browY + tilt}" stroke="#222" stroke-width="3.5" stroke-linecap="round"/>
<path d="M 48 48 L 45 58 L 51 58" fill="none" stroke="#777" stroke-width="2"/>${wrinkles}
<path d="${mouth}" fill="${open > 1 ? "#3a1f1f" : "none"}" stroke="#3a1f1f" stroke-width="3" stroke-linejoin="round"/>
</svg>`;
}

/** Renders a face as a 48x48 8-bit grayscale PNG, like FER2013's faces. */
export async function renderFace(params: FaceParams): Promise<Buffer> {
  return sharp(Buffer.from(faceSvg(params)))
    .resize(48, 48)
    .grayscale()
    .png()
    .toBuffer();
}

/** Draws `votes` labels (indices into FERPLUS_LABELS) from a face's known distribution. */
export function simulateVotes(distribution: number[], votes: number, random: () => number): number[] {
  return Array.from({ length: votes }, () => {
    let u = random();
    for (let label = 0; label < distribution.length; label++) {
      u -= distribution[label]!;
      if (u < 0) return label;
    }
    return distribution.length - 1;
  });
}
