"""Derive Python torch's op surface *as Python binds it* -- every public
signature of torch.*, Tensor.*, torch.linalg.*, torch.fft.* and torch.special.*
with the aten overload it calls -- so a code generator can reproduce Python's
argument handling and overload choice in TypeScript.  The result
(scripts/gen/python-signatures.json) is committed, since a LibTorch zip carries
neither Python's bindings nor their type stubs.  Run with the oracle:

  .oracle-venv/bin/python scripts/gen/derive_python_signatures.py

Sources
  * torch/_C/_VariableFunctions.pyi (torch.* functions) and the class TensorBase
    in torch/_C/__init__.pyi (Tensor methods), parsed with `ast` (@overload defs;
    defs under `if` guards come from the branch that holds for this interpreter,
    or from both when the test is not decidable).
  * Names bound natively but left out of the stubs (torch.norm / split / stft /
    einsum ... whose public torch.X is a Python wrapper, Tensor.norm / stft) and
    all of torch.linalg / fft / special (no .pyi in this wheel; names from
    dir(torch._C._linalg) etc.): stub defs are synthesized per native overload
    with torchgen.api.python, the code that writes Python's parser signatures and
    .pyi files (torchgen ships in the wheel; native_functions.yaml and
    deprecated.yaml are read line by line, since the oracle venv has no PyYAML).
  * torch._C._jit_get_schemas_for_operator("aten::<op>") gives the candidate
    aten overloads; each Python signature is mapped to one by argument names
    (input/self, from_/from; `out` and Python-only params such as requires_grad
    set aside), then by argument types when names leave several candidates,
    preferring overloads torchgen binds to Python (add.Scalar is not); a manual
    binding that names arguments differently is mapped by position (noted).
  * Python's own PythonArgParser, read back from the oracle: calling a binding
    with 41 bogus arguments makes it list its visible signatures in the order it
    tries them (the first that parses wins: Tensor before Scalar, int before
    int[] ...).  For such names the Sig list is exactly that list, in that order
    (the stubs merge overloads -- `other: Tensor | Number`, `rounding_mode: str |
    None` -- and sometimes name or add params Python does not accept, e.g.
    Tensor.to(other=) or Tensor.mul(out=)), followed by each `*size` vararg form
    and then the deprecated signatures (hidden from the listing; the stubs omit
    the method ones, which come from deprecated.yaml).  Single-signature names
    keep their stub defs; params beyond the positional count Python reports are
    made keyword-only (Tensor.contiguous(memory_format), new_ones(size, dtype)).
  * numbersAsTensor: python_arg_parser.cpp's should_allow_numbers_as_tensors list
    (add, sub, mul, div, ... : a Tensor param there also takes a Python number);
    checked against the oracle, as are ~50 spot-check calls (validate()).
  Checked while writing this (not at run time, it needs PyYAML): the mapping,
  order, out overloads and params equal torchgen's gen_python_functions groups
  for all 1224 natively bound public names.

Output  {"torch_version", "namespaces": {ns: {pyname: [Sig, ...]}}, "unmapped": [...],
         "pythonOverrides": [...], "summary": {...}}
  Sig = {"aten": "max.dim", "out": "max.dim_max" (only with an out param),
         "params": [Param...], "numbersAsTensor": bool, "returns": [{"name","type"}],
         "deprecated": bool}
  Param = {"name", "type": aten type of the schema argument ("int[1]?", "Tensor?[]", ...;
           null for Python-only params), "pyType": the stub annotation text (or one
           written from Python's parser type where no stub param has that name),
           "default": JSON of the stub default (absent = required; Python None -> null;
           a non-literal default such as `contiguous_format` -> {"py": "<source>"}),
           "kwOnly": bool, "schemaIndex": index in the aten schema's arguments
           (the `out` param instead has "outIndex": [indices in the out overload's
           arguments], one per tensor it writes), "varargs": true for `*size`,
           "pythonOnly": true for params no aten argument takes (requires_grad),
           "pyName": "from" where Python's keyword is a reserved word (name: from_)}
  Sig may also carry "note" (mapped by position; out= without an out overload)
  and "ambiguousWith" (other overloads that matched equally well).
  For Tensor methods `self` is implicit and not listed.  Params keep Python's
  names (snake_case) and order.  unmapped: {"ns", "name", "reason", "sig"} for
  signatures with no aten overload (Python-level methods, properties, TorchScript-
  only ops, stub-only forms).  pythonOverrides: names whose public object is a
  Python function (torch.functional, torch._tensor) wrapping the native binding.
"""
import ast
import json
import os
import re
import sys
from collections import Counter, defaultdict

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "python-signatures.json")
TORCH_DIR = os.path.dirname(torch.__file__)
C = torch._C

# ---------------------------------------------------------------------------
# aten schemas
# ---------------------------------------------------------------------------


def split_top(s, sep=","):
    """Split s at `sep` outside brackets and quotes."""
    parts, depth, cur, quote = [], 0, [], None
    for ch in s:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "\"'":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


ALIAS_RE = re.compile(r"\([a-z0-9!|*\s\->]*\)")


def parse_schema_args(text):
    """'aten::f.o(Tensor self, int[1]? dim, *, Tensor(a!) out) -> ...' ->
    [(type, name, default, kw_only, written)] with alias annotations stripped."""
    head, _, _ = text.partition(") -> ")
    inner = head[head.index("(") + 1:]
    if text.endswith(")") and ") -> " not in text:  # no returns (never for aten)
        inner = text[text.index("(") + 1:-1]
    out, kw = [], False
    for a in split_top(inner):
        if a == "*":
            kw = True
            continue
        if a == "...":  # TorchScript varargs (einsum.sublist)
            continue
        decl, eq, default = a.partition("=")
        decl = decl.strip()
        typ, _, name = decl.rpartition(" ")
        written = "!" in typ
        typ = ALIAS_RE.sub("", typ)
        out.append((typ, name, default.strip() if eq else None, kw, written))
    return out


def parse_schema_returns(text):
    ret = text.partition(") -> ")[2].strip()
    if ret.startswith("(") and ret.endswith(")"):
        items = split_top(ret[1:-1])
    elif ret == "()":
        items = []
    else:
        items = [ret]
    res = []
    for r in items:
        r = r.strip()
        typ, _, name = r.rpartition(" ")
        if not typ or typ.endswith(("(", "[")) or ("(" in name):  # unnamed
            typ, name = r, ""
        res.append({"name": name, "type": ALIAS_RE.sub("", typ)})
    return res


class Schema:
    def __init__(self, s):
        self.text = str(s)
        self.name = s.name.split("::", 1)[-1]
        self.overload = s.overload_name
        self.full = self.name + ("." + self.overload if self.overload else "")
        parsed = parse_schema_args(self.text)
        jargs = list(s.arguments)
        assert len(parsed) == len(jargs), self.text
        self.args = []
        for i, (ja, (typ, name, default, kw, written)) in enumerate(zip(jargs, parsed)):
            assert ja.name == name, (self.text, ja.name, name)
            self.args.append(dict(name=name, type=typ, default=default, kw=ja.kwarg_only,
                                  has_default=default is not None, written=written, index=i))
        self.outs = [a for a in self.args if a["kw"] and a["written"]]
        self.is_out = bool(self.outs)
        self.non_out = [a for a in self.args if not (a["kw"] and a["written"])]
        self.returns = parse_schema_returns(self.text)
        self.by_name = {a["name"]: a for a in self.non_out}


_schema_cache = {}


def schemas_for(op):
    if op not in _schema_cache:
        try:
            _schema_cache[op] = [Schema(s) for s in C._jit_get_schemas_for_operator("aten::" + op)]
        except RuntimeError:
            _schema_cache[op] = []
    return _schema_cache[op]


# ---------------------------------------------------------------------------
# stub (.pyi) parsing
# ---------------------------------------------------------------------------


