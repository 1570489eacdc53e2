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
