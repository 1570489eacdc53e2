"""The ``neurovarieties`` table: the vanishing ideal of ``V_{k,s}`` by the default engine
(:func:`lcnalg.implicit.registry.default_plan`) with its certification, its invariants,
the degree check, and the generic engines (``sage``, ``m2``) as cross-checks compared as ideals."""
from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace

from lcnalg.geometry.architecture import Architecture
from lcnalg.tables.cache import EntryKey
from lcnalg.tables.formats import Column
from lcnalg.tables.runner import Task
from lcnalg.tables.spec import (BASE_COLUMNS, STATUS_COLUMN, TableSpec, base_row, classes,
                                combined_status, entry_notes, entry_result, entry_seconds)

#: Backends of the neurovarieties table: ``default`` (the engine ``Neurovariety.ideal()`` picks,
#: the source of the row) and the generic certified engines as cross-checks.
BACKENDS = ("default", "sage", "m2")
NEUROVARIETY_FIELDS = ("degree", "generator_degrees", "ideal", "hilbert_series", "deg_mu",
                       "degree_check")


def neurovariety_entry(arch: Architecture, backend: str, timeout=None, seed: int = 0,
                       canonical: bool = True) -> dict:
    """``describe`` with the neurovariety fields by ``backend``, plus ``groebner``: the
    SHA-256 and size of the reduced Gröbner basis (degrevlex), the ideal's canonical form,
    so that backends can be compared as ideals without keeping the bases (``canonical=False``:
    not computed, both None, for an entry no other backend is compared with)."""
    from lcnalg.describe import describe
    from lcnalg.geometry.neurovariety import Neurovariety
    from lcnalg.procs import call_with_time_limit
    from lcnalg.errors import EngineTimeout
    start = time.perf_counter()
    engine = None if backend == "default" else backend
    V = Neurovariety.of(arch)  # held here: describe's generators stay cached on it
    r = describe(arch, fields=list(NEUROVARIETY_FIELDS), backend=engine, timeout=timeout,
                 seed=seed, strict=True)
    gens = V.minimal_generators(engine, seed=seed)  # the polynomials of r["ideal"]
    left = None if timeout is None else timeout - (time.perf_counter() - start) - 0.3

    def basis():
        gb = V.ring().ideal(gens).groebner_basis() if gens else []
        return [str(g / g.lc()) for g in gb]

    # the canonical form is for comparing engines: its own time out does not fail the entry
    if not canonical:
        r["groebner"] = {"sha256": None, "size": None}
        return r
    try:
        if left is not None and left <= 0.1:
            raise EngineTimeout("no time left for the reduced Groebner basis", left)
        gb = call_with_time_limit(basis, left, f"reduced Groebner basis of the {backend} ideal of {arch}")
    except EngineTimeout:
        r["groebner"] = {"sha256": None, "size": None}
        return r
    text = "\n".join(sorted(gb))
    r["groebner"] = {"sha256": hashlib.sha256(text.encode()).hexdigest(), "size": len(gb)}
    return r


@dataclass(frozen=True)
class IdealEntry:
    """One engine's cached entry of this table read back (:meth:`from_dict`; every field None
    when missing): ``describe``'s JSON keys, which the CLI keeps stable, and the Gröbner
    basis's hash."""
    engine: str | None
    certification: str | None
    certification_detail: str | None
    degree: int | None
    generator_degrees: dict | None
    deg_mu: int | None
    dim_agrees: bool | None
    #: ``describe``'s degree check as stored (``degree_agrees`` recomputes it)
    stored_degree_agrees: bool | None
    groebner_sha256: str | None

    @classmethod
    def from_dict(cls, d: dict | None) -> IdealEntry:
        d = d or {}
        return cls(d.get("engine", d.get("backend")), d.get("certification"),
                   d.get("certification_detail"), d.get("degree"),
                   d.get("generator_degrees"), d.get("deg_mu"), d.get("ideal_dim_agrees_with_theorem"),
                   (d.get("degree_check") or {}).get("agrees"), (d.get("groebner") or {}).get("sha256"))

    @property
    def certified(self) -> bool | None:
        return None if self.certification is None else self.certification == "certified"

    def degree_agrees(self, arch: Architecture) -> bool | None:
        """``deg V * deg mu = multinomial``, recomputed from the entry's own values (so a cache
        entry whose degree was edited cannot keep a stale "yes"); the stored check where they
        are missing."""
        if isinstance(self.degree, int) and isinstance(self.deg_mu, int):
            return self.degree * self.deg_mu == arch.multinomial
        return self.stored_degree_agrees


