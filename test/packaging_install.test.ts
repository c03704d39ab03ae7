// `npx torch-node install`: the official LibTorch archive streamed to disk with a
// checksum, resumable, through a proxy (scripts/download.js), unpacked into the
// cache (scripts/libtorch.js); and the npm install script, which never fails a
// user's install for a network problem. Against a local node:http server
// serving a small fake archive (no network here).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFile, execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "fs";
import * as http from "http";
import * as https from "https";
import * as net from "net";
import { tmpdir } from "os";
import { dirname, join } from "path";
import { promisify } from "util";
import { zipSync } from "fflate";

const root = join(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dl = require("../scripts/download.js") as {
  download(url: string, dest: string, opts?: { sha256?: string; env?: NodeJS.ProcessEnv; onProgress?: (a: number, b: number | null) => void }):
    Promise<{ file: string; size: number; sha256: string; verified: string; resumedFrom: number }>;
  proxyFor(url: URL, env: NodeJS.ProcessEnv): URL | null;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lt = require("../scripts/libtorch.js") as { libtorchZipUrl(p: string, a: string, v?: string, variant?: string, env?: NodeJS.ProcessEnv): string; TORCH_VERSION: string };
const execFileP = promisify(execFile);

// A fake LibTorch archive: libtorch/{build-version, include/ATen/ATen.h, lib/...} and 256 KiB of
// incompressible bytes, so a download arrives in several chunks and can be cut in the middle.
const noise = new Uint8Array(256 * 1024);
for (let i = 0, x = 12345; i < noise.length; i++) { x = (x * 1103515245 + 12345) >>> 0; noise[i] = x >>> 24; }
const archive = Buffer.from(zipSync({
  libtorch: {
    "build-version": new TextEncoder().encode(`${lt.TORCH_VERSION}+cpu\n`),
    include: { ATen: { "ATen.h": new Uint8Array(0) } },
    lib: { "libc10.so": new TextEncoder().encode("c10"), "libtorch_cpu.so": new TextEncoder().encode("cpu"), "big.bin": [noise, { level: 0 }] },
  },
}));
const sha = createHash("sha256").update(archive).digest("hex");
const ETAG = `"${sha.slice(0, 16)}"`;

const requests: { url: string; range?: string; ifRange?: string }[] = [];
let cutOnce = true;
const server = http.createServer((req, res) => {
  requests.push({ url: req.url!, range: req.headers.range, ifRange: req.headers["if-range"] as string | undefined });
  const url = req.url!;
  if (url === "/libtorch.zip.sha256") { res.end(`${sha}  libtorch.zip\n`); return; }
  if (url === "/wrongsum.zip.sha256") { res.end(`${"0".repeat(64)}  wrongsum.zip\n`); return; }
  if (url === "/moved.zip") { res.writeHead(302, { Location: "/libtorch.zip" }); res.end(); return; }
  if (!["/libtorch.zip", "/wrongsum.zip", "/nosum.zip", "/cut.zip"].includes(url)) { res.writeHead(404); res.end(); return; }
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
  if (m && (!req.headers["if-range"] || req.headers["if-range"] === ETAG)) {
    const start = Number(m[1]);
    res.writeHead(206, { "Content-Range": `bytes ${start}-${archive.length - 1}/${archive.length}`, "Content-Length": archive.length - start, ETag: ETAG });
    res.end(archive.subarray(start));
    return;
  }
  res.writeHead(200, { "Content-Length": archive.length, ETag: ETAG });
  if (url === "/cut.zip" && cutOnce) {
    // the connection drops after 100 KiB
    cutOnce = false;
    res.write(archive.subarray(0, 100 * 1024));
    setTimeout(() => res.socket!.destroy(), 200);
    return;
  }
  res.end(archive);
});
const connects: string[] = [];
const proxy = http.createServer((_req, res) => { res.writeHead(405); res.end(); });
proxy.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
  connects.push(req.url!);
  const [host, port] = req.url!.split(":");
  const up = net.connect(Number(port), host, () => {
    client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    up.write(head);
    up.pipe(client);
    client.pipe(up);
  });
  up.on("error", () => client.destroy());
});

