-- The singular locus of the neurovariety of a linear convolutional network (lcnalg, MATH.md §5).
--
--   M2 --script lcnalg/m2scripts/singular_locus.m2 K S        e.g.  ... singular_locus.m2 3,2 2,1
--
-- K, S: comma-separated filter sizes and strides.  Computes I(V) = ker of the ring map
-- QQ[c_0..c_(n-1)] -> QQ[w's] (c_j = coefficient of t^j in prod_i w_i(t^(S_i))), then
-- singularLocus(QQ[c]/I) (I plus the codim-minors of the Jacobian), its radical and
-- minimal primes, and prints ONE line of JSON on stdout (the last line) with the keys
--   k, s, n; codim_V (codimension of V); radical (generators of the radical of the
--   singular-locus ideal); dim (affine dimension, -1 when empty), codim (in C^n), degree;
--   components: list of {dim, degree, generators} (minimal primes); seconds (wall clock).
-- Bad arguments: a message on stderr and exit status 2.

load "./lcnalg.m2"  -- "./": relative to the directory of this file

usage := "M2 --script singular_locus.m2 K S   (K, S: comma-separated integers >= 1 of equal length, e.g. 3,2 2,1)";
args := drop(scriptCommandLine, 1);
if #args != 2 then lcnalgUsage(usage, "expected 2 arguments, got " | toString(#args));
k := lcnalgParseIntList(args#0);
s := lcnalgParseIntList(args#1);
if k === null then lcnalgUsage(usage, "K is not a comma-separated list of integers: " | args#0);
if s === null then lcnalgUsage(usage, "S is not a comma-separated list of integers: " | args#1);
if #k != #s then lcnalgUsage(usage, "K and S have different lengths");
if any(k | s, x -> x < 1) then lcnalgUsage(usage, "filter sizes and strides must be >= 1");

L := #k;
S := apply(L, i -> product take(s, i));            -- S_1 = 1, S_i = s_1 ... s_(i-1)
n := 1 + sum(L, i -> (k#i - 1) * S#i);
if n > 4096 then lcnalgUsage(usage, "end-to-end filter size n = " | toString n | " exceeds 4096");

conv := (a, b) -> apply(#a + #b - 1, m -> sum(max(0, m - #b + 1) .. min(m, #a - 1), i -> a#i * b#(m - i)));
upsample := (f, Si) -> flatten apply(#f, j -> if j == #f - 1 then {f#j} else {f#j} | toList(Si - 1 : 0_(ring f#j)));

compute := () -> (
    w := getSymbol "w";
    c := getSymbol "c";
    W := QQ[flatten apply(L, i -> apply(k#i, j -> w_(i+1, j)))];
    offsets := apply(L, i -> sum(i, l -> k#l));
    cs := fold(conv, apply(L, i -> upsample(apply(k#i, j -> W_(offsets#i + j)), S#i)));
    Cgraded := QQ[c_0 .. c_(n-1), Degrees => toList(n : L)];  -- homogeneous map: faster kernel
    I0 := ker map(W, Cgraded, cs);
    C := QQ[c_0 .. c_(n-1)];
    I := trim sub(I0, C);
    sing := if I == 0 then ideal(1_C) else ideal singularLocus(C / I);
    sing = trim sub(sing, C);
    rad := radical sing;
    comps := if rad == ideal(1_C) then {} else decompose rad;
    jsonComp := P -> lcnalgJSONObject {
        ("dim", toJSON dim P), ("degree", toJSON degree P),
        ("generators", toJSON apply(flatten entries mingens P, toString))};
    empty := #comps == 0;
    d := if empty then -1 else dim rad;
    {("k", toJSON k), ("s", toJSON s), ("n", toJSON n), ("codim_V", toJSON codim I),
     ("radical", toJSON apply(flatten entries mingens rad, toString)),
     ("dim", toJSON d), ("codim", toJSON(n - d)),
     ("degree", toJSON(if empty then 0 else degree rad)),
     ("components", "[" | demark(", ", apply(comps, jsonComp)) | "]")});

r := elapsedTiming compute();
print lcnalgJSONObject(r#1 | {("seconds", lcnalgJSONSeconds r#0)});
exit 0
