// torchvision/ops/_utils.py for the RoI ops: convert_boxes_to_roi_format, check_roi_boxes_shape, _pair,
// and the checks roiAlign / roiPool share (not part of the public ops namespace).
import { Tensor } from "../../tensor";
import { torch } from "../../torch";
import * as dt from "../../dtype";
import { describe } from "../../device";

/** outputSize as [height, width] (torch.nn.modules.utils._pair). */
export function pairArg(fn: string, v: unknown, name = "output_size"): [number, number] {
  const ok = (x: unknown) => typeof x === "number" && Number.isInteger(x) && x > 0;
  if (ok(v)) return [v as number, v as number];
  if (Array.isArray(v) && v.length === 2 && v.every(ok)) return [v[0], v[1]];
  throw new TypeError(`${fn}(): argument '${name}' must be a positive int or [height, width], not ${describe(v)}`);
}

/** convert_boxes_to_roi_format: a list of Tensor[L, 4] (one per image) -> Tensor[K, 5] (image index first). */
export function convertBoxesToRoiFormat(boxes: Tensor[]): Tensor {
  const concat = boxes.length === 1 ? boxes[0] : torch.cat(boxes, 0);
  const ids = boxes.map((b, i) => torch.fullLike(b.index(":", ":1"), i));
  return torch.cat([ids.length === 1 ? ids[0] : torch.cat(ids, 0), concat], 1);
}

/** check_roi_boxes_shape, then the rois tensor (Tensor[K, 5]) either form stands for. */
export function roiBoxes(fn: string, boxes: unknown): Tensor {
  if (Array.isArray(boxes)) {
    for (const t of boxes) {
      if (!(t instanceof Tensor)) throw new TypeError(`${fn}(): boxes is expected to be a Tensor[L, 5] or a List[Tensor[K, 4]], got a list holding ${describe(t)}`);
      if (t.dim() !== 2 || t.shape[1] !== 4)
        throw new RangeError(`${fn}(): The shape of the tensor in the boxes list is not correct as List[Tensor[L, 4]] (got [${t.shape.join(", ")}])`);
    }
    if (boxes.length === 0) throw new RangeError(`${fn}(): boxes is an empty list; give one Tensor[L, 4] per image`);
    return convertBoxesToRoiFormat(boxes as Tensor[]);
  }
  if (boxes instanceof Tensor) {
    if (boxes.dim() !== 2 || boxes.shape[1] !== 5)
      throw new RangeError(`${fn}(): The boxes tensor shape is not correct as Tensor[K, 5] (got [${boxes.shape.join(", ")}])`);
    return boxes;
  }
  throw new TypeError(`${fn}(): boxes is expected to be a Tensor[L, 5] or a List[Tensor[K, 4]], not ${describe(boxes)}`);
}

/** Checks input (Tensor[N, C, H, W]) against rois (same floating dtype, image indices in range). */
export function checkRoiInput(fn: string, input: unknown, rois: Tensor): asserts input is Tensor {
  if (!(input instanceof Tensor)) throw new TypeError(`${fn}(): argument 'input' must be a Tensor, not ${describe(input)}`);
  if (input.dim() !== 4) throw new RangeError(`${fn}(): input should be a Tensor[N, C, H, W], got shape [${input.shape.join(", ")}]`);
  if (!input.isFloatingPoint()) throw new TypeError(`${fn}(): input must be a floating point tensor, got ${input.dtype}`);
  if (input.dtype !== rois.dtype)
    throw new TypeError(`${fn}(): Expected tensor for argument #1 'input' to have the same type as tensor for argument #2 'rois'; but ${input.dtype} does not equal ${rois.dtype}`);
  if (String(input.device) !== String(rois.device))
    throw new TypeError(`${fn}(): input and rois must be on the same device, got ${input.device} and ${rois.device}`);
}

/** The RoIs' values (float64) after checking their image indices lie in [0, N). */
export function roiValues(fn: string, rois: Tensor, n: number): Float64Array {
  const r = rois.detach().to(dt.float64).contiguous().toTypedArray() as Float64Array;
  for (let k = 0; k < r.length; k += 5) {
    const b = Math.trunc(r[k]);
    if (!(b >= 0 && b < n)) throw new RangeError(`${fn}(): box ${k / 5} has image index ${r[k]}, outside the batch of ${n} images`);
  }
  return r;
}

