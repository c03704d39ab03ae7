// download=true against a local HTTP server (a child process: the dataset
// constructors block while a child downloads, so the server cannot live in
// this thread). The server serves files made here from the fixture trees,
// logs each request's Range header, and under /cut/ closes the connection
// half-way through the body.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import * as crypto from "node:crypto";
import { spawn, ChildProcess } from "node:child_process";
import { datasets } from "../../src/vision";

const FIX = path.join(__dirname, "..", "fixtures", "vision");
const TREE = path.join(FIX, "datasets");
const py = JSON.parse(fs.readFileSync(path.join(FIX, "datasets.json"), "utf8"));
const md5 = (f: string) => crypto.createHash("md5").update(fs.readFileSync(f)).digest("hex");

const SERVER = String.raw`
const http = require("http"), fs = require("fs"), path = require("path");
const [dir, log] = process.argv.slice(-2);
http.createServer((req, res) => {
  fs.appendFileSync(log, JSON.stringify({ url: req.url, range: req.headers.range || null }) + "\n");
  const f = path.join(dir, path.basename(req.url));
  if (!fs.existsSync(f)) { res.writeHead(404); return res.end(); }
  const data = fs.readFileSync(f);
  let start = 0;
  const m = /^bytes=(\d+)-$/.exec(req.headers.range || "");
  if (m) {
    start = Number(m[1]);
    if (start >= data.length) { res.writeHead(416); return res.end(); }
    res.writeHead(206, { "Content-Length": data.length - start, "Content-Range": "bytes " + start + "-" + (data.length - 1) + "/" + data.length });
  } else res.writeHead(200, { "Content-Length": data.length });
  const body = data.subarray(start);
  if (req.url.startsWith("/cut/")) {
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.socket.destroy(), 100));
    return;
  }
  res.end(body);
}).listen(0, "127.0.0.1", function () { process.stdout.write(this.address().port + "\n"); });
`;

