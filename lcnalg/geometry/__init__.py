"""The geometric objects: architectures, the parameterization ``mu``, the neurovariety, the
function space (membership, hyperroots), Zariski closedness and singular loci."""
