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
A := lcnalgArchitectureArgs usage;
k := A#"k"; s := A#"s"; n := A#"n";

compute := () -> (
    (C, I0) := lcnalgVanishingIdeal A;
    I := trim I0;
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