def eval_guard(test):
    """True/False for `if` tests we can decide (sys.version_info, sys.platform,
    TYPE_CHECKING), None otherwise (then both branches are kept)."""
    names = {n.id for n in ast.walk(test) if isinstance(n, ast.Name)}
    if not names <= {"sys", "TYPE_CHECKING", "typing"}:
        return None
    try:
        return bool(eval(compile(ast.Expression(test), "<guard>", "eval"),
                         {"__builtins__": {}, "sys": sys, "TYPE_CHECKING": True,
                          "typing": __import__("typing")}))
    except Exception:
        return None


def walk_defs(body):
    """Yield FunctionDef / AnnAssign nodes of a module or class body, entering `if`."""
    for node in body:
        if isinstance(node, ast.If):
            v = eval_guard(node.test)
            if v is None:
                yield from walk_defs(node.body)
                yield from walk_defs(node.orelse)
            else:
                yield from walk_defs(node.body if v else node.orelse)
        elif isinstance(node, (ast.FunctionDef, ast.AnnAssign)):
            yield node


def default_json(node):
    try:
        v = ast.literal_eval(node)
    except Exception:
        return {"py": ast.unparse(node)}
    if v is Ellipsis:
        return {"py": "..."}
    if isinstance(v, tuple):
        v = list(v)
    if isinstance(v, float) and (v != v or v in (float("inf"), float("-inf"))):
        return {"py": ast.unparse(node)}
    return v


def stub_params(fn, drop_self):
    """A FunctionDef -> list of params (dicts) in Python order."""
    a = fn.args
    pos = list(a.posonlyargs) + list(a.args)
    pos_defaults = [None] * (len(pos) - len(a.defaults)) + list(a.defaults)
    params = []
    for arg, d in zip(pos, pos_defaults):
        params.append(dict(name=arg.arg, ann=arg.annotation, default=d, kwOnly=False))
    if a.vararg is not None:
        params.append(dict(name=a.vararg.arg, ann=a.vararg.annotation, default=None,
                           kwOnly=False, varargs=True))
    for arg, d in zip(a.kwonlyargs, a.kw_defaults):
        params.append(dict(name=arg.arg, ann=arg.annotation, default=d, kwOnly=True))
    if a.kwarg is not None:
        params.append(dict(name=a.kwarg.arg, ann=a.kwarg.annotation, default=None,
                           kwOnly=True, varkw=True))
    if drop_self and params and params[0]["name"] == "self" and params[0]["ann"] is None:
        params = params[1:]
    for p in params:
        p["pyType"] = ast.unparse(p["ann"]) if p["ann"] is not None else "Any"
        p["cats"] = ann_categories(p["ann"])
    return params


def stub_text(fn):
    return f"{fn.name}({ast.unparse(fn.args)})"


def load_stub_module(path):
    tree = ast.parse(open(path).read())
    funcs = defaultdict(list)
    for node in walk_defs(tree.body):
        if isinstance(node, ast.FunctionDef):
            funcs[node.name].append(node)
    return funcs


def load_stub_class(path, cls_name):
    tree = ast.parse(open(path).read())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls_name)
    methods, props = defaultdict(list), {}
    for node in walk_defs(cls.body):
        if isinstance(node, ast.AnnAssign):
            props[node.target.id] = ast.unparse(node.annotation)
            continue
        decos = {ast.unparse(d) for d in node.decorator_list}
        if "property" in decos or any(d.endswith((".setter", ".deleter")) for d in decos):
            props.setdefault(node.name, ast.unparse(node.returns) if node.returns else "Any")
            continue
        methods[node.name].append(node)
    return methods, props


# ---------------------------------------------------------------------------
# type categories: what a stub annotation accepts vs what an aten type needs
# ---------------------------------------------------------------------------

NAME_CATS = {
    "Tensor": "Tensor", "Number": "Number", "_complex": "complex", "complex": "complex",
    "_int": "int", "int": "int", "SymInt": "int", "_float": "float", "float": "float",
    "_bool": "bool", "bool": "bool", "str": "str", "EllipsisType": "ellipsis",
    "_size": "intlist", "Size": "intlist", "_dtype": "dtype", "dtype": "dtype",
    "_layout": "layout", "layout": "layout", "DeviceLikeType": "device", "_device": "device",
    "Device": "device", "device": "device", "memory_format": "memfmt", "Generator": "generator",
    "_qscheme": "qscheme", "qscheme": "qscheme", "Storage": "storage", "UntypedStorage": "storage",
    "TypedStorage": "storage", "Stream": "stream", "None": "none", "Any": "any", "object": "any",
    "IntLikeType": "int", "_symsize": "intlist", "SymFloat": "float", "SymBool": "bool",
    "list": "otherlist", "tuple": "otherlist",
}
LIST_OF = {"Tensor": "tensorlist", "int": "intlist", "float": "floatlist", "bool": "boollist",
           "str": "dimnamelist", "Number": "scalarlist", "complex": "scalarlist",
           "dtype": "dtypelist", "intlist": "intlistlist"}


def ann_categories(node):
    cats = set()
    if node is None:
        return {"any"}

    def visit(n):
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.BitOr):
            visit(n.left)
            visit(n.right)
        elif isinstance(n, ast.Constant) and n.value is None:
            cats.add("none")
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):  # forward ref
            visit(ast.parse(n.value, mode="eval").body)
        elif isinstance(n, (ast.Name, ast.Attribute)):
            key = n.id if isinstance(n, ast.Name) else n.attr
            cats.add(NAME_CATS.get(key, "other:" + key))
        elif isinstance(n, ast.Subscript):
            base = n.value.id if isinstance(n.value, ast.Name) else getattr(n.value, "attr", "")
            if base in ("tuple", "list", "Sequence", "Iterable"):
                elts = n.slice.elts if isinstance(n.slice, ast.Tuple) else [n.slice]
                inner = set()
                for e in elts:
                    if isinstance(e, ast.Constant) and e.value is Ellipsis:
                        continue
                    inner |= ann_categories(e)
                for c in inner:
                    if c in LIST_OF:
                        cats.add(LIST_OF[c])
                if "Tensor" in inner and "none" in inner:
                    cats.add("tensoroptlist")
                if not inner & set(LIST_OF):
                    cats.add("otherlist")
            elif base == "Literal":
                cats.add("str")
            elif base in ("Union", "Optional"):
                for e in (n.slice.elts if isinstance(n.slice, ast.Tuple) else [n.slice]):
                    visit(e)
                if base == "Optional":
                    cats.add("none")
            else:
                cats.add("other:" + base)
        else:
            cats.add("other:" + ast.unparse(n))

    visit(node)
    return cats


BASE_CATS = {"Tensor": "Tensor", "Scalar": "Number", "int": "int", "SymInt": "int",
             "DeviceIndex": "int", "float": "float", "bool": "bool", "str": "str",
             "Dimname": "dimname", "ScalarType": "dtype", "Layout": "layout", "Device": "device",
             "MemoryFormat": "memfmt", "Generator": "generator", "QScheme": "qscheme",
             "Storage": "storage", "Stream": "stream", "complex": "complex", "SymBool": "bool"}
LIST_CATS = {"int": "intlist", "SymInt": "intlist", "float": "floatlist", "bool": "boollist",
             "Tensor": "tensorlist", "Tensor?": "tensorlist", "Scalar": "scalarlist",
             "Dimname": "dimnamelist", "str": "dimnamelist", "ScalarType": "dtypelist"}
# exact category -> categories a stub may offer for a looser (score 1) match
LOOSE = {"Number": {"int", "float", "bool", "complex"}, "float": {"int", "Number"},
         "complex": {"Number"}, "int": {"bool"}, "str": {"dimname"}, "dimname": {"str"},
         "dimnamelist": {"str"}, "intlist": {"int"}, "floatlist": {"float"}}


def aten_category(typ):
    """'int[1]?' -> ('intlist', optional=True, sized=True)."""
    opt = typ.endswith("?")
    t = typ[:-1] if opt else typ
    m = re.fullmatch(r"(.+?)\[(\d*)\]", t)
    if m:
        return LIST_CATS.get(m.group(1), "otherlist:" + m.group(1)), opt, bool(m.group(2))
    return BASE_CATS.get(t, "other:" + t), opt, False


