//! The forecast table of the selected scenario: one row per month.

use crate::engine::{MonthForecast, Plan};
use crate::formats::numbers::{money, percent, quantity};
use crate::report::bottleneck_label;
use crate::ui::store::Shown;
use leptos::prelude::*;

#[component]
pub fn ForecastTable(shown: Memo<Option<Shown>>, scenario: Memo<usize>) -> impl IntoView {
    let body = move || {
        let s = scenario.get();
        shown.with(|x| {
            let x = x.as_ref()?;
            let sf = x.forecast.scenarios.get(s)?;
            let rows = (sf.months.iter())
                .map(|m| month_row(&x.plan, m))
                .collect_view();
            Some(view! {
                <thead>{head(&x.plan)}</thead>
                <tbody>{rows}</tbody>
            })
        })
    };
    view! {
        <section class="table-section">
            <div class="scroll" tabindex="0" role="region" aria-label="Forecast table">
                <table class="forecast">
                    <caption>"Forecast"</caption>
                    {body}
                </table>
            </div>
        </section>
    }
}

/// The header row: the month, its date when the plan has a start, then
/// users, each driver with its unit, and the month's tier and costs.
fn head(plan: &Plan) -> impl IntoView {
    let drivers = plan
        .metrics
        .iter()
        .map(|m| view! { <th scope="col">{m.label.clone()}<span class="unit">{m.unit.clone()}</span></th> })
        .collect_view();
    view! {
        <tr>
            <th scope="col">"Month"</th>
            {plan
                .start
                .map(|_| {
                    view! {
                        <th scope="col" class="text">
                            "Date"
                        </th>
                    }
                })}
            <th scope="col">"Users"</th>
            {drivers}
            <th scope="col" class="text">
                "Tier"
            </th>
            <th scope="col" class="text">
                "Bottleneck utilization"
            </th>
            <th scope="col">"Monthly cost"</th>
            // Month 0 is now: the total counts months 1 on (MODEL.md section 1).
            <th scope="col">"Cumulative cost" <span class="unit">"from month 1"</span></th>
        </tr>
    }
}

/// One month's row, marked when it is over capacity.
fn month_row(plan: &Plan, m: &MonthForecast) -> impl IntoView {
    let cur = &plan.currency;
    let metrics = m
        .metrics
        .iter()
        .map(|v| view! { <td>{quantity(v.round())}</td> })
        .collect_view();
    let tier = plan
        .tiers
        .get(m.tier)
        .map_or_else(String::new, |t| t.label.clone());
    let util = m
        .bottleneck
        .and_then(|b| m.utilization.get(b))
        .map(|u| {
            format!(
                "{} {}",
                percent(*u),
                bottleneck_label(plan, m).unwrap_or_default()
            )
        })
        .unwrap_or_else(|| "–".to_string());
    let date = plan.start.map(|s| {
        view! { <td class="text">{s.plus(m.month as i32).label()}</td> }
    });
    view! {
        <tr class:over=m.over_capacity>
            <th scope="row">{m.month}</th>
            {date}
            <td>{quantity(m.users.round())}</td>
            {metrics}
            <td class="text">{tier}{m.over_capacity.then_some(" (over capacity)")}</td>
            <td class="text">{util}</td>
            <td>{money(m.cost, cur)}</td>
            <td>{money(m.cumulative_cost, cur)}</td>
        </tr>
    }
}