#: the cross-checks' share of the table's per-entry limit
CROSS_CHECK_SHARE = 0.1
#: the large catalogue cross-checks the architectures with ``n`` up to this bound only (443 of
#: 2,535): above it Singular's and Macaulay2's eliminations over the original parameters
#: rarely finish in their share (a sample of 20 large-catalogue entries: 37 of 40 timed out,
#: 11.4 s per entry), and those timeouts would add hours (``benchmarks/large_sample.py``)
CROSS_CHECK_MAX_N_LARGE = 12
#: the default engine's limit: ``DEFAULT_FACTOR`` times the table's per-entry limit (the largest
#: multigraded completions, e.g. ``(4,4,4),(3,2,1)`` with pieces of ~2500 monomials, take
#: 2-4 minutes on a loaded core; every other entry takes seconds)
DEFAULT_FACTOR = 8


def deg_mu_entry(arch: Architecture, timeout=None, seed: int = 0) -> dict:
    """``deg mu`` of ``arch`` at a random fibre (the check of :attr:`Architecture.deg_mu`), for
    a row whose ideal comes from the entry of its reduced architecture."""
    from lcnalg.geometry.neurovariety import Neurovariety
    return {"deg_mu": Neurovariety.of(arch).deg_mu(seed, timeout)}


def _default_key(arch: Architecture) -> EntryKey:
    """The default engine's entry of ``arch``: that of its reduced architecture (same ``n``,
    same ``V``: a stride-one block's filters multiply to a generic form of the block's degree,
    MATH.md §3; the engines work on the reduced architecture), so it is computed once."""
    return EntryKey(arch.reduced(), "neurovarieties", "default")


def _cross_checked(arch: Architecture, backend: str, cross_check_max_n) -> bool:
    return backend == "default" or cross_check_max_n is None or arch.n <= cross_check_max_n


def _nv_tasks(archs, timeout, seeds, backends, cross_check_max_n=None):
    def limit(b):
        if timeout is None:
            return None
        return timeout * (DEFAULT_FACTOR if b == "default" else CROSS_CHECK_SHARE)
    tasks = []
    for a in archs:
        for b in backends:
            if not _cross_checked(a, b, cross_check_max_n):
                continue
            key = _default_key(a) if b == "default" else EntryKey(a, "neurovarieties", b)
            # the canonical form only where another backend is compared with this one
            compared = len(backends) > 1 and (cross_check_max_n is None or a.n <= cross_check_max_n)
            tasks.append(Task(key, neurovariety_entry, {"backend": b, "timeout": limit(b),
                                                        "canonical": compared}, limit(b)))
            if b == "default" and not a.is_reduced:
                tasks.append(Task(EntryKey(a, "neurovarieties", "deg_mu"), deg_mu_entry,
                                  {"timeout": limit("deg_mu")}, limit("deg_mu")))
    return tasks


