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

    >>> d = slice_data((3, 2), (2, 1), steps=4)
    >>> d["line_boundary"], d["curve"] == []
    (Fraction(1, 4), True)
"""
from __future__ import annotations

from fractions import Fraction

SLICE_CASES = (((3, 2), (2, 1)), ((2, 2, 2), (1, 2, 1)))


def _point(B, D, E):
    return [1, B, -1, D, E]


def slice_data(k, s, steps: int = 40, b_range=(-1, 1), u_range=(Fraction(-5, 2), Fraction(3, 2)),
               e_range=(-4, 1)) -> dict:
    """The description evaluated on a grid of the surface, parameterized by ``B`` and
    ``u = D / B`` (``E = -u^2 - u``), ``2 * steps + 1`` values each (``B != 0``): ``grid`` maps
    ``(B, u)`` to ``(D, E, inside)``; the line ``B = D = 0``: its values on ``E`` in ``e_range``
    (``line_inside``) and the switch ``E*`` (``line_boundary``); ``curve``: midpoints ``(B, D, E)``
    of the grid edges where the formula changes value."""
    from lcnalg.geometry.architecture import Architecture
    from lcnalg.geometry.function_space import FunctionSpace
    D = FunctionSpace(Architecture(k, s)).semialgebraic()

    def axis(lo, hi):
        lo, hi = Fraction(lo), Fraction(hi)
        return [lo + (hi - lo) * i / (2 * steps) for i in range(2 * steps + 1)]

    bs, us = axis(*b_range), axis(*u_range)
    grid = {}
    for b in bs:
        if b == 0:
            continue
        for u in us:
            d, e = u * b, -u * u - u
            grid[(b, u)] = (d, e, D.holds(_point(b, d, e)))
    lo, hi = Fraction(e_range[0]), Fraction(e_range[1])
    f_lo, f_hi = D.holds(_point(0, 0, lo)), D.holds(_point(0, 0, hi))
    line_boundary = None
    if f_lo != f_hi:  # bisection on the formula
        for _ in range(40):
            mid = (lo + hi) / 2
            if D.holds(_point(0, 0, mid)) == f_lo:
                lo = mid
            else:
                hi = mid
        line_boundary = lo.limit_denominator(1000)
    curve = []
    for i, b in enumerate(bs):
        for j, u in enumerate(us):
            if (b, u) not in grid:
                continue
            for nb, nu in ((bs[i + 1] if i + 1 < len(bs) else None, u),
                           (b, us[j + 1] if j + 1 < len(us) else None)):
                if (nb, nu) in grid and grid[(nb, nu)][2] != grid[(b, u)][2]:
                    p, q = grid[(b, u)], grid[(nb, nu)]
                    curve.append(((b + nb) / 2, (p[0] + q[0]) / 2, (p[1] + q[1]) / 2))
    es = [Fraction(e_range[0]) + Fraction(e_range[1] - e_range[0]) * i / 100 for i in range(101)]
    return {"arch": (k, s), "formula": str(D.formula), "certification": D.certification,
            "grid": grid, "line_inside": [(float(x), D.holds(_point(0, 0, x))) for x in es],
            "line_boundary": line_boundary, "curve": curve, "e_range": e_range}


def draw_slices(path_stem: str = "results/figures/function_space_slices", steps: int = 40) -> list:
    """Draw both slices side by side into ``path_stem.{png,pdf}``; returns the files written."""
    import matplotlib.pyplot as plt
    fig = slices_figure(steps)
    written = []
    for ext in ("png", "pdf"):
        fig.savefig(f"{path_stem}.{ext}", dpi=150)
        written.append(f"{path_stem}.{ext}")
    plt.close(fig)
    return written


def slices_figure(steps: int = 40):
    """The matplotlib figure of both slices."""
    try:
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
        pts = np.array([(float(b), float(d), float(e), v) for (b, u), (d, e, v) in data["grid"].items()])
        out, inn = pts[pts[:, 3] == 0], pts[pts[:, 3] == 1]
        ax.scatter(out[:, 0], out[:, 1], out[:, 2], s=3, c="0.75", alpha=0.35, label="V, not in M")
        ax.scatter(inn[:, 0], inn[:, 1], inn[:, 2], s=4, c="tab:orange", alpha=0.8, label="M")
        line = np.array(data["line_inside"])
        ax.plot([0] * len(line), [0] * len(line), line[:, 0], c="0.6", lw=1)
        ins = line[line[:, 1] == 1]
        ax.plot([0] * len(ins), [0] * len(ins), ins[:, 0], c="tab:orange", lw=3)
        if data["line_boundary"] is not None:
            ax.scatter([0], [0], [float(data["line_boundary"])], c="blue", s=110, depthshade=False,
                       edgecolors="white", zorder=10,
                       label=f"reduced boundary (E = {data['line_boundary']})")
        if data["curve"]:
            c = np.array([[float(x) for x in p] for p in data["curve"]])
            ax.scatter(c[:, 0], c[:, 1], c[:, 2], c="black", s=2, label="stride-one boundary")
        ax.set_xlabel("B")
        ax.set_ylabel("D")
        ax.set_zlabel("E")
        ax.set_zlim(lo, hi)
        ax.view_init(elev=20, azim=-50)
        import textwrap
        ax.set_title(f"M_{{{k},{s}}} on A = 1, C = -1 ({data['certification']})\n"
                     + "\n".join(textwrap.wrap(data["formula"], 60)), fontsize=8)
        ax.legend(loc="upper left", fontsize=7)
    fig.tight_layout()
    return fig
