//! The plan against its actuals (issue 14): how far actual users run from
//! the selected scenario, the growth fitted from the history with its
//! backtest and chart, "Use the compound fit" or the logistic one, "Rebaseline" and the table of
//! forecast against actual. Every figure comes from `app::actuals`.

use crate::app::actuals::{
    fit_cards, fit_chart, fitted, residual_chart, start_mismatch, tracking_cards, tracking_rows,
    Fitted,
};
use crate::engine::actuals::{fitted_logistic, fitted_scenario, rebaseline};
use crate::ui::charts::{rows_table, Chart};
use crate::ui::session::{new_plan, Session, Tone};
use crate::ui::store::{Shown, Store};
use leptos::prelude::*;

#[component]
pub fn ActualsPanel(
    store: Store,
    shown: Memo<Option<Shown>>,
    scenario: Memo<usize>,
) -> impl IntoView {
    let session: Session = expect_context();
    let holdout = RwSignal::new(crate::engine::actuals::USUAL_HOLDOUT);
    let any =
        Memo::new(move |_| shown.with(|x| x.as_ref().is_some_and(|x| !x.plan.actuals.is_empty())));
    let fits = Memo::new(move |_| {
        let h = holdout.get();
        let began = crate::ui::now();
        let out = shown.with(|x| x.as_ref().and_then(|x| fitted(&x.plan, h)));
        // For scripts/report.sh: both fits and the backtest.
        crate::ui::record("headroom:fit", began, crate::ui::now() - began);
        out
    });
    let start = Memo::new(move |_| shown.with(|x| x.as_ref().and_then(|x| x.plan.start)));
    let chart = Memo::new(move |_| {
        let start = start.get();
        fits.with(|f| f.as_ref().and_then(|f| fit_chart(f, start)))
    });
    let residuals = Memo::new(move |_| {
        let start = start.get();
        fits.with(|f| f.as_ref().and_then(|f| residual_chart(f, start)))
    });
    let mismatch = Memo::new(move |_| {
        fits.with(|f| {
            let f = f.as_ref()?;
            shown.with(|x| start_mismatch(&x.as_ref()?.plan, f))
        })
    });
    let cards = move || {
        let s = scenario.get();
        let mut all = shown
            .with(|x| {
                x.as_ref()
                    .and_then(|x| tracking_cards(&x.plan, &x.forecast, s))
            })
            .unwrap_or_default();
        all.extend(fits.with(|f| f.as_ref().map(fit_cards)).unwrap_or_default());
        super::card_list(all)
    };
    // The longest backtest the history allows (at least 3 months to fit).
    let most = Memo::new(move |_| {
        fits.with(|f| {
            f.as_ref()
                .map(|f| crate::engine::actuals::longest_holdout(f.points.len()))
        })
    });
    Effect::new(move |_| {
        if let Some(m) = most.get().filter(|m| holdout.get_untracked() > *m) {
            holdout.set(m);
        }
    });
    view! {
        <Show when=move || any.get()>
            <section class="actuals-panel" aria-labelledby="actuals-title">
                <h2 id="actuals-title">"Plan against actuals"</h2>
                <dl class="cards">{cards}</dl>
                <div class="actuals-actions">
                    {holdout_select(holdout, most)}
                    {fit_button(store, fits, false, "Use the compound fit")}
                    {fit_button(store, fits, true, "Use the logistic fit")}
                    <button type="button" on:click=move |_| rebaselined(store, session)>
                        "Rebaseline"
                    </button>
                </div>
                {move || mismatch.get().map(|(text, users)| start_hint(store, text, users))}
                <div class="charts">
                    <Chart spec=chart id="chart-fit" />
                    <Chart spec=residuals id="chart-residuals" />
                </div>
                <TrackingTable shown scenario />
            </section>
        </Show>
    }
}

