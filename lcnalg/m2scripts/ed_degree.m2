-- The generic Euclidean distance degree of the Segre variety P^(k_1-1) x ... x P^(k_L-1)
-- by Macaulay2's ToricInvariants (Helmer-Sturmfels: sum of polar degrees of the toric
-- variety X_A, computed from Chern-Mather volumes of the faces of conv(A)).
-- An independent implementation to compare with lcnalg.eddegree (Chern-class formula).
--
--   M2 --script lcnalg/m2scripts/ed_degree.m2 K          e.g.  ... ed_degree.m2 2,3
--
-- K: comma-separated filter sizes k_i >= 1 (d_i = k_i - 1; k_i = 1 is a point P^0).
-- A: the lattice points of the product of simplices Delta_(d_1) x ... x Delta_(d_L) (vertex
-- j of Delta_d is 0 or the unit vector e_j, j = 1..d) with a row of ones: X_A is the Segre
-- variety.  Prints ONE line of JSON (the last line): k, ed_degree, polar_degrees, degree,
-- topcom (whether TOPCOM was found), seconds.
--
-- ToricInvariants needs lattice volumes of faces, which Polyhedra computes from a TOPCOM
-- triangulation.  Without the topcom program (Debian: apt-get install topcom) this script
-- installs a replacement latticeVolume from Polyhedra's own barycentricTriangulation: the
-- normalized volume is the sum of |det| over the simplices, after the same lattice
-- projection Polyhedra uses for lower-dimensional polytopes.

load "./lcnalg.m2"
needsPackage "Polyhedra"
needsPackage "ToricInvariants"

usage := "M2 --script ed_degree.m2 K   (K: comma-separated integers >= 1, e.g. 2,3)";
args := drop(scriptCommandLine, 1);
if #args != 1 then lcnalgUsage(usage, "expected 1 argument, got " | toString(#args));
k := lcnalgParseIntList(args#0);
if k === null then lcnalgUsage(usage, "K is not a comma-separated list of integers: " | args#0);
if any(k, x -> x < 1) then lcnalgUsage(usage, "filter sizes must be >= 1");
if sum(k, x -> x - 1) > 12 then lcnalgUsage(usage, "sum of k_i - 1 above 12: too large for this check");

haveTopcom := try (regularTriangulation convexHull matrix{{0,1,0},{0,0,1}}; true) else false;
if not haveTopcom then (
    latticeVolume Polyhedron := P -> (
        if isEmpty P then return 0;
        e := dim P;
        if e == 0 then return 1;
        if e != ambDim P then (
            B := substitute((hyperplanes P)#0, ZZ);
            B = inverse (smithNormalForm B)#2;
            N := ambDim P;
            B = B^{N-e..N-1};
            P = affineImage(B, P));
        T := barycentricTriangulation P;
        sum(T, simplex -> abs det matrix transpose apply(toList(1..e),
            i -> flatten entries(simplex#i - simplex#0)))));

compute := () -> (
    d := apply(k, x -> x - 1);
    if sum d == 0 then return {("k", toJSON k), ("ed_degree", "1"), ("polar_degrees", "[1]"),
        ("degree", "1"), ("topcom", toJSON haveTopcom)};
    tuples := fold((a, b) -> flatten apply(a, t -> apply(b, j -> append(t, j))),
                   {{}}, apply(d, di -> toList(0..di)));
    unitVec := (di, j) -> apply(di, t -> if t + 1 == j then 1 else 0);
    cols := apply(tuples, t -> flatten apply(#d, i -> unitVec(d#i, t#i)) | {1});
    A := transpose matrix cols;
    H := polarDegrees(A, Output => HashTable);
    {("k", toJSON k), ("ed_degree", toJSON H#"ED"), ("polar_degrees", toJSON H#"polar degrees"),
     ("degree", toJSON H#"degree"), ("topcom", toJSON haveTopcom)});

r := elapsedTiming compute();
print lcnalgJSONObject(r#1 | {("seconds", lcnalgJSONSeconds r#0)});
exit 0