let server: ChildProcess;
let base: string;
let served: string;
let log: string;
let tmp: string;
const requests = () => fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as { url: string; range: string | null });

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tn-dl-"));
  served = path.join(tmp, "served");
  fs.mkdirSync(served);
  log = path.join(tmp, "requests.log");
  fs.writeFileSync(log, "");
  // the FashionMNIST fixture files, gzipped as the mirrors serve them
  for (const f of fs.readdirSync(path.join(TREE, "FashionMNIST", "raw")))
    fs.writeFileSync(path.join(served, f + ".gz"), zlib.gzipSync(fs.readFileSync(path.join(TREE, "FashionMNIST", "raw", f))));
  // a CIFAR-10 archive of the fake batches (made with the tar package, as cifar-10-python.tar.gz)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tar = require("tar");
  tar.c({ gzip: true, file: path.join(served, "cifar-10-python.tar.gz"), cwd: path.join(TREE, "cifar"), sync: true }, ["cifar-10-batches-py"]);
  server = spawn(process.execPath, ["-e", SERVER, "--", served, log], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve, reject) => {
    server.stdout!.once("data", (d) => resolve(String(d).trim()));
    server.once("exit", (c) => reject(new Error(`server exited ${c}`)));
  });
  base = `http://127.0.0.1:${port}/`;
});
afterAll(() => {
  server?.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** FashionMNIST whose resources carry the MD5s of the files served here (Python's idiom: override the class attribute). */
function fashionWith(md5s: (f: string) => string) {
  return class FashionMNIST extends datasets.FashionMNIST {
    static resources: [string, string][] = datasets.FashionMNIST.resources.map(([f]) => [f, md5s(f)]);
  };
}

describe("download=true", () => {
  it("downloads the gzipped IDX files (MD5-checked), unzips them, and reads them as torchvision", () => {
    const root = path.join(tmp, "fashion");
    const F = fashionWith((f) => md5(path.join(served, f)));
    const ds = new F(root, true, null, null, true, { baseUrl: base });
    expect(ds.length).toBe(py.fashion_train.length);
    const [img, t] = ds.getItem(1);
    expect(Array.from(img.flatten().toTypedArray() as Uint8Array)).toEqual(py.fashion_train.items["1"].values);
    expect(t).toBe(py.fashion_train.items["1"].target);
    for (const f of ["train-images-idx3-ubyte", "t10k-labels-idx1-ubyte", "train-images-idx3-ubyte.gz"]) expect(fs.existsSync(path.join(root, "FashionMNIST", "raw", f))).toBe(true);
    expect(fs.readdirSync(path.join(root, "FashionMNIST", "raw")).filter((f) => f.includes("partial") || f.includes("tmp"))).toEqual([]);
    // a second construction downloads nothing
    const n = requests().length;
    new F(root, { train: false, download: true, baseUrl: base });
    expect(requests().length).toBe(n);
  });

  it("the environment variable TORCH_NODE_DATASETS_MIRROR points the downloader at a mirror", () => {
    const root = path.join(tmp, "fashion-env");
    const F = fashionWith((f) => md5(path.join(served, f)));
    process.env.TORCH_NODE_DATASETS_MIRROR = base;
    try {
      expect(new F(root, { download: true }).length).toBe(py.fashion_train.length);
    } finally {
      delete process.env.TORCH_NODE_DATASETS_MIRROR;
    }
  });

  it("a wrong MD5 throws a clear error and leaves neither a finished nor a partial file", () => {
    const root = path.join(tmp, "fashion-bad");
    const F = fashionWith(() => "0123456789abcdef0123456789abcdef");
    expect(() => new F(root, { download: true, baseUrl: base })).toThrow(
      /Error downloading train-images-idx3-ubyte\.gz:\nTried .*, got:\nThe MD5 of http:\/\/127\.0\.0\.1:\d+\/train-images-idx3-ubyte\.gz is [0-9a-f]{32}, expected 0123456789abcdef0123456789abcdef/,
    );
    expect(fs.readdirSync(path.join(root, "FashionMNIST", "raw"))).toEqual([]);
    expect(() => new F(root)).toThrow("Dataset not found. You can use download=True to download it");
  });

  it("an interrupted download keeps its bytes in .partial and resumes with an HTTP Range request", () => {
    const root = path.join(tmp, "resume");
    const file = path.join(served, "train-images-idx3-ubyte.gz");
    const sum = md5(file), size = fs.statSync(file).size;
    expect(() => datasets.utils.downloadUrl(base + "cut/train-images-idx3-ubyte.gz", root, null, sum, { quiet: true })).toThrow(
      /failed: .* after \d+ of \d+ bytes \(kept in .*train-images-idx3-ubyte\.gz\.partial; downloading again resumes\)/,
    );
    const partial = path.join(root, "train-images-idx3-ubyte.gz.partial");
    const have = fs.statSync(partial).size;
    expect(have).toBe(Math.floor(size / 2));
    expect(fs.existsSync(path.join(root, "train-images-idx3-ubyte.gz"))).toBe(false);
    datasets.utils.downloadUrl(base + "train-images-idx3-ubyte.gz", root, null, sum, { quiet: true });
    expect(requests().at(-1)).toEqual({ url: "/train-images-idx3-ubyte.gz", range: `bytes=${have}-` });
    expect(md5(path.join(root, "train-images-idx3-ubyte.gz"))).toBe(sum);
    expect(fs.existsSync(partial)).toBe(false);
  });

  it("a partial file with wrong bytes is never kept: the MD5 check deletes it", () => {
    const root = path.join(tmp, "resume-bad");
    fs.mkdirSync(root);
    const file = path.join(served, "train-labels-idx1-ubyte.gz");
    fs.writeFileSync(path.join(root, "train-labels-idx1-ubyte.gz.partial"), Buffer.from("garbage"));
    expect(() => datasets.utils.downloadUrl(base + "train-labels-idx1-ubyte.gz", root, null, md5(file), { quiet: true })).toThrow(/The MD5 of .* is [0-9a-f]{32}, expected/);
    expect(fs.readdirSync(root)).toEqual([]);
    datasets.utils.downloadUrl(base + "train-labels-idx1-ubyte.gz", root, null, md5(file), { quiet: true });
    expect(md5(path.join(root, "train-labels-idx1-ubyte.gz"))).toBe(md5(file));
  });

  it("downloadUrlAsync: the same download without blocking; a missing file is an HTTP error", async () => {
    const root = path.join(tmp, "async");
    const file = path.join(served, "t10k-labels-idx1-ubyte.gz");
    await datasets.utils.downloadUrlAsync(base + "t10k-labels-idx1-ubyte.gz", root, "labels.gz", md5(file), { quiet: true });
    expect(md5(path.join(root, "labels.gz"))).toBe(md5(file));
    await expect(datasets.utils.downloadUrlAsync(base + "nothing.gz", root, null, null, { quiet: true })).rejects.toThrow(/nothing\.gz failed: HTTP 404/);
  });

  it("CIFAR10: downloads the tar.gz (MD5-checked) and extracts it", () => {
    const root = path.join(tmp, "cifar");
    const m = py.cifar_md5;
    class CIFAR10 extends datasets.CIFAR10 {
      static tgzMd5 = md5(path.join(served, "cifar-10-python.tar.gz"));
      static trainList: [string, string][] = ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"].map((f) => [f, m[f]]);
      static testList: [string, string][] = [["test_batch", m.test_batch]];
      static meta = { filename: "batches.meta", key: "label_names", md5: m["batches.meta"] };
    }
    const ds = new CIFAR10(root, false, null, null, true, { baseUrl: base });
    expect(ds.targets).toEqual(py.cifar10_test.targets);
    expect(Array.from(ds.getItem(2)[0].flatten().toTypedArray() as Uint8Array)).toEqual(py.cifar10_test.items["2"].values);
    expect(fs.existsSync(path.join(root, "cifar-10-python.tar.gz"))).toBe(true);
  });
});
