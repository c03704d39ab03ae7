// torch-node/vision io: image files <-> uint8 CHW tensors (torchvision.io), on sharp.
// sharp (an optional dependency) is loaded on the first decode or encode, never on import.
export {
  ImageReadMode, readFile, writeFile,
  decodeImage, readImage, readImages, decodePng, decodeJpeg, decodeWebp, decodeGif,
  encodePng, writePng, encodeJpeg, writeJpeg,
  readImageAsync, decodeImageAsync, encodePngAsync, encodeJpegAsync, writePngAsync, writeJpegAsync,
} from "./image";
export type { ImageReadModeLike, ImageInput, PathLike, DecodeOptions, DecodeJpegOptions } from "./image";