let base = "", proxyUrl = "", tmp = "";
const noEnv = { PATH: process.env.PATH };
/** This process's environment without proxy variables (the local server is reached directly). */
const directEnv = () => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(https?|all|no)_proxy$/i.test(k)));
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  proxyUrl = `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  tmp = mkdtempSync(join(tmpdir(), "torch-node-install-"));
});
afterAll(() => {
  server.close();
  proxy.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe("streamed download (scripts/download.js)", () => {
  it("downloads to disk and verifies the sha256 the server publishes", async () => {
    const dest = join(tmp, "a.zip");
    const seen: number[] = [];
    const r = await dl.download(`${base}/libtorch.zip`, dest, { env: noEnv, onProgress: (got) => seen.push(got) });
    expect(readFileSync(dest).equals(archive)).toBe(true);
    expect(r).toMatchObject({ size: archive.length, sha256: sha, verified: "sha256", resumedFrom: 0 });
    expect(seen[seen.length - 1]).toBe(archive.length);
    expect(seen.length).toBeGreaterThan(2);
    expect(existsSync(`${dest}.partial`)).toBe(false);
  });

  it("without a published checksum: size checked, sha256 returned to be recorded", async () => {
    const r = await dl.download(`${base}/nosum.zip`, join(tmp, "b.zip"), { env: noEnv });
    expect(r).toMatchObject({ size: archive.length, sha256: sha, verified: "size" });
  });

  it("follows a redirect", async () => {
    const r = await dl.download(`${base}/moved.zip`, join(tmp, "c.zip"), { env: noEnv });
    expect(r.sha256).toBe(sha);
  });

  it("resumes a cut download with a Range request guarded by If-Range", async () => {
    const dest = join(tmp, "cut.zip");
    await expect(dl.download(`${base}/cut.zip`, dest, { env: noEnv })).rejects.toThrow();
    const partial = statSync(`${dest}.partial`).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(archive.length);
    requests.length = 0;
    const r = await dl.download(`${base}/cut.zip`, dest, { env: noEnv });
    expect(requests[0]).toEqual({ url: "/cut.zip", range: `bytes=${partial}-`, ifRange: ETAG });
    expect(r.resumedFrom).toBe(partial);
    expect(readFileSync(dest).equals(archive)).toBe(true);
    expect(r.sha256).toBe(sha);
  });

  it("a wrong checksum is an error and the download is deleted", async () => {
    const dest = join(tmp, "w.zip");
    await expect(dl.download(`${base}/wrongsum.zip`, dest, { env: noEnv })).rejects.toThrow(
      `checksum mismatch for ${base}/wrongsum.zip: expected sha256 ${"0".repeat(64)}, got ${sha}`);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.partial`)).toBe(false);
    // a checksum given by the caller is checked the same way
    await expect(dl.download(`${base}/nosum.zip`, dest, { env: noEnv, sha256: "f".repeat(64) })).rejects.toThrow(/checksum mismatch/);
    const ok = await dl.download(`${base}/nosum.zip`, dest, { env: noEnv, sha256: sha.toUpperCase() });
    expect(ok.verified).toBe("sha256");
  });

  it("an HTTP error names the status", async () => {
    await expect(dl.download(`${base}/missing.zip`, join(tmp, "m.zip"), { env: noEnv })).rejects.toThrow(`download of ${base}/missing.zip failed: HTTP 404`);
  });

  it("goes through HTTP_PROXY / HTTPS_PROXY with a CONNECT tunnel, and NO_PROXY bypasses it", async () => {
    connects.length = 0;
    const r = await dl.download(`${base}/libtorch.zip`, join(tmp, "p.zip"), { env: { HTTP_PROXY: proxyUrl } });
    expect(r.sha256).toBe(sha);
    expect(connects).toContain(base.replace("http://", ""));
    connects.length = 0;
    await dl.download(`${base}/libtorch.zip`, join(tmp, "p2.zip"), { env: { HTTP_PROXY: proxyUrl, NO_PROXY: "localhost,127.0.0.1" } });
    expect(connects).toEqual([]);

    const u = new URL("https://download.pytorch.org/libtorch/cpu/x.zip");
    expect(dl.proxyFor(u, { https_proxy: "http://proxy:3128" })?.href).toBe("http://proxy:3128/");
    expect(dl.proxyFor(u, { HTTPS_PROXY: "proxy:3128" })?.host).toBe("proxy:3128");
    expect(dl.proxyFor(u, { HTTP_PROXY: "http://proxy:3128" })).toBe(null);
    expect(dl.proxyFor(u, { HTTPS_PROXY: "http://proxy:3128", NO_PROXY: ".pytorch.org" })).toBe(null);
    expect(dl.proxyFor(u, { HTTPS_PROXY: "http://proxy:3128", NO_PROXY: "*" })).toBe(null);
    expect(dl.proxyFor(u, { HTTPS_PROXY: "http://proxy:3128", NO_PROXY: "example.org" })?.host).toBe("proxy:3128");
  });
});

