// Where a training run starts (lib/model-store/encoder-start.ts): scratch, warm model, or pretrained encoder.
import { describe, expect, it } from "vitest";
import { chooseStart, DEFAULT_INIT_MODE } from "@/lib/model-store/encoder-start";
import { trainPayloadSchema } from "@/lib/model-store/schedule";

const encoder = { id: 7 };
const warmFromOld = { id: 40, encoderId: 3 };
const warmFromNewest = { id: 41, encoderId: 7 };
const warmCold = { id: 42, encoderId: null };

describe("chooseStart", () => {
  it("auto: the encoder when there is no warm model, scratch when there is neither", () => {
    expect(chooseStart("auto", null, encoder)).toEqual({ from: "encoder", encoder, encoderId: 7 });
    expect(chooseStart("auto", null, null)).toEqual({ from: "scratch", encoderId: null });
  });

  it("auto: a warm model descending from the newest encoder wins and inherits it", () => {
    expect(chooseStart("auto", warmFromNewest, encoder)).toEqual({
      from: "warm",
      warm: warmFromNewest,
      encoderId: 7,
    });
    expect(chooseStart("auto", warmCold, null)).toEqual({ from: "warm", warm: warmCold, encoderId: null });
  });

  it("auto: a newer encoder than the warm model's wins over the warm model", () => {
    expect(chooseStart("auto", warmFromOld, encoder).from).toBe("encoder");
    expect(chooseStart("auto", warmCold, encoder).from).toBe("encoder");
  });

  it("scratch never uses an encoder; a warm model keeps its lineage", () => {
    expect(chooseStart("scratch", null, encoder)).toEqual({ from: "scratch", encoderId: null });
    expect(chooseStart("scratch", warmFromOld, encoder)).toEqual({
      from: "warm",
      warm: warmFromOld,
      encoderId: 3,
    });
  });

  it("pretrained takes the encoder even over a warm model, and refuses without one", () => {
    expect(chooseStart("pretrained", warmFromNewest, encoder)).toEqual({
      from: "encoder",
      encoder,
      encoderId: 7,
    });
    expect(() => chooseStart("pretrained", warmCold, null)).toThrow(/no encoder/);
  });
});

describe("the default start", () => {
  it("is auto for the CLI, the job payload and runTraining (one constant)", () => {
    expect(DEFAULT_INIT_MODE).toBe("auto");
    expect(trainPayloadSchema.parse({ projectId: 1 }).init).toBe("auto");
  });
});
