//! The Commitment panel (MODEL.md section 12): how much to commit, chosen
//! against the simulated paths of the selected scenario. It follows the
//! plan once typing pauses and runs a few ms per task, so typing never
//! waits; the figures are `app::commitment`'s.

use crate::app::commitment::{self as choice, Choice, Choosing};
use crate::app::pool::CommitmentJob;
use crate::app::slices::SLICE_MS;
use crate::engine::commitment::paths_for;
use crate::engine::{Path, Plan};
use crate::formats::numbers::quantity;
use crate::ui::charts::Chart;
use crate::ui::pool;
use crate::ui::store::{Shown, Store};
use crate::ui::{now, record};
use leptos::prelude::*;
use std::rc::Rc;
use std::sync::Arc;

/// An answer with the plan it is of, so it never pairs with a newer plan.
type Answer = Arc<(Shown, Result<Choice, String>)>;

#[component]
pub fn CommitmentPanel(
    store: Store,
    shown: Memo<Option<Shown>>,
    scenario: Memo<usize>,
    samples: RwSignal<usize>,
) -> impl IntoView {
    let (settled, pending) = super::uncertainty::settled(shown);
    let has = Memo::new(move |_| {
        shown.with(|x| {
            x.as_ref()
                .is_some_and(|x| choice::commitment(&x.plan).is_some())
        })
    });
    // The term asked for (none: the plan's own, or the first that fits).
    let asked = RwSignal::new(None::<u32>);
    let term = Memo::new(move |_| {
        let first = settled.with(|x| x.as_ref().map_or(12, |x| choice::first_term(&x.plan)));
        asked.get().unwrap_or(first)
    });
    let answer = RwSignal::new(None::<Answer>);
    let progress = RwSignal::new(None::<(usize, usize)>);
    follow(settled, pending, scenario, samples, term, answer, progress);
    let best = Memo::new(move |_| {
        answer.with(|a| {
            a.as_ref()
                .and_then(|a| a.1.as_ref().ok().map(|c| (a.0.plan.clone(), c.clone())))
        })
    });
    let problem = Memo::new(move |_| {
        answer.with(|a| {
            a.as_ref()
                .and_then(|a| a.1.as_ref().err().map(|why| choice::problem(why)))
        })
    });
    let busy = Memo::new(move |_| pending.get() || progress.get().is_some());
    view! {
        <section class="commitment" aria-labelledby="commitment-title">
            <h2 id="commitment-title">"Commitment"</h2>
            <Show when=move || has.get() fallback=move || no_commitment(store)>
                <TermSwitch settled asked term />
                {move || {
                    settled
                        .with(|x| x.as_ref().and_then(|x| choice::term_note(&x.plan, term.get())))
                        .map(|note| view! { <p class="hint term-note">{note}</p> })
                }}
                <p class="hint commit-status" role="status">
                    {move || status(pending.get(), progress.get())}
                </p>
                {move || {
                    problem
                        .get()
                        .map(|p| {
                            view! {
                                <p class="sim-dropped problem" role="alert">
                                    {p}
                                </p>
                            }
                        })
                }}
                {recommendation(store, best, busy, problem)}
            </Show>
        </section>
    }
}

/// The recommendation: its sentence, cards, "Use this amount" and the
/// curve of cost against the amount (no button or chart when no amount
/// can be chosen).
fn recommendation(
    store: Store,
    best: Best,
    busy: Memo<bool>,
    problem: Memo<Option<String>>,
) -> impl IntoView {
    let spec = Memo::new(move |_| best.with(|b| b.as_ref().map(|(p, c)| choice::curve_spec(p, c))));
    let cards = move || {
        best.with(|b| {
            b.as_ref()
                .map(|(p, c)| super::card_list(choice::cards(p, c)))
        })
    };
    let sentence = move || {
        best.with(|b| {
            b.as_ref()
                .map(|(p, c)| crate::formats::commitment::recommendation(p, &c.chosen))
        })
    };
    view! {
        <p class="commit-sentence" class:refreshing=move || busy.get()>
            {sentence}
        </p>
        <dl class="cards" class:refreshing=move || busy.get()>
            {cards}
        </dl>
        <Show when=move || {
            problem.with(Option::is_none)
        }>
            {use_button(store, best, busy)} <div class="charts" class:refreshing=move || busy.get()>
                <Chart spec=spec id="chart-commitment" />
            </div>
        </Show>
    }
}

/// The best choice of the latest answer, with the plan it is for.
type Best = Memo<Option<(Arc<Plan>, Choice)>>;

/// What a plan without a commitment shows: what one is, and a button that
/// adds one.
fn no_commitment(store: Store) -> impl IntoView {
    view! {
        <p class="hint">
            "No commitment in this plan. Reserved instances and savings plans take 40-60% off spend committed for a term, paid whether used or not; Headroom can choose the amount against this plan's range."
        </p>
        <button
            type="button"
            class="add-commitment"
            on:click=move |_| store.restructure(None, choice::add)
        >
            "Add a commitment"
        </button>
    }
}

/// "Use this amount": puts the best amount into the plan's commitment; off
/// while choosing, without a choice, or when the plan already uses it.
fn use_button(store: Store, best: Best, busy: Memo<bool>) -> impl IntoView {
    let used = Memo::new(move |_| {
        best.with(|b| {
            b.as_ref()
                .is_some_and(|(p, c)| choice::in_use(p, &c.chosen))
        })
    });
    let use_it = move |_| {
        let Some(o) = best.with_untracked(|b| b.as_ref().map(|(_, c)| c.chosen.clone())) else {
            return;
        };
        let under = Path::field("pricing").key("commitment");
        store.restructure(Some(&under), move |p| choice::use_amount(p, &o));
    };
    let label = move || {
        best.with(|b| {
            b.as_ref().map_or("Use this amount".into(), |(p, c)| {
                choice::use_label(p, &c.chosen)
            })
        })
    };
    view! {
        <button
            type="button"
            class="use-amount"
            disabled=move || busy.get() || best.with(Option::is_none) || used.get()
            on:click=use_it
        >
            {label}
        </button>
    }
}