def type_score(typ, cats):
    """2 exact, 1 loose, 0 incompatible."""
    if "any" in cats:
        return 1
    cat, opt, sized = aten_category(typ)
    if cats <= {"none"}:
        return 1 if opt else 0
    if cat == "dimname" and "str" in cats:
        return 2 if "ellipsis" in cats else 1
    if cat == "str" and "str" in cats:
        return 1 if "ellipsis" in cats else 2
    if cat == "tensorlist" and typ.startswith("Tensor?") and "tensoroptlist" in cats:
        return 2
    if cat in cats:
        return 2
    if cat == "intlist" and sized and "int" in cats:
        return 2
    if cats & LOOSE.get(cat, set()):
        return 1
    return 0


NUMBER_CATS = {"Number", "int", "float", "complex", "bool"}
# should_allow_numbers_as_tensors() in torch/csrc/utils/python_arg_parser.cpp: for
# signatures of these names a Tensor parameter also accepts a Python number (wrapped
# as a 0-d tensor).  Checked against the oracle in validate().
NUMBERS_AS_TENSORS = {
    "add", "add_", "add_out", "div", "div_", "div_out", "divide", "divide_", "divide_out",
    "mul", "mul_", "mul_out", "multiply", "multiply_", "multiply_out", "sub", "sub_", "sub_out",
    "subtract", "subtract_", "subtract_out", "true_divide", "true_divide_", "true_divide_out",
    "to", "_to_copy", "copy_", "copy", "floor_divide", "floor_divide_", "floor_divide_out", "_conj"}
# stub params that no aten argument takes: Python consumes them itself
PY_ONLY = {"requires_grad", "check_invariants", "as_tuple"}


def names_match(pyname, aten_name, is_method):
    if pyname == aten_name:
        return True
    if pyname == "input" and aten_name == "self" and not is_method:
        return True
    if pyname.endswith("_") and pyname[:-1] == aten_name and aten_name in ("from", "lambda", "min", "max"):
        return True
    return False


# ---------------------------------------------------------------------------
# the matcher
# ---------------------------------------------------------------------------


def is_self_arg(a):
    return a["name"] == "self" and a["type"] in ("Tensor", "Tensor?")


def try_map(params, schema, is_method, by_position=False):
    """Map stub params (out param excluded) onto a non-out schema: by name, or
    (by_position) the positional params onto the schema's positional arguments
    in order.  Returns (score, {param idx: schema arg}, deprecated) or None."""
    mapping, used, score = {}, set(), 0
    positional = [a for a in schema.non_out if not a["kw"] and not (is_method and is_self_arg(a))]
    npos = 0
    for i, p in enumerate(params):
        if p.get("is_out") or p.get("varkw"):
            continue
        if p["name"] in PY_ONLY and p["name"] not in schema.by_name:
            continue
        if is_method and p["name"] == "self":
            return None
        cand = [a for a in schema.non_out if names_match(p["name"], a["name"], is_method)
                and a["name"] not in used and not (is_method and is_self_arg(a))]
        if by_position and not p["kwOnly"]:
            cand = positional[npos:npos + 1]
            npos += 1
        if not cand:
            if p["cats"] == {"none"} and p["default"] is not None:
                continue  # `dim: None = None`: a Python-level form with no aten argument
            return None
        a = cand[0]
        ts = type_score(a["type"], p["cats"])
        if ts == 0:
            return None
        score += ts
        mapping[i] = a
        used.add(a["name"])
    for a in schema.non_out:
        if a["name"] in used:
            continue
        if is_method and is_self_arg(a):
            continue
        if not a["has_default"]:
            return None
        score -= 0.01  # prefer schemas without extra (defaulted) args
    if is_method and not any(is_self_arg(a) for a in schema.non_out):
        return None  # a method needs a self to bind to
    return score, mapping, False


_native = None


def native_info():
    """{"name.overload": {"func", "variants", "python_module", "category_override"}}
    for the native functions of native_functions.yaml (shipped in torchgen),
    read line by line (its entries are one `- func:` line plus indented keys),
    as opposed to TorchScript-only overloads that _jit_get_schemas_for_operator
    also returns (add.int, sum.float, ...)."""
    global _native
    if _native is None:
        _native = {}
        path = os.path.join(os.path.dirname(__import__("torchgen").__file__),
                            "packaged", "ATen", "native", "native_functions.yaml")
        cur = None
        for line in open(path):
            m = re.match(r"- func: (([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)?)\(.*)$", line.rstrip())
            if m:
                cur = _native[m.group(2)] = {"func": m.group(1).strip(), "variants": {"function"},
                                             "python_module": None, "category_override": None}
                continue
            m = re.match(r"  (variants|python_module|category_override):\s*([^#]*)", line)
            if m and cur is not None:
                v = m.group(2).strip()
                if m.group(1) == "variants":
                    cur["variants"] = {x.strip() for x in v.split(",") if x.strip()}
                else:
                    cur[m.group(1)] = v
    return _native


_bound = None


def py_bound():
    """Native overloads torchgen gives a Python binding (not in its skip lists)."""
    global _bound
    if _bound is None:
        _, FunctionSchema = torchgen_python()
        skip_re, skip_sig = torchgen_skips()
        from torchgen.api import cpp
        _bound = set()
        for full, info in native_info().items():
            fs = FunctionSchema.parse(info["func"])
            if not (any(r.match(cpp.name(fs)) for r in skip_re) or str(fs) in skip_sig):
                _bound.add(full)
    return _bound


_deprecated = None


def deprecated_signatures():
    """{(python name, (param names...))} of torchgen's deprecated.yaml: Python's
    deprecated signatures (add(self, alpha, other), addmm(beta, self, mat1, mat2), ...).
    The names are as the stubs spell them: `self` kept, `out` left out."""
    global _deprecated
    if _deprecated is None:
        _deprecated = set()
        path = os.path.join(os.path.dirname(__import__("torchgen").__file__),
                            "packaged", "autograd", "deprecated.yaml")
        for line in open(path):
            m = re.match(r"- name: ([A-Za-z0-9_]+)\((.*)\) -> ", line)
            if m:
                names = tuple(n for _, n, _, _, w in parse_schema_args("x(" + m.group(2) + ") -> x")
                              if not w or n == "self")
                _deprecated.add((m.group(1), names))
    return _deprecated


def out_candidates(base, op):
    """out overloads whose non-out arguments are base's (tensor options aside)."""
    res = []
    topt = {"dtype", "layout", "device", "pin_memory"}
    bsig = [(a["name"], a["type"]) for a in base.non_out]
    for s in schemas_for(op):
        if not s.is_out:
            continue
        osig = [(a["name"], a["type"]) for a in s.non_out]
        if osig == bsig:
            res.append((0, s))
        elif [x for x in bsig if x[0] not in topt] == osig:
            res.append((1, s))
        elif all(x in osig for x in bsig if x[0] not in topt) and all(
                x in bsig or s.by_name[x[0]]["has_default"] for x in osig):
            res.append((2, s))  # e.g. arange.start -> arange.start_out (step=1)
    res.sort(key=lambda t: t[0])
    return [s for _, s in res]


