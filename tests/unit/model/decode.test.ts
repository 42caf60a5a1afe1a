// lib/model's decode: any image to the network's 48x48 grayscale input in [0, 1] (stretched, never
// cropped), the one decoding that training and predictions share.
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { decode, IMAGE_SIZE, PIXELS_PER_IMAGE } from "@/lib/model";

/** A flat PNG of the given size and RGBA colour. */
function flatPng(width: number, height: number, rgba: [number, number, number, number]): Promise<Buffer> {
  const [r, g, b, alpha] = rgba;
  return sharp({ create: { width, height, channels: 4, background: { r, g, b, alpha } } })
    .png()
    .toBuffer();
}

describe("decode", () => {
  it("gives 48x48 floats scaled to [0, 1]", async () => {
    const white = await decode(await flatPng(48, 48, [255, 255, 255, 1]));
    expect(white).toHaveLength(PIXELS_PER_IMAGE);
    expect(white.every((p) => p === 1)).toBe(true);
    const gray = await decode(await flatPng(48, 48, [51, 51, 51, 1]));
    expect(gray.every((p) => Math.abs(p - 51 / 255) < 1e-6)).toBe(true);
  });

  it("resizes any size and reads an opaque alpha channel as its colour", async () => {
    const black = await decode(await flatPng(96, 96, [0, 0, 0, 1]));
    expect(black.every((p) => p === 0)).toBe(true);
    const light = await decode(await flatPng(30, 30, [200, 200, 200, 1]));
    expect(light).toHaveLength(PIXELS_PER_IMAGE);
    expect(light.every((p) => Math.abs(p - 200 / 255) < 1e-6)).toBe(true);
  });

  it("stretches a non-square image to fill the square instead of cropping it", async () => {
    // 96x48 whose left quarter is black: stretched, output columns 0-11 are black; a centre crop
    // (source columns 24-71) would be all white, and letterboxing would add rows of padding.
    const quarter = await sharp({
      create: { width: 96, height: 48, channels: 3, background: { r: 255, g: 255, b: 255 } },
    })
      .composite([
        {
          input: { create: { width: 24, height: 48, channels: 3, background: { r: 0, g: 0, b: 0 } } },
          left: 0,
          top: 0,
        },
      ])
      .png()
      .toBuffer();
    const pixels = await decode(quarter);
    for (const y of [0, 20, 47]) {
      expect(pixels[y * IMAGE_SIZE + 3]).toBeLessThan(0.05);
      expect(pixels[y * IMAGE_SIZE + 30]).toBeGreaterThan(0.95);
    }
  });

  it("turns colour into one gray level", async () => {
    const red = await decode(await flatPng(48, 48, [255, 0, 0, 1]));
    const green = await decode(await flatPng(48, 48, [0, 255, 0, 1]));
    expect(red[0]).toBeGreaterThan(0);
    expect(red[0]).toBeLessThan(green[0]!); // luminance weighs green above red
    expect(red.every((p) => p === red[0])).toBe(true);
  });

  it("rejects bytes that are not an image", async () => {
    await expect(decode(new Uint8Array([1, 2, 3]))).rejects.toThrow();
  });
});
