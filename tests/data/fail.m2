-- Test script for lcnalg's Macaulay2 bridge: fails with an M2 error.
error "lcnalg test failure: deliberate";