def map_signature(params, op, is_method, pyname=None):
    """-> (Sig dict, None) or (None, reason)."""
    cands = schemas_for(op)
    if not cands:
        return None, f"no aten operator aten::{op}"
    out_p = [p for p in params if p["name"] == "out" and p["kwOnly"]]
    for p in params:
        p["is_out"] = bool(out_p) and p is out_p[0]
    best = []
    natives = py_bound()
    for s in cands:
        if s.is_out:
            continue
        r = try_map(params, s, is_method)
        if r is None:
            continue
        score, mapping, dep = r
        if s.full in natives:
            score += 0.5
        elif s.full in native_info():
            score -= 1  # torchgen skips its Python binding (add.Scalar, mul.Scalar, ...)
        best.append((score, -len(best), s, mapping, dep))
    if not best and out_p:
        # a signature that only exists as an out= overload (no functional twin)
        for s in cands:
            if not s.is_out:
                continue
            r = try_map(params, s, is_method)
            if r is not None:
                best.append((r[0], -len(best), s, r[1], r[2]))
    if not best:
        # manual bindings sometimes name an argument differently from the schema
        # (Tensor.copy_(other) vs copy_(src), requires_grad_(mode)): map by position
        for s in cands:
            if s.is_out:
                continue
            r = try_map(params, s, is_method, by_position=True)
            if r is not None:
                score = r[0] + (0.5 if s.full in natives else 0)
                best.append((score, -len(best), s, r[1], r[2]))
        by_position = bool(best)
    else:
        by_position = False
    if not best:
        return None, "no aten overload of aten::%s matches (names/types)" % op
    best.sort(key=lambda t: (t[0], t[1]), reverse=True)
    score, _, schema, mapping, dep = best[0]
    if schema.full not in native_info():
        return None, ("only TorchScript-only overloads of aten::%s match (%s): a manual Python "
                      "binding with no native counterpart" % (op, ", ".join(sorted({b[2].full for b in best}))))
    names = tuple("self" if (not is_method and p["name"] == "self") else p["name"]
                  for p in params if not p.get("is_out"))
    dep = any(n == (pyname or op) and (tuple(x for x in d if x != "self") if is_method else d) == names
              for n, d in deprecated_signatures())
    sig = {"aten": schema.full}
    if any(p["name"] == "as_tuple" and p["pyType"] == "Literal[True]" for p in params):
        # Python's nonzero(as_tuple=True) calls aten::nonzero_numpy instead
        numpy_s = [s for s in schemas_for(op + "_numpy") if not s.is_out]
        if numpy_s:
            schema = numpy_s[0]
            mapping = {i: schema.by_name[a["name"]] for i, a in mapping.items()
                       if a["name"] in schema.by_name}
            sig = {"aten": schema.full}
    outs = None
    if out_p:
        if schema.is_out:
            outs = schema
        else:
            oc = out_candidates(schema, op)
            if oc:
                outs = oc[0]
        if outs is not None:
            sig["out"] = outs.full
    plist, nat = [], False
    for i, p in enumerate(params):
        e = {"name": p["name"]}
        if p.get("is_out"):
            if outs is not None:
                ts = [a["type"] for a in outs.outs]
                e["type"] = ts[0] if len(ts) == 1 else "(" + ", ".join(ts) + ")"
                e["outIndex"] = [a["index"] for a in outs.outs]
            else:
                e["type"] = None
        elif i in mapping:
            a = mapping[i]
            e["type"] = a["type"]
        else:
            e["type"] = None
        e["pyType"] = p["pyType"]
        if p["default"] is not None:
            e["default"] = default_json(p["default"])
        e["kwOnly"] = p["kwOnly"]
        if i in mapping:
            e["schemaIndex"] = mapping[i]["index"]
            if aten_category(mapping[i]["type"])[0] == "Tensor" and (pyname or op) in NUMBERS_AS_TENSORS \
                    and not e["type"].endswith("[]"):
                nat = True
        elif not p.get("is_out"):
            e["pythonOnly"] = True
        if p.get("varargs"):
            e["varargs"] = True
        if p.get("pyName"):
            e["pyName"] = p["pyName"]
        plist.append(e)
    sig["params"] = plist
    sig["numbersAsTensor"] = nat
    sig["returns"] = schema.returns
    sig["deprecated"] = dep
    if out_p and outs is None:
        sig["note"] = "out= given in the stub but no matching aten out overload"
    if by_position:
        sig["note"] = "mapped by position: the manual binding names arguments differently"
    ties = [b for b in best[1:] if b[0] == score]
    if ties:
        sig["ambiguousWith"] = [b[2].full for b in ties]
    return sig, None


# ---------------------------------------------------------------------------
# Python's own overload order (PythonArgParser), read back from the oracle
# ---------------------------------------------------------------------------

SIG_LINE = re.compile(r"^ \* \((.*)\)$")
BOGUS = tuple([object()] * 41)


def parser_order(fn, self_obj=None):
    """fn's non-hidden PythonArgParser signatures in the order Python tries them,
    each a list of (name, parser type, kw_only, default text or None); None when
    fn has a single signature (Python then reports a narrower error) or is not a
    PythonArgParser binding.  41 bogus positional arguments match no signature,
    so Python lists them all; nothing runs."""
    try:
        if self_obj is None:
            fn(*BOGUS)
        else:
            fn(self_obj, *BOGUS)
    except TypeError as e:
        msg = str(e)
    except Exception:
        return None
    else:
        return None
    if "expected one of:" in msg:
        lines = msg.split("expected one of:", 1)[1].splitlines()
    elif "received an invalid combination of arguments" in msg and ", but expected (" in msg:
        # one visible signature next to hidden (deprecated) ones
        lines = [" * " + msg.rsplit(", but expected ", 1)[1].strip()]
    else:
        return None
    res = []
    for line in lines:
        m = SIG_LINE.match(line)
        if not m:
            continue
        entry = []
        kw = False
        for a in split_top(m.group(1)):
            if a == "*":
                kw = True
                continue
            decl, eq, default = a.partition(" = ")
            typ, _, name = decl.strip().rpartition(" ")
            if typ.startswith("*"):
                typ = typ[1:]
            entry.append((name, typ, kw, default.strip() if eq else None))
        res.append(entry)
    return res


def positional_limit(fn, self_obj=None):
    """How many positional arguments a single-signature binding takes, from
    Python's 'takes from 1 to 2 positional arguments but 41 were given'."""
    try:
        if self_obj is None:
            fn(*BOGUS)
        else:
            fn(self_obj, *BOGUS)
    except TypeError as e:
        m = re.search(r"takes (?:from \d+ to )?(\d+) positional arguments? but", str(e))
        return int(m.group(1)) if m else None
    except Exception:
        return None
    return None


# FunctionParameter::type_name() (python_arg_parser.cpp) -> stub-like categories / annotation
PARSER_CATS = {
    "Tensor": "Tensor", "Number": "Number", "int": "int", "SymInt": "int", "float": "float",
    "bool": "bool", "str": "str", "object": "any", "torch.dtype": "dtype", "torch.layout": "layout",
    "torch.device": "device", "torch.memory_format": "memfmt", "torch.Generator": "generator",
    "torch.qscheme": "qscheme", "torch.Storage": "storage", "Stream": "stream",
    "tuple of ints": "intlist", "tuple of SymInts": "intlist", "tuple of floats": "floatlist",
    "tuple of bools": "boollist", "tuple of Tensors": "tensorlist", "tuple of Scalars": "scalarlist",
    "name": "dimname", "tuple of names": "dimnamelist",
}
PARSER_PYI = {
    "Tensor": "Tensor", "Number": "Number | _complex", "int": "_int", "SymInt": "_int | SymInt",
    "float": "_float", "bool": "_bool", "str": "str", "object": "Any", "torch.dtype": "_dtype",
    "torch.layout": "_layout", "torch.device": "DeviceLikeType", "torch.memory_format": "memory_format",
    "torch.Generator": "Generator", "torch.qscheme": "_qscheme", "torch.Storage": "Storage",
    "tuple of ints": "_size", "tuple of floats": "Sequence[_float]", "tuple of bools": "Sequence[_bool]",
    "tuple of Tensors": "tuple[Tensor, ...] | list[Tensor]",
    "tuple of Scalars": "Sequence[Number | _complex]",
}


def parser_default(text):
    if text is None:
        return None
    try:
        return ast.parse(text, mode="eval").body
    except SyntaxError:
        return ast.Constant(value=text)


def entry_params(entry, stub_fns, is_method):
    """Params for one parser signature: names/kwOnly/required-ness and the type
    category from Python's parser; annotation and default text from the stub
    param of the same name when it agrees."""
    stub_by_name = {}
    for fn in stub_fns:
        for p in stub_params(fn, drop_self=is_method):
            stub_by_name.setdefault(p["name"], []).append(p)
    params = []
    for name, typ, kw, dflt in entry:
        cat = PARSER_CATS.get(typ, "other:" + typ)
        sp = None
        for cand in stub_by_name.get(name, []) + stub_by_name.get(name + "_", []):
            if cat in cand["cats"] or "any" in cand["cats"] or (cat == "int" and "intlist" in cand["cats"]):
                sp = cand
                break
        cats = {cat}
        if dflt == "None":
            cats.add("none")
        if sp is not None:
            pyname, pytype = sp["name"], sp["pyType"]
            default = (sp["default"] or parser_default(dflt)) if dflt is not None else None
        else:
            pyname = name if name != "from" else "from_"
            pytype = PARSER_PYI.get(typ, typ) + (" | None" if dflt == "None" else "")
            default = parser_default(dflt)
        p = dict(name=pyname, ann=None, pyType=pytype, default=default, kwOnly=kw, cats=cats)
        if name == "from":
            p["pyName"] = "from"
        params.append(p)
    return params