fn status(pending: bool, progress: Option<(usize, usize)>) -> Option<String> {
    match (pending, progress) {
        (true, _) => Some("Choosing the amount…".into()),
        (false, Some((done, all))) if all > 1 => Some(format!(
            "Choosing the amount… {} of {} paths",
            quantity(done as f64),
            quantity(all as f64)
        )),
        (false, Some(_)) => Some("Choosing the amount…".into()),
        (false, None) => None,
    }
}

/// 12 or 36 months; a term past the horizon is offered disabled, with why.
#[component]
fn TermSwitch(
    settled: RwSignal<Option<Shown>>,
    asked: RwSignal<Option<u32>>,
    term: Memo<u32>,
) -> impl IntoView {
    let offered = Memo::new(move |_| {
        settled.with(|x| {
            x.as_ref()
                .map(|x| choice::terms(&x.plan))
                .unwrap_or_default()
        })
    });
    view! {
        <div class="scenario-picker term-switch" role="group" aria-label="Term of the commitment">
            <span class="picker-label">"Term"</span>
            {move || {
                offered
                    .get()
                    .into_iter()
                    .map(|(t, fits)| {
                        view! {
                            <button
                                type="button"
                                class="tab"
                                disabled=!fits
                                title=(!fits)
                                    .then(|| {
                                        format!("A {t}-month term runs past this plan's horizon")
                                    })
                                aria-pressed=move || if term.get() == t { "true" } else { "false" }
                                on:click=move |_| asked.set(Some(t))
                            >
                                {format!("{t} months")}
                            </button>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// Chooses the amount for the settled plan whenever it, the scenario, the
/// sample count or the term changes: on a worker when one is ready (asked
/// again once the workers start or fail), else on this page a few ms per
/// task; a newer run makes older slices stop.
fn follow(
    settled: RwSignal<Option<Shown>>,
    pending: RwSignal<bool>,
    scenario: Memo<usize>,
    samples: RwSignal<usize>,
    term: Memo<u32>,
    answer: RwSignal<Option<Answer>>,
    progress: RwSignal<Option<(usize, usize)>>,
) {
    let runs = StoredValue::new(0u64);
    let status: pool::Status = expect_context();
    Effect::new(move |_| {
        let (s, n, t) = (scenario.get(), samples.get(), term.get());
        let latest = settled.get();
        status.ready.track();
        status.unavailable.track();
        if pending.get_untracked() {
            return;
        }
        runs.update_value(|r| *r += 1);
        let id = runs.get_value();
        let current = move || runs.get_value() == id;
        let Some(x) = latest.filter(|x| choice::commitment(&x.plan).is_some()) else {
            pool::stop_commitment();
            progress.set(None);
            return answer.set(None);
        };
        progress.set(Some((0, paths_for(&x.plan, n))));
        pool::ensure_started(status);
        if pool::starting() {
            return;
        }
        let (x1, x2, started) = (x.clone(), x.clone(), now());
        let commit = pool::Commit {
            id,
            progress: Rc::new(move |p| {
                if current() {
                    progress.set(Some(p))
                }
            }),
            deliver: Rc::new(move |result| {
                if !current() {
                    return;
                }
                record("headroom:commit-worker-wall", started, now() - started);
                progress.set(None);
                answer.set(Some(Arc::new((x1.clone(), result))));
            }),
            failed: Rc::new(move || {
                if current() {
                    choose_here(x2.clone(), (s, n, t), current, answer, progress)
                }
            }),
        };
        if !pool::commitment(commit, &CommitmentJob::new(id, &x.plan, s, n, t)) {
            choose_here(x, (s, n, t), current, answer, progress);
        }
    });
}

/// Chooses the amount for `x`'s scenario, sample count and term on this
/// page, a slice per task while `current` holds.
fn choose_here(
    x: Shown,
    (s, n, t): (usize, usize, u32),
    current: impl Fn() -> bool + Copy + 'static,
    answer: RwSignal<Option<Answer>>,
    progress: RwSignal<Option<(usize, usize)>>,
) {
    match Choosing::new(&x.plan, s, n, t) {
        Ok(run) => {
            progress.set(Some(run.progress()));
            go_on(Box::new(run), x, now(), current, answer, progress);
        }
        Err(e) => {
            let why = e.first().map_or_else(String::new, |e| e.to_string());
            progress.set(None);
            answer.set(Some(Arc::new((x, Err(why)))));
        }
    }
}

fn go_on(
    mut run: Box<Choosing>,
    x: Shown,
    started: f64,
    current: impl Fn() -> bool + Copy + 'static,
    answer: RwSignal<Option<Answer>>,
    progress: RwSignal<Option<(usize, usize)>>,
) {
    if !current() {
        return;
    }
    match run.slice(&now, SLICE_MS) {
        Some(result) => {
            record("headroom:commit", started, run.work);
            record("headroom:commit-wall", started, now() - started);
            progress.set(None);
            answer.set(Some(Arc::new((x, result))));
        }
        None => {
            progress.set(Some(run.progress()));
            crate::ui::soon(move || go_on(run, x, started, current, answer, progress));
        }
    }
}
