// Tensor data in and out, metadata and indexing.
#include "common.h"

#include <ATen/TensorIndexing.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/_to_copy.h>
#include <c10/util/safe_numerics.h>

#include <cstring>
#include <cerrno>
#ifdef _WIN32
#include <io.h>
static long long readAt(int fd, char* p, size_t n, long long pos) {
  if (_lseeki64(fd, pos, SEEK_SET) < 0) return -1;
  return _read(fd, p, static_cast<unsigned>(n > (1u << 30) ? (1u << 30) : n));
}
#else
#include <unistd.h>
static long long readAt(int fd, char* p, size_t n, long long pos) {
  return ::pread(fd, p, n, static_cast<off_t>(pos));
}
#endif

namespace tn {

namespace {

const at::Tensor& self(const Napi::CallbackInfo& info) { return unwrapTensor(info.Env(), info[0], "self"); }

c10::ScalarType typedArrayScalarType(napi_env env, napi_typedarray_type t) {
  switch (t) {
    case napi_float32_array: return at::kFloat;
    case napi_float64_array: return at::kDouble;
    case napi_int8_array: return at::kChar;
    case napi_uint8_array:
    case napi_uint8_clamped_array: return at::kByte;
    case napi_int16_array: return at::kShort;
    case napi_int32_array: return at::kInt;
    case napi_bigint64_array: return at::kLong;
    default: throwType(env, "unsupported TypedArray type (use Float32Array, Float64Array, Int8/16/32Array, Uint8Array or BigInt64Array)");
  }
}

// A new JS ArrayBuffer holding a copy of `nbytes` at `src`.
napi_value copyToArrayBuffer(napi_env env, const void* src, size_t nbytes) {
  void* out = nullptr;
  napi_value ab;
  napi_create_arraybuffer(env, nbytes, &out, &ab);
  if (nbytes) std::memcpy(out, src, nbytes);
  return ab;
}

struct TypedArrayView {
  napi_typedarray_type type;
  size_t length;
  void* data;
};
TypedArrayView typedArrayView(napi_env env, napi_value v, const char* fn) {
  bool isTA = false;
  napi_is_typedarray(env, v, &isTA);
  if (!isTA) throwType(env, std::string(fn) + ": expected a TypedArray");
  TypedArrayView out{};
  napi_value ab;
  size_t offset;
  napi_get_typedarray_info(env, v, &out.type, &out.length, &out.data, &ab, &offset);
  return out;
}

}  // namespace

// The number of elements of `shape`, refusing negative sizes and a product
// past int64 (a shape read from a file can be anything: the unchecked product
// was signed overflow, undefined behaviour that could wrap around to match the
// data's length).
static int64_t checkedNumel(napi_env env, const std::vector<int64_t>& shape, const char* fn) {
  for (auto d : shape)
    if (d < 0) throwRange(env, std::string(fn) + ": negative dimension");
  int64_t numel = 1;
  for (auto d : shape)
    if (c10::mul_overflows(numel, d, &numel))
      throwRange(env, std::string(fn) + ": the shape has more elements than int64 can count");
  return numel;
}

// fromTypedArray(typedArray, shape, dtype?) -> tensor holding a copy of the
// values, with the array's own element type (dtype 11 = bool reads a Uint8Array).
static Napi::Value FromTypedArray(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  TypedArrayView v = typedArrayView(env, info[0], "fromTypedArray");
  napi_typedarray_type type = v.type;
  size_t length = v.length;
  void* data = v.data;
  auto shape = toIntList(env, info[1], "size");
  c10::ScalarType st = typedArrayScalarType(env, type);
  if (info.Length() > 2 && info[2].IsNumber()) {
    auto want = toScalarType(env, info[2], "dtype");
    if (want == at::kBool && st == at::kByte) st = at::kBool;
  }
  const int64_t numel = checkedNumel(env, shape, "fromTypedArray");
  if (numel != static_cast<int64_t>(length))
    throwRange(env, "fromTypedArray: shape does not match the number of values");
  at::Tensor t = at::empty(shape, at::TensorOptions().dtype(st));
  if (length) std::memcpy(t.data_ptr(), data, length * c10::elementSize(st));
  return Napi::Value(env, wrapTensor(env, std::move(t)));
}

// Sparse and compressed layouts have no storage: reading their values throws
// Python's error (contiguous() would throw an obscure memory-format one).
static void noStorageCheck(napi_env env, const at::Tensor& t) {
  if (t.layout() != at::kStrided && !t.has_storage())
    throw Napi::Error::New(env, "Cannot access data pointer of Tensor that doesn't have storage");
}

// toTypedArray(tensor) -> a new ArrayBuffer with the contiguous CPU values
// (bool as bytes, float16/bfloat16 as float32). The caller makes the view.
static Napi::Value ToBuffer(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  at::Tensor t = self(info).detach();
  noStorageCheck(env, t);
  checkJsBufferAttached(env, t);
  if (t.is_complex()) throwType(env, "data(): complex tensors are not supported yet");
  if (t.scalar_type() == at::kHalf || t.scalar_type() == at::kBFloat16) t = t.to(at::kFloat);
  t = t.to(at::kCPU).contiguous();
  return Napi::Value(env, copyToArrayBuffer(env, t.data_ptr(), t.numel() * t.element_size()));
}

// toRawBuffer(tensor) -> ArrayBuffer: the contiguous CPU bytes in the tensor's own dtype.
static Napi::Value ToRawBuffer(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  at::Tensor t = self(info).detach();
  noStorageCheck(env, t);
  checkJsBufferAttached(env, t);
  t = t.to(at::kCPU).contiguous();
  return Napi::Value(env, copyToArrayBuffer(env, t.data_ptr(), t.numel() * t.element_size()));
}

// fromRawBuffer(bytes: TypedArray | Buffer, shape, dtypeCode) -> tensor (a copy)
static Napi::Value FromRawBuffer(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  TypedArrayView v = typedArrayView(env, info[0], "fromRawBuffer");
  if (v.type != napi_uint8_array) throwType(env, "fromRawBuffer: expected bytes (Uint8Array)");
  size_t length = v.length;
  void* data = v.data;
  auto shape = toIntList(env, info[1], "shape");
  auto st = toScalarType(env, info[2], "dtype");
  const int64_t numel = checkedNumel(env, shape, "fromRawBuffer");
  uint64_t nbytes;
  if (c10::mul_overflows(static_cast<uint64_t>(numel), static_cast<uint64_t>(c10::elementSize(st)), &nbytes) ||
      nbytes != length)
    throwRange(env, "fromRawBuffer: the byte length does not match shape and dtype");
  at::Tensor t = at::empty(shape, at::TensorOptions().dtype(st));
  if (length) std::memcpy(t.data_ptr(), data, length);
  return Napi::Value(env, wrapTensor(env, std::move(t)));
}

// shareBuffer(view, byteOffset, shape, dtype, copyIfMisaligned) -> a CPU tensor
// over the memory of `view` (a TypedArray or DataView over an ArrayBuffer or
// SharedArrayBuffer), `byteOffset` bytes past the view's start, contiguous with
// `shape`: torch.from / torch.fromBuffer / torch.frombuffer. Writes through
// either side are seen by the other; the buffer stays alive while the storage
// does (jsBufferDataPtr). An address not aligned for the dtype is copied when
// copyIfMisaligned (Python's frombuffer reads any offset), else a RangeError.
static Napi::Value ShareBuffer(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  napi_value view = info[0];
  bool isTA = false, isDV = false;
  napi_is_typedarray(env, view, &isTA);
  if (!isTA) napi_is_dataview(env, view, &isDV);
  if (!isTA && !isDV) throwType(env, "shareBuffer: expected a TypedArray or DataView");
  void* data = nullptr;
  napi_value ab;
  size_t byteLength = 0, viewOffset = 0;
  if (isTA) {
    napi_typedarray_type type;
    size_t length;
    napi_get_typedarray_info(env, view, &type, &length, &data, &ab, &viewOffset);
    size_t itemsize = type == napi_float64_array || type == napi_bigint64_array || type == napi_biguint64_array ? 8
                      : type == napi_float32_array || type == napi_int32_array || type == napi_uint32_array   ? 4
                      : type == napi_int16_array || type == napi_uint16_array                                 ? 2
                                                                                                               : 1;
    byteLength = length * itemsize;
  } else {
    napi_get_dataview_info(env, view, &byteLength, &data, &ab, &viewOffset);
  }
  bool detached = false;
  napi_is_detached_arraybuffer(env, ab, &detached);
  if (detached) throwType(env, "the buffer's ArrayBuffer is detached (it was transferred): its memory is gone");
  int64_t offset = toInt64(env, info[1], "offset");
  auto shape = toIntList(env, info[2], "size");
  c10::ScalarType st = toScalarType(env, info[3], "dtype");
  bool copyIfMisaligned = info.Length() > 4 && info[4].ToBoolean();
  int64_t numel = 1;
  for (auto d : shape) {
    if (d < 0) throwRange(env, "shareBuffer: negative dimension");
    numel *= d;
  }
  const size_t itemsize = c10::elementSize(st);
  if (offset < 0 || static_cast<size_t>(offset) + static_cast<size_t>(numel) * itemsize > byteLength)
    throwRange(env, "shareBuffer: the requested bytes lie outside the buffer");
  char* p = static_cast<char*>(data) + offset;
  at::TensorOptions opts = at::TensorOptions().dtype(st).device(at::kCPU);
  if (numel > 0 && reinterpret_cast<uintptr_t>(p) % itemsize != 0) {
    if (!copyIfMisaligned)
      throwRange(env, "the buffer's memory at byte offset " + std::to_string(viewOffset + offset) +
                          " is not aligned for " + std::string(c10::toString(st)) + " (" + std::to_string(itemsize) +
                          "-byte elements): a tensor cannot share it; use a multiple of " + std::to_string(itemsize) +
                          " as the offset, or copy (torch.frombuffer)");
    at::Tensor t = at::empty(shape, opts);
    std::memcpy(t.data_ptr(), p, static_cast<size_t>(numel) * itemsize);
    return Napi::Value(env, wrapTensor(env, std::move(t)));
  }
  c10::Storage storage(c10::Storage::use_byte_size_t(), static_cast<size_t>(numel) * itemsize,
                       jsBufferDataPtr(env, ab, p), /*allocator=*/nullptr, /*resizable=*/false);
  at::Tensor t = at::detail::make_tensor<c10::TensorImpl>(std::move(storage), c10::DispatchKeySet(c10::DispatchKey::CPU),
                                                          c10::scalarTypeToTypeMeta(st));
  t.unsafeGetTensorImpl()->set_sizes_contiguous(shape);
  return Napi::Value(env, wrapTensor(env, std::move(t)));
}

// fromFile(fd, position, shape, dtype) -> a new CPU tensor whose bytes are read
// from the open file at `position` straight into its memory (torch.load of a
// path: one copy of each storage, never a second one in a JS buffer).
static Napi::Value FromFile(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  int64_t fd = toInt64(env, info[0], "fd");
  int64_t pos = toInt64(env, info[1], "position");
  auto shape = toIntList(env, info[2], "shape");
  auto st = toScalarType(env, info[3], "dtype");
  for (auto d : shape)
    if (d < 0) throwRange(env, "fromFile: negative dimension");
  if (pos < 0) throwRange(env, "fromFile: negative position");
  at::Tensor t = at::empty(shape, at::TensorOptions().dtype(st));
  auto* p = static_cast<char*>(t.data_ptr());
  size_t want = t.nbytes(), got = 0;
  while (got < want) {
    long long r = readAt(static_cast<int>(fd), p + got, want - got, pos + static_cast<long long>(got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) throw Napi::Error::New(env, r == 0 ? "fromFile: the file ended early" : std::string("fromFile: ") + std::strerror(errno));
    got += static_cast<size_t>(r);
  }
  return Napi::Value(env, wrapTensor(env, std::move(t)));
}

// storageInfo(tensor) -> [id (the storage's address, as a string), nbytes, storageOffset]:
// tensors sharing a storage report the same id (torch.save writes it once).
static Napi::Value StorageInfo(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const at::Tensor& t = self(info);
  Napi::Array out = Napi::Array::New(env, 3);
  if (!t.has_storage()) throwType(env, "tensor has no storage");
  const c10::Storage& s = t.storage();
  out.Set(0u, Napi::String::New(env, std::to_string(reinterpret_cast<uintptr_t>(s.unsafeGetStorageImpl()))));
  out.Set(1u, Napi::Number::New(env, static_cast<double>(s.nbytes())));
  out.Set(2u, Napi::Number::New(env, static_cast<double>(t.storage_offset())));
  return out;
}
// storageBytes(tensor) -> ArrayBuffer: a copy of the whole storage behind the tensor (CPU).
static Napi::Value StorageBytes(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  const at::Tensor& t = self(info);
  if (!t.has_storage()) throwType(env, "tensor has no storage");
  if (!t.device().is_cpu()) throwType(env, "storageBytes: move the tensor to the CPU first");
  checkJsBufferAttached(env, t);
  const c10::Storage& s = t.storage();
  return Napi::Value(env, copyToArrayBuffer(env, s.data(), s.nbytes()));
}

// item(tensor) -> number | boolean
static Napi::Value Item(const Napi::CallbackInfo& info) {
  const at::Tensor& t = self(info);
  checkJsBufferAttached(info.Env(), t);
  if (t.numel() != 1)
    throw Napi::Error::New(info.Env(), "a Tensor with " + std::to_string(t.numel()) +
                                                " elements cannot be converted to Scalar");
  c10::Scalar s = t.item();
  if (s.isBoolean()) return Napi::Boolean::New(info.Env(), s.toBool());
  if (s.isIntegral(false)) return Napi::Number::New(info.Env(), static_cast<double>(s.toLong()));
  return Napi::Number::New(info.Env(), s.toDouble());
}

static Napi::Value Shape(const Napi::CallbackInfo& info) {
  const at::Tensor& t = self(info);
  auto sizes = t.sizes();
  Napi::Array out = Napi::Array::New(info.Env(), sizes.size());
  for (size_t i = 0; i < sizes.size(); i++) out.Set(i, Napi::Number::New(info.Env(), static_cast<double>(sizes[i])));
  return out;
}

static Napi::Value Strides(const Napi::CallbackInfo& info) {
  const at::Tensor& t = self(info);
  auto st = t.strides();
  Napi::Array out = Napi::Array::New(info.Env(), st.size());
  for (size_t i = 0; i < st.size(); i++) out.Set(i, Napi::Number::New(info.Env(), static_cast<double>(st[i])));
  return out;
}

static Napi::Value Dim(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), self(info).dim()); }
static Napi::Value Numel(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(self(info).numel()));
}
static Napi::Value Dtype(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<int>(self(info).scalar_type()));
}
static Napi::Value DeviceOf(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), self(info).device().str());
}
// layout(tensor) -> the c10::Layout code (0 strided, 1 sparse COO, 2 CSR, 3 mkldnn, 4 CSC, 5 BSR, 6 BSC, 7 jagged).
static Napi::Value LayoutOf(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<int>(self(info).layout()));
}
static Napi::Value IsContiguous(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), self(info).is_contiguous());
}
static Napi::Value StorageOffset(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(self(info).storage_offset()));
}