def entry_text(entry):
    return "(" + ", ".join(("*, " if kw and (i == 0 or not entry[i - 1][2]) else "") + f"{t} {n}"
                           + (f"={d}" if d is not None else "")
                           for i, (n, t, kw, d) in enumerate(entry)) + ")"


def stub_key(fn, is_method):
    return [(p["name"].rstrip("_") if p["name"] == "from_" else p["name"], p["kwOnly"])
            for p in stub_params(fn, drop_self=is_method)]


def entry_key(entry):
    return [(n, kw) for n, t, kw, d in entry]


# ---------------------------------------------------------------------------
# synthesized stubs for torch.linalg / fft / special (no .pyi in the wheel)
# ---------------------------------------------------------------------------


def torchgen_python():
    """torchgen.api.python (shipped in the torch wheel).  It imports torchgen.gen,
    which imports PyYAML at module level only to read .yaml files -- something this
    script never asks of it.  The oracle venv has no PyYAML, so when it is missing a
    placeholder module stands in for the import and is removed right after."""
    try:
        import yaml  # noqa: F401
        placeholder = False
    except ImportError:
        import types
        stub = types.ModuleType("yaml")
        for n in ("SafeLoader", "SafeDumper", "Loader", "Dumper"):
            setattr(stub, n, type(n, (object,), {}))

        def unavailable(*a, **k):
            raise RuntimeError("PyYAML is not installed")
        stub.load = stub.dump = stub.safe_load = unavailable
        sys.modules["yaml"] = stub
        placeholder = True
    try:
        from torchgen.api.python import signature_from_schema
        from torchgen.model import FunctionSchema
    finally:
        if placeholder:
            del sys.modules["yaml"]
    return signature_from_schema, FunctionSchema


def synth_stub_defs(op, *, method=False, module=None):
    """Stub defs for aten::<op>'s Python binding, as torchgen's pyi codegen
    writes them: each native overload of the right variant/python_module, its
    out= overload merged into the same signature (as PythonArgParser does)."""
    signature_from_schema, FunctionSchema = torchgen_python()
    skip_re, skip_sig = torchgen_skips()
    from torchgen.api import cpp
    groups, outs = {}, {}
    for full, info in native_info().items():
        if full.split(".")[0] != op:
            continue
        if info["python_module"] != module:
            continue
        if ("method" if method else "function") not in info["variants"]:
            continue
        fs = FunctionSchema.parse(info["func"])
        if any(r.match(cpp.name(fs)) for r in skip_re) or str(fs) in skip_sig:
            continue
        if method and fs.arguments.self_arg is None:
            continue
        sig = signature_from_schema(fs, category_override=info["category_override"],
                                    method=method, pyi=True)
        key = sig.signature_str(skip_outputs=True)
        if fs.is_out_fn():
            outs[key] = sig
        else:
            groups[key] = sig
    defs = []
    for key, sig in groups.items():
        use = sig
        if key in outs:
            o = outs[key]
            use = type(o)(**{**o.__dict__, "tensor_options_args": sig.tensor_options_args})
        for text in (use.signature_str_pyi(), use.signature_str_pyi_vararg()):
            if text:
                text = text.replace("  # fmt: skip\n    ...", "")
                defs.append(ast.parse(text).body[0])
    return defs


def torchgen_skips():
    """SKIP_PYTHON_BINDINGS(_SIGNATURES) of torchgen's gen_python_functions: ops
    that get no Python binding."""
    try:
        import yaml  # noqa: F401
        placeholder = False
    except ImportError:
        torchgen_python()  # leaves torchgen.gen imported
        import types
        sys.modules["yaml"] = types.ModuleType("yaml")
        placeholder = True
    try:
        from torchgen.packaged.autograd import gen_python_functions as gpf
    finally:
        if placeholder:
            del sys.modules["yaml"]
    return [re.compile(r) if isinstance(r, str) else r for r in gpf.SKIP_PYTHON_BINDINGS], \
        set(gpf.SKIP_PYTHON_BINDINGS_SIGNATURES)


STATS = Counter()
UNMAPPED = []


def reconcile(ns, name, stub_fns, order, is_method, op, max_pos=None):
    """The Sig list of one Python name.  Single-signature names: the stub defs.
    Multi-signature names: one Sig per PythonArgParser signature, in Python's try
    order (the stub's merged defs -- `other: Tensor | Number` for a Tensor and a
    Scalar overload, `rounding_mode: str | None` for two overloads -- are split
    back), each stub vararg form (`*size`) right after its list form, then the
    deprecated stub defs (hidden from Python's listing).  Stub defs matching no
    parser signature are reported as unmapped."""
    def unmapped(reason, text):
        UNMAPPED.append({"ns": ns, "name": name, "reason": reason, "sig": text})
        STATS["unmapped_sigs"] += 1

    def from_stub(fn):
        params = stub_params(fn, drop_self=is_method)
        pos = [p for p in params if not p["kwOnly"] and not p.get("varargs")]
        if max_pos is not None and not any(p.get("varargs") for p in params) and len(pos) > max_pos:
            # the stub lets these be passed positionally; Python's parser does not
            # (Tensor.contiguous(memory_format), Tensor.new_ones(size, dtype, ...))
            for p in pos[max_pos:]:
                p["kwOnly"] = True
            STATS["stub_params_made_kw_only"] += len(pos) - max_pos
        if is_method and any(p["name"] == "out" and p["kwOnly"] for p in params):
            # Python's method bindings take no out= (torchgen binds out overloads as
            # functions only); TensorBase.mul's stub lists one anyway
            params = [p for p in params if not (p["name"] == "out" and p["kwOnly"])]
            unmapped("stub-only parameter: Tensor methods take no out=; dropped from this signature",
                     stub_text(fn))
            STATS["unmapped_sigs"] -= 1
        sig, why = map_signature(params, op, is_method, name)
        if sig is None:
            unmapped(named_reason(fn, why), stub_text(fn))
        return sig

    if not order:
        return dedupe([s for s in (from_stub(fn) for fn in stub_fns) if s is not None])

    deprecated_fns, plain_fns = [], []
    for fn in stub_fns:
        ps = stub_params(fn, drop_self=is_method)
        names = tuple(p["name"] for p in ps if not (p["name"] == "out" and p["kwOnly"]))
        if any(n == name and (tuple(x for x in d if x != "self") if is_method else d) == names
               for n, d in deprecated_signatures()):
            deprecated_fns.append(fn)
        else:
            plain_fns.append(fn)
    used = set()
    sigs = []
    for entry in order:
        key = entry_key(entry)
        same = [fn for fn in plain_fns if stub_key(fn, is_method) == key
                and not any(p.get("varargs") for p in stub_params(fn, drop_self=is_method))]
        sig, why = map_signature(entry_params(entry, same or plain_fns, is_method), op, is_method, name)
        STATS["parser_sigs"] += 1
        if sig is None:
            unmapped(why, "parser: " + name + entry_text(entry))
            continue
        if not same:
            STATS["parser_only_sigs"] += 1
        sigs.append(sig)
        used.update(id(fn) for fn in same)
        # stub vararg forms (`*size: _int`) of this signature
        for fn in plain_fns:
            ps = stub_params(fn, drop_self=is_method)
            if any(p.get("varargs") for p in ps) and [p["name"] for p in ps] == [n for n, _ in key] \
                    and id(fn) not in used:
                vs = from_stub(fn)
                used.add(id(fn))
                if vs is not None and vs["aten"] == sig["aten"]:
                    sigs.append(vs)
    # stub defs matched by names to no parser signature: a merge of several of
    # them or a sub-form of one (a subset/superset of one's parameter names) is
    # covered; otherwise the def is stub-only (Python rejects that call)
    for fn in plain_fns:
        if id(fn) in used:
            continue
        keyset = set(n for n, _ in stub_key(fn, is_method))
        if any((set(n for n, _ in entry_key(e)) <= keyset or keyset <= set(n for n, _ in entry_key(e)))
               and set(n for n, _ in entry_key(e)) for e in order):
            STATS["stub_merged_sigs"] += 1
            continue
        if not keyset and any(not e for e in order):
            continue
        unmapped("stub-only: no PythonArgParser signature of %s has these parameters" % name,
                 stub_text(fn))
    if is_method and not deprecated_fns:
        # TensorBase's stub leaves out the deprecated method signatures
        # (x.add(alpha, other), x.addmm(beta, alpha, mat1, mat2), ...) that Python binds
        deprecated_fns = deprecated_method_defs(name)
    dep_sigs = []
    for fn in deprecated_fns:
        sig = from_stub(fn)
        if sig is not None:
            sig["deprecated"] = True
            dep_sigs.append(sig)
    # the stub writes a deprecated signature twice, without and with a required
    # out=; Python has one signature with an optional out=: merge them
    for so in [x for x in dep_sigs if x.get("out")]:
        base = [x for x in dep_sigs if not any(p["name"] == "out" for p in x["params"])
                and x["aten"] == so["aten"]
                and [p["name"] for p in x["params"]] == [p["name"] for p in so["params"] if p["name"] != "out"]]
        if base:
            b = base[0]
            op_ = dict(next(p for p in so["params"] if p["name"] == "out"))
            op_["default"] = None
            if not op_["pyType"].endswith("| None"):
                op_["pyType"] += " | None"
            b["params"].append(op_)
            b["out"] = so["out"]
            dep_sigs.remove(so)
    sigs.extend(dep_sigs)
    return dedupe(sigs)


