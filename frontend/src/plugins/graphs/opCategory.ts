/** Groups op types into a few families, each drawn with its own colour stripe, so layers read at a glance. */
export type OpCategory = "io" | "conv" | "dense" | "norm" | "activation" | "pool" | "shape" | "math" | "param" | "other";

const RULES: [OpCategory, RegExp][] = [
  ["io", /^(IO Node|Placeholder|_Arg|_Retval)$/],
  ["param", /(GetAttr|Constant|^Const$|Variable|ReadVariableOp)/],
  ["conv", /conv/i],
  ["dense", /(linear|matmul|addmm|^mm$|::mm$|bmm|einsum|dense|gemm)/i],
  ["norm", /norm/i],
  ["pool", /pool/i],
  ["activation", /(relu|gelu|sigmoid|tanh|softmax|silu|swish|elu|hardtanh|mish|softplus)/i],
  ["shape", /(view|reshape|flatten|permute|transpose|cat|concat|stack|split|chunk|squeeze|unsqueeze|slice|select|size|ListConstruct|TupleConstruct|TupleUnpack|ListUnpack)/i],
  ["math", /(add|sub|mul|div|pow|sqrt|exp|log|mean|sum|max|min|neg|abs|dropout)/i],
];

export function opCategory(op: string): OpCategory {
  for (const [category, pattern] of RULES) if (pattern.test(op)) return category;
  return "other";
}
