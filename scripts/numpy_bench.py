#!/usr/bin/env python3
"""The Monte Carlo simulation of `headroom simulate` (MODEL.md section 7),
written as plain vectorised NumPy: a yardstick for the engine's speed.

Every path is a column: each quantity is a (months + 1, paths) array, so one
NumPy call computes a month (or the whole horizon) for all paths at once.

Covers what the benchmark plan (src/presets/three_tier.json, as
tests/e2e/report.mjs ranges it) uses: compound growth with churn, plain and
accumulating metrics, tier limits on users or metrics, fixed component
quantities, reserved/spot price factors, any input as a normal or lognormal
range. Left out (an error if the plan has them): table and logistic growth,
usage-priced and sized quantities (and so autoscaling and daily profiles),
commitments, actuals; paths that overflow are not dropped as the engine's are.
The RNG differs from the engine's (xoshiro + Box-Muller), so figures agree
statistically, not bit for bit.

  numpy_bench.py [--plan FILE] [--scenario ID] [--samples N] [--json] [--check]
"""
import argparse, json, os, subprocess, sys, tempfile, time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
Z95 = 1.6448536269514722  # a 90% interval spans this many sd each side
AT = [5, 10, 50, 90, 95]

# Input domains (validate.rs): (min, min inclusive, max, max inclusive).
USERS, RATE, CHURN = (0, True, 1e12, True), (-1, False, None, 0), (0, True, 1, False)
ANY, NON_NEG, POSITIVE = (None, 0, None, 0), (0, True, None, 0), (0, False, None, 0)
UTIL, FRACTION = (0, False, 1, True), (0, True, 1, True)


def draw(x, domain, rng, n):
    """A fixed number as is; a range {low, high, dist?} as n draws (one per
    path) whose 90% interval is the range, clamped to the input's domain."""
    if not isinstance(x, dict):
        return float(x)
    lo, hi, z = x["low"], x["high"], rng.standard_normal(n)
    if x.get("dist", "normal") == "lognormal":
        a, b = np.log(lo), np.log(hi)
        v = np.exp((a + b) / 2 + z * (b - a) / (2 * Z95))
    else:
        v = (lo + hi) / 2 + z * (hi - lo) / (2 * Z95)
    mn, mn_inc, mx, mx_inc = domain
    # An open bound is kept one part in 10^9 inside, as the engine does.
    if mn is not None:
        v = np.maximum(v, mn if mn_inc else mn + 1e-9 * max(abs(mn), 1))
    if mx is not None:
        v = np.minimum(v, mx if mx_inc else mx - 1e-9 * max(abs(mx), 1))
    return v


def pct(a):
    """P5..P95 of each row (numpy's default linear rule, as the engine's)."""
    return np.percentile(a, AT, axis=-1)