def dedupe(sigs):
    """Drop stub defs that repeat a signature with only keyword-only params reordered..."""
    seen, out = set(), []
    for s in sigs:
        k = (s["aten"], s.get("out"), s["deprecated"],
             tuple(p["name"] for p in s["params"] if not p["kwOnly"]),
             frozenset(p["name"] for p in s["params"] if p["kwOnly"]),
             any(p.get("varargs") for p in s["params"]))
        if k not in seen:
            seen.add(k)
            out.append((k, s))
    # ... or that only lack some keyword-only params of another (new_ones: no layout=)
    return [s for k, s in out
            if not any(k2[:4] == k[:4] and k2[5] == k[5] and k[4] < k2[4] for k2, _ in out)]


def deprecated_method_defs(name):
    """Stub defs for deprecated.yaml's method-form signatures of `name` (self and
    out dropped), annotated as torchgen's pyi codegen would."""
    _, FunctionSchema = torchgen_python()
    from torchgen.api.python import argument_type_str_pyi
    from torchgen.model import Type
    path = os.path.join(os.path.dirname(__import__("torchgen").__file__),
                        "packaged", "autograd", "deprecated.yaml")
    defs = []
    for line in open(path):
        m = re.match(r"- name: ([A-Za-z0-9_]+)\((.*)\) -> ", line)
        if not m or m.group(1) != name:
            continue
        args = parse_schema_args("x(" + m.group(2) + ") -> x")
        if any(w and n != "self" for _, n, _, _, w in args):
            continue  # out= forms exist only as functions
        formals = ["self"] + ["%s: %s" % (n, argument_type_str_pyi(Type.parse(t)))
                              for t, n, _, _, _ in args if n != "self"]
        defs.append(ast.parse("def %s(%s): ..." % (name, ", ".join(formals))).body[0])
    return defs


def named_reason(fn, why):
    for p in stub_params(fn, drop_self=False):
        if p["cats"] & {"dimname", "dimnamelist"} or (
                p["name"] in ("names", "dim") and "dimnamelist" in p["cats"]):
            return "named-tensor form (Dimname): this build has no Dimname overloads; " + why
    return why


# ---------------------------------------------------------------------------
# main
# ---------------------------------------------------------------------------