def _nv_rows(archs, records, seeds, backends, cross_check_max_n=None):
    rows = []
    for a in archs:
        recs = {b: records.get(_default_key(a) if b == "default" else EntryKey(a, "neurovarieties", b))
                for b in backends if _cross_checked(a, b, cross_check_max_n)}
        ok = {b: IdealEntry.from_dict(entry_result(r)) for b, r in recs.items()
              if entry_result(r) is not None}
        source = next(iter(ok), None)
        res = ok.get(source) or IdealEntry.from_dict(None)
        if source == "default" and not a.is_reduced:  # deg mu is the row's own (its reduced one is 1)
            murec = records.get(EntryKey(a, "neurovarieties", "deg_mu"))
            mu = entry_result(murec)
            res = replace(res, deg_mu=None if mu is None else mu["deg_mu"], stored_degree_agrees=None)
        else:
            murec = None
        hashed = {b: r.groebner_sha256 for b, r in ok.items() if r.groebner_sha256 is not None}
        shas = set(hashed.values())
        row = base_row(a)
        d = _derived(a, res.degree, res.deg_mu, res.stored_degree_agrees)
        row.update(dim=d["dim"], codim=d["codim"], classes=d["classes"], degree=res.degree,
                   generator_degrees=res.generator_degrees, deg_mu=res.deg_mu,
                   deg_mu_theorem=d["deg_mu_theorem"], deg_mu_check=d["deg_mu_check"],
                   multinomial=d["multinomial"], degree_check=d["degree_check"],
                   dim_check=res.dim_agrees,
                   backends_agree=(len(shas) == 1) if len(hashed) >= 2 else None,
                   compared=",".join(hashed) if len(hashed) >= 2 else None,
                   source=source, certified=res.certified, engine=res.engine,
                   certification=res.certification,
                   certification_detail=res.certification_detail)
        for b in backends:
            row[f"seconds_{b}"] = entry_seconds(recs.get(b))
        row["timed_out"] = {b: r.get("timeout") for b, r in recs.items()
                            if r is not None and r["status"] == "timeout"}
        if "default" in recs:  # the row is the default engine's; the others are cross-checks
            row["status"] = combined_status({"default": recs["default"]}).replace("default ", "")
            row["cross_checks"] = combined_status({b: r for b, r in recs.items() if b != "default"})
            if len(recs) < len(backends):
                row["cross_checks"] = f"not run (n > {cross_check_max_n})"
        else:
            row["status"] = combined_status(recs)
        row["notes"] = entry_notes({**recs, "deg_mu": murec})
        rows.append(row)
    return rows


def _derived(arch: Architecture, degree, mu, stored_degree_check) -> dict:
    """The columns the architecture and a row's ``degree`` and ``deg mu`` determine: ``dim``,
    ``codim``, ``classes``, ``multinomial``, ``deg mu`` by the theorem and the two checks
    (``deg mu`` against the theorem, ``deg V * deg mu`` against the multinomial by
    :meth:`IdealEntry.degree_agrees`: the stored check where a value is missing)."""
    entry = IdealEntry.from_dict(None)
    entry = replace(entry, degree=degree, deg_mu=mu, stored_degree_agrees=stored_degree_check)
    return dict(dim=arch.dim, codim=arch.codim, classes=classes(arch),
                multinomial=arch.multinomial, deg_mu_theorem=arch.deg_mu,
                deg_mu_check=None if mu is None else mu == arch.deg_mu,
                degree_check=entry.degree_agrees(arch))


def _nv_recheck(arch: Architecture, row: dict) -> dict:
    """A kept row with :func:`_derived` recomputed from its own ``degree`` and ``deg mu``."""
    return dict(row, **_derived(arch, row.get("degree"), row.get("deg_mu"), row.get("degree_check")))


