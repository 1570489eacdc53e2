"""Training: the squared loss (loss), its critical equations on a gauge slice (slice), counts
and real points (critical, with the zero-dimensional algebra of :mod:`lcnalg.zerodim`), their
classification (classify) and certification (certify), the dense comparison (dense), generic
ED degrees (eddegree), gradient dynamics (dynamics)."""
