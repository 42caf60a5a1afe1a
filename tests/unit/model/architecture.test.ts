// Which stored weights can start a run (lib/model-store/architecture.ts): same model size, depth, input
// scaling and batch norm; settings stored before the recipe fields existed read as [-1, 1] scaling, no
// batch norm, three conv blocks.
import { describe, expect, it } from "vitest";
import { architectureOf, describeArchitecture, fitsArchitecture } from "@/lib/model-store/architecture";
import { trainSettingsSchema } from "@/lib/model/settings";
import { pretrainSettingsSchema } from "@/lib/model/pretrain-settings";

const run = architectureOf(trainSettingsSchema.parse({ modelSize: "tiny" }))!;

describe("architectureOf", () => {
  it("reads a run's parsed settings: today's defaults scale per image, without batch norm", () => {
    expect(run).toEqual({ modelSize: "tiny", inputNorm: "perImage", batchNorm: false, convBlocks: 3 });
    expect(architectureOf(trainSettingsSchema.parse({ batchNorm: true, inputNorm: "range" }))).toEqual({
      modelSize: "small",
      inputNorm: "range",
      batchNorm: true,
      convBlocks: 3,
    });
  });

  it("reads settings stored before inputNorm and batchNorm existed as [-1, 1] without batch norm", () => {
    expect(architectureOf({ modelSize: "tiny", maskRatio: 0.6 })).toEqual({
      modelSize: "tiny",
      inputNorm: "range",
      batchNorm: false,
      convBlocks: 3,
    });
  });

  it("returns null for settings without a model size or with an unknown scaling", () => {
    expect(architectureOf({})).toBeNull();
    expect(architectureOf(null)).toBeNull();
    expect(architectureOf({ modelSize: "tiny", inputNorm: "zscore" })).toBeNull();
  });
});

describe("fitsArchitecture", () => {
  it("an encoder pretrained with today's defaults fits a run with today's defaults of its size", () => {
    const encoder = pretrainSettingsSchema.parse({ modelSize: "tiny" });
    expect(fitsArchitecture(encoder, run)).toBe(true);
    expect(fitsArchitecture({ ...encoder, modelSize: "small" }, run)).toBe(false);
  });

  it("refuses another input scaling (an old encoder) or batch norm on either side", () => {
    expect(fitsArchitecture({ modelSize: "tiny" }, run)).toBe(false);
    expect(fitsArchitecture({ modelSize: "tiny" }, { ...run, inputNorm: "range" })).toBe(true);
    expect(fitsArchitecture({ modelSize: "tiny", inputNorm: "perImage", batchNorm: true }, run)).toBe(false);
    expect(fitsArchitecture({ modelSize: "tiny", inputNorm: "perImage" }, { ...run, batchNorm: true })).toBe(
      false,
    );
    expect(fitsArchitecture("not settings", run)).toBe(false);
  });

  it("refuses another depth: a four-block run takes no three-block encoder or model, and the reverse", () => {
    const deep = architectureOf(trainSettingsSchema.parse({ modelSize: "tiny", convBlocks: 4 }))!;
    expect(deep.convBlocks).toBe(4);
    expect(fitsArchitecture(pretrainSettingsSchema.parse({ modelSize: "tiny" }), deep)).toBe(false);
    expect(fitsArchitecture(trainSettingsSchema.parse({ modelSize: "tiny" }), deep)).toBe(false);
    expect(fitsArchitecture(trainSettingsSchema.parse({ modelSize: "tiny", convBlocks: 4 }), deep)).toBe(
      true,
    );
    expect(fitsArchitecture(trainSettingsSchema.parse({ modelSize: "tiny", convBlocks: 4 }), run)).toBe(
      false,
    );
  });

  it("describes an architecture for logs and errors", () => {
    expect(describeArchitecture(run)).toBe("model size tiny, per-image input scaling, no batch norm");
    expect(
      describeArchitecture({ modelSize: "small", inputNorm: "range", batchNorm: true, convBlocks: 3 }),
    ).toBe("model size small, [-1, 1] input scaling, batch norm");
    expect(describeArchitecture({ ...run, convBlocks: 4 })).toBe(
      "model size tiny, per-image input scaling, no batch norm, 4 conv blocks",
    );
  });
});
