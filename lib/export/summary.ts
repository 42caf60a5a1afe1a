// Figures for the dataset card, gathered while the rows stream past: constant memory (per label and
// per distinct votes-per-image, never per image). Agreement uses the analytics module's formulas.
import { alphaFromTerms, alphaTerms } from "../ambiguity/agreement";
import type { SplitName } from "./options";
import type { ExportRow } from "./rows";

export interface ExportSummary {
  images: number;
  votes: number;
  imagesWithoutVotes: number;
  minVotes: number | null;
  maxVotes: number | null;
  meanEntropy: number | null;
  imagesBySplit: Record<SplitName | "none", number>;
  votesBySplit: Record<SplitName | "none", number>;
  votesByLabel: number[];
  majorityByLabel: number[];
  /** Krippendorff's alpha (nominal) over images with 2+ votes; null when undefined. */
  alpha: number | null;
  alphaImages: number;
  /** Fleiss' kappa over the images with the most common number of votes (n >= 2); null when undefined. */
  kappa: number | null;
  kappaImages: number;
  kappaVotesPerImage: number | null;
}

interface KappaGroup {
  images: number;
  agreementSum: number;
  columnSums: number[];
}

/** Accumulates the card's figures over a stream of rows. */
export class SummaryAccumulator {
  private readonly labelCount: number;
  private images = 0;
  private votes = 0;
  private withoutVotes = 0;
  private minVotes: number | null = null;
  private maxVotes: number | null = null;
  private entropySum = 0;
  private readonly imagesBySplit = { train: 0, valid: 0, test: 0, none: 0 };
  private readonly votesBySplit = { train: 0, valid: 0, test: 0, none: 0 };
  private readonly votesByLabel: number[];
  private readonly majorityByLabel: number[];
  private readonly alphaValues: number[];
  private alphaAgreeing = 0;
  private alphaImages = 0;
  private readonly kappaGroups = new Map<number, KappaGroup>();

  constructor(private readonly labels: readonly string[]) {
    this.labelCount = labels.length;
    this.votesByLabel = new Array<number>(this.labelCount).fill(0);
    this.majorityByLabel = new Array<number>(this.labelCount).fill(0);
    this.alphaValues = new Array<number>(this.labelCount).fill(0);
  }

  add(row: ExportRow): void {
    const n = row.voteCount;
    this.images += 1;
    this.votes += n;
    if (n === 0) this.withoutVotes += 1;
    this.minVotes = this.minVotes === null ? n : Math.min(this.minVotes, n);
    this.maxVotes = this.maxVotes === null ? n : Math.max(this.maxVotes, n);
    this.entropySum += row.entropy;
    const split = row.split ?? "none";
    this.imagesBySplit[split] += 1;
    this.votesBySplit[split] += n;
    row.counts.forEach(
      (count, label) => (this.votesByLabel[label] = (this.votesByLabel[label] ?? 0) + count),
    );
    if (row.majority !== null) {
      const index = this.labels.indexOf(row.majority);
      if (index >= 0) this.majorityByLabel[index] = (this.majorityByLabel[index] ?? 0) + 1;
    }
    if (n >= 2) {
      const terms = alphaTerms(row.counts);
      terms.values.forEach(
        (value, label) => (this.alphaValues[label] = (this.alphaValues[label] ?? 0) + value),
      );
      this.alphaAgreeing += terms.agreeing;
      this.alphaImages += 1;
      // Fleiss 1971, eq. 2: P_i = (sum_j n_ij^2 - n) / (n (n - 1)), kept per n until the modal n is known.
      let group = this.kappaGroups.get(n);
      if (!group)
        this.kappaGroups.set(
          n,
          (group = { images: 0, agreementSum: 0, columnSums: new Array<number>(this.labelCount).fill(0) }),
        );
      let squares = 0;
      row.counts.forEach((count, label) => {
        squares += count * count;
        group.columnSums[label] = (group.columnSums[label] ?? 0) + count;
      });
      group.images += 1;
      group.agreementSum += (squares - n) / (n * (n - 1));
    }
  }

  /** Fleiss' kappa over the modal group (as lib/ambiguity's rowsWithModalCount picks it: ties -> larger n). */
  private kappa(): { kappa: number | null; images: number; votesPerImage: number | null } {
    let best: [number, KappaGroup] | undefined;
    for (const entry of this.kappaGroups) {
      if (
        !best ||
        entry[1].images > best[1].images ||
        (entry[1].images === best[1].images && entry[0] > best[0])
      )
        best = entry;
    }
    if (!best) return { kappa: null, images: 0, votesPerImage: null };
    const [n, group] = best;
    // Fleiss 1971, eqs. 3-6, 9: P_bar = mean P_i, p_j = column sum / (N n), P_e = sum p_j^2.
    const pBar = group.agreementSum / group.images;
    const pE = group.columnSums.reduce((sum, column) => sum + (column / (group.images * n)) ** 2, 0);
    const kappa = (pBar - pE) / (1 - pE);
    return { kappa: Number.isFinite(kappa) ? kappa : null, images: group.images, votesPerImage: n };
  }

  result(): ExportSummary {
    const alpha = alphaFromTerms(this.alphaValues, this.alphaAgreeing);
    const kappa = this.kappa();
    return {
      images: this.images,
      votes: this.votes,
      imagesWithoutVotes: this.withoutVotes,
      minVotes: this.minVotes,
      maxVotes: this.maxVotes,
      meanEntropy: this.images ? this.entropySum / this.images : null,
      imagesBySplit: { ...this.imagesBySplit },
      votesBySplit: { ...this.votesBySplit },
      votesByLabel: [...this.votesByLabel],
      majorityByLabel: [...this.majorityByLabel],
      alpha: Number.isFinite(alpha) ? alpha : null,
      alphaImages: this.alphaImages,
      kappa: kappa.kappa,
      kappaImages: kappa.images,
      kappaVotesPerImage: kappa.votesPerImage,
    };
  }
}