def _nv_columns(backends):
    cols = BASE_COLUMNS + (
        Column("dim", "dim", "dimension of the function space, sum k_i - L + 1 [theorem]"),
        Column("codim", "codim", "n - dim"),
        Column("classes", "classes", "MATH.md §3: thick/thin, stride-one, filling, reduced, "
               "non-overlapping (k_i <= s_i for i < L)"),
        Column("degree", "deg V", "degree of the neurovariety (from the Hilbert series of the "
               "ideal of the first backend that finished, see `source`)"),
        Column("generator_degrees", "generators (degree:number)",
               "number of minimal generators of the ideal in each degree (`none`: V = C^n)"),
        Column("deg_mu", "deg mu", "points of a generic fibre of mu modulo rescaling (random "
               "rational point: probabilistic), of the row's own architecture"),
        Column("deg_mu_theorem", "deg mu (theorem)", "the product over the stride-one blocks "
               "of their multinomials (Architecture.deg_mu; proof in its docstring)"),
        Column("deg_mu_check", "deg mu = theorem", "whether the counted deg mu equals the "
               "theorem's"),
        Column("multinomial", "multinomial", "(sum d_i)! / prod d_i!, the degree of the Segre variety"),
        Column("degree_check", "deg V deg mu = multinomial",
               "whether deg V * deg mu equals the multinomial coefficient (MATH.md §2)"),
        Column("dim_check", "dim ok", "whether the ideal's dimension equals dim [theorem]"),
        Column("backends_agree", "backends agree",
               "whether all backends that finished give the same ideal (equal reduced Gröbner "
               "bases in degrevlex); empty when fewer than two finished"),
        Column("compared", "compared", "the backends that finished and were compared"),
        Column("source", "source", "backend whose ideal gives degree, generators and deg mu "
               "(the first that finished of " + ", ".join(backends) + ")"),
        Column("certified", "certified", "whether the source backend proves its ideal is the "
               "whole vanishing ideal"),
        Column("engine", "engine", "the engine that computed the source ideal: segre (non-overlapping "
               "after reduction), determinantal (two layers after reduction), product (a Segre "
               "product: the lower layers' filter inside one period of a layer), pivot (first stride "
               "S >= 2 and k_1 < 2S after reduction: a constant phase of w_1), multigraded "
               "(completion), sage (Singular elimination), m2 (Macaulay2 ker)"),
        Column("certification", "certification", "what is proved about the source ideal: certified "
               "(Segre theorem, Eagon–Northcott, the Segre-product theorem over certified factors, "
               "the pivot-phase theorem over a certified upper "
               "ideal with a Gröbner basis over QQ, Gröbner elimination, the multigraded "
               "completion's chart, Cohen–Macaulay or elimination certificate), checked (certified "
               "through some degree; the detail says what else is known and what is missing), "
               "set-theoretic, partial; the JSON `certification_detail` says which checks ran"),
    )
    cols += tuple(Column(f"seconds_{b}", f"s ({b})", f"seconds of the {b} entry (ideal, invariants, "
                         "deg mu, Gröbner basis), empty unless it finished"
                         + ("; one entry per reduced architecture, shared by the rows that reduce "
                            "to it" if b == "default" else "")) for b in backends)
    if "default" in backends:
        cols += (Column("cross_checks", "cross-checks", "status of the cross-check entries ("
                        + ", ".join(b for b in backends if b != "default") + "): `ok` or which "
                        "timed out, failed or were skipped; `not run (n > N)` above the "
                        "catalogue's bound on the cross-checked sizes"),)
    return cols + (STATUS_COLUMN,)



SPEC = TableSpec(
        "neurovarieties", "Neurovarieties: vanishing ideals and invariants",
        "The vanishing ideal of V_{k,s} from the default engine (`default`: segre for "
        "non-overlapping architectures after reduction, by theorem; determinantal for two "
        "layers after reduction, certified by Eagon–Northcott for two phases; product when the "
        "lower layers' filter fits inside one period of a layer (V a Segre product of two "
        "smaller neurovarieties, certified by theorem when their ideals are); pivot when the "
        "first stride S >= 2 and k_1 < 2S after reduction (one saturation by a coordinate, "
        "certified by theorem when the upper layers' ideal is); subresultant when k_1 >= 2S "
        "(one saturation by the subresultant's top coefficient, certified by theorem when the "
        "ideals it uses are), or lastlayer when the same chart at the last layer has a g of "
        "lower degree; the multigraded completion otherwise or after an engine's "
        "budget; columns `engine` and `certification` say "
        "which ran and what is proved), with `sage` (Singular elimination) and `m2` (Macaulay2 "
        "`ker`) as certified cross-checks, compared as ideals through their reduced Gröbner "
        "bases. The default engine's entry is computed once per reduced architecture (the "
        "architectures that reduce to it share V and its ideal; each keeps its own deg mu and "
        "degree check). `status` is the default engine's (it gets eight times the per-entry "
        "limit); `cross_checks` the others' (they get a tenth of it; in the `large` catalogue "
        f"only for n <= {CROSS_CHECK_MAX_N_LARGE}, above it `not run`).",
        _nv_tasks, _nv_rows, _nv_columns,
        timeout=60.0, params={"backends": BACKENDS, "cross_check_max_n": None},
        catalogue_params={"large": {"cross_check_max_n": CROSS_CHECK_MAX_N_LARGE}},
        finished=lambda row: row.get("certification") == "certified", recheck=_nv_recheck)
