// torchvision.models.VisionTransformer against torchvision (test/fixtures/vision/make_models_mobile.py):
// vit_b_16's keys and shapes (and part of its initialisation), a tiny configuration's initialisation,
// eval (MultiheadAttention's fast path under noGrad, the slow path with grad) and train forwards,
// a pre-0.13 checkpoint saved by Python (MLPBlock's linear_1/linear_2 keys), interpolateEmbeddings.
import { describe, it, expect } from "vitest";
import { join } from "node:path";
import torch, { nn, Tensor } from "../../src";
import { models } from "../../src/vision";
import { expectTensorClose, KERNEL } from "../tolerance";
import { FX, ModelCase, expectKeys, expectInit, expectForwards, setWeights } from "./models_mobile_helpers";

const C = FX.models as Record<string, ModelCase>;
const TINY = { imageSize: 32, patchSize: 8, numLayers: 2, numHeads: 2, hiddenDim: 16, mlpDim: 32, numClasses: 10 };

describe("VisionTransformer", () => {
  it("vitB16(): torchvision's keys and shapes, its initialisation for a seed", () => {
    torch.manualSeed(0);
    const m = models.vitB16();
    expectKeys(m, C.vit_b_16);
    expectInit(m, C.vit_b_16.init_some!);
    expect([m.imageSize, m.patchSize, m.hiddenDim, m.mlpDim, m.seqLength]).toEqual([224, 16, 768, 3072, 197]);
    const attn = (m.encoder.layers.getItem(0) as models.EncoderBlock).self_attention;
    expect(attn).toBeInstanceOf(nn.MultiheadAttention);
    expect(attn.batchFirst).toBe(true);
  });

  it("vitB32() and vitB16({ imageSize: 32 }) keys", () => {
    expectKeys(models.vitB32(), C.vit_b_32);
    expectKeys(models.vitB16({ imageSize: 32, numClasses: 10 }), C.vit_b_16_32px);
  });

  it("a tiny configuration: keys, initialisation, repr, eval with and without grad, train", () => {
    torch.manualSeed(0);
    const m = new models.VisionTransformer(TINY);
    expectKeys(m, C.vit_tiny);
    expectInit(m, C.vit_tiny.init!);
    expect(String(m)).toBe(FX.reprs.vit_tiny);
    expectForwards(m, C.vit_tiny.forward!, KERNEL_CHAIN);
  });

  it("positional arguments, dropout, attention dropout and representationSize (train-mode draws)", () => {
    torch.manualSeed(0);
    const m = new models.VisionTransformer(32, 8, 2, 2, 16, 32, 0.1, 0.2, 10, 12);
    expectKeys(m, C.vit_tiny_drop);
    expectInit(m, C.vit_tiny_drop.init!);
    expectForwards(m, C.vit_tiny_drop.forward!, KERNEL_CHAIN);
  });

  it("a convolutional stem (ConvStemConfig)", () => {
    torch.manualSeed(0);
    const { ConvStemConfig } = models;
    const stems = [new ConvStemConfig(8, 3, 2), new ConvStemConfig(12, 3, 2), new ConvStemConfig(16, 3, 2)];
    const [outChannels, kernelSize] = stems[1];
    expect([outChannels, kernelSize]).toEqual([12, 3]);
    const m = new models.VisionTransformer({ ...TINY, convStemConfigs: stems });
    expectKeys(m, C.vit_tiny_stem);
    expectInit(m, C.vit_tiny_stem.init!);
    expectForwards(m, C.vit_tiny_stem.forward!, KERNEL_CHAIN);
  });

  it("loads a pre-0.13 checkpoint saved by Python (mlp.linear_1 / mlp.linear_2) as is", () => {
    const sd = torch.load(join(__dirname, "..", "fixtures", "vision", "vit_tiny_legacy.pth")) as Record<string, Tensor>;
    expect(Object.keys(sd)).toEqual(FX.vit_tiny_legacy.legacy_keys);
    const m = new models.VisionTransformer(TINY);
    expect(m.loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    m.eval();
    torch.manualSeed(1);
    const x = torch.randn(2, 3, 32, 32);
    expectTensorClose(torch.noGrad(() => m(x) as Tensor), FX.vit_tiny_legacy.eval, KERNEL_CHAIN, "legacy checkpoint output");
    // an encoder block's MLP loads the old keys on its own too
    const mlp = (m.encoder.layers.getItem(0) as models.EncoderBlock).mlp;
    const old = { "linear_1.weight": sd["encoder.layers.encoder_layer_0.mlp.linear_1.weight"], "linear_1.bias": sd["encoder.layers.encoder_layer_0.mlp.linear_1.bias"],
      "linear_2.weight": sd["encoder.layers.encoder_layer_0.mlp.linear_2.weight"], "linear_2.bias": sd["encoder.layers.encoder_layer_0.mlp.linear_2.bias"] };
    expect(mlp.loadStateDict(old)).toEqual({ missingKeys: [], unexpectedKeys: [] });
  });

  it("interpolateEmbeddings resizes encoder.pos_embedding as torchvision does", () => {
    torch.manualSeed(0);
    const m = new models.VisionTransformer(TINY);
    setWeights(m);
    let st = models.interpolateEmbeddings(48, 8, m.stateDict());
    expectTensorClose(st["encoder.pos_embedding"], FX.interpolate_embeddings.pos_embedding, KERNEL, "bicubic pos_embedding");
    st = models.interpolateEmbeddings(48, 8, m.stateDict(), "bilinear", true);
    expect(Object.keys(st)).toEqual(FX.interpolate_embeddings.bilinear_reset_keys);
    expectTensorClose(st["encoder.pos_embedding"], FX.interpolate_embeddings.bilinear, KERNEL, "bilinear pos_embedding");
    const big = new models.VisionTransformer({ ...TINY, imageSize: 48 });
    expect(big.loadStateDict(st, false).missingKeys).toEqual(["heads.head.weight", "heads.head.bias"]);
  });

  it("errors: torchvision's messages", () => {
    expect(() => new models.VisionTransformer(30, 8, 1, 2, 16, 32)).toThrow(FX.errors.vit_indivisible.message);
    const m = new models.VisionTransformer(TINY);
    expect(() => m(torch.randn(1, 3, 16, 32))).toThrow(FX.errors.vit_height.message);
    expect(() => m(torch.randn(1, 3, 32, 24))).toThrow(FX.errors.vit_width.message);
    expect(() => m(torch.randn(3, 32, 32))).toThrow(RangeError);
    expect(() => models.vitB16({ patchSize: 8 } as never)).toThrow("got multiple values for keyword argument 'patch_size'");
    expect(() => new models.VisionTransformer({ ...TINY, numHeads: 3 })).toThrow("embed_dim must be divisible by num_heads");
    expect(() => new models.VisionTransformer({ ...TINY, numClasses: -1 })).toThrow(/num_classes/);
    expect(() => m.encoder(torch.randn(2, 16))).toThrow("Expected (batch_size, seq_length, hidden_dim) got torch.Size([2, 16])");
  });
});

/** The tiny ViT: a handful of layers, float32 attention and norms. */
const KERNEL_CHAIN = { rtol: 1e-4, atol: 1e-5 };