// ---------------------------------------------------------------- indexing

// Index specs come from TypeScript, already parsed: number (int), null (None),
// "..." (Ellipsis), true/false, [start|null, stop|null, step] (slice), a tensor handle.
static std::vector<at::indexing::TensorIndex> toIndices(napi_env env, napi_value arr) {
  using namespace at::indexing;
  uint32_t n;
  napi_get_array_length(env, arr, &n);
  std::vector<TensorIndex> out;
  out.reserve(n);
  for (uint32_t i = 0; i < n; i++) {
    napi_value e;
    napi_get_element(env, arr, i, &e);
    napi_valuetype t;
    napi_typeof(env, e, &t);
    bool isArray = false;
    napi_is_array(env, e, &isArray);
    if (t == napi_number || t == napi_bigint) {
      out.emplace_back(toInt64(env, e, "index"));
    } else if (t == napi_null || t == napi_undefined) {
      out.emplace_back(None);
    } else if (t == napi_boolean) {
      bool b;
      napi_get_value_bool(env, e, &b);
      out.emplace_back(b);
    } else if (t == napi_string) {
      out.emplace_back(Ellipsis);
    } else if (isArray) {
      napi_value a, b, c;
      napi_get_element(env, e, 0, &a);
      napi_get_element(env, e, 1, &b);
      napi_get_element(env, e, 2, &c);
      std::optional<c10::SymInt> start, stop, step;
      napi_valuetype ta, tb;
      napi_typeof(env, a, &ta);
      napi_typeof(env, b, &tb);
      if (ta != napi_null) start = toInt64(env, a, "slice start");
      if (tb != napi_null) stop = toInt64(env, b, "slice stop");
      step = toInt64(env, c, "slice step");
      out.emplace_back(Slice(start, stop, step));
    } else {
      out.emplace_back(unwrapTensor(env, e, "index"));
    }
  }
  return out;
}

