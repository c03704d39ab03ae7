// Image decoding on the calling thread through sharp's own libvips
// (torch-node/vision io, src/vision/io/_native.ts). The library is the
// libvips-cpp shared object that the @img/sharp-libvips-<platform> package
// ships; JS passes its absolute path and it is dlopen()ed here (no link-time
// dependency, no libvips headers: the few prototypes used are declared below,
// from libvips 8.x's public C API, and its varargs functions take
// NULL-terminated name/value option lists). When sharp is loaded too, the
// dynamic linker hands both the same library instance (same file).
//
// Global libvips state this file touches (nothing else):
// - vips_init (a no-op when sharp started libvips already; sharp's own call is
//   then a no-op too);
// - a g_log handler for the "VIPS" domain that drops libvips warnings (sharp
//   routes them to its silent debuglog; without it they would go to stderr);
// - vips_thread_shutdown on each JS thread that decoded, when its env is torn
//   down (frees libvips's per-thread buffers of a DataLoader worker thread).
//
// One decode: the sniffed format's loader (vips_jpegload_buffer, ...;
// sequential access unless the EXIF orientation is applied; fail_on=error, as
// sharp's failOn "error"), vips_autorot when asked,
// vips_colourspace / vips_cast only for what is not already 8-bit sRGB, gray
// or CMYK, then vips_region_fetch of the whole image on this thread (no
// libvips threadpool: for small images the hop to its workers costs more
// than it gains, and a DataLoader worker thread decodes on its own thread).
// The channel conversion to the ImageReadMode follows PIL's Image.convert
// (the same rules as src/vision/io/_codec.ts's sharp path) and writes the
// planar (CHW) tensor directly. imageDecodeMany (readImages, ImageFolder's
// batches) decodes a list on the calling thread plus up to cores - 1 threads
// of its own, joined before it returns.
#include "common.h"

#include <ATen/ops/empty.h>

#if !defined(_WIN32)
#include <dlfcn.h>
#endif

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>
#include <string>
#include <unordered_map>

