'use strict';
// Writes the bench's ImageFolder: N photo-like 256x256 RGB JPEGs (quality 90) in 10 class
// folders, under bench/vision/.data/imagefolder (git-ignored), once. "Photo-like": smooth
// colour fields (seeded low-resolution noise upsampled bicubically) with fine grain on top,
// so JPEG has real detail to code, not flat colour.
// Usage: node bench/vision/make_images.js [--count 2000]
const fs = require('fs');
const path = require('path');

const DIR = path.join(__dirname, '.data', 'imagefolder');

async function makeImages(count = 2000) {
  const stamp = path.join(DIR, `.done-${count}`);
  if (fs.existsSync(stamp)) return DIR;
  const torch = require('../../lib').default;
  const { io } = require('../../lib/vision');
  fs.rmSync(DIR, { recursive: true, force: true });
  torch.manualSeed(0);
  const classes = 10;
  for (let c = 0; c < classes; c++) fs.mkdirSync(path.join(DIR, `class_${c}`), { recursive: true });
  for (let i = 0; i < count; i++) {
    const img = torch.tidy(() => {
      const low = torch.rand([1, 3, 6, 6]).mul(255);
      const smooth = torch.nn.functional.interpolate(low, { size: [256, 256], mode: 'bicubic', alignCorners: false });
      const detail = torch.nn.functional.interpolate(torch.randn([1, 3, 32, 32]).mul(25), { size: [256, 256], mode: 'bilinear', alignCorners: false });
      const grain = torch.randn([1, 3, 256, 256]).mul(6);
      return smooth.add(detail).add(grain).clamp(0, 255).round().to(torch.uint8).squeeze(0);
    });
    io.writeJpeg(img, path.join(DIR, `class_${i % classes}`, `img_${String(i).padStart(5, '0')}.jpg`), 90);
  }
  fs.writeFileSync(stamp, '');
  return DIR;
}

module.exports = { makeImages, DIR };
if (require.main === module) {
  const i = process.argv.indexOf('--count');
  makeImages(i >= 0 ? Number(process.argv[i + 1]) : 2000).then((d) => console.log(d));
}