const hasOpenssl = spawnSync("openssl", ["version"]).status === 0;
describe("https through a proxy", () => {
  it.runIf(hasOpenssl)("an https download through HTTPS_PROXY: TLS inside the CONNECT tunnel, the certificate checked", async () => {
    const key = join(tmp, "key.pem"), cert = join(tmp, "cert.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", key, "-out", cert,
      "-days", "1", "-addext", "subjectAltName=DNS:localhost"], { stdio: "ignore" });
    const tlsServer = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (req, res) => {
      if (req.url === "/libtorch.zip") res.end(archive);
      else { res.writeHead(404); res.end(); }
    });
    await new Promise<void>((r) => tlsServer.listen(0, "127.0.0.1", r));
    try {
      const port = (tlsServer.address() as net.AddressInfo).port;
      const code = `require(${JSON.stringify(join(root, "scripts", "download.js"))}).download(process.argv[1], process.argv[2])
        .then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e.message); process.exit(2); })`;
      connects.length = 0;
      // "localhost" resolves to 127.0.0.1 at the proxy; the certificate is for localhost
      const { stdout } = await execFileP(process.execPath, ["-e", code, `https://localhost:${port}/libtorch.zip`, join(tmp, "tls.zip")],
        { env: { PATH: process.env.PATH, HTTPS_PROXY: proxyUrl, NODE_EXTRA_CA_CERTS: cert } });
      expect(JSON.parse(stdout)).toMatchObject({ sha256: sha, size: archive.length });
      expect(connects).toContain(`localhost:${port}`);
      // without the certificate trusted, the TLS check fails (the tunnel does not bypass it)
      const r = await execFileP(process.execPath, ["-e", code, `https://localhost:${port}/libtorch.zip`, join(tmp, "tls2.zip")],
        { env: { PATH: process.env.PATH, HTTPS_PROXY: proxyUrl } }).catch((e) => e);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/self[- ]signed|unable to verify/i);
    } finally {
      tlsServer.close();
    }
  });
});

