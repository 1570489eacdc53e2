-- Test script for lcnalg's Macaulay2 bridge: exits 0 without printing JSON.
print "hello, not JSON";
exit 0
