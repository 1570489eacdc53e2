"""KMST's Figure 1 from the computed descriptions: the slice ``A = 1, C = -1`` of
``M_{(3,2),(2,1)}`` and ``M_{(2,2,2),(1,2,1)}`` (coordinates ``A..E = c_0..c_4``).

On the slice ``V`` is the surface ``E = -D (D + B) / B^2`` and the line ``B = D = 0``
(``A D^2 + B^2 E - B C D = 0``).  :func:`slice_data` evaluates the computed description
(:meth:`FunctionSpace.semialgebraic`) exactly at rational grid points of both; the boundary
point on the line (the reduced boundary, KMST's blue point) is located by bisection on the
formula, the curve on the surface (the stride-one boundary, KMST's dashed curve) as the edges of
the grid where the formula changes value.  :func:`draw_slices` writes
``results/figures/function_space_slices.{png,pdf}``.

EXAMPLES::

    >>> d = slice_data((3, 2), (2, 1), steps=8)
    >>> d["line_boundary"], d["curve"] == []
    (Fraction(1, 4), True)
"""
from __future__ import annotations

from fractions import Fraction

SLICE_CASES = (((3, 2), (2, 1)), ((2, 2, 2), (1, 2, 1)))


def _point(B, D, E):
    return [1, B, -1, D, E]


def slice_data(k, s, radius: int = 2, steps: int = 40, e_range=(-2, 2)) -> dict:
    """Grid ``(B, D)`` in ``[-radius, radius]^2`` with ``2 * steps + 1`` values each (``B != 0``),
    ``E`` on the surface, and the description's value there (``inside``); the line's boundary
    ``E*``; the boundary edges of the grid (midpoints ``(B, D, E)``)."""
    from lcnalg.geometry.architecture import Architecture
    from lcnalg.geometry.function_space import FunctionSpace
    D = FunctionSpace(Architecture(k, s)).semialgebraic()
    vals = [Fraction(radius * i, steps) for i in range(-steps, steps + 1)]
    grid = {}
    for b in vals:
        if b == 0:
            continue
        for d in vals:
            e = -d * (d + b) / b ** 2
            grid[(b, d)] = (e, D.holds(_point(b, d, e)))
    # the line B = D = 0: where the formula switches (bisection on E)
    lo, hi = Fraction(e_range[0]), Fraction(e_range[1])
    f_lo, f_hi = D.holds(_point(0, 0, lo)), D.holds(_point(0, 0, hi))
    line_boundary = None
    if f_lo != f_hi:
        for _ in range(40):
            mid = (lo + hi) / 2
            if D.holds(_point(0, 0, mid)) == f_lo:
                lo = mid
            else:
                hi = mid
        line_boundary = Fraction(round(float(lo) * 2 ** 20), 2 ** 20).limit_denominator(1000)
    curve = []
    for (b, d), (e, v) in grid.items():
        for nb, nd in ((b + vals[1] - vals[0], d), (b, d + vals[1] - vals[0])):
            if (nb, nd) in grid and grid[(nb, nd)][1] != v:
                e2 = grid[(nb, nd)][0]
                if e_range[0] <= e <= e_range[1] and e_range[0] <= e2 <= e_range[1]:
                    curve.append(((b + nb) / 2, (d + nd) / 2, (e + e2) / 2))
    return {"arch": (k, s), "formula": str(D.formula), "certification": D.certification,
            "grid": grid, "line_inside": [(float(x), D.holds(_point(0, 0, x))) for x in
                                          [Fraction(i, 10) for i in range(-20, 21)]],
            "line_boundary": line_boundary, "curve": curve, "e_range": e_range}


def draw_slices(path_stem: str = "results/figures/function_space_slices", steps: int = 40) -> list:
    """Draw both slices side by side; returns the files written."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover
        from lcnalg.errors import MissingExtra
        raise MissingExtra("matplotlib", "figures", "drawing the slices") from None
    import numpy as np
    fig = plt.figure(figsize=(12, 5.6))
    for i, (k, s) in enumerate(SLICE_CASES):
        data = slice_data(k, s, steps=steps)
        ax = fig.add_subplot(1, 2, i + 1, projection="3d")
        lo, hi = data["e_range"]
        pts = np.array([(float(b), float(d), float(e), v) for (b, d), (e, v) in data["grid"].items()
                        if lo <= e <= hi])
        out, inn = pts[pts[:, 3] == 0], pts[pts[:, 3] == 1]
        ax.scatter(out[:, 0], out[:, 1], out[:, 2], s=3, c="0.75", alpha=0.35, label="V, not in M")
        ax.scatter(inn[:, 0], inn[:, 1], inn[:, 2], s=4, c="tab:orange", alpha=0.8, label="M")
        line = np.array(data["line_inside"])
        ax.plot([0] * len(line), [0] * len(line), line[:, 0], c="0.6", lw=1)
        ins = line[line[:, 1] == 1]
        ax.plot([0] * len(ins), [0] * len(ins), ins[:, 0], c="tab:orange", lw=3)
        if data["line_boundary"] is not None:
            ax.scatter([0], [0], [float(data["line_boundary"])], c="blue", s=60, depthshade=False,
                       label=f"reduced boundary (E = {data['line_boundary']})")
        if data["curve"]:
            c = np.array([[float(x) for x in p] for p in data["curve"]])
            ax.scatter(c[:, 0], c[:, 1], c[:, 2], c="black", s=2, label="stride-one boundary")
        ax.set_xlabel("B")
        ax.set_ylabel("D")
        ax.set_zlabel("E")
        ax.set_zlim(lo, hi)
        ax.view_init(elev=22, azim=-60)
        ax.set_title(f"M_{{{k},{s}}} on A = 1, C = -1\n{data['formula'][:70]}", fontsize=8)
        ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    written = []
    for ext in ("png", "pdf"):
        fig.savefig(f"{path_stem}.{ext}", dpi=150)
        written.append(f"{path_stem}.{ext}")
    plt.close(fig)
    return written