namespace tn {

namespace {

using VipsImage = void;
using VipsRegion = void;

// VipsInterpretation, VipsBandFormat, VipsAccess, VipsFailOn values (libvips 8.x headers)
constexpr int kInterpBW = 1, kInterpCMYK = 15, kInterpSRGB = 22, kInterpGrey16 = 26;
constexpr int kFormatUchar = 0;
constexpr int kAccessRandom = 0, kAccessSequential = 1;
constexpr int kFailOnError = 2;

struct Vips {
  int (*init)(const char*);
  // the format's own loaders (vips_image_new_from_buffer would first ask every loader whether it knows the bytes)
  int (*jpegload)(const void*, size_t, VipsImage**, ...);
  int (*pngload)(const void*, size_t, VipsImage**, ...);
  int (*webpload)(const void*, size_t, VipsImage**, ...);
  int (*gifload)(const void*, size_t, VipsImage**, ...);
  int (*autorot)(VipsImage*, VipsImage**, ...);
  int (*colourspace)(VipsImage*, VipsImage**, int, ...);
  int (*cast)(VipsImage*, VipsImage**, int, ...);
  VipsRegion* (*regionNew)(VipsImage*);
  unsigned char* (*regionFetch)(VipsRegion*, int, int, int, int, size_t*);
  int (*width)(const VipsImage*);
  int (*height)(const VipsImage*);
  int (*bands)(const VipsImage*);
  int (*format)(const VipsImage*);
  int (*interpretation)(const VipsImage*);
  int (*nPages)(VipsImage*);
  int (*getString)(const VipsImage*, const char*, const char**);
  char* (*errorBufferCopy)();
  void (*threadShutdown)();
  void (*unref)(void*);
  void (*gfree)(void*);
  unsigned (*logSetHandler)(const char*, int, void (*)(const char*, int, const char*, void*), void*);
};

std::mutex gLibsMutex;
std::unordered_map<std::string, Vips*> gLibs;  // by path; never unloaded

void dropLog(const char*, int, const char*, void*) {}

// Loads (once per path) and starts libvips; nullptr and `why` when it cannot.
Vips* loadVips(const std::string& path, std::string& why) {
  std::lock_guard<std::mutex> lock(gLibsMutex);
  auto it = gLibs.find(path);
  if (it != gLibs.end()) return it->second;
#if defined(_WIN32)
  // sharp's Windows packages ship libvips-42.dll, not libvips-cpp: the sharp path runs there
  why = "the native decoder is not built on Windows";
  return nullptr;
#else
  void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (!h) {
    const char* e = dlerror();
    why = e ? e : "dlopen failed";
    return nullptr;
  }
  auto* v = new Vips();
  bool ok = true;
  auto sym = [&](auto& fn, const char* name) {
    void* p = dlsym(h, name);
    if (!p && ok) {
      ok = false;
      why = std::string("the library has no ") + name;
    }
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(p);
  };
  sym(v->init, "vips_init");
  sym(v->jpegload, "vips_jpegload_buffer");
  sym(v->pngload, "vips_pngload_buffer");
  sym(v->webpload, "vips_webpload_buffer");
  sym(v->gifload, "vips_gifload_buffer");
  sym(v->autorot, "vips_autorot");
  sym(v->colourspace, "vips_colourspace");
  sym(v->cast, "vips_cast");
  sym(v->regionNew, "vips_region_new");
  sym(v->regionFetch, "vips_region_fetch");
  sym(v->width, "vips_image_get_width");
  sym(v->height, "vips_image_get_height");
  sym(v->bands, "vips_image_get_bands");
  sym(v->format, "vips_image_get_format");
  sym(v->interpretation, "vips_image_get_interpretation");
  sym(v->nPages, "vips_image_get_n_pages");
  sym(v->getString, "vips_image_get_string");
  sym(v->errorBufferCopy, "vips_error_buffer_copy");
  sym(v->threadShutdown, "vips_thread_shutdown");
  sym(v->unref, "g_object_unref");
  sym(v->gfree, "g_free");
  sym(v->logSetHandler, "g_log_set_handler");
  if (!ok) {
    delete v;
    return nullptr;
  }
  if (v->init("torch-node") != 0) {
    char* e = v->errorBufferCopy();
    why = std::string("vips_init failed: ") + (e ? e : "");
    v->gfree(e);
    delete v;
    return nullptr;
  }
  // G_LOG_LEVEL_WARNING (1 << 4): libvips's warnings for damaged images, dropped as sharp does
  v->logSetHandler("VIPS", 1 << 4, dropLog, nullptr);
  gLibs.emplace(path, v);
  return v;
#endif
}

// Owns one libvips object (image or region).
struct Ref {
  const Vips* v;
  void* p = nullptr;
  explicit Ref(const Vips* vips, void* obj = nullptr) : v(vips), p(obj) {}
  Ref(const Ref&) = delete;
  Ref& operator=(const Ref&) = delete;
  ~Ref() {
    if (p) v->unref(p);
  }
  void reset(void* q) {
    if (p) v->unref(p);
    p = q;
  }
};

// The first line of libvips's error buffer (which it clears). The buffer is process-wide: when decodes fail
// at the same moment on several threads, a message may be another one's (the failure itself is not).
std::string vipsError(const Vips* v) {
  char* e = v->errorBufferCopy();
  std::string s = e ? e : "";
  v->gfree(e);
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  auto nl = s.find('\n');
  if (nl != std::string::npos) s = s.substr(0, nl);
  return s.empty() ? "libvips failed to decode the image" : s;
}

// PIL's luma (Image.convert("L")) and MULDIV255.
inline uint8_t luma(unsigned r, unsigned g, unsigned b) {
  return static_cast<uint8_t>((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
}
inline unsigned mulDiv255(unsigned a, unsigned b) {
  unsigned t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

// ImageReadMode values (torchvision's)
constexpr int kUnchanged = 0, kGray = 1, kGrayAlpha = 2, kRGB = 3, kRGBA = 4;

struct Decoded {
  at::Tensor t;       // defined on success
  std::string kind;   // otherwise "corrupt", "unsupported" or "error" (anything else thrown)
  std::string message;
};

Decoded fail(const char* kind, std::string message) {
  Decoded d;
  d.kind = kind;
  d.message = std::move(message);
  return d;
}

thread_local bool tShutdownHooked = false;

void shutdownThread(void* arg) {
  static_cast<const Vips*>(arg)->threadShutdown();
}

// One decode, on whatever thread calls it (no JS). `fmt` is the sniffed format.
Decoded decodeOne(const Vips* v, const uint8_t* data, size_t size, const std::string& fmt, int mode, bool exif) {
  const bool gif = fmt == "gif";
  const bool orient = exif && (fmt == "jpeg" || fmt == "png");
  // Sequential access decodes top to bottom in one pass; autorot needs random access.
  const int access = orient ? kAccessRandom : kAccessSequential;
  Ref im(v);
  // The bytes stay alive and unchanged for the whole call (the caller's, its JS thread blocked), which is all
  // libvips reads them in: the image and its region are released before returning.
  VipsImage* loaded = nullptr;
  int rc;
  if (gif) rc = v->gifload(data, size, &loaded, "access", access, "fail_on", kFailOnError, "n", -1, nullptr);
  else if (fmt == "jpeg") rc = v->jpegload(data, size, &loaded, "access", access, "fail_on", kFailOnError, nullptr);
  else if (fmt == "png") rc = v->pngload(data, size, &loaded, "access", access, "fail_on", kFailOnError, nullptr);
  else if (fmt == "webp") rc = v->webpload(data, size, &loaded, "access", access, "fail_on", kFailOnError, nullptr);
  else return fail("unsupported", "Unsupported image file. Only jpeg, png, webp and gif are currently supported.");
  if (rc != 0 || !loaded) {
    if (loaded) v->unref(loaded);
    return fail("corrupt", vipsError(v));
  }
  im.reset(loaded);

  const char* loader = nullptr;
  std::string read = "unknown";
  if (v->getString(im.p, "vips-loader", &loader) == 0 && loader) {
    read = loader;
    auto cut = read.find("load");
    if (cut != std::string::npos) read = read.substr(0, cut);
  }
  if (read != fmt) {
    const char* name = fmt == "jpeg" ? "JPEG" : fmt == "png" ? "PNG" : fmt == "webp" ? "WebP" : "GIF";
    return fail("corrupt", std::string("the ") + name + " data could not be read (libvips reads it as " + read + ")");
  }
  const int pages = v->nPages(im.p);
  if (fmt == "webp" && pages > 1) return fail("unsupported", "Animated webp files are not supported.");
  const int interp = v->interpretation(im.p);
  int vb = v->bands(im.p);
  const bool cmyk = interp == kInterpCMYK;
  const bool gray = interp == kInterpBW || interp == kInterpGrey16 || vb <= 2;

  if (orient) {
    VipsImage* out = nullptr;
    if (v->autorot(im.p, &out, nullptr) != 0) return fail("corrupt", vipsError(v));
    im.reset(out);
  }
  int format = v->format(im.p);
  if (!cmyk && !(format == kFormatUchar && (interp == kInterpSRGB || interp == kInterpBW))) {
    // what sharp's raw output does: to sRGB (gray sources too: their first band is the gray), then 8 bits
    // (16-bit samples keep their high byte)
    VipsImage* out = nullptr;
    if (v->colourspace(im.p, &out, kInterpSRGB, "source_space", interp, nullptr) != 0) return fail("corrupt", vipsError(v));
    im.reset(out);
    format = v->format(im.p);
  }
  if (format != kFormatUchar) {
    VipsImage* out = nullptr;
    if (v->cast(im.p, &out, kFormatUchar, nullptr) != 0) return fail("corrupt", vipsError(v));
    im.reset(out);
  }
  vb = v->bands(im.p);
  const int W = v->width(im.p), H = v->height(im.p);
  const int frames = gif ? std::max(1, pages) : 1;
  const int h = H / frames;
  if (W <= 0 || h <= 0 || vb <= 0) return fail("corrupt", "the image has no pixels");

  Ref region(v, v->regionNew(im.p));
  if (!region.p) return fail("corrupt", vipsError(v));
  size_t len = 0;
  unsigned char* px = v->regionFetch(region.p, 0, 0, W, h * frames, &len);
  if (!px) return fail("corrupt", vipsError(v));
  std::unique_ptr<unsigned char, void (*)(void*)> own(px, v->gfree);
  const int64_t plane = static_cast<int64_t>(W) * h;
  if (len != static_cast<size_t>(plane * frames * vb)) return fail("corrupt", "libvips gave an unexpected buffer size");

  // source channels as the decoder gives them: (g), (g, a), (r, g, b), (r, g, b, a); CMYK is made RGB
  int src;
  if (cmyk) src = 3;
  else if (gray) src = (vb == 2 || vb == 4) ? 2 : 1;
  else src = vb >= 4 ? 4 : 3;
  int dst;
  switch (gif && mode == kUnchanged ? kRGB : mode) {  // torchvision's decode_gif gives RGB
    case kGray: dst = 1; break;
    case kGrayAlpha: dst = 2; break;
    case kRGB: dst = 3; break;
    case kRGBA: dst = 4; break;
    default: dst = src;
  }

  // planar (CHW) output, written straight from libvips's interleaved pixels
  at::Tensor t = at::empty({frames, dst, h, W}, at::TensorOptions().dtype(at::kByte));
  uint8_t* base = t.data_ptr<uint8_t>();
  const uint8_t* in = px;
  const bool srcAlpha = src == 2 || src == 4;
  for (int f = 0; f < frames; f++) {
    uint8_t* o0 = base + static_cast<int64_t>(f) * dst * plane;
    uint8_t* o1 = o0 + plane;
    uint8_t* o2 = o1 + plane;
    uint8_t* o3 = o2 + plane;
    if (!cmyk && !gray && vb == 3 && dst == 3) {
      // the common case: an RGB JPEG read as RGB
      for (int64_t p = 0; p < plane; p++, in += 3) {
        o0[p] = in[0];
        o1[p] = in[1];
        o2[p] = in[2];
      }
      continue;
    }
    for (int64_t p = 0; p < plane; p++, in += vb) {
      unsigned r, g, b, y;
      if (cmyk) {
        // PIL's cmyk2rgb: nk = 255 - k; r = nk - c * nk / 255 (MULDIV255)
        unsigned nk = 255 - in[3];
        r = nk - mulDiv255(in[0], nk);
        g = nk - mulDiv255(in[1], nk);
        b = nk - mulDiv255(in[2], nk);
        y = dst <= 2 ? luma(r, g, b) : 0;
      } else if (gray) {
        r = g = b = y = in[0];
      } else {
        r = in[0];
        g = in[1];
        b = in[2];
        y = dst <= 2 ? luma(r, g, b) : 0;
      }
      const unsigned a = srcAlpha ? in[vb - 1] : 255;
      switch (dst) {
        case 1: o0[p] = static_cast<uint8_t>(y); break;
        case 2: o0[p] = static_cast<uint8_t>(y); o1[p] = static_cast<uint8_t>(a); break;
        case 3: o0[p] = static_cast<uint8_t>(r); o1[p] = static_cast<uint8_t>(g); o2[p] = static_cast<uint8_t>(b); break;
        default:
          o0[p] = static_cast<uint8_t>(r); o1[p] = static_cast<uint8_t>(g); o2[p] = static_cast<uint8_t>(b);
          o3[p] = static_cast<uint8_t>(a);
      }
    }
  }
  Decoded d;
  d.t = gif && frames > 1 ? t : t.select(0, 0);
  return d;
}

Decoded decodeGuarded(const Vips* v, const uint8_t* data, size_t size, const std::string& fmt, int mode, bool exif) {
  try {
    return decodeOne(v, data, size, fmt, mode, exif);
  } catch (const std::exception& e) {
    return fail("error", e.what());
  }
}

napi_value toJs(Napi::Env env, Decoded& d) {
  if (d.t.defined()) return wrapTensor(env, std::move(d.t));
  Napi::Object o = Napi::Object::New(env);
  o.Set("kind", d.kind);
  o.Set("message", d.message);
  return o;
}

Vips* vipsFor(const Napi::CallbackInfo& info) {
  std::string why;
  if (!info[0].IsString()) throwType(info.Env(), "imageDecode(): argument 'path' must be str");
  Vips* v = loadVips(info[0].As<Napi::String>().Utf8Value(), why);
  if (!v) throw std::runtime_error("torch-node/vision io: libvips could not be loaded: " + why);
  if (!tShutdownHooked) {
    tShutdownHooked = true;
    napi_add_env_cleanup_hook(info.Env(), shutdownThread, v);
  }
  return v;
}

int modeArg(const Napi::CallbackInfo& info, size_t i) {
  int mode = info[i].As<Napi::Number>().Int32Value();
  if (mode < kUnchanged || mode > kRGBA) throwRange(info.Env(), "imageDecode(): mode must be 0..4");
  return mode;
}

}  // namespace

// imageCodecLoad(libraryPath) -> true, or the reason (a string) it cannot be used.
static Napi::Value ImageCodecLoad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsString()) throwType(env, "imageCodecLoad(): argument 'path' must be str");
  std::string why;
  Vips* v = loadVips(info[0].As<Napi::String>().Utf8Value(), why);
  if (!v) return Napi::String::New(env, why);
  return Napi::Boolean::New(env, true);
}

// imageDecode(libraryPath, bytes: Uint8Array, format: "jpeg"|"png"|"webp"|"gif", mode 0..4, applyExifOrientation)
// -> a contiguous uint8 tensor [C, H, W] ([N, C, H, W] for a GIF's frames), or { kind, message } when libvips
// refuses the bytes (kind "corrupt" or "unsupported"; "error" for anything else).
static Napi::Value ImageDecode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Vips* v = vipsFor(info);
  if (!info[1].IsTypedArray()) throwType(env, "imageDecode(): argument 'bytes' must be a Uint8Array");
  Napi::Uint8Array bytes = info[1].As<Napi::Uint8Array>();
  Decoded d = decodeGuarded(v, bytes.Data(), bytes.ByteLength(), info[2].As<Napi::String>().Utf8Value(), modeArg(info, 3), info[4].ToBoolean().Value());
  return Napi::Value(env, toJs(env, d));
}

// imageDecodeMany(libraryPath, bytes: Uint8Array[], formats: string[], mode, applyExifOrientation) -> imageDecode's
// results, in order. The images are decoded in parallel: the calling thread and up to (cores - 1) more threads
// (each its own libvips thread state, shut down when it ends), so a DataLoader batch's decodes overlap.
static Napi::Value ImageDecodeMany(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Vips* v = vipsFor(info);
  if (!info[1].IsArray() || !info[2].IsArray()) throwType(env, "imageDecodeMany(): bytes and formats must be arrays");
  Napi::Array list = info[1].As<Napi::Array>();
  Napi::Array fmts = info[2].As<Napi::Array>();
  const uint32_t n = list.Length();
  if (fmts.Length() != n) throwRange(env, "imageDecodeMany(): one format per image");
  const int mode = modeArg(info, 3);
  const bool exif = info[4].ToBoolean().Value();
  struct Job {
    const uint8_t* data;
    size_t size;
    std::string fmt;
  };
  std::vector<Job> jobs(n);
  for (uint32_t i = 0; i < n; i++) {
    Napi::Value b = list.Get(i);
    if (!b.IsTypedArray()) throwType(env, "imageDecodeMany(): each image must be a Uint8Array");
    Napi::Uint8Array u = b.As<Napi::Uint8Array>();
    jobs[i] = {u.Data(), u.ByteLength(), fmts.Get(i).As<Napi::String>().Utf8Value()};
  }
  std::vector<Decoded> out(n);
  std::atomic<uint32_t> next{0};
  auto work = [&]() {
    for (uint32_t i = next++; i < n; i = next++) out[i] = decodeGuarded(v, jobs[i].data, jobs[i].size, jobs[i].fmt, mode, exif);
  };
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  unsigned extra = std::min<unsigned>(cores, n) > 0 ? std::min<unsigned>(cores, n) - 1 : 0;
  std::vector<std::thread> threads;
  threads.reserve(extra);
  for (unsigned k = 0; k < extra; k++) {
    try {
      threads.emplace_back([&, v]() {
        work();
        v->threadShutdown();
      });
    } catch (const std::system_error&) {
      break;  // no more threads: the others (and this one) do the work
    }
  }
  work();
  for (auto& th : threads) th.join();
  Napi::Array res = Napi::Array::New(env, n);
  for (uint32_t i = 0; i < n; i++) res.Set(i, Napi::Value(env, toJs(env, out[i])));
  return res;
}

void initImageCodec(Napi::Env env, Napi::Object exports) {
  TN_EXPORT("imageCodecLoad", ImageCodecLoad);
  TN_EXPORT("imageDecode", ImageDecode);
  TN_EXPORT("imageDecodeMany", ImageDecodeMany);
}

}  // namespace tn
