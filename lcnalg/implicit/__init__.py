"""Engines for the vanishing ideal ``I(V_{k,s})``, registered in the default order in
:mod:`lcnalg.implicit.registry`: the structure engines (``segre``: non-overlapping, by
theorem; ``determinantal``: two layers, Eagon–Northcott; ``pivot``: a constant phase, one
saturation; ``resultant``: Shahverdi's recursion, set-theoretic), the completion
(``multigraded``) and the generic ones (``sage``: Singular elimination; ``m2``: Macaulay2
``ker``).  Each answer is an :class:`~lcnalg.implicit.result.IdealResult`; shared helpers:
``gaps`` (identically zero coordinates), ``hilbert`` (Hilbert data), ``modp``."""
