-- Shared helpers for lcnalg's Macaulay2 scripts: safe argument parsing and JSON output.
-- Load with:  load(currentFileDirectory | "lcnalg.m2")
-- Nothing here calls `value` on command-line text: arguments are checked digit by digit.

needsPackage "JSON"

-- Print a usage/argument error on stderr and exit with status 2.
lcnalgUsage = (usage, msg) -> (
    stderr << "error: " << msg << endl << "usage: " << usage << endl;
    exit 2)

-- "3,2,1" -> {3,2,1}; null unless the text is a non-empty comma list of decimal integers
-- (at most 9 digits each).  Checked character by character: M2's regex `$` also matches
-- before a newline, so `match` alone would let "3,2\nfoo" through.
lcnalgDigits = set characters "0123456789";
lcnalgParseIntList = str -> (
    if not instance(str, String) then return null;
    parts := separate(",", str);
    if any(parts, t -> #t == 0 or #t > 9 or any(characters t, ch -> not lcnalgDigits#?ch)) then return null;
    apply(parts, t -> (
        r := 0;
        for ch in characters t do r = 10*r + (first ascii ch - 48);
        r)))

-- Wall-clock seconds as a JSON number with 3 decimals (M2 1.21's toJSON prints reals as
-- ".3", which is not valid JSON).
lcnalgJSONSeconds = t -> (
    ms := round(1000 * t);
    frac := toString(ms % 1000);
    toString(ms // 1000) | "." | concatenate(3 - #frac : "0") | frac)

-- A JSON object with keys in the given order, from a list of (key, JSON text) pairs.
lcnalgJSONObject = pairsList -> (
    "{" | demark(", ", apply(pairsList, p -> toJSON(p#0) | ": " | p#1)) | "}")

-- Coefficients {a_0, ..., a_m} of a univariate polynomial (e.g. a Hilbert series numerator).
lcnalgCoefficientList = p -> (
    if p == 0 then return {};
    T := (ring p)_0;
    toList apply(0 .. first degree p, e -> lift(coefficient(T^e, p), ZZ)))

-- The architecture "K S" of the command line, checked (exit 2 with `usage` otherwise):
-- a HashTable with k, s (lists), L, S (S_1 = 1, S_i = s_1 ... s_(i-1)) and n (MATH.md §1).
lcnalgArchitectureArgs = usage -> (
    args := drop(scriptCommandLine, 1);
    if #args != 2 then lcnalgUsage(usage, "expected 2 arguments, got " | toString(#args));
    k := lcnalgParseIntList(args#0);
    s := lcnalgParseIntList(args#1);
    if k === null then lcnalgUsage(usage, "K is not a comma-separated list of integers: " | args#0);
    if s === null then lcnalgUsage(usage, "S is not a comma-separated list of integers: " | args#1);
    if #k != #s then lcnalgUsage(usage, "K and S have different lengths");
    if any(k | s, x -> x < 1) then lcnalgUsage(usage, "filter sizes and strides must be >= 1");
    L := #k;
    S := apply(L, i -> product take(s, i));
    n := 1 + sum(L, i -> (k#i - 1) * S#i);
    if n > 4096 then lcnalgUsage(usage, "end-to-end filter size n = " | toString n | " exceeds 4096");
    new HashTable from {"k" => k, "s" => s, "L" => L, "S" => S, "n" => n})

-- The parameterization as a ring map: (W, cs) with W = QQ[w_(i,j)] and cs the n
-- coefficients c_j of prod_i w_i(t^(S_i)) in W (product by convolution, w(t) -> w(t^S_i) by
-- inserting zeros).
lcnalgConv = (a, b) -> apply(#a + #b - 1, m -> sum(max(0, m - #b + 1) .. min(m, #a - 1), i -> a#i * b#(m - i)));
lcnalgUpsample = (f, Si) -> flatten apply(#f, j -> if j == #f - 1 then {f#j} else {f#j} | toList(Si - 1 : 0_(ring f#j)));
lcnalgRingMap = A -> (
    k := A#"k"; L := A#"L"; S := A#"S";
    w := getSymbol "w";
    W := QQ[flatten apply(L, i -> apply(k#i, j -> w_(i+1, j)))];
    offsets := apply(L, i -> sum(i, l -> k#l));
    cs := fold(lcnalgConv, apply(L, i -> lcnalgUpsample(apply(k#i, j -> W_(offsets#i + j)), S#i)));
    assert(#cs == A#"n");
    (W, cs))

-- I(V) = ker of QQ[c_0..c_(n-1)] -> W (computed with every c_j of degree L: a homogeneous
-- map, faster kernel), as an ideal of the standard-graded C = QQ[c_0..c_(n-1)]; returns (C, I).
lcnalgVanishingIdeal = A -> (
    (W, cs) := lcnalgRingMap A;
    n := A#"n"; L := A#"L";
    c := getSymbol "c";
    Cgraded := QQ[c_0 .. c_(n-1), Degrees => toList(n : L)];
    I := ker map(W, Cgraded, cs);
    C := QQ[c_0 .. c_(n-1)];
    (C, sub(I, C)))
