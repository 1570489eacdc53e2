-- Numerical monodromy count of the solutions of a square system linear in its parameters
-- (the critical equations of lcnalg.training.monodromy, parameters = the quadratic's data).
--
--   M2 --script lcnalg/m2scripts/monodromy.m2 FILE SEED
--
-- FILE (written by lcnalg): M2 code setting nP, nX and eqs (strings in p0.., x0..).
-- A random complex point x0 and parameters p0 in the kernel of the (linear) system at x0
-- give the seed pair; monodromySolve (MonodromySolver) then collects solutions until it
-- stalls (path tracking follows nonsingular solutions only).  Prints ONE line of JSON:
-- count, seed, seconds.
load "./lcnalg.m2"
needsPackage "MonodromySolver"
usage := "M2 --script monodromy.m2 FILE SEED";
args := drop(scriptCommandLine, 1);
if #args != 2 then lcnalgUsage(usage, "expected 2 arguments");
sd := lcnalgParseIntList(args#1);
if sd === null then lcnalgUsage(usage, "SEED is not an integer");
setRandomSeed(sd#0);
value get args#0;
compute := () -> (
    R := CC[apply(nP, i -> getSymbol("p" | toString i))][apply(nX, i -> getSymbol("x" | toString i))];
    use coefficientRing R; use R;
    F := apply(eqs, s -> value s);
    -- seed: random x0 (last coordinate z = 1/lam, lam the one before), p0 in the kernel
    x0 := apply(nX - 1, i -> random CC);
    x0 = append(x0, 1 / last x0);
    A := matrix apply(F, f -> (
        g := sub(f, apply(nX, i -> R_i => x0#i));
        apply(nP, j -> sub(coefficient((coefficientRing R)_j, sub(g, coefficientRing R)), CC))));
    (S, U, Vh) := SVD A;
    r := #select(S, x -> x > 1e-10 * max S);
    K := apply(toList(r .. nP - 1), i -> apply(nP, j -> conjugate Vh_(i, j)));
    c := apply(#K, i -> random CC);
    p0 := apply(nP, j -> sum(#K, i -> c#i * K#i#j));
    PS := polySystem F;
    (V, npaths) := monodromySolve(PS, point{p0}, {point{x0}}, NumberOfNodes => 3, NumberOfEdges => 4);
    sols := points V.PartialSols;
    sols)
r := elapsedTiming compute();
sols := r#1;
print lcnalgJSONObject({("count", toJSON(#sols)),
    ("seed", toJSON(sd#0)), ("seconds", lcnalgJSONSeconds r#0)});
exit 0