/// "Backtest: hold out the last N months", N up to `most`.
fn holdout_select(holdout: RwSignal<usize>, most: Memo<Option<usize>>) -> impl IntoView {
    view! {
        <label for="holdout">"Backtest: hold out the last"</label>
        <select
            id="holdout"
            prop:value=move || holdout.get().to_string()
            on:change=move |ev| {
                if let Ok(n) = event_target_value(&ev).parse() {
                    holdout.set(n)
                }
            }
        >
            {move || {
                (1..=most.get().unwrap_or(3))
                    .map(|k| {
                        view! { <option value=k.to_string()>{k.to_string()}</option> }
                    })
                    .collect_view()
            }}
        </select>
        <span>{move || if holdout.get() == 1 { "month" } else { "months" }}</span>
    }
}

/// Adds the compound or the logistic fit as a scenario, and selects it;
/// off while that fit is missing.
fn fit_button(
    store: Store,
    fits: Memo<Option<Fitted>>,
    logistic: bool,
    label: &'static str,
) -> impl IntoView {
    let missing = move || {
        fits.with(|f| {
            f.as_ref().is_none_or(|f| {
                if logistic {
                    f.logistic.is_err()
                } else {
                    f.compound.is_err()
                }
            })
        })
    };
    let use_fit = move |_| {
        let Some(scenario) = fits.with_untracked(|f| {
            let f = f.as_ref()?;
            let n = f.points.len();
            store.plan.with_untracked(|p| {
                Some(if logistic {
                    fitted_logistic(p, f.logistic.as_ref().ok()?, n)
                } else {
                    fitted_scenario(p, f.compound.as_ref().ok()?, n)
                })
            })
        }) else {
            return;
        };
        store.restructure(None, move |p| p.scenarios.push(scenario));
        let last = store.plan.with_untracked(|p| p.scenarios.len() - 1);
        store.scenario.set(last);
    };
    view! {
        <button type="button" on:click=use_fit prop:disabled=missing>
            {label}
        </button>
    }
}

/// Opens the plan rebaselined (month 0 the latest actual month) as a new
/// plan, saying where the original is kept; or says why it cannot be.
fn rebaselined(store: Store, session: Session) {
    let plan = store.plan.get_untracked();
    let kept = if session.tab.with_untracked(|t| t.saved_at.is_some()) {
        "The original is kept in your saved plans."
    } else {
        "The original is unchanged where it came from (its link or file); it was never saved here."
    };
    match rebaseline(&plan) {
        Ok(mut next) => {
            let from = next
                .start
                .map_or_else(String::new, |s| format!(" from {s}"));
            next.name = format!("{} (rebaselined{from})", plan.name);
            new_plan(store, session, next);
            session.tell(
                Tone::Info,
                format!("Rebaselined as a new plan: month 0 is the latest actual month. {kept}"),
                None,
            );
        }
        Err(why) => session.tell(Tone::Problem, format!("Not rebaselined: {why}."), None),
    }
}

/// Month 0's users differ from the history's: the note, and a button that
/// starts the plan from `users`.
fn start_hint(store: Store, text: String, users: f64) -> impl IntoView {
    let start_here = move |_| {
        store.restructure(
            Some(&crate::engine::Path::field("initial_users")),
            move |p| p.initial_users = crate::engine::Num::Fixed(users),
        )
    };
    view! {
        <p class="hint start-mismatch">
            {text} " " <button type="button" on:click=start_here>
                {format!(
                    "Start from {} user{}",
                    crate::formats::numbers::quantity(users),
                    if users == 1.0 { "" } else { "s" },
                )}
            </button>
        </p>
    }
}

/// Forecast against actual users of the selected scenario, by month.
#[component]
fn TrackingTable(shown: Memo<Option<Shown>>, scenario: Memo<usize>) -> impl IntoView {
    let rows = Memo::new(move |_| {
        let s = scenario.get();
        shown.with(|x| x.as_ref().map(|x| tracking_rows(&x.plan, &x.forecast, s)))
    });
    move || {
        let rows = rows.get().filter(|r| !r.is_empty())?;
        let head = ["Month", "Date", "Forecast", "Actual", "Error", "Error %"].map(String::from);
        let rows = rows.into_iter().map(Vec::from).collect();
        Some(view! {
            <div class="table-section tracking">
                {rows_table("Forecast against actual users".into(), head.into(), rows)}
            </div>
        })
    }
}
