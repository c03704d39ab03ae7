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
import { CodecError, EXITED, READY, REPLIES, type CodecRequest, type HelperReply, type RawImage } from "./_codec";

interface Helper {
  worker: Worker;
  port: MessagePort;
  signal: Int32Array;
}

let helper: Helper | null = null;
/** How long a call waits for a helper thread that never comes up (it reports its own start failures at once). */
const START_TIMEOUT_MS = 60_000;
let nextId = 0; // 0 is the helper's own startup-failure message

/** How the helper thread is started: the compiled _codec.js, or _codec.ts through tsx when running from the sources. */
function helperSource(): { code: string; tsx: string | null; codec: string } {
  const ext = path.extname(__filename);
  const codec = path.join(__dirname, `_codec${ext}`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tsx = ext === ".ts" ? require.resolve("tsx/cjs/api") : null;
  // Written to run as CommonJS and as an ES module: an eval'd worker is ESM when the process was started
  // with --input-type=module (the worker inherits it). A failure to start is reported, never left waiting.
  const code = `
import("module").then(({ createRequire }) => {
  const req = createRequire(${JSON.stringify(codec)});
  const { workerData } = req("worker_threads");
  if (workerData.tsx) req(workerData.tsx).register();
  req(workerData.codec).helperMain();
}).catch((e) => import("worker_threads").then(({ workerData }) => {
  const sig = new Int32Array(workerData.signal);
  workerData.port.postMessage({ id: 0, error: { message: String(e && e.stack || e), kind: null, name: "Error" } });
  Atomics.store(sig, ${EXITED}, 1);
  Atomics.add(sig, ${REPLIES}, 1);
  Atomics.notify(sig, ${REPLIES});
}));
`;
  return { code, tsx, codec };
}

function start(): Helper {
  const sp = sharpPath(); // throws the "needs sharp" error here, on the calling thread
  const { code, tsx, codec } = helperSource();
  const sab = new SharedArrayBuffer(12);
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
  const [r] = runManySync([req]);
  if (r instanceof Error) throw r;
  return r;
}

/**
 * Runs codec requests on the helper thread at once (sharp decodes them in parallel on libuv's
 * thread pool) and blocks until every answer is in: the answers in order, an Error where one failed.
 */
export function runManySync(reqs: CodecRequest[]): (RawImage | Uint8Array | Error)[] {
  if (helper === null || Atomics.load(helper.signal, EXITED) === 1) helper = start();
  const h = helper;
  const t0 = Date.now();
  const first = nextId + 1;
  for (const req of reqs) {
    const id = ++nextId;
    // an encode request's pixels are a fresh copy (image.ts): moved, not cloned
    const transfer = req.op === "encode" && req.data.byteLength === req.data.buffer.byteLength ? [req.data.buffer as ArrayBuffer] : [];
    h.port.postMessage({ ...req, id }, transfer);
  }
  const out: (RawImage | Uint8Array | Error | undefined)[] = new Array(reqs.length);
  let pending = reqs.length;
  while (pending > 0) {
    const seen = Atomics.load(h.signal, REPLIES);
    for (let r = receiveMessageOnPort(h.port); r; r = receiveMessageOnPort(h.port)) {
      const reply = r.message as HelperReply;
      const k = reply.id - first;
      if (k < 0 || k >= reqs.length || out[k] !== undefined) continue; // an answer to an abandoned call
      out[k] = reply.error
        ? reply.error.kind ? new CodecError(reply.error.message, reply.error.kind as CodecError["kind"]) : new Error(reply.error.message)
        : ((reply.image ?? reply.bytes) as RawImage | Uint8Array);
      pending--;
    }
    if (pending === 0) break;
    if (Atomics.load(h.signal, EXITED) === 1) {
      if (helper === h) helper = null;
      void h.worker.terminate();
      let why = "";
      for (let m = receiveMessageOnPort(h.port); m; m = receiveMessageOnPort(h.port)) {
        const reply = m.message as HelperReply;
        if (reply.id === 0 && reply.error) why = `: ${reply.error.message.split("\n")[0]}`;
      }
      throw new Error(`torch-node/vision io: the image codec thread exited unexpectedly${why}`);
    }
    if (Atomics.load(h.signal, READY) === 0 && Date.now() - t0 > START_TIMEOUT_MS) {
      if (helper === h) helper = null;
      void h.worker.terminate();
      throw new Error(`torch-node/vision io: the image codec thread did not start in ${START_TIMEOUT_MS / 1000} s`);
    }
    Atomics.wait(h.signal, REPLIES, seen, 1000);
  }
  return out as (RawImage | Uint8Array | Error)[];
}
