-- The neurovariety of a linear convolutional network (lcnalg, MATH.md §1-2).
--
--   M2 --script lcnalg/m2scripts/neurovariety.m2 K S        e.g.  ... neurovariety.m2 3,2 2,1
--
-- K, S: comma-separated filter sizes and strides.  Builds the ring map
-- QQ[c_0..c_(n-1)] -> QQ[w's], c_j = coefficient of t^j in prod_i w_i(t^(S_i)), computes its
-- kernel I(V) and prints ONE line of JSON on stdout (the last line) with the keys
--   k, s, n; generators (gens of the kernel), mingens, mingens_degrees;
--   dim (Krull dimension of QQ[c]/I, the affine dimension), codim, degree;
--   hilbert_numerator (h_0..h_m with Hilbert series sum_e h_e T^e / (1-T)^dim);
--   hilbert_polynomial (string in i: dim_QQ (QQ[c]/I)_i for large i); seconds (wall clock).
-- Bad arguments: a message on stderr and exit status 2.

load "./lcnalg.m2"  -- "./": relative to the directory of this file

usage := "M2 --script neurovariety.m2 K S   (K, S: comma-separated integers >= 1 of equal length, e.g. 3,2 2,1)";
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

-- coefficient lists: product by convolution, w(t) -> w(t^Si) by inserting zeros
conv := (a, b) -> apply(#a + #b - 1, m -> sum(max(0, m - #b + 1) .. min(m, #a - 1), i -> a#i * b#(m - i)));
upsample := (f, Si) -> flatten apply(#f, j -> if j == #f - 1 then {f#j} else {f#j} | toList(Si - 1 : 0_(ring f#j)));

compute := () -> (
    w := getSymbol "w";
    c := getSymbol "c";
    W := QQ[flatten apply(L, i -> apply(k#i, j -> w_(i+1, j)))];
    offsets := apply(L, i -> sum(i, l -> k#l));
    cs := fold(conv, apply(L, i -> upsample(apply(k#i, j -> W_(offsets#i + j)), S#i)));
    assert(#cs == n);
    -- degree L for every c_j makes the map homogeneous (faster kernel); then regrade
    Cgraded := QQ[c_0 .. c_(n-1), Degrees => toList(n : L)];
    I := ker map(W, Cgraded, cs);
    C := QQ[c_0 .. c_(n-1)];
    J := sub(I, C);
    mg := flatten entries mingens J;
    hs := hilbertSeries(J, Reduce => true);
    {("k", toJSON k), ("s", toJSON s), ("n", toJSON n),
     ("generators", toJSON apply(flatten entries gens J, toString)),
     ("mingens", toJSON apply(mg, toString)),
     ("mingens_degrees", toJSON apply(mg, f -> first degree f)),
     ("dim", toJSON dim J), ("codim", toJSON codim J), ("degree", toJSON degree J),
     ("hilbert_numerator", toJSON lcnalgCoefficientList numerator hs),
     ("hilbert_polynomial", toJSON toString hilbertPolynomial(C/J, Projective => false))});

r := elapsedTiming compute();
print lcnalgJSONObject(r#1 | {("seconds", lcnalgJSONSeconds r#0)});
exit 0
