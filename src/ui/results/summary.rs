//! Summary cards of the selected scenario.

use crate::formats::numbers::{money, quantity};
use crate::report::{describe, summary};
use crate::ui::store::Shown;
use leptos::prelude::*;

#[component]
pub fn Cards(shown: Memo<Option<Shown>>, scenario: Memo<usize>) -> impl IntoView {
    let cards = Memo::new(move |_| {
        let s = scenario.get();
        shown.with(|x| {
            let x = x.as_ref()?;
            let sf = x.forecast.scenarios.get(s)?;
            let sum = summary(sf)?;
            let cur = &x.plan.currency;
            let h = x.plan.horizon_months;
            let event = |e: &Option<crate::engine::Event>, none: &str| {
                e.as_ref().map_or((none.to_string(), String::new()), |e| {
                    (format!("Month {}", e.month), describe(&x.plan, e))
                })
            };
            let (tier_when, tier_what) = event(&sum.first_tier_change, "None");
            let (alert_when, alert_what) = event(&sum.first_alert, "None");
            Some(vec![
                (
                    "Users at month ".to_string() + &h.to_string(),
                    quantity(sum.users.round()),
                    String::new(),
                ),
                (
                    format!("Monthly cost at month {h}"),
                    money(sum.monthly_cost, cur),
                    String::new(),
                ),
                (
                    format!("Total cost, months 1-{h}"),
                    money(sum.total_cost, cur),
                    String::new(),
                ),
                (
                    "Cost per user per month".to_string(),
                    sum.cost_per_user.map_or("–".to_string(), |c| money(c, cur)),
                    format!("at month {h}"),
                ),
                ("First tier change".to_string(), tier_when, tier_what),
                ("First alert".to_string(), alert_when, alert_what),
            ])
        })
    });
    view! {
        <dl class="cards">
            {move || super::card_list(cards.get().unwrap_or_default())}
        </dl>
    }
}