describe("npx torch-node install", () => {
  it("variants map to the official archive names", () => {
    expect(lt.libtorchZipUrl("linux", "x64", "2.13.0", "cu128")).toBe(
      "https://download.pytorch.org/libtorch/cu128/libtorch-shared-with-deps-2.13.0%2Bcu128.zip");
    expect(lt.libtorchZipUrl("win32", "x64", "2.13.0", "cu126")).toBe(
      "https://download.pytorch.org/libtorch/cu126/libtorch-win-shared-with-deps-2.13.0%2Bcu126.zip");
    expect(() => lt.libtorchZipUrl("darwin", "arm64", "2.13.0", "cu126")).toThrow(/cpu variant only/);
    expect(() => lt.libtorchZipUrl("linux", "x64", "2.13.0", "cuda")).toThrow(/unknown LibTorch variant 'cuda'/);
    expect(lt.libtorchZipUrl("linux", "x64", "2.13.0", "cpu", { TORCH_NODE_LIBTORCH_MIRROR: "http://mirror/lt/" })).toBe(
      "http://mirror/lt/cpu/libtorch-shared-with-deps-2.13.0%2Bcpu.zip");
  });

  it("downloads, unpacks into <dir>/libtorch-<version>-<variant> and records size and sha256; a second run does nothing", async () => {
    const dir = join(tmp, "install-dir");
    const env = { ...directEnv(), TORCH_NODE_LIBTORCH_MIRROR: base };
    const cli = join(root, "scripts", "cli.js");
    const { stdout, stderr } = await execFileP(process.execPath, [cli, "install", "--dir", dir, "--url", `${base}/libtorch.zip`], { env });
    const dest = join(dir, `libtorch-${lt.TORCH_VERSION}-cpu`);
    expect(stdout).toContain(`LibTorch ${lt.TORCH_VERSION}+cpu installed (official zip) at ${dest} (${archive.length} bytes, sha256 ${sha}, verified)`);
    expect(stdout).toContain(`is not searched by default: set TORCH_NODE_CACHE=${dir}`);
    expect(stderr).toMatch(/LibTorch 2\.\d+\.\d+\+cpu: 100%/);  // the progress lines (not a terminal)
    expect(readFileSync(join(dest, "lib", "libc10.so"), "utf8")).toBe("c10");
    expect(JSON.parse(readFileSync(join(dest, ".complete"), "utf8"))).toEqual({ url: `${base}/libtorch.zip`, size: archive.length, sha256: sha, verified: "sha256" });
    expect(existsSync(`${dest}.zip`)).toBe(false);
    const again = await execFileP(process.execPath, [cli, "install", "--dir", dir], { env });
    expect(again.stdout).toContain(`LibTorch ${lt.TORCH_VERSION}+cpu is already installed at ${dest}`);
  });

  it("--variant picks the archive; a failure exits 1 with the reason", async () => {
    const dir = join(tmp, "install-cu");
    const env = { ...directEnv(), TORCH_NODE_LIBTORCH_MIRROR: base };
    const r = await execFileP(process.execPath, [join(root, "scripts", "cli.js"), "install", "--variant", "cu128", "--dir", dir], { env }).catch((e) => e);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`download of ${base}/cu128/libtorch-shared-with-deps-${lt.TORCH_VERSION}%2Bcu128.zip failed: HTTP 404`);
    const bad = spawnSync(process.execPath, [join(root, "scripts", "cli.js"), "install", "--variant", "cuda"], { encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("unknown LibTorch variant 'cuda'");
  });
});

describe("npm install script", () => {
  function layout(dir: string): string {
    mkdirSync(dir, { recursive: true });
    cpSync(join(root, "package.json"), join(dir, "package.json"));
    cpSync(join(root, "scripts"), join(dir, "scripts"), { recursive: true });
    return dir;
  }
  // no Python torch, no pip (PYTHON points nowhere), an empty cache, and the archive server unreachable
  const offline = () => ({ PATH: dirname(process.execPath), HOME: join(tmp, "home-offline"), PYTHON: join(tmp, "no-python"),
    TORCH_NODE_LIBTORCH_MIRROR: "http://127.0.0.1:9" });

  it("inside a user's node_modules: a network failure does not fail the install, it prints what to run", () => {
    const pkg = layout(join(tmp, "app", "node_modules", "torch-node"));
    const r = spawnSync(process.execPath, [join(pkg, "scripts", "install.js")], { cwd: pkg, env: offline(), encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain("torch-node: could not obtain LibTorch now:");
    expect(r.stderr).toContain("npx torch-node install");
  });

  it("in a clone (CI) the same failure fails the install", () => {
    const pkg = layout(join(tmp, "clone"));
    const r = spawnSync(process.execPath, [join(pkg, "scripts", "install.js")], { cwd: pkg, env: offline(), encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("torch-node: install failed: could not find LibTorch");
  });
});