def simulate(plan, scenario_id, n, rng):
    H = plan.get("horizon_months", 24)
    months = np.arange(H + 1)
    u0 = draw(plan["initial_users"], USERS, rng, n)

    # Growth: users(m) = users(m-1) * (1 + rate(m) - churn), as a cumprod over
    # the month axis. A month no segment covers grows at rate 0.
    growth = next(s["growth"] for s in plan["scenarios"] if s["id"] == scenario_id)
    if growth["kind"] != "compound":
        raise SystemExit(f"growth kind {growth['kind']!r} is not covered")
    factor = np.ones((H + 1, n))
    for seg in growth["segments"]:
        rate = draw(seg["rate"], RATE, rng, n)
        factor[seg["from"]:seg.get("to", H) + 1] += rate  # row 0 (now) stays 1
    factor[1:] -= draw(growth.get("churn", 0), CHURN, rng, n)
    users = u0 * np.cumprod(factor, axis=0)

    # Metrics: base + factor * source, or a running sum of factor * source
    # over months 1..m; sources resolved recursively (no cycles, validated).
    defs, values = {m["id"]: m for m in plan["metrics"]}, {"users": users}
    def metric(mid):
        if mid not in values:
            m = defs[mid]
            src = metric(m["from"])
            f, base = draw(m["factor"], ANY, rng, n), draw(m.get("base", 0), ANY, rng, n)
            if m.get("accumulate"):
                acc = np.zeros_like(src)
                acc[1:] = np.cumsum(f * src[1:], axis=0)
                values[mid] = base + acc
            else:
                values[mid] = base + f * src
        return values[mid]
    for mid in defs:
        metric(mid)

    # Price factor per category: 1 - coverage * discount of the program
    # (reserved or spot) that lists it.
    price = {}
    for prog in ("reserved", "spot"):
        p = (plan.get("pricing") or {}).get(prog)
        if p:
            f = 1 - draw(p["coverage"], FRACTION, rng, n) * draw(p["discount"], FRACTION, rng, n)
            price.update({c: f for c in p["categories"]})

    # Each tier's monthly cost per path (fixed quantities: the same every
    # month), and whether it fits each month: every limit q <= target * L.
    policy = plan.get("policy", {})
    target = draw(policy.get("target_utilization", 0.8), UTIL, rng, n)
    T = len(plan["tiers"])
    tier_cost, fits = np.zeros((T, n)), np.ones((T, H + 1, n), bool)
    for t, tier in enumerate(plan["tiers"]):
        for c in tier["components"]:
            if isinstance(c["quantity"], dict) and "low" not in c["quantity"]:
                raise SystemExit("usage-priced and sized quantities are not covered")
            tier_cost[t] += (draw(c["quantity"], NON_NEG, rng, n) * draw(c["unit_cost"], NON_NEG, rng, n)
                             * price.get(c["category"], 1.0))
        for q, lim in tier["limits"].items():
            fits[t] &= values[q] <= target * draw(lim, POSITIVE, rng, n) * (1 + 1e-9)

    # Tier choice, month by month (it depends on last month's): the first tier
    # that fits, at or above last month's unless downgrades are allowed; the
    # largest, marked over capacity, when none does.
    tier, over_cap = np.zeros((H + 1, n), np.intp), np.zeros(n, bool)
    floor, ranks = np.zeros(n, np.intp), np.arange(T)[:, None]
    for m in months:
        ok = fits[:, m] & (ranks >= floor)
        found = ok.any(axis=0)
        tier[m] = np.where(found, ok.argmax(axis=0), T - 1)
        over_cap |= ~found
        if not policy.get("allow_downgrade", False):
            floor = tier[m]

    cost = np.take_along_axis(tier_cost, tier, axis=0)  # (H + 1, n)
    cumulative = np.zeros_like(cost)
    cumulative[1:] = np.cumsum(cost[1:], axis=0)  # month 0 is not counted
    total = cumulative[-1]
    budget = policy.get("monthly_budget")
    over_budget = (cost > draw(budget, NON_NEG, rng, n)).any(axis=0) if budget is not None else np.zeros(n, bool)

    # The summary, in the shape of `headroom simulate --format json`.
    pu, pc, pcum = pct(users), pct(cost), pct(cumulative)
    share = (tier[None] == ranks[:, :, None]).mean(axis=2)  # (T, H + 1)
    band = lambda p, m: dict(zip((f"p{a}" for a in AT), p[:, m].tolist()))
    return {
        "scenario": scenario_id, "samples": n,
        "months": [{"month": int(m), "users": band(pu, m), "cost": band(pc, m),
                    "cumulative_cost": band(pcum, m),
                    "tier_share": {t["id"]: float(share[i, m]) for i, t in enumerate(plan["tiers"])}}
                   for m in months],
        "total_cost": {**dict(zip((f"p{a}" for a in AT), pct(total).tolist())), "mean": float(total.mean())},
        "over_budget_share": float(over_budget.mean()), "over_capacity_share": float(over_cap.mean()),
    }


def benchmark_plan():
    """The benchmark's plan, built as tests/e2e/report.mjs builds it."""
    plan = json.loads((ROOT / "src/presets/three_tier.json").read_text())
    plan["horizon_months"] = 36
    for s in plan["scenarios"]:
        for seg in s["growth"]["segments"]:
            seg["rate"] = {"low": seg["rate"] * 0.6, "high": seg["rate"] * 1.4}
    next(m for m in plan["metrics"] if m["id"] == "peak_concurrent")["factor"] = {"low": 0.12, "high": 0.18}
    return plan


def check(plan, scenario, samples):
    """Totals against the CLI on the same plan and path count, side by side."""
    cli = next((p for p in (ROOT / "target/native/headroom", ROOT / "target/release/headroom") if p.exists()), None)
    if cli is None:
        raise SystemExit("no headroom binary under target/native or target/release")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(plan, f)
    try:
        out = subprocess.run([cli, "simulate", "--plan", f.name, "--scenario", scenario, "--samples",
                              str(samples), "--format", "json"], check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(f.name)
    theirs = json.loads(out)["total_cost"]
    ours = simulate(plan, scenario, samples, np.random.default_rng(1))["total_cost"]
    print(f"total cost, {samples:,} paths    {'headroom':>14} {'numpy':>14}   diff")
    for k in ("p5", "p10", "p50", "p90", "p95", "mean"):
        print(f"  {k:<28} {theirs[k]:>14,.0f} {ours[k]:>14,.0f}  {ours[k] / theirs[k] - 1:+.2%}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--plan", help="a plan file (default: the benchmark plan)")
    ap.add_argument("--scenario", default="moderate")
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print the summary and timings as JSON")
    ap.add_argument("--check", action="store_true", help="compare totals with `headroom simulate` (100,000 paths)")
    a = ap.parse_args()
    plan = json.loads(Path(a.plan).read_text()) if a.plan else benchmark_plan()
    if a.check:
        return check(plan, a.scenario, 100_000)

    # Time the simulation and summary only: one seed per run, as report.mjs.
    times = []
    for seed in range(1, a.runs + 1):
        rng = np.random.default_rng(seed)
        t0 = time.perf_counter()
        summary = simulate(plan, a.scenario, a.samples, rng)
        times.append((time.perf_counter() - t0) * 1000)
    median = float(np.median(times))
    H = len(summary["months"]) - 1
    if a.json:
        json.dump({**summary, "numpy": np.__version__, "runs_ms": times, "median_ms": median}, sys.stdout, indent=1)
        print()
    else:
        print(f"numpy: {a.samples:,} paths x {H} months: median {median:.1f} ms over {a.runs} runs (numpy {np.__version__})")


if __name__ == "__main__":
    main()