def main():
    result = {"torch_version": torch.__version__, "namespaces": {}, "unmapped": [],
              "pythonOverrides": []}
    summary = {}
    unmapped = result["unmapped"] = UNMAPPED
    stats = STATS

    vf_stub = load_stub_module(os.path.join(TORCH_DIR, "_C", "_VariableFunctions.pyi"))
    tb_methods, tb_props = load_stub_class(os.path.join(TORCH_DIR, "_C", "__init__.pyi"), "TensorBase")

    sample = torch.zeros(2, 3)

    # natively bound names the stubs leave out (their public torch.X / Tensor.X is a
    # Python wrapper, see pythonOverrides): synthesize their native signatures
    for n in dir(C._VariableFunctions):
        if not n.startswith("_") and n not in vf_stub:
            vf_stub[n] = synth_stub_defs(n)
    for n in dir(C.TensorBase):
        if n.startswith("_") or n in tb_methods or n in tb_props:
            continue
        if not callable(getattr(C.TensorBase, n)):
            tb_props[n] = "(native attribute, not in the stub)"
        else:
            tb_methods[n] = [ast.parse(t).body[0] for t in
                             (ast.unparse(d) for d in synth_stub_defs(n, method=True))]

    def do_ns(ns, entries, is_method, op_of, runtime_of):
        """entries: {pyname: [FunctionDef]}."""
        table = {}
        n_pub = n_priv = n_mapped = n_unmapped = 0
        for name in sorted(entries):
            if name.startswith("_"):
                n_priv += 1
                continue
            n_pub += 1
            stats["stub_sigs"] += len(entries[name])
            fn_obj = runtime_of(name)
            order = parser_order(fn_obj, sample if is_method else None) if fn_obj else None
            max_pos = None
            if fn_obj is not None and not order:
                max_pos = positional_limit(fn_obj, sample if is_method else None)
            sigs = reconcile(ns, name, entries[name], order, is_method, op_of(name), max_pos)
            if sigs:
                table[name] = sigs
                n_mapped += 1
            else:
                n_unmapped += 1
        result["namespaces"][ns] = table
        summary[ns] = {"public": n_pub, "mapped": n_mapped, "unmapped": n_unmapped,
                       "private_skipped": n_priv,
                       "signatures": sum(len(v) for v in table.values())}

    # torch.*
    do_ns("torch", vf_stub, False, lambda n: n,
          lambda n: getattr(C._VariableFunctions, n, None))

    # Tensor methods
    do_ns("Tensor", tb_methods, True, lambda n: n,
          lambda n: getattr(C.TensorBase, n, None))
    for p in sorted(tb_props):
        if p.startswith("_"):
            summary["Tensor"]["private_skipped"] += 1
            continue
        summary["Tensor"]["public"] += 1
        summary["Tensor"]["unmapped"] += 1
        unmapped.append({"ns": "Tensor", "name": p, "reason": "property (attribute, not a call): "
                         + tb_props[p]})
    # methods torch.Tensor adds in Python (torch/_tensor.py) on top of TensorBase
    for n, v in sorted(torch.Tensor.__dict__.items()):
        if n.startswith("_"):
            continue
        if n in tb_methods or n in tb_props:
            if callable(v) and not isinstance(v, type(C.TensorBase.add)):
                result["pythonOverrides"].append({"ns": "Tensor", "name": n, "module": "torch._tensor"})
            continue
        if callable(v) or isinstance(v, property):
            summary["Tensor"]["public"] += 1
            summary["Tensor"]["unmapped"] += 1
            unmapped.append({"ns": "Tensor", "name": n,
                             "reason": "Python-only method of torch.Tensor (torch/_tensor.py), no native binding"})
    # torch.* names whose public object is a Python wrapper, not the native binding
    for n in sorted(vf_stub):
        if n.startswith("_"):
            continue
        obj = getattr(torch, n, None)
        if obj is None:
            result["pythonOverrides"].append({"ns": "torch", "name": n, "module": None,
                                              "note": "not exported as torch.%s" % n})
        elif hasattr(C._VariableFunctions, n) and obj is not getattr(C._VariableFunctions, n):
            result["pythonOverrides"].append({"ns": "torch", "name": n,
                                              "module": getattr(obj, "__module__", None)})

    # linalg / fft / special
    for ns, cmod, prefix in (("linalg", C._linalg, "linalg_"), ("fft", C._fft, "fft_"),
                             ("special", C._special, "special_")):
        entries = {}
        for full in dir(cmod):
            if full.startswith("__"):
                continue
            py = full[len(prefix):] if full.startswith(prefix) else full
            if full.startswith("_"):
                py = full
            entries[py] = synth_stub_defs(full, module=ns) if not full.startswith("_") else []
        pref = {py: (prefix + py if not py.startswith("_") else py) for py in entries}
        do_ns(ns, entries, False, lambda n, pref=pref: pref[n],
              lambda n, pref=pref, cmod=cmod: getattr(cmod, pref[n], None))
        for py in entries:
            if py.startswith("_"):
                continue
            pub = getattr(getattr(torch, ns), py, None)
            if pub is not getattr(cmod, pref[py]):
                result["pythonOverrides"].append({"ns": ns, "name": py,
                                                  "module": getattr(pub, "__module__", None)})
        # names with no stub at all (no native overload found)
        for py in entries:
            if not py.startswith("_") and not entries[py] and py not in result["namespaces"][ns]:
                unmapped.append({"ns": ns, "name": py, "reason": "no native aten overload found for %s" % pref[py]})

    # signatures whose aten arguments have types a JS binding may not support yet
    exotic = Counter()
    for ns, table in result["namespaces"].items():
        for sigs in table.values():
            for sig in sigs:
                kinds = {re.sub(r"[?\[\]0-9]", "", p["type"]) for p in sig["params"]
                         if p.get("type") and "schemaIndex" in p}
                for k in kinds & {"Dimname", "Storage", "Stream", "Layout", "Generator", "MemoryFormat",
                                  "Device", "QScheme", "str", "complex", "DeviceIndex"}:
                    exotic[k] += 1
    summary["signaturesWithArgType"] = dict(sorted(exotic.items()))
    result["summary"] = summary
    with open(OUT_PATH, "w") as fh:
        fh.write("{\n")
        keys = list(result)
        for ki, k in enumerate(keys):
            v = result[k]
            tail = "," if ki < len(keys) - 1 else ""
            if k == "namespaces":
                fh.write('"namespaces": {\n')
                nss = list(v)
                for ni, ns in enumerate(nss):
                    fh.write(json.dumps(ns) + ": {\n")
                    names = list(v[ns])
                    for i, name in enumerate(names):
                        fh.write(json.dumps(name) + ": " + json.dumps(v[ns][name], separators=(",", ":"))
                                 + ("," if i < len(names) - 1 else "") + "\n")
                    fh.write("}" + ("," if ni < len(nss) - 1 else "") + "\n")
                fh.write("}" + tail + "\n")
            elif isinstance(v, list):
                fh.write(json.dumps(k) + ": [\n")
                for i, item in enumerate(v):
                    fh.write(json.dumps(item, separators=(",", ":")) + ("," if i < len(v) - 1 else "") + "\n")
                fh.write("]" + tail + "\n")
            else:
                fh.write(json.dumps(k) + ": " + json.dumps(v, separators=(",", ":")) + tail + "\n")
        fh.write("}\n")

    print("wrote", os.path.relpath(OUT_PATH), "(%d bytes)" % os.path.getsize(OUT_PATH))
    print("%-8s %7s %7s %9s %8s %6s" % ("ns", "public", "mapped", "unmapped", "private", "sigs"))
    for ns, s in summary.items():
        if ns not in result["namespaces"]:
            continue
        print("%-8s %7d %7d %9d %8d %6d" % (ns, s["public"], s["mapped"], s["unmapped"],
                                            s["private_skipped"], s["signatures"]))
    print("stub defs read: %(stub_sigs)d; Python parser signatures read back: %(parser_sigs)d "
          "(%(parser_only_sigs)d with no stub def of the same parameters); stub defs merging several "
          "parser signatures: %(stub_merged_sigs)d; stub params made keyword-only (Python takes fewer "
          "positionals): %(stub_params_made_kw_only)d; unmapped signatures: %(unmapped_sigs)d" % stats)
    print("signatures with arguments of type:", summary["signaturesWithArgType"])
    return result


# ---------------------------------------------------------------------------
# validation against the oracle
# ---------------------------------------------------------------------------



def _accepts(p, v, nat):
    t = p.get("type")
    if p["name"] == "out":
        return v is None or isinstance(v, (torch.Tensor, tuple, list))
    if t is None:
        return True
    cat, opt, sized = aten_category(t)
    if v is None:
        return opt or ("default" in p and p["default"] is None)
    num = (int, float, complex)
    if cat == "Tensor":
        return isinstance(v, torch.Tensor) or (nat and isinstance(v, num))
    if cat == "Number":
        return isinstance(v, num) or (isinstance(v, torch.Tensor) and v.dim() == 0 and not v.requires_grad)
    if cat == "int":
        return isinstance(v, int) and not isinstance(v, bool)
    if cat == "float":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if cat == "bool":
        return isinstance(v, bool)
    if cat == "intlist":
        return (isinstance(v, (list, tuple)) and all(isinstance(i, int) for i in v)) or (sized and isinstance(v, int))
    if cat == "tensorlist":
        return isinstance(v, (list, tuple)) and all(isinstance(i, torch.Tensor) for i in v)
    if cat == "str":
        return isinstance(v, str)
    if cat == "dtype":
        return isinstance(v, torch.dtype)
    return True


def resolve(table, ns, name, args, kwargs):
    """Pick the Sig Python would: the first, in listed order, whose params bind."""
    for sig in table[ns].get(name, []):
        params = sig["params"]
        pos = [p for p in params if not p["kwOnly"]]
        a = list(args)
        if pos and pos[0].get("varargs") and len(a) > 1 and all(isinstance(i, int) for i in a):
            a = [tuple(a)]
        elif any(p.get("varargs") for p in params):
            continue
        if len(a) > len(pos):
            continue
        bound = {p["name"]: v for p, v in zip(pos, a)}
        names = {p["name"] for p in params}
        if any(k not in names or k in bound for k in kwargs):
            continue
        bound.update(kwargs)
        ok = all(("default" in p or p["name"] in bound) for p in params)
        ok = ok and all(_accepts(p, bound[p["name"]], sig["numbersAsTensor"]) for p in params if p["name"] in bound)
        if ok:
            return sig, ("out" in kwargs)
    return None, False


def traced_overloads(call):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = torch.jit.trace(lambda d: call(), (torch.zeros(1),), check_trace=False).graph
    return [n.schema().split("(")[0].split("::", 1)[1] for n in g.nodes()
            if n.kind().startswith("aten::") and n.schema() != "(no schema)"]


