// The largest plan the model allows (MODEL.md section 8): 50 tiers of 100
// components, 12 scenarios, 120 months. Used by the editor's scale test
// and by the size-and-speed report.
export function hugePlan() {
  const scenarios = Array.from({ length: 12 }, (_, i) => ({
    id: `s${i + 1}`,
    label: `Scenario ${i + 1}`,
    growth: { kind: 'compound', segments: [{ from: 1, rate: 0.01 + i * 0.005 }], churn: 0.01 },
  }));
  const tiers = Array.from({ length: 50 }, (_, t) => ({
    id: `t${t + 1}`,
    label: `Tier ${t + 1}`,
    limits: { peak: 1000 * 2 ** Math.min(t, 30) },
    components: Array.from({ length: 100 }, (_, c) => ({
      name: `Component ${t + 1}.${c + 1}`,
      category: ['compute', 'database', 'cache', 'network', 'storage', 'service'][c % 6],
      unit: 'instance',
      unit_cost: 10 + c,
      quantity: 1 + (t % 3),
    })),
  }));
  return {
    schema: 1,
    name: 'Largest allowed plan',
    currency: 'USD',
    horizon_months: 120,
    initial_users: 10000,
    scenarios,
    metrics: [{ id: 'peak', label: 'Peak users', unit: 'users', from: 'users', factor: 0.1 }],
    tiers,
  };
}
