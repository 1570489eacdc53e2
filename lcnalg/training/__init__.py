"""Training: the squared loss (loss), its critical equations on a gauge slice (slice), generic
zero-dimensional algebra and msolve (zerodim), counts and real points (critical), their
classification (classify) and certification (certify), the dense comparison (dense), generic
ED degrees (eddegree), gradient dynamics (dynamics)."""
