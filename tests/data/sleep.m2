-- Test script for lcnalg's Macaulay2 bridge timeout: starts a child `sleep N` (in M2's
-- process group, so only a group kill removes it), then sleeps N seconds itself.
--   M2 --script tests/data/sleep.m2 N
n := 0;
for ch in characters(scriptCommandLine#1) do n = 10*n + (first ascii ch - 48);
child := openIn("!sleep " | toString n);
sleep n;
print "{}";
exit 0
