-- Benchmark baseline: time Macaulay2's `ker` of the parameterization alone (no mingens, no
-- Hilbert series).   M2 --script benchmarks/ker.m2 K S    e.g.  ... ker.m2 3,2 2,1
-- Prints one JSON line: {"seconds": <ker time>, "ngens": <number of generators>}.
load "../lcnalg/m2scripts/lcnalg.m2"
A := lcnalgArchitectureArgs "M2 --script ker.m2 K S";
(W, cs) := lcnalgRingMap A;
n := A#"n"; L := A#"L";
c := getSymbol "c";
Cgraded := QQ[c_0 .. c_(n-1), Degrees => toList(n : L)];
r := elapsedTiming (ker map(W, Cgraded, cs));
print lcnalgJSONObject({("seconds", lcnalgJSONSeconds r#0), ("ngens", toJSON numgens r#1)});
exit 0
