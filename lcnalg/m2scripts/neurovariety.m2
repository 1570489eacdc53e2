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
A := lcnalgArchitectureArgs usage;
k := A#"k"; s := A#"s"; n := A#"n";

compute := () -> (
    (C, J) := lcnalgVanishingIdeal A;
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