def validate(table):
    torch.manual_seed(0)
    x = torch.randn(3, 4)
    y = torch.randn(3, 4)
    sq = torch.randn(4, 4)
    idx = torch.tensor([[0, 1], [2, 3], [1, 0]])
    mask = x > 0
    t0 = torch.tensor(0.5)
    T, L, F, S = torch, torch.linalg, torch.fft, torch.special
    cases = [  # (ns, name, self or None, args, kwargs, expected aten or None)
        ("torch", "add", None, (x, 1), {}, "add.Tensor"),
        ("torch", "add", None, (x, y), {"alpha": 2}, "add.Tensor"),
        ("torch", "add", None, (x, y), {"out": torch.empty(3, 4)}, "add.out"),
        ("Tensor", "add", x, (2.5,), {}, "add.Tensor"),
        ("torch", "sub", None, (x, y), {}, "sub.Tensor"),
        ("torch", "mul", None, (x, 3), {}, "mul.Tensor"),
        ("torch", "div", None, (x, y), {}, "div.Tensor"),
        ("torch", "div", None, (x, 2), {"rounding_mode": "floor"}, "div.Tensor_mode"),
        ("Tensor", "pow", x, (2,), {}, "pow.Tensor_Scalar"),
        ("Tensor", "pow", x, (y,), {}, "pow.Tensor_Tensor"),
        ("torch", "pow", None, (2, x), {}, "pow.Scalar"),
        ("Tensor", "sum", x, (), {}, "sum"),
        ("Tensor", "sum", x, (1,), {}, "sum.dim_IntList"),
        ("torch", "sum", None, (x, (0, 1)), {"keepdim": True}, "sum.dim_IntList"),
        ("torch", "mean", None, (x,), {}, "mean"),
        ("torch", "mean", None, (x, 1), {}, "mean.dim"),
        ("torch", "max", None, (x,), {}, "max"),
        ("torch", "max", None, (x, 1), {}, "max.dim"),
        ("torch", "max", None, (x, y), {}, "max.other"),
        ("Tensor", "min", x, (0,), {"keepdim": True}, "min.dim"),
        ("torch", "sort", None, (x,), {}, "sort"),
        ("torch", "sort", None, (x,), {"stable": True}, "sort.stable"),
        ("torch", "topk", None, (x, 2), {}, "topk"),
        ("torch", "std", None, (x,), {}, "std.correction"),  # Python tries std.correction first
        ("torch", "std", None, (x, 1), {}, "std.dim"),
        ("torch", "std", None, (x,), {"dim": 1, "correction": 0}, "std.correction"),
        ("torch", "var", None, (x, 0, False), {}, "var.dim"),
        ("torch", "where", None, (mask, x, y), {}, "where.self"),
        ("torch", "where", None, (mask, x, 0.0), {}, "where.ScalarOther"),
        ("torch", "where", None, (mask,), {}, "where"),
        ("torch", "clamp", None, (x, 0, 1), {}, "clamp"),
        ("torch", "clamp", None, (x,), {"min": y}, "clamp.Tensor"),
        ("torch", "cat", None, ([x, y],), {}, "cat"),
        ("torch", "cat", None, ([x, y], 1), {}, "cat"),
        ("torch", "stack", None, ([x, y],), {}, "stack"),
        ("torch", "gather", None, (x, 1, idx), {}, "gather"),
        ("torch", "scatter", None, (x, 1, idx, y), {}, "scatter.src"),
        ("torch", "scatter", None, (x, 1, idx, 1.0), {}, "scatter.value"),
        ("torch", "index_select", None, (x, 1, torch.tensor([0, 2])), {}, "index_select"),
        ("Tensor", "masked_fill", x, (mask, 0.0), {}, "masked_fill.Scalar"),
        ("Tensor", "masked_fill", x, (mask, t0), {}, "masked_fill.Tensor"),
        ("torch", "matmul", None, (x, y.t()), {}, "matmul"),
        ("linalg", "qr", None, (sq,), {}, "linalg_qr"),
        ("linalg", "norm", None, (x,), {}, "linalg_norm"),
        ("linalg", "norm", None, (x, "fro"), {}, "linalg_norm.ord_str"),
        ("fft", "fft", None, (x,), {}, "fft_fft"),
        ("special", "erf", None, (x,), {}, "special_erf"),
        ("torch", "argmax", None, (x, 1), {}, "argmax"),
        ("torch", "softmax", None, (x, 1), {}, "softmax.int"),
        ("Tensor", "softmax", x, (0,), {}, "softmax.int"),
        ("torch", "transpose", None, (x, 0, 1), {}, "transpose.int"),
        ("torch", "reshape", None, (x, (4, 3)), {}, "reshape"),
        ("Tensor", "reshape", x, (4, 3), {}, "reshape"),
        ("Tensor", "add", x, (2, y), {}, "add.Tensor"),  # deprecated add(alpha, other)
    ]
    mods = {"torch": T, "linalg": L, "fft": F, "special": S}
    ok = bad = 0
    print("\nspot checks (JSON resolution vs the aten overload the oracle dispatches, via torch.jit.trace):")
    for ns, name, self_t, args, kwargs, expect in cases:
        sig, is_out = resolve(table, ns, name, args, kwargs)
        got = None if sig is None else (sig.get("out") if is_out else sig["aten"])
        if ns == "Tensor":
            call = (lambda s=self_t, n=name, a=args, k=kwargs: getattr(s, n)(*a, **k))
        else:
            call = (lambda m=mods[ns], n=name, a=args, k=kwargs: getattr(m, n)(*a, **k))
        try:
            traced = traced_overloads(call)
        except Exception as e:  # noqa: BLE001
            traced = ["<trace failed: %s>" % type(e).__name__]
        base = (got or expect).split(".")[0]
        hit = [t for t in traced if t.split(".")[0] == base]
        oracle = hit[0] if hit else (traced[-1] if traced else None)
        how = ""
        if not hit and got is not None:
            # the tracer records a composite alias (special_erf) by what it
            # decomposes to; the profiler sees every op the dispatcher enters, by name
            with _quiet_stderr(), torch.profiler.profile() as prof:
                call()
            if any(e.name == "aten::" + base for e in prof.events()):
                oracle, how = got, " (op name seen by the profiler; tracer shows %s)" % ",".join(traced)
        good = got == oracle == expect
        ok += good
        bad += not good
        shown = "%s.%s(%s%s)" % ("x" if ns == "Tensor" else ("torch" if ns == "torch" else "torch." + ns), name,
                                  ", ".join(_short(a) for a in args),
                                  "".join(", %s=%s" % (k, _short(v)) for k, v in kwargs.items()))
        extra = ""
        if sig is not None and len(sig["returns"]) > 1:
            extra = " returns " + ",".join(r["name"] or "?" for r in sig["returns"])
        if sig is not None and sig["numbersAsTensor"]:
            extra += " numbersAsTensor"
        if sig is not None and sig["deprecated"]:
            extra += " deprecated"
        extra += how
        print("  %-4s %-48s json=%-22s oracle=%-22s%s" % ("ok" if good else "FAIL", shown, got, oracle, extra))
    print("spot checks: %d ok, %d failed" % (ok, bad))
    return bad


class _quiet_stderr:
    """Silence the profiler's C-level start/stop lines."""
    def __enter__(self):
        sys.stderr.flush()
        self.saved = os.dup(2)
        self.null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(self.null, 2)

    def __exit__(self, *exc):
        os.dup2(self.saved, 2)
        os.close(self.saved)
        os.close(self.null)


def validate_numbers_as_tensors(table):
    """NUMBERS_AS_TENSORS against the oracle: listed names take a number where only
    a Tensor parameter fits (torch.add(2, x)); others refuse it (torch.maximum(x, 2))."""
    x = torch.randn(3)
    bad = []
    for name in sorted(n for n in NUMBERS_AS_TENSORS if not n.endswith(("_out", "_")) and not n.startswith("_")):
        if name in ("to", "copy"):
            continue
        try:
            getattr(torch, name)(2, x)  # the number sits where only `input: Tensor` fits
        except TypeError:
            bad.append(name + " refused a number")
        if not all(s["numbersAsTensor"] for s in table["torch"].get(name, [])
                   if any(aten_category(p["type"] or "")[0] == "Tensor" for p in s["params"])):
            bad.append(name + " not flagged numbersAsTensor")
    for name in ("maximum", "atan2", "logaddexp", "hypot", "matmul"):
        try:
            getattr(torch, name)(x, 2)
            bad.append(name + " accepted a number")
        except TypeError:
            pass
        if any(s["numbersAsTensor"] for s in table["torch"].get(name, [])):
            bad.append(name + " flagged numbersAsTensor")
    print("numbers-as-tensors list: %s" % ("ok" if not bad else "MISMATCH " + "; ".join(bad)))
    return len(bad)


def _short(v):
    if isinstance(v, torch.Tensor):
        return "T" + ("" if v.dim() else "0")
    if isinstance(v, (list, tuple)) and v and isinstance(v[0], torch.Tensor):
        return "[" + ",".join(_short(i) for i in v) + "]"
    return repr(v)


if __name__ == "__main__":
    res = main()
    failures = validate(res["namespaces"]) + validate_numbers_as_tensors(res["namespaces"])
    sys.exit(1 if failures else 0)
