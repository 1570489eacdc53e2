"""Engines for the vanishing ideal ``I(V_{k,s})``: the generic ones (``sage``: Singular
elimination; ``m2``: Macaulay2 ``ker``), the structure engines (``segre``: non-overlapping,
by theorem; ``determinantal``: two layers, Eagon–Northcott; ``resultant``: Shahverdi's
recursion, set-theoretic) and the completion (``multigraded``; ``interpolation``).  Each
answer is an :class:`~lcnalg.implicit.result.IdealResult`; shared helpers: ``gaps`` (identically
zero coordinates), ``hilbert`` (Hilbert data)."""