// index(tensor, specs) -> tensor  (x[...]); index(tensor, i) with one integer
// is x[i] without a list to convert.
static Napi::Value Index(const Napi::CallbackInfo& info) {
  const at::Tensor& t = self(info);
  napi_valuetype kind;
  napi_typeof(info.Env(), info[1], &kind);
  if (kind == napi_number)
    return Napi::Value(info.Env(), wrapTensor(info.Env(), t.index({at::indexing::TensorIndex(toInt64(info.Env(), info[1], "index"))})));
  auto idx = toIndices(info.Env(), info[1]);
  return Napi::Value(info.Env(), wrapTensor(info.Env(), t.index(idx)));
}

// indexPut(tensor, specs, value: tensor | number | boolean)  (x[...] = value)
static Napi::Value IndexPut(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  at::Tensor t = self(info);
  auto idx = toIndices(env, info[1]);
  if (tensorHandle(env, info[2])) t.index_put_(idx, unwrapTensor(env, info[2], "values"));
  else t.index_put_(idx, toScalar(env, info[2], "values"));
  return info[0];
}

void initTensor(Napi::Env env, Napi::Object exports) {
  TN_EXPORT_RETRY("fromTypedArray", FromTypedArray);
  TN_EXPORT("toBuffer", ToBuffer);
  TN_EXPORT("toRawBuffer", ToRawBuffer);
  TN_EXPORT("storageInfo", StorageInfo);
  TN_EXPORT("storageBytes", StorageBytes);
  TN_EXPORT_RETRY("fromRawBuffer", FromRawBuffer);
  TN_EXPORT("shareBuffer", ShareBuffer);
  TN_EXPORT_RETRY("fromFile", FromFile);
  TN_EXPORT("item", Item);
  TN_EXPORT("shape", Shape);
  TN_EXPORT("strides", Strides);
  TN_EXPORT("dim", Dim);
  TN_EXPORT("numel", Numel);
  TN_EXPORT("dtype", Dtype);
  TN_EXPORT("device", DeviceOf);
  TN_EXPORT("layout", LayoutOf);
  TN_EXPORT("isContiguous", IsContiguous);
  TN_EXPORT("storageOffset", StorageOffset);
  TN_EXPORT_RETRY("index", Index);
  TN_EXPORT_RETRY("indexPut", IndexPut);
}

}  // namespace tn
