// The training recipe's optional pieces (issue 12 items 3 and 4). Five are on by default, chosen on
// FER2013Valid (docs/learning.md, "Defaults"): per-image input scaling, the test-time flip, and for pll
// one epoch of vote-share warm-up, own-feature prototypes at 0.3 and vote shares kept at 0.3 in every
// update. The rest stay off until measured to help at a real budget.
import { z } from "zod";

/** Which emotions form an image's PLL candidate set (lib/model/votes.ts candidateSet). */
export const candidateRuleSchema = z.discriminatedUnion("kind", [
  /** At least `votes` votes. */
  z.object({ kind: z.literal("minVotes"), votes: z.number().int().min(1).max(1000) }),
  /** At least `share` of the image's emotion votes (FERPlus's multi_target mode uses 0.3). */
  z.object({ kind: z.literal("share"), share: z.number().gt(0).max(1) }),
  /** The `k` most-voted emotions that have votes (ties: the lower class index first). */
  z.object({ kind: z.literal("topK"), k: z.number().int().min(1).max(100) }),
]);
export type CandidateRule = z.infer<typeof candidateRuleSchema>;

const generalRecipeSettings = {
  /** Batch norm after every conv (before its ReLU); statistics re-estimated before each evaluation. */
  batchNorm: z.boolean().default(false),
  /**
   * Depth: conv blocks of two 3x3 convs and a 2x2 pool. 3: 48 -> 6 px, widths w, 2w, 4w; 4 adds a block
   * of 8w channels at 6 px (-> 3 px), two more conv layers for about a third more FLOPs per image.
   */
  convBlocks: z.number().int().min(3).max(4).default(3),
  /** Label smoothing: q <- (1 - eps) q + eps / K (Szegedy et al. 2016, sec. 7). */
  labelSmoothing: z.number().min(0).max(0.5).default(0),
  /** Mixup's Beta(alpha, alpha) (Zhang et al., ICLR 2018); 0: off. Not with pll. */
  mixup: z.number().min(0).max(10).default(0),
  /** Cutout: a square of this many pixels set to mid-grey at a random centre (DeVries & Taylor 2017); 0: off. */
  cutout: z.number().int().min(0).max(48).default(0),
  /** Exponential moving average of the weights, evaluated and stored instead of the raw ones; 0: off. */
  emaDecay: z.number().min(0).max(0.99999).default(0),
  /**
   * Stochastic weight averaging (Izmailov et al., UAI 2018; swa.ts): from this fraction of the schedule on,
   * the learning rate holds at `swaLearningRate` and the weights are averaged with equal weights four times
   * an epoch; the average is evaluated, selected and stored instead of the raw weights. 0: off.
   */
  swaStart: z.number().min(0).max(0.95).default(0),
  /** SWA: the constant learning rate of the averaging phase, as a fraction of `learningRate`. */
  swaLearningRate: z.number().gt(0).max(1).default(0.2),
  /** Test-time augmentation: the stored model averages its distribution over the image and its mirror. */
  ttaFlip: z.boolean().default(true),
  /** Input scaling inside the model: [0, 1] -> [-1, 1] ("range"), or per-image zero mean, unit std. */
  inputNorm: z.enum(["range", "perImage"]).default("perImage"),
};

/** Settings only pll reads (settings.ts adds its two older ones to PLL_ONLY_SETTINGS). */
export const pllRecipeSettings = {
  /** PLL candidate rule; unset: at least `candidateMinVotes` votes. */
  candidateRule: candidateRuleSchema.optional(),
  /** PLL: epochs whose targets stay the vote shares before PRODEN's updates begin. */
  pllWarmupEpochs: z.number().int().min(0).max(500).default(1),
  /**
   * PLL: weight of the prior from the model's OWN penultimate features (class prototypes, moving
   * average, own-prototypes.ts) in each candidate-weight update; 0: off.
   */
  prototypeWeight: z.number().min(0).max(1).default(0.3),
  /**
   * PLL: weight of the vote shares kept in each candidate-weight update; 0: PRODEN's prediction alone
   * (which gave up rare emotions late in training: docs/learning.md, "Keeping the votes in the update").
   */
  voteWeight: z.number().min(0).max(1).default(0.3),
  /**
   * PLL: distribution alignment (ReMixMatch) in each candidate-weight update: the prediction is scaled
   * by the crowd's class marginal over the model's running one before its renormalisation.
   */
  pllAlignment: z.boolean().default(false),
  /** PLL: moving-average momentum of the own-feature class prototypes (PiCO uses 0.99). */
  prototypeMomentum: z.number().min(0).max(0.9999).default(0.99),
};

export const recipeSettings = { ...generalRecipeSettings, ...pllRecipeSettings };
