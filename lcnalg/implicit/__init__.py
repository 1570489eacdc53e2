"""Engines for the vanishing ideal ``I(V_{k,s})``: the generic ones (``sage``: Singular
elimination; ``m2``: Macaulay2 ``ker``) and ours (``interpolation``)."""
