// The synchronous io API: sharp only offers promises, but torchvision's io and
// a dataset's getItem are synchronous. So a helper thread (worker_threads) runs
// sharp, and the caller blocks in Atomics.wait until the helper posts the
// answer, which it reads with receiveMessageOnPort (the scheme of DataLoader's
// worker pool). The thread starts on first use, is unref'd (it never keeps the
// process alive), and each thread that calls (the main thread, a DataLoader
// worker) gets its own.
import { Worker, MessageChannel, MessagePort, receiveMessageOnPort } from "worker_threads";
import * as path from "path";
import { sharpPath } from "./sharp";
import { CodecError, EXITED, REPLIES, type CodecRequest, type HelperReply, type RawImage } from "./_codec";

interface Helper {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let helper: Helper | null = null;
let nextId = 0;

/** How the helper thread is started: the compiled _codec.js, or _codec.ts through tsx when running from the sources. */
function helperSource(): { code: string; tsx: string | null; codec: string } {
  const ext = path.extname(__filename);
  const codec = path.join(__dirname, `_codec${ext}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsx = ext === ".ts" ? require.resolve("tsx/cjs/api") : null;
  const code =
    "const { workerData } = require('worker_threads');\n" +
    "if (workerData.tsx) require(workerData.tsx).register();\n" +
    "require(workerData.codec).helperMain();\n";
  return { code, tsx, codec };
}

function start(): Helper {
  const sp = sharpPath(); // throws the "needs sharp" error here, on the calling thread
  const { code, tsx, codec } = helperSource();
  const sab = new SharedArrayBuffer(8);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(code, {
    eval: true,
    workerData: { port: port2, signal: sab, sharpPath: sp, tsx, codec },
    transferList: [port2],
    stdout: false,
    stderr: false,
  });
  worker.unref();
  port1.unref();
  worker.on("error", () => {}); // reported to the waiting caller through the EXITED flag
  const h: Helper = { worker, port: port1, signal: new Int32Array(sab) };
  worker.once("exit", () => {
    if (helper === h) helper = null;
  });
  return h;
}

/** Runs one codec request on the helper thread and blocks until its answer. */
export function runSync(req: CodecRequest): RawImage | Uint8Array {
  if (helper === null || Atomics.load(helper.signal, EXITED) === 1) helper = start();
  const h = helper;
  const id = ++nextId;
  // an encode request's pixels are a fresh copy (image.ts): moved, not cloned
  const transfer = req.op === "encode" && req.data.byteLength === req.data.buffer.byteLength ? [req.data.buffer as ArrayBuffer] : [];
  h.port.postMessage({ ...req, id }, transfer);
  for (;;) {
    const seen = Atomics.load(h.signal, REPLIES);
    let r = receiveMessageOnPort(h.port);
    while (r) {
      const reply = r.message as HelperReply;
      if (reply.id === id) {
        if (reply.error) {
          const e = reply.error.kind ? new CodecError(reply.error.message, reply.error.kind as CodecError["kind"]) : new Error(reply.error.message);
          throw e;
        }
        return (reply.image ?? reply.bytes) as RawImage | Uint8Array;
      }
      r = receiveMessageOnPort(h.port); // an answer to an abandoned call
    }
    if (Atomics.load(h.signal, EXITED) === 1) {
      if (helper === h) helper = null;
      void h.worker.terminate();
      throw new Error("torch-node/vision io: the image codec thread exited unexpectedly");
    }
    Atomics.wait(h.signal, REPLIES, seen, 1000);
  }
}
