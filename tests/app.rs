//! The app's native layer (`headroom::app`): undo and redo with the clock
//! passed in, and the forecast charts' contents against the forecast they
//! are taken from.

use headroom::app::chart::{ChartSpec, Plot};
use headroom::app::charts;
use headroom::app::history::{History, SAME_WORD_MS, STEPS};
use headroom::engine::{forecast, Path};
use headroom::presets;

// ---------------------------------------------------------------- history

#[test]
fn typing_into_one_field_within_a_second_is_one_step() {
    let mut h = History::default();
    h.record("", Some(&Path::field("name")), 0.0);
    h.record("A", Some(&Path::field("name")), 300.0);
    h.record("AB", Some(&Path::field("name")), 600.0);
    // One step back goes to before the word, not before the last letter.
    assert_eq!(h.step("ABC", true), Some(""));
    assert!(!h.can_undo());
    assert_eq!(h.step("", false), Some("ABC"));
}

#[test]
fn another_field_a_pause_or_a_choice_starts_a_new_step() {
    let mut h = History::default();
    h.record(0, Some(&Path::field("a")), 0.0);
    h.record(1, Some(&Path::field("b")), 100.0); // another field
    h.record(2, Some(&Path::field("b")), 100.0 + SAME_WORD_MS); // a pause of a second
    h.record(3, None, 1200.0); // not typing
    h.record(4, None, 1201.0); // each choice is its own step
    let back: Vec<i32> = std::iter::successors(Some(5), |&now| h.step(now, true)).collect();
    assert_eq!(back, [5, 4, 3, 2, 1, 0]);
}

#[test]
fn a_new_edit_drops_redo_and_after_an_undo_typing_is_a_new_step() {
    let mut h = History::default();
    h.record(0, Some(&Path::field("a")), 0.0);
    assert_eq!(h.step(1, true), Some(0));
    assert!(h.can_redo());
    // Typing into the same field at once after an undo is still a new step.
    h.record(0, Some(&Path::field("a")), 10.0);
    assert!(!h.can_redo());
    assert_eq!(h.step(2, true), Some(0));
    assert_eq!(h.step(0, true), None);
}

#[test]
fn the_oldest_steps_go_past_the_limit() {
    let mut h = History::default();
    for i in 0..STEPS + 5 {
        h.record(i, None, i as f64);
    }
    let mut oldest = None;
    let mut now = usize::MAX;
    while let Some(v) = h.step(now, true) {
        oldest = Some(v);
        now = v;
    }
    assert_eq!(oldest, Some(5), "the first 5 versions are gone");
}

// ----------------------------------------------------------------- charts

fn default_forecast() -> (headroom::engine::Plan, headroom::engine::Forecast) {
    let plan = presets::default_plan();
    let f = forecast(&plan).expect("the default plan forecasts");
    (plan, f)
}

#[test]
fn the_users_chart_has_each_scenario_s_users_by_month() {
    let (plan, f) = default_forecast();
    let spec = charts::users(&plan, &f);
    assert_eq!(spec.series.len(), plan.scenarios.len());
    for (series, sf) in spec.series.iter().zip(&f.scenarios) {
        assert_eq!(series.name, plan.scenarios[sf.scenario].label);
        let users: Vec<f64> = sf.months.iter().map(|m| m.users).collect();
        assert_eq!(series.values, users);
    }
    assert_eq!(spec.months(), plan.horizon_months as usize + 1);
}

/// A saved image draws the legend in the colours the chart uses: each
/// series by its own colour, in the legend's order.
#[test]
fn the_legend_s_colours_are_the_series_colours() {
    use headroom::app::chart::SERIES_COLOURS;
    let (plan, f) = default_forecast();
    let spec = charts::cost(&plan, &f, 1);
    let legend = spec.legend_colours();
    assert_eq!(legend.len(), spec.legend().len());
    for (series, (colour, name)) in spec.series.iter().zip(&legend) {
        assert_eq!(name, &series.name);
        assert_eq!(
            *colour,
            Some(SERIES_COLOURS[series.colour % SERIES_COLOURS.len()]),
            "{name}"
        );
    }
    // Two series of different colours are drawn apart.
    assert!(legend.windows(2).any(|w| w[0].0 != w[1].0));
}

/// A saved image's band: the title broken between words into lines that
/// fit, the legend entries in order, wrapped to the width, all above the
/// band's height; a wider image needs fewer lines.
#[test]
fn a_saved_image_s_title_and_legend_fit_its_width() {
    let (plan, f) = default_forecast();
    let spec = charts::cost(&plan, &f, 1);
    let chars = |t: &str| 8.0 * t.chars().count() as f64;
    let narrow = spec.image_head(340.0, 1.0, &chars, &chars);
    let lines: Vec<&str> = narrow.titles.iter().map(|t| t.2.as_str()).collect();
    assert_eq!(lines.join(" "), spec.title);
    assert!(lines.len() > 1, "{lines:?}");
    for l in &lines {
        assert!(
            chars(l) <= 340.0 - 24.0 || !l.contains(' '),
            "{l:?} is too wide"
        );
    }
    let legend = spec.legend_colours();
    let texts: Vec<&str> = narrow.entries.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        legend.iter().map(|l| l.1.as_str()).collect::<Vec<_>>()
    );
    for (e, (colour, _)) in narrow.entries.iter().zip(&legend) {
        assert_eq!(e.colour, *colour);
        let end = e.x + 16.0 + chars(&e.text);
        assert!(
            end <= 340.0 - 12.0 || e.x == 12.0,
            "{} ends at {end}",
            e.text
        );
        assert!(e.y > narrow.titles.last().unwrap().1 && e.y < narrow.height);
    }
    assert!(
        narrow.entries.windows(2).any(|w| w[1].y > w[0].y),
        "the legend wraps"
    );
    let wide = spec.image_head(1400.0, 1.0, &chars, &chars);
    assert_eq!(wide.titles.len(), 1);
    assert!(wide.height < narrow.height);
}

#[test]
fn the_cost_chart_stacks_to_each_month_s_cost_under_its_tier() {
    let (plan, f) = default_forecast();
    for (s, sf) in f.scenarios.iter().enumerate() {
        let spec = charts::cost(&plan, &f, s);
        assert!(spec.stacked);
        for (m, month) in sf.months.iter().enumerate() {
            let stack: f64 = spec.series.iter().map(|x| x.values[m]).sum();
            assert!(
                (stack - month.cost).abs() <= 1e-9 * month.cost.max(1.0),
                "month {m}: {stack} against {}",
                month.cost
            );
            // The band over the month names the tier in use.
            let band = spec
                .bands
                .iter()
                .find(|b| (b.0 as usize..=b.1 as usize).contains(&m))
                .expect("every month is in a band");
            assert_eq!(band.2, plan.tiers[month.tier].label);
        }
        assert!(spec.y_max() >= sf.months.iter().map(|m| m.cost).fold(0.0, f64::max));
    }
}

#[test]
fn the_utilization_chart_draws_the_policy_s_warn_and_target() {
    let (plan, f) = default_forecast();
    let spec = charts::utilization(&plan, &f, 1);
    let values: Vec<f64> = spec.lines.iter().map(|l| l.1).collect();
    assert_eq!(
        values,
        [
            plan.policy.warn_utilization.median(),
            plan.policy.target_utilization.median()
        ]
    );
}

#[test]
fn a_chart_s_table_and_readout_say_what_it_draws() {
    let (plan, f) = default_forecast();
    let spec = charts::cumulative(&plan, &f);
    let (head, rows) = spec.table();
    assert_eq!(head[0], "Month");
    assert_eq!(
        head[1..],
        spec.series
            .iter()
            .map(|s| s.name.clone())
            .collect::<Vec<_>>()[..]
    );
    assert_eq!(rows.len(), spec.months());
    assert_eq!(rows[12][0], "12");
    let readout = spec.readout(12);
    assert!(readout.starts_with("Month 12: "), "{readout}");
    for s in &spec.series {
        assert!(readout.contains(&s.name), "{readout}");
    }
}

#[test]
fn a_day_chart_reads_in_hours_of_the_clock() {
    let spec = ChartSpec {
        plot: Plot::Day,
        ..ChartSpec::months_chart(
            "A day".into(),
            "Load".into(),
            headroom::app::chart::Unit::Users,
            vec![headroom::app::chart::Series {
                name: "Load".into(),
                colour: 0,
                values: (0..1440).map(|m| m as f64).collect(),
            }],
        )
    };
    let (head, rows) = spec.table();
    assert_eq!(head, ["Time (UTC)", "Load"]);
    assert_eq!(rows.len(), 24);
    assert_eq!(rows[17], ["17:00", "1,020"]);
    assert!(spec.readout(1025).starts_with("17:05: Load 1,025"));
}

// ------------------------------------------------------------------ cards

use headroom::app::{cards, day};
use headroom::formats::numbers::{money, percent, quantity, thousands};

fn card<'a>(cards: &'a [cards::Card], label: &str) -> &'a cards::Card {
    cards
        .iter()
        .find(|c| c.0.starts_with(label))
        .unwrap_or_else(|| panic!("no card {label}: {cards:?}"))
}

#[test]
fn the_summary_cards_show_the_scenario_s_last_month_and_totals() {
    let (plan, f) = default_forecast();
    let sf = &f.scenarios[1];
    let last = sf.months.last().unwrap();
    let c = cards::summary(&plan, &f, 1).expect("cards");
    assert_eq!(
        card(&c, "Users at month 24").1,
        quantity(last.users.round())
    );
    assert_eq!(
        card(&c, "Monthly cost at month 24").1,
        money(last.cost, &plan.currency)
    );
    assert_eq!(
        card(&c, "Total cost, months 1-24").1,
        money(sf.total_cost, &plan.currency)
    );
    assert!(
        cards::summary(&plan, &f, 99).is_none(),
        "a scenario that is gone"
    );
    // Millions of users on a fixed-cost tier: a fraction of a cent each,
    // shown with two figures rather than as $0.00.
    let mut many = plan.clone();
    many.initial_users = headroom::engine::Num::Fixed(20_000_000.0);
    let f = forecast(&many).unwrap();
    let per = f.scenarios[1].months.last().unwrap().cost_per_user.unwrap();
    assert!(per < 0.001, "{per}");
    let shown = card(&cards::summary(&many, &f, 1).unwrap(), "Cost per user")
        .1
        .clone();
    assert!(
        shown.starts_with("$0.000") && shown != "$0.00",
        "{shown} for {per}"
    );
}

/// Users that vary on a fixed-cost tier leave the total cost flat: said,
/// with the share of paths priced as a largest tier they outgrow; nothing
/// is said when the cost moves too, or when nothing moves.
#[test]
fn a_flat_total_cost_under_varying_users_is_explained() {
    use headroom::app::uncertainty::flat_cost_note;
    use headroom::engine::simulate::simulate_scenarios;
    let ranged = |low: f64, high: f64, segment: usize| {
        let mut plan = presets::default_plan();
        if let headroom::engine::Growth::Compound { segments, .. } = &mut plan.scenarios[1].growth {
            segments[segment].rate = headroom::engine::Num::Range {
                low,
                high,
                dist: Default::default(),
            };
        }
        plan
    };
    // Month 13 on at 10-20%: every path is on Enterprise (all fixed costs)
    // by then, and many outgrow it.
    let plan = ranged(0.10, 0.20, 2);
    let s = &simulate_scenarios(&plan, &[1], 500, Some(3))
        .unwrap()
        .scenarios[0];
    assert_eq!(s.total_cost.p10, s.total_cost.p90);
    assert!(s.months.last().unwrap().users.p10 < s.months.last().unwrap().users.p90);
    assert!(s.over_capacity_share > 0.0);
    let note = flat_cost_note(s).unwrap();
    assert!(
        note.starts_with("Users vary across the paths but the total cost does not"),
        "{note}"
    );
    assert!(
        note.contains(&format!(
            "{} of paths outgrow the largest tier",
            percent(s.over_capacity_share)
        )),
        "{note}"
    );
    // The first months' rate moves the month of the tier change: cost moves.
    let moving = ranged(0.1, 0.4, 0);
    let s = &simulate_scenarios(&moving, &[1], 500, Some(3))
        .unwrap()
        .scenarios[0];
    assert!(s.total_cost.p10 < s.total_cost.p90);
    assert_eq!(flat_cost_note(s), None);
    let plain = presets::default_plan();
    let s = &simulate_scenarios(&plain, &[1], 50, Some(3))
        .unwrap()
        .scenarios[0];
    assert_eq!(flat_cost_note(s), None);
}

/// A right-to-left name inside a card's or event's English sentence is
/// set apart (U+2068 .. U+2069), so its words and the numbers beside it
/// keep their order; left-to-right names are left as they are.
#[test]
fn right_to_left_names_are_set_apart_in_sentences() {
    use headroom::report::isolate_names;
    let mut plan = presets::default_plan();
    let plain = headroom::engine::forecast(&plan).unwrap();
    let before = cards::summary(&plan, &plain, 1).unwrap();
    assert!(!card(&before, "First tier change").2.contains('\u{2068}'));
    plan.tiers[1].label = "שלום עולם 123".into();
    plan.tiers[2].label = "שלום".into();
    let f = headroom::engine::forecast(&plan).unwrap();
    let shown = cards::summary(&plan, &f, 1).unwrap();
    let detail = &card(&shown, "First tier change").2;
    assert!(
        detail.starts_with(
            "Month 8: move from \u{2068}שלום עולם 123\u{2069} to \u{2068}שלום\u{2069} ("
        ),
        "{detail}"
    );
    // The longest name first: one holding another is set apart whole.
    let names = headroom::report::rtl_names(&plan);
    assert_eq!(
        isolate_names(&names, "שלום עולם 123 and שלום"),
        "\u{2068}שלום עולם 123\u{2069} and \u{2068}שלום\u{2069}"
    );
    let plain = presets::default_plan();
    let none = headroom::report::rtl_names(&plain);
    assert!(none.is_empty());
    assert_eq!(isolate_names(&none, "Growth"), "Growth");
}

/// Equal P10 and P90 with a few costly paths past them (a Starter limit
/// anywhere from 1 to 10^9: some paths skip a tier, a few outgrow the
/// largest) are no flat cost: the note is not given, the page and a
/// comparison show the spread, and the card says the mean is outside.
#[test]
fn equal_p10_and_p90_with_a_costly_tail_are_not_called_flat() {
    use headroom::app::uncertainty::{flat_cost_note, no_spread};
    use headroom::engine::Num;
    let mut plan = presets::default_plan();
    if let headroom::engine::Growth::Compound { segments, .. } = &mut plan.scenarios[1].growth {
        segments[0].rate = Num::Range {
            low: 0.1,
            high: 0.4,
            dist: Default::default(),
        };
    }
    let limit = plan.tiers[0].limits.get_mut("peak_concurrent").unwrap();
    *limit = Num::Range {
        low: 1.0,
        high: 1e9,
        dist: Default::default(),
    };
    let sim = headroom::engine::simulate::simulate_scenarios(&plan, &[1], 2000, Some(5)).unwrap();
    let s = &sim.scenarios[0];
    assert_eq!(
        s.total_cost.p10, s.total_cost.p90,
        "the case: equal P10 and P90"
    );
    assert!(s.totals.first() < s.totals.last(), "the case: a tail");
    assert!(s.total_cost_mean > s.total_cost.p90);
    assert_eq!(flat_cost_note(s), None);
    assert!(!no_spread(s));
    let c = cards::uncertainty(&plan, s);
    let total = card(&c, "Total cost");
    let mean = money(s.total_cost_mean, &plan.currency);
    assert!(
        total.2.ends_with(&format!(" · mean {mean}, outside them")),
        "{}",
        total.2
    );
}

#[test]
fn the_uncertainty_cards_show_the_simulation_s_bands_and_odds() {
    let mut plan = presets::default_plan();
    if let headroom::engine::Growth::Compound { segments, .. } = &mut plan.scenarios[1].growth {
        segments[0].rate = headroom::engine::Num::Range {
            low: 0.1,
            high: 0.4,
            dist: Default::default(),
        };
    }
    let sim = headroom::engine::simulate::simulate_scenarios(&plan, &[1], 500, Some(7)).unwrap();
    let s = &sim.scenarios[0];
    let c = cards::uncertainty(&plan, s);
    let total = card(&c, "Total cost");
    assert_eq!(total.1, money(s.total_cost.p50, &plan.currency));
    assert!(total.2.contains(&money(s.total_cost.p10, &plan.currency)));
    assert_eq!(card(&c, "Capacity risk").1, percent(s.over_capacity_share));
    let share = s.months[12].tier_share.last().copied().unwrap();
    assert_eq!(card(&c, "Chance of").1, percent(share));
}

// ------------------------------------------------------- elastic capacity

#[test]
fn a_day_s_cards_and_charts_show_its_minutes() {
    let mut plan = presets::find("elastic-hpa").unwrap().plan().unwrap();
    // Replicas slow to warm up, run close to full: minutes over both.
    if let headroom::engine::Quantity::Sized {
        autoscale: Some(a), ..
    } = &mut plan.tiers[2].components[0].quantity
    {
        a.warmup = 20;
        a.target = headroom::engine::Num::Fixed(0.95);
    }
    let (t, days) = headroom::engine::day::month_days(&plan, 1, 24).unwrap();
    let d = &days[0];
    let c = cards::day(&plan, d);
    assert_eq!(
        card(&c, "Average replicas").1,
        thousands(d.figures.average_replicas, 2)
    );
    assert_eq!(
        card(&c, "Minutes over target").1,
        d.figures.minutes_over_target.to_string()
    );
    // The load chart marks exactly the minutes over target and over capacity.
    let spec = day::load_chart(&plan, t, d);
    let series = |name: &str| &spec.series.iter().find(|s| s.name == name).unwrap().values;
    let over_target = series("Load over target")
        .iter()
        .filter(|v| **v > 0.0)
        .count();
    let over_capacity = series("Unserved load").iter().filter(|v| **v > 0.0).count();
    assert_eq!(over_target as u32, d.figures.minutes_over_target);
    assert_eq!(over_capacity as u32, d.figures.minutes_over_capacity);
    assert!(over_target > 0 && over_capacity > 0);
    assert_eq!(spec.months(), 1440);
    assert_eq!(spec.bands, [], "the HPA preset holds no range");
}

#[test]
fn the_monthly_saving_chart_adds_up_the_components_days() {
    let plan = presets::find("elastic-hpa").unwrap().plan().unwrap();
    let f = forecast(&plan).unwrap();
    let spec = day::saving_chart(&plan, &f, 1).unwrap();
    for (m, month) in f.scenarios[1].months.iter().enumerate() {
        let want: f64 = month
            .components
            .iter()
            .filter_map(|c| c.day)
            .map(|d| d.saving)
            .sum();
        assert_eq!(spec.series[0].values[m], want, "month {m}");
    }
    assert!(spec.series[0].values.iter().any(|v| *v > 0.0));
    assert!(day::has_autoscaling(&plan));
    assert!(!day::has_autoscaling(&presets::default_plan()));
}

/// A day of load opens on the last month with a day to show: after it,
/// every month's tier has no autoscaled component; without any, the horizon.
#[test]
fn a_day_of_load_opens_on_the_last_month_with_an_autoscaled_component() {
    use headroom::engine::day::month_days;
    let mut plan = presets::find("elastic-hpa").unwrap().plan().unwrap();
    let last = plan.tiers.len() - 1;
    for c in &mut plan.tiers[last].components {
        if let headroom::engine::Quantity::Sized { autoscale, .. } = &mut c.quantity {
            *autoscale = None;
        }
    }
    let f = forecast(&plan).unwrap();
    let mut opened_early = false;
    for s in 0..plan.scenarios.len() {
        let m = day::opening_month(&plan, &f, s);
        let days = |m: u32| month_days(&plan, s, m as usize).unwrap().1;
        if m < plan.horizon_months {
            opened_early = true;
            assert!(!days(m).is_empty(), "scenario {s}, month {m}");
            assert!(
                (m + 1..=plan.horizon_months).all(|k| days(k).is_empty()),
                "scenario {s}"
            );
        }
    }
    assert!(
        opened_early,
        "a scenario reaches the tier without autoscaling"
    );
    let (s, horizon) = (1, plan.horizon_months);
    assert_eq!(
        day::no_day_note(&plan, &f, s, last, horizon),
        format!("Tier {} (in use at month {horizon}) has no autoscaled component: pick a month of a tier that has one.", plan.tiers[last].label)
    );
    // Only a tier no month uses autoscales: no month has a day to show.
    let mut unused = presets::default_plan();
    unused.tiers[0].components[0].quantity = headroom::engine::Quantity::Sized {
        metric: "users".into(),
        per: headroom::engine::Num::Fixed(100.0),
        min: None,
        max: None,
        autoscale: Some(Default::default()),
    };
    let f = forecast(&unused).unwrap();
    assert!(
        f.scenarios[1].months.iter().all(|m| m.tier > 0),
        "the default plan starts past Starter"
    );
    assert_eq!(day::opening_month(&unused, &f, 1), unused.horizon_months);
    assert!(day::no_day_note(&unused, &f, 1, 2, 24).ends_with(
        "has no autoscaled component, and no month of this scenario uses a tier that has one."
    ));
    let plain = presets::default_plan();
    let f = forecast(&plain).unwrap();
    assert_eq!(day::opening_month(&plain, &f, 0), plain.horizon_months);
}

/// A discount program over categories no component is in changes no cost,
/// and says so (the default plan's spot program covers "worker" alone).
#[test]
fn a_program_over_categories_no_component_is_in_is_told() {
    use headroom::engine::{Category, Num};
    use headroom::report::idle_categories;
    let plan = presets::default_plan();
    let spot = plan.pricing.as_ref().unwrap().spot.as_ref().unwrap();
    assert_eq!(
        idle_categories(&plan, &spot.categories).as_deref(),
        Some("No component is in worker: this changes no cost until one is.")
    );
    let mut with_worker = plan.clone();
    with_worker.tiers[0].components[0].category = Category::Worker;
    assert_eq!(idle_categories(&with_worker, &spot.categories), None);
    assert_eq!(
        idle_categories(&plan, &[Category::Worker, Category::Compute]),
        None
    );
    assert_eq!(
        idle_categories(&plan, &[]).as_deref(),
        Some("No category ticked: this changes no cost.")
    );
    // What it says holds: the forecast is the same at any spot discount.
    let mut cheaper = plan.clone();
    let s = cheaper.pricing.as_mut().unwrap().spot.as_mut().unwrap();
    (s.coverage, s.discount) = (Num::Fixed(1.0), Num::Fixed(0.99));
    assert_eq!(forecast(&cheaper).unwrap(), forecast(&plan).unwrap());
}

/// The selected scenario travels in the address's query: named when it is
/// not the plan's main one, read back only when the plan has it, other
/// parts of the query (`view`, `workers`) kept.
#[test]
fn the_address_carries_the_selected_scenario() {
    use headroom::app::session::{
        main_scenario, query_for_scenario, query_value, query_with, scenario_in,
    };
    let plan = presets::default_plan();
    let ids: Vec<&str> = plan.scenarios.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["conservative", "moderate", "aggressive"]);
    assert_eq!(main_scenario(&plan), 1);
    assert_eq!(query_for_scenario("", &plan, 2), "?scenario=aggressive");
    assert_eq!(
        query_for_scenario("?view", &plan, 0),
        "?view&scenario=conservative"
    );
    assert_eq!(
        query_for_scenario("?scenario=aggressive&view", &plan, 1),
        "?view"
    );
    assert_eq!(
        query_for_scenario("?workers=2&scenario=x", &plan, 1),
        "?workers=2"
    );
    for s in 0..3 {
        let q = query_for_scenario("?view", &plan, s);
        assert_eq!(
            scenario_in(&q, &plan).unwrap_or(main_scenario(&plan)),
            s,
            "{q}"
        );
        assert_eq!(query_value(&q, "view").as_deref(), Some(""), "{q}");
    }
    // A scenario the plan does not have, or a key that only contains one.
    assert_eq!(scenario_in("?scenario=gone", &plan), None);
    assert_eq!(query_value("?preview=1", "view"), None);
    assert_eq!(
        query_value("?scenario=a%20b", "scenario").as_deref(),
        Some("a b")
    );
    assert_eq!(query_with("?view", "view", None), "");
    // As the results show it: an index past the plan's scenarios is its last.
    use headroom::app::session::named_scenario;
    assert_eq!(named_scenario(&plan, 7), Some("aggressive"));
    assert_eq!(named_scenario(&plan, 1), None);
    let mut renamed = plan.clone();
    renamed.scenarios[2].id = "aggr_2".into();
    assert_eq!(
        query_for_scenario("?scenario=aggressive", &renamed, 2),
        "?scenario=aggr_2"
    );
    // A mail scanner's `%23` after the query still gives the link.
    use headroom::formats::address::link_in_query;
    assert_eq!(
        link_in_query("?scenario=s5%23p2.abc-_"),
        Some(("?scenario=s5".to_string(), "p2.abc-_".to_string()))
    );
    assert_eq!(
        link_in_query("?view%2523p2.x").map(|x| x.1),
        Some("p2.x".to_string())
    );
    assert_eq!(link_in_query("?scenario=a%23b&view"), None);
    assert_eq!(link_in_query("?scenario=aggressive"), None);
    assert_eq!(query_with("?a=1", "s", Some("x y&z")), "?a=1&s=x%20y%26z");
}

// ------------------------------------------------------------ saved plans

use headroom::app::saved::{self, Memory, Storage, Written};

#[test]
fn a_write_compares_first_and_never_overwrites_a_newer_save() {
    let mut store = Memory::default();
    let mut plan = presets::default_plan();
    // First save of a new plan.
    let at = saved::write(&mut store, "a", &plan, None, true, 1000.0).unwrap();
    assert_eq!(at, Written::Saved(1000.0));
    assert_eq!(store.get(saved::CURRENT).as_deref(), Some("a"));
    // Nothing edited since: no write.
    assert_eq!(
        saved::write(&mut store, "a", &plan, Some(1000.0), false, 2000.0).unwrap(),
        Written::Unchanged
    );
    // Another tab saved at 1500: this tab, which knows 1000, writes nothing.
    let mut theirs = plan.clone();
    theirs.name = "Theirs".into();
    saved::write(&mut store, "a", &theirs, Some(1000.0), true, 1500.0).unwrap();
    plan.name = "Ours".into();
    assert_eq!(
        saved::write(&mut store, "a", &plan, Some(1000.0), true, 3000.0).unwrap(),
        Written::Superseded
    );
    let (kept, _) = saved::load(&store, "a").unwrap().unwrap();
    assert_eq!(kept.name, "Theirs");
    // On a coarse clock a save is still later than the one it replaces.
    assert_eq!(
        saved::write(&mut store, "a", &plan, Some(1500.0), true, 1200.0).unwrap(),
        Written::Saved(1501.0)
    );
}

/// A stored version whose plan no longer reads counts as none, whether or
/// not its time is this tab's (read from its head alone when it is); and a
/// damaged version of another tab's time is not taken for this tab's.
#[test]
fn a_write_over_a_damaged_version_saves_and_another_tab_s_still_wins() {
    let mut store = Memory::default();
    let mut plan = presets::default_plan();
    let damage = |text: String| text.replace("\"name\":\"Three-tier platform\"", "\"name\":7");
    for edited in [true, false] {
        let good = headroom::formats::saved::encode(&plan, 1000.0);
        let bad = damage(good.clone());
        assert_ne!(bad, good);
        store.set(&saved::key("a"), &bad).unwrap();
        assert_eq!(
            saved::write(&mut store, "a", &plan, Some(1000.0), edited, 2000.0).unwrap(),
            Written::Saved(2000.0),
            "edited: {edited}"
        );
        assert_eq!(
            saved::load(&store, "a").unwrap().unwrap(),
            (plan.clone(), 2000.0)
        );
    }
    // Another tab's readable version at 1500 wins over a tab that knows 1000.
    plan.name = "Theirs".into();
    store
        .set(
            &saved::key("a"),
            &headroom::formats::saved::encode(&plan, 1500.0),
        )
        .unwrap();
    assert_eq!(
        saved::write(&mut store, "a", &plan, Some(1000.0), true, 3000.0).unwrap(),
        Written::Superseded
    );
}

/// A plan deleted in another tab is not written back by a tab that only
/// shows it; a tab with edits keeps them by writing it again.
#[test]
fn a_plan_deleted_elsewhere_stays_deleted_unless_this_tab_has_edits() {
    let mut store = Memory::default();
    let plan = presets::default_plan();
    saved::write(&mut store, "a", &plan, None, true, 1000.0).unwrap();
    store.remove(&saved::key("a"));
    assert_eq!(
        saved::write(&mut store, "a", &plan, Some(1000.0), false, 2000.0).unwrap(),
        Written::Unchanged
    );
    assert!(saved::load(&store, "a").is_none());
    assert_eq!(
        saved::write(&mut store, "a", &plan, Some(1000.0), true, 3000.0).unwrap(),
        Written::Saved(3000.0)
    );
    assert_eq!(saved::load(&store, "a").unwrap().unwrap(), (plan, 3000.0));
}

#[test]
fn a_full_store_refuses_the_write_and_keeps_the_last_good_save() {
    let plan = presets::default_plan();
    let text_len = headroom::formats::saved::encode(&plan, 1.0).len();
    let mut store = Memory::with_room(text_len + 100);
    saved::write(&mut store, "a", &plan, None, true, 1.0).unwrap();
    let mut bigger = plan.clone();
    bigger.name.push_str(&"x".repeat(500));
    let err = saved::write(&mut store, "a", &bigger, Some(1.0), true, 2.0).unwrap_err();
    assert_eq!(err, saved::FULL);
    let (kept, at) = saved::load(&store, "a").unwrap().unwrap();
    assert_eq!((kept, at), (plan, 1.0));
}

#[test]
fn a_blocked_store_keeps_nothing_and_lists_nothing() {
    let mut store = Memory::blocked();
    let plan = presets::default_plan();
    assert_eq!(
        saved::write(&mut store, "a", &plan, None, true, 1.0).unwrap_err(),
        saved::FULL
    );
    assert!(saved::load(&store, "a").is_none());
    assert!(saved::entries(&store).is_empty());
}

#[test]
fn the_list_shows_the_newest_first_and_unreadable_records_last() {
    let mut store = Memory::default();
    let mut plan = presets::default_plan();
    for (id, name, at) in [
        ("old", "Old", 10.0),
        ("new", "New", 30.0),
        ("mid", "Mid", 20.0),
    ] {
        plan.name = name.into();
        saved::write(&mut store, id, &plan, None, true, at).unwrap();
    }
    store.set(&saved::key("bad"), "{not json").unwrap();
    store
        .set(
            &format!("{}.damaged", saved::key("aside")),
            &headroom::formats::saved::encode(&plan, 5.0),
        )
        .unwrap();
    store
        .set(&format!("{}.x.y", saved::key("other")), "ignored")
        .unwrap();
    store.set("unrelated", "ignored").unwrap();
    let list = saved::entries(&store);
    let names: Vec<(&str, bool)> = list
        .iter()
        .map(|e| (e.id.as_str(), e.problem.is_some()))
        .collect();
    assert_eq!(names[..3], [("new", false), ("mid", false), ("old", false)]);
    let mut rest: Vec<&str> = names[3..]
        .iter()
        .map(|(id, bad)| {
            assert!(bad);
            *id
        })
        .collect();
    rest.sort();
    assert_eq!(rest, ["aside", "bad"]);
    assert_eq!(list.len(), 5);
    // The list's count, read from the keys alone, is the same.
    assert_eq!(saved::count(&store), 5);
}

// ------------------------------------------------- reading a chart's points

use headroom::app::chart::PlotArea;

#[test]
fn the_pointer_reads_the_nearest_month_and_the_keys_step_through_them() {
    let (plan, f) = default_forecast();
    let spec = charts::users(&plan, &f); // months 0..=24
    let a = PlotArea {
        left: 100.0,
        right: 580.0,
        top: 10.0,
        bottom: 300.0,
        rows: false,
    };
    assert_eq!(spec.point_at(&a, 100.0, 50.0), Some(0));
    assert_eq!(spec.point_at(&a, 580.0, 50.0), Some(24));
    assert_eq!(spec.point_at(&a, 100.0 + 20.0 * 12.4, 50.0), Some(12)); // nearest
    assert_eq!(spec.point_at(&a, 100.0 + 20.0 * 12.6, 50.0), Some(13));
    assert_eq!(
        spec.point_at(&a, -40.0, 50.0),
        Some(0),
        "left of the plot: the first"
    );
    assert_eq!(
        spec.point_at(&PlotArea::default(), 10.0, 10.0),
        None,
        "not drawn yet"
    );
    assert_eq!(spec.step("ArrowRight", None), Some(1));
    assert_eq!(spec.step("ArrowRight", Some(24)), Some(24));
    assert_eq!(spec.step("ArrowLeft", Some(0)), Some(0));
    assert_eq!(spec.step("End", Some(3)), Some(24));
    assert_eq!(spec.step("Home", Some(3)), Some(0));
    assert_eq!(spec.step("a", Some(3)), None);
}

#[test]
fn a_histogram_reads_the_bin_and_a_tornado_the_row() {
    let bins = ChartSpec {
        plot: Plot::Histogram {
            edges: vec![0.0, 1.0, 2.0, 3.0, 4.0],
            marker: None,
        },
        ..ChartSpec::months_chart(
            "Totals".into(),
            "Share".into(),
            headroom::app::chart::Unit::Percent,
            vec![headroom::app::chart::Series {
                name: "Share".into(),
                colour: 0,
                values: vec![0.1, 0.4, 0.4, 0.1],
            }],
        )
    };
    let a = PlotArea {
        left: 0.0,
        right: 400.0,
        top: 0.0,
        bottom: 100.0,
        rows: false,
    };
    assert_eq!(
        bins.point_at(&a, 150.0, 0.0),
        Some(1),
        "inside the second bin"
    );
    assert_eq!(
        bins.point_at(&a, 400.0, 0.0),
        Some(3),
        "the right edge is the last bin"
    );
    let rows = ChartSpec {
        plot: Plot::Tornado {
            base: 10.0,
            rows: vec![("a".into(), 8.0, 12.0), ("b".into(), 9.0, 11.0)],
        },
        ..ChartSpec::months_chart(
            "T".into(),
            "Cost".into(),
            headroom::app::chart::Unit::Percent,
            vec![],
        )
    };
    let a = PlotArea {
        left: 0.0,
        right: 400.0,
        top: 0.0,
        bottom: 100.0,
        rows: true,
    };
    assert_eq!(rows.point_at(&a, 0.0, 75.0), Some(1));
    assert_eq!(
        rows.point_at(&a, 0.0, 500.0),
        Some(1),
        "below the rows: the last"
    );
}

// ------------------------------------------------- a simulation in slices

use headroom::app::slices::{Sliced, Slices, FIRST_PATHS, SLICE_MS};
use headroom::engine::simulate::{simulate_scenarios, Simulation, Simulator};

/// The default plan with a ranged growth rate, over `months` months.
fn uncertain_plan(months: u32) -> headroom::engine::Plan {
    let mut v = serde_json::to_value(presets::default_plan()).unwrap();
    v["scenarios"][1]["growth"]["segments"][0]["rate"] =
        serde_json::json!({"low": 0.15, "high": 0.3});
    v["horizon_months"] = months.into();
    headroom::formats::plan_json::load(&v.to_string()).unwrap()
}

/// Runs `slices` to the end on a clock that moves `tick` ms each time it
/// is read, returning what each slice did and the ms each slice took.
fn run_all(slices: &mut Slices, tick: f64) -> Vec<(Sliced, f64)> {
    let mut clock = 0.0;
    let mut out = Vec::new();
    while out.len() < 100_000 {
        let start = clock;
        let sliced = slices.slice(&mut || {
            clock += tick;
            clock
        });
        let finished = sliced.finished;
        out.push((sliced, clock - start));
        if finished {
            return out;
        }
    }
    panic!("the run never finished");
}

#[test]
fn a_run_in_slices_ends_with_the_figures_of_one_run() {
    let plan = uncertain_plan(24);
    let whole = simulate_scenarios(&plan, &[1], 10_000, Some(7)).unwrap();
    let mut slices = Slices::new(Simulator::new(&plan, &[1], 10_000, Some(7)).unwrap());
    let run = run_all(&mut slices, 0.05);
    let last = run.iter().rev().find_map(|(s, _)| s.figures.as_ref());
    assert_eq!(last, Some(&whole.scenarios[0]));
    assert_eq!(run.last().unwrap().0.progress, (10_000, 10_000));
    // Only the last slice says the run is over.
    assert!(run[..run.len() - 1].iter().all(|(s, _)| !s.finished));
}

#[test]
fn figures_come_after_the_first_paths_and_each_time_the_paths_grow_fourfold() {
    let plan = uncertain_plan(24);
    // On a slow clock (1 ms a read) each summary ends its own slice, so
    // every refresh reaches the page. A refresh past half the run is left
    // out: 8,000 of 10,000 is, 8,000 of 20,000 is not.
    for (samples, want) in [
        (10_000, vec![FIRST_PATHS, 10_000]),
        (20_000, vec![FIRST_PATHS, 4 * FIRST_PATHS, 20_000]),
        (1_500, vec![1_500]),
    ] {
        let sim = Simulator::new(&plan, &[1], samples, Some(7)).unwrap();
        let run = run_all(&mut Slices::new(sim), 1.0);
        let refreshed: Vec<usize> = run
            .iter()
            .filter(|(s, _)| s.figures.is_some())
            .map(|(s, _)| s.figures.as_ref().unwrap().samples)
            .collect();
        assert_eq!(refreshed, want, "{samples} paths");
        // Progress only moves forward and never past the sample count.
        let done: Vec<usize> = run.iter().map(|(s, _)| s.progress.0).collect();
        assert!(
            done.windows(2).all(|w| w[0] <= w[1] && w[1] <= samples),
            "{done:?}"
        );
    }
}

#[test]
fn the_schedule_of_refreshes() {
    use headroom::app::slices::refreshes;
    assert_eq!(refreshes(100_000), [2_000, 8_000, 32_000, 100_000]);
    assert_eq!(refreshes(64_000), [2_000, 8_000, 32_000, 64_000]);
    assert_eq!(refreshes(63_999), [2_000, 8_000, 63_999]);
    assert_eq!(refreshes(10_000), [2_000, 10_000]);
    assert_eq!(refreshes(2_001), [2_000, 2_001]);
    assert_eq!(refreshes(2_000), [2_000]);
    assert_eq!(refreshes(1), [1]);
}

#[test]
fn a_slice_yields_after_its_time_even_inside_a_long_summary() {
    // 120 months on a clock that moves 1 ms a read: one summary takes many
    // slices, and no slice runs much past its time.
    let plan = uncertain_plan(120);
    let mut slices = Slices::new(Simulator::new(&plan, &[1], 3_000, Some(7)).unwrap());
    let run = run_all(&mut slices, 1.0);
    let summary_only = run
        .windows(2)
        .filter(|w| w[0].0.progress == w[1].0.progress)
        .count();
    assert!(
        summary_only >= 5,
        "summaries were split over {summary_only} slices"
    );
    // A slice stops at the first check past SLICE_MS: a few reads at most.
    let longest = run.iter().map(|(_, ms)| *ms).fold(0.0, f64::max);
    assert!(longest <= SLICE_MS + 6.0, "a slice took {longest} ms");
    assert!(slices.work > 0.0);
}

// ------------------------------------------------------- a tab's session

use headroom::app::session::{self as tab_session, Offer, Origin, Saved, Tab, Tone};

/// Ids "id1", "id2", ... as a tab would make them.
fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("id{n}")
    }
}

#[test]
fn a_link_opens_an_unsaved_copy_and_leaves_saved_plans_alone() {
    let mut store = Memory::default();
    let mine = presets::default_plan();
    saved::write(&mut store, "mine", &mine, None, true, 1.0).unwrap();
    let before = store.records.clone();
    let mut linked = presets::default_plan();
    linked.name = "Linked".into();
    let fragment = format!("#{}", headroom::formats::link::encode(&linked));
    let opened = tab_session::open(&fragment, Ok(&mut store), &mut ids());
    assert_eq!(
        opened.plan.as_ref().map(|p| p.name.as_str()),
        Some("Linked")
    );
    assert_eq!(opened.tab.origin, Origin::Link);
    assert_eq!(opened.tab.plan_id, "id1");
    let notice = opened.notice.unwrap();
    assert_eq!(
        (notice.tone, notice.offer),
        (Tone::Info, Some(Offer::SaveLinkedPlan))
    );
    // Edits to the copy are what differs from the plan the link gave.
    assert!(!opened.tab.has_edits(&linked));
    // Saving a linked copy writes nothing until the visitor keeps it.
    let mut tab = opened.tab;
    assert_eq!(tab.save(Ok(&mut store), &linked, 5.0), Saved::Nothing);
    assert_eq!(store.records, before);
}

#[test]
fn a_damaged_link_says_why_and_the_saved_plan_opens() {
    let mut store = Memory::default();
    let mine = presets::default_plan();
    saved::write(&mut store, "mine", &mine, None, true, 1.0).unwrap();
    let opened = tab_session::open("#p2.broken", Ok(&mut store), &mut ids());
    assert_eq!(opened.plan, Some(mine.clone()));
    assert_eq!(opened.tab.plan_id, "mine");
    assert_eq!(opened.tab.saved_at, Some(1.0));
    assert_eq!(opened.tab.last_saved, Some(mine));
    assert_eq!(opened.notice.unwrap().tone, Tone::Problem);
}

#[test]
fn a_damaged_record_is_set_aside_and_the_default_plan_opens_under_a_new_id() {
    let mut store = Memory::default();
    store.set(&saved::key("bad"), "{not json").unwrap();
    store.set(saved::CURRENT, "bad").unwrap();
    let opened = tab_session::open("", Ok(&mut store), &mut ids());
    assert_eq!(opened.plan, None);
    assert_eq!(opened.tab.plan_id, "id1");
    assert_eq!(store.get(&saved::key("bad")), None);
    assert_eq!(
        store.get("headroom.plan.bad.damaged").as_deref(),
        Some("{not json")
    );
    assert!(opened.notice.unwrap().text.contains("kept aside"));
}

/// A plan saved while its name is blank (an error being fixed; autosave
/// keeps the edits) is listed as "Untitled plan", not as an empty row.
#[test]
fn a_plan_saved_with_a_blank_name_is_listed_as_untitled() {
    let mut store = Memory::default();
    let mut plan = presets::default_plan();
    plan.name = "  ".into();
    assert_eq!(plan.title(), "Untitled plan");
    saved::write(&mut store, "blank", &plan, None, true, 1.0).unwrap();
    let list = saved::entries(&store);
    assert_eq!(list[0].name, "Untitled plan");
    plan.name = "Named".into();
    assert_eq!(plan.title(), "Named");
}

/// A reloaded tab opens the saved plan it had open, not the one another
/// tab saved last; when its plan is gone, the last saved one.
#[test]
fn a_reloaded_tab_opens_its_own_plan() {
    let mut store = Memory::default();
    let mut mine = presets::default_plan();
    mine.name = "From B".into();
    saved::write(&mut store, "b", &mine, None, true, 1.0).unwrap();
    let mut other = presets::default_plan();
    other.name = "From A again".into();
    saved::write(&mut store, "a", &other, None, true, 2.0).unwrap();
    assert_eq!(store.get(saved::CURRENT).as_deref(), Some("a"));
    let opened = tab_session::open_in_tab("", Ok(&mut store), Some("b"), &mut ids());
    assert_eq!(opened.plan.map(|p| p.name), Some("From B".to_string()));
    assert_eq!(opened.tab.plan_id, "b");
    assert_eq!(opened.tab.saved_at, Some(1.0));
    // Its plan deleted meanwhile (or never saved): the last saved plan.
    let opened = tab_session::open_in_tab("", Ok(&mut store), Some("gone"), &mut ids());
    assert_eq!(opened.tab.plan_id, "a");
    // A link still opens the link's plan.
    let fragment = format!("#{}", headroom::formats::link::encode(&mine));
    let opened = tab_session::open_in_tab(&fragment, Ok(&mut store), Some("a"), &mut ids());
    assert_eq!(opened.tab.origin, Origin::Link);
}

#[test]
fn blocked_storage_opens_the_default_plan_and_says_plans_cannot_be_saved() {
    let refused: Result<&mut Memory, String> = Err("storage is blocked".into());
    let opened = tab_session::open("", refused, &mut ids());
    assert_eq!(opened.plan, None);
    let notice = opened.notice.unwrap();
    assert!(notice
        .text
        .starts_with("Plans cannot be saved: storage is blocked"));
    let mut tab = opened.tab;
    let refused: Result<&mut Memory, String> = Err("storage is blocked".into());
    let saved = tab.save(refused, &presets::default_plan(), 1.0);
    assert!(matches!(saved, Saved::Refused(n) if n.offer == Some(Offer::ExportJson)));
    assert_eq!(tab.saved_at, None);
}

/// A store with one saved plan "p", and two tabs that opened it.
fn two_tabs_on_one_saved_plan() -> (Memory, headroom::engine::Plan, Tab, Tab) {
    let mut store = Memory::default();
    let plan = presets::default_plan();
    saved::write(&mut store, "p", &plan, None, true, 1.0).unwrap();
    let a = tab_session::open("", Ok(&mut store), &mut ids()).tab;
    let b = a.clone();
    (store, plan, a, b)
}

#[test]
fn two_tabs_the_later_save_supersedes_and_nothing_is_lost() {
    let (mut store, plan, mut a, mut b) = two_tabs_on_one_saved_plan();
    // Tab A saves an edit; tab B is told by the storage event.
    let mut edited_a = plan.clone();
    edited_a.name = "A's edit".into();
    assert_eq!(a.save(Ok(&mut store), &edited_a, 10.0), Saved::Written);
    assert_eq!(b.other_tab_wrote("headroom.plan.other"), None);
    let notice = b.other_tab_wrote(&saved::key("p")).unwrap();
    assert_eq!(notice.offer, Some(Offer::LoadNewer));
    assert_eq!(b.origin, Origin::Superseded);
    // B's own edit is not written over A's.
    let mut edited_b = plan.clone();
    edited_b.name = "B's edit".into();
    assert_eq!(b.save(Ok(&mut store), &edited_b, 20.0), Saved::Nothing);
    // B loads the newer version; its edit is kept as a new saved plan.
    let (newer, told) = b
        .load_newer(&mut store, &edited_b, "kept".into(), 30.0)
        .unwrap();
    assert_eq!(newer.name, "A's edit");
    assert_eq!(b.origin, Origin::Saved);
    assert!(told
        .unwrap()
        .text
        .contains("B's edit (edits from another tab)"));
    let (kept, _) = saved::load(&store, "kept").unwrap().unwrap();
    assert_eq!(kept.name, "B's edit (edits from another tab)");
    // And B saves again from the newer version without a conflict.
    let mut next = newer.clone();
    next.name = "B again".into();
    assert_eq!(b.save(Ok(&mut store), &next, 40.0), Saved::Written);
}

#[test]
fn a_save_that_finds_a_newer_version_supersedes_the_tab_even_unwarned() {
    // The storage event can be missed (a tab asleep): the write still compares.
    let (mut store, plan, mut a, mut b) = two_tabs_on_one_saved_plan();
    let mut edited = plan.clone();
    edited.name = "A".into();
    a.save(Ok(&mut store), &edited, 10.0);
    edited.name = "B".into();
    let saved = b.save(Ok(&mut store), &edited, 11.0);
    assert!(matches!(saved, Saved::Refused(n) if n.offer == Some(Offer::LoadNewer)));
    assert_eq!(b.origin, Origin::Superseded);
    assert_eq!(saved::load(&store, "p").unwrap().unwrap().0.name, "A");
    // Keeping B's plan as new: saved under its own id beside A's.
    let mut mine = edited.clone();
    b.keep_as_new(&mut mine, "b2".into());
    assert_eq!(
        b,
        Tab {
            origin: Origin::Saved,
            plan_id: "b2".into(),
            saved_at: None,
            last_saved: None
        }
    );
    assert_eq!(b.save(Ok(&mut store), &mine, 12.0), Saved::Written);
    assert_eq!(
        saved::load(&store, "b2").unwrap().unwrap().0.name,
        "B (edits from another tab)"
    );
    assert_eq!(saved::load(&store, "p").unwrap().unwrap().0.name, "A");
}

/// Runs `samples` paths of scenario 1 of `plan` on `n` workers that talk
/// only through parts and partial figures, delivered in a scrambled but
/// per-sender order (as messages through the page are); the figures of
/// each round the page gathers.
fn pooled_run(plan: &headroom::engine::Plan, samples: usize, n: usize) -> Vec<(Simulation, bool)> {
    use headroom::app::pool::{split, Gather, Worker, CHUNK};
    let blocks = split(3, plan, &[1], samples, 7, n);
    let n = blocks.len();
    let mut workers: Vec<Worker> = (0..n).map(|_| Worker::default()).collect();
    for (w, b) in workers.iter_mut().zip(blocks) {
        w.start(b).unwrap();
    }
    let mut gather = Gather::new(3, samples, n);
    let mut inbox: Vec<Vec<headroom::app::pool::Part>> = vec![Vec::new(); n];
    let mut shown = Vec::new();
    for step in 0.. {
        assert!(step < 100_000, "the run never finished");
        // Workers take turns unevenly: the first runs three chunks a turn.
        for (i, w) in workers.iter_mut().enumerate() {
            for _ in 0..if i == 0 { 3 } else { 1 } {
                let (parts, partials) = w.run(CHUNK);
                for part in parts {
                    inbox[part.to].push(part);
                }
                for partial in partials {
                    shown.extend(gather.add(partial));
                }
            }
        }
        // Every other turn, each worker reads its inbox.
        if step % 2 == 1 || workers.iter().all(Worker::finished) {
            for (i, w) in workers.iter_mut().enumerate() {
                for part in std::mem::take(&mut inbox[i]) {
                    for partial in w.receive(part) {
                        shown.extend(gather.add(partial));
                    }
                }
            }
        }
        if shown.last().is_some_and(|(_, last)| *last) {
            return shown;
        }
    }
    unreachable!()
}

#[test]
fn a_run_on_workers_gives_one_runs_figures_for_any_number_of_workers() {
    let plan = uncertain_plan(24);
    let whole = simulate_scenarios(&plan, &[1], 10_000, Some(7)).unwrap();
    for n in [1, 2, 3, 4] {
        let shown = pooled_run(&plan, 10_000, n);
        let (last, _) = shown.last().unwrap();
        assert_eq!(last, &whole, "{n} workers");
        // Rounds as the page refreshes: 2,000 (each block's share rounded
        // up), then 10,000 (8,000 would be past half the run).
        let samples: Vec<usize> = shown.iter().map(|(s, _)| s.scenarios[0].samples).collect();
        assert!(
            (FIRST_PATHS..FIRST_PATHS + n).contains(&samples[0]),
            "{samples:?}"
        );
        assert_eq!(samples.len(), 2, "{samples:?}");
        assert!(samples.windows(2).all(|w| w[0] < w[1]), "{samples:?}");
        assert!(shown[..shown.len() - 1].iter().all(|(_, last)| !last));
        // An early round's figures are those of its paths, month by month.
        let first = &shown[0].0.scenarios[0];
        assert_eq!(first.months.len(), 25);
        assert!(first
            .months
            .iter()
            .enumerate()
            .all(|(m, b)| b.month as usize == m));
    }
}

#[test]
fn more_workers_than_months_or_paths_still_give_one_runs_figures() {
    let plan = uncertain_plan(2);
    let whole = simulate_scenarios(&plan, &[1], 5, Some(7)).unwrap();
    let shown = pooled_run(&plan, 5, 8);
    assert_eq!(shown.last().unwrap().0, whole);
    let whole = simulate_scenarios(&plan, &[1], 3_000, Some(7)).unwrap();
    assert_eq!(pooled_run(&plan, 3_000, 6).last().unwrap().0, whole);
}

#[test]
fn parts_of_another_run_or_owner_are_dropped() {
    use headroom::app::pool::{split, Gather, Worker, CHUNK};
    let plan = uncertain_plan(12);
    let mut old = Worker::default();
    old.start(split(1, &plan, &[1], 100, 7, 2).remove(1))
        .unwrap();
    let (stale, _) = old.run(CHUNK);
    assert_eq!(stale.len(), 1);
    let mut w = Worker::default();
    w.start(split(2, &plan, &[1], 100, 7, 2).remove(1)).unwrap();
    for part in stale {
        assert!(w.receive(part).is_empty(), "a part of run 1 taken by run 2");
    }
    let (mut mine, partials) = w.run(CHUNK);
    // Its own part alone is not the whole round (worker 0's is missing).
    assert!(partials.is_empty());
    let to_other = mine.remove(0);
    assert_eq!(to_other.to, 0);
    assert!(
        w.receive(to_other).is_empty(),
        "a part for worker 0 taken by 1"
    );
    // Figures of another run do not reach the page's run.
    let mut gather = Gather::new(5, 100, 2);
    let mut other = Worker::default();
    other
        .start(split(4, &plan, &[1], 100, 7, 1).remove(0))
        .unwrap();
    let (parts, partials) = other.run(CHUNK);
    assert!(parts.is_empty(), "a lone worker owns every month");
    assert_eq!(partials.len(), 1);
    assert!(gather.add(partials[0].clone()).is_none());
}

#[test]
fn a_worker_tells_its_run_and_paths_between_rounds() {
    use headroom::app::pool::{split, Worker};
    let plan = uncertain_plan(12);
    let mut w = Worker::default();
    assert_eq!(w.progress(), None, "no run in hand");
    // Worker 1 of 2 in a run of 10,000 paths: its block is 5,000 paths,
    // its first round ends at 1,000.
    w.start(split(9, &plan, &[1], 10_000, 7, 2).remove(1))
        .unwrap();
    assert_eq!(w.progress(), Some((9, 0)));
    w.run(300);
    assert_eq!(w.progress(), Some((9, 300)), "inside a round");
    w.run(1_000);
    assert_eq!(w.progress(), Some((9, 1_000)), "never past the round's end");
    w.run(250);
    assert_eq!(w.progress(), Some((9, 1_250)));
}

#[test]
fn the_page_starts_one_worker_per_core_but_its_own_unless_the_address_says() {
    use headroom::app::pool::{wanted, MOST_WORKERS};
    let quiet = |search: &str, cores: usize| {
        let (n, why) = wanted(search, cores);
        assert_eq!(why, None, "{search} on {cores} cores");
        n
    };
    assert_eq!(quiet("", 2), 1, "one core is left to the page");
    assert_eq!(quiet("", 4), 3);
    assert_eq!(quiet("", 1), 1);
    assert_eq!(quiet("", 0), 1, "a browser that tells no cores gets one");
    assert_eq!(quiet("", 64), MOST_WORKERS);
    assert_eq!(quiet("?workers=4", 2), 4);
    assert_eq!(quiet("?x=1&workers=0", 2), 0);
    assert_eq!(quiet("?workers=8", 2), 8);
    // What cannot be followed as written is said, with what is done instead.
    assert_eq!(
        wanted("?workers=lots", 3),
        (
            2,
            Some("?workers=lots is not a whole number from 0 to 8; using 2".into())
        )
    );
    assert_eq!(
        wanted("?workers=-1", 2),
        (
            1,
            Some("?workers=-1 is not a whole number from 0 to 8; using 1".into())
        )
    );
    // Escapes read as typed: a space around a number is dropped, a blank
    // or an escaped word is told as text.
    assert_eq!(quiet("?workers=%202%20", 2), 2);
    assert_eq!(
        wanted("?workers=%20", 2),
        (
            1,
            Some("?workers=(blank) is not a whole number from 0 to 8; using 1".into())
        )
    );
    assert_eq!(
        wanted("?workers=two%20workers", 2).1.unwrap(),
        "?workers=two workers is not a whole number from 0 to 8; using 1"
    );
    assert_eq!(
        wanted("?workers=99", 2),
        (
            MOST_WORKERS,
            Some("?workers=99 is more than the most, 8; using 8".into())
        )
    );
}

#[test]
fn a_worker_s_sensitivity_is_the_page_s_and_reads_back_from_its_message() {
    use headroom::app::pool::{SensitivityJob, SensitivityReply};
    use headroom::engine::simulate::sensitivity;
    let plan = uncertain_plan(24);
    let reply = SensitivityJob::new(4, &plan, 1).run();
    assert_eq!(reply.id, 4);
    let own = sensitivity(&plan, 1).unwrap();
    assert!(!own.impacts.is_empty());
    assert_eq!(reply.sensitivity.as_ref(), Some(&own));
    // Through a message and back (paths as their text).
    let text = serde_json::to_string(&reply).unwrap();
    assert_eq!(
        serde_json::from_str::<SensitivityReply>(&text).unwrap(),
        reply
    );
    // A scenario the plan does not have: no tornado, not a failure.
    assert_eq!(SensitivityJob::new(5, &plan, 9).run().sensitivity, None);
}

/// An extreme plan (a driver's factor of 1e100) gives axes of 10^100: their
/// labels stay short enough to read and to fit the axis beside the plot.
#[test]
fn axis_labels_of_extreme_values_stay_short() {
    use headroom::app::chart::{percent_axis, Unit};
    assert_eq!(percent_axis(0.455), "46%");
    assert_eq!(percent_axis(9.994), "999%");
    assert_eq!(percent_axis(250.0), "25k%");
    assert_eq!(percent_axis(2e100), "2e102%");
    assert_eq!(percent_axis(-0.004), "0%");
    // Labels 0.4 points apart get one decimal; 0.04 apart, two; never "-0".
    use headroom::app::chart::percent_axis_step;
    assert_eq!(percent_axis_step(-0.008, 0.004), "-0.8%");
    assert_eq!(percent_axis_step(0.0004, 0.0004), "0.04%");
    assert_eq!(percent_axis_step(-1e-17, 0.004), "0%");
    assert_eq!(percent_axis_step(0.25, 0.05), "25%");
    assert_eq!(Unit::Percent.axis_in(0.002, 0.02), "0.2%");
    assert_eq!(Unit::Users.axis(3e104), "3e104");
    assert_eq!(Unit::Money("USD".into()).axis(1.5e105), "$1.5e105");
    for unit in [Unit::Users, Unit::Percent, Unit::Money("USD".into())] {
        assert!(unit.label_area(0.0, 1e300) < 120.0, "{unit:?}");
    }
}

// ---------------------------------------------------------------- commitment

mod commitment_panel {
    use headroom::app::commitment::{self as panel, Choosing};
    use headroom::engine::commitment::{demand, optimise_with};
    use headroom::engine::{validate, Commitment, Num, Plan};
    use headroom::presets;
    use std::cell::Cell;

    /// Managed services with a committed amount, a ranged discount and growth.
    fn plan(horizon: u32, term: u32) -> Plan {
        let mut p = presets::find("managed-services").unwrap().plan().unwrap();
        p.horizon_months = horizon;
        let mut c = Commitment::starting(None);
        (c.amount, c.term_months) = (1_500.0, term);
        p.pricing.get_or_insert_with(Default::default).commitment = Some(c);
        p
    }

    #[test]
    fn the_run_in_slices_gives_the_engine_s_answer() {
        let p = plan(36, 12);
        let mut run = Choosing::new(&p, 1, 2_000, 12).unwrap();
        // A clock that moves 1 ms per reading: a slice of 8 ms runs few paths.
        let t = Cell::new(0.0);
        let now = || {
            t.set(t.get() + 1.0);
            t.get()
        };
        let mut slices = 0;
        let answer = loop {
            slices += 1;
            if let Some(a) = run.slice(&now, 8.0) {
                break a.unwrap();
            }
            let (done, all) = run.progress();
            assert!(done <= all && all == 2_000);
        };
        assert!(slices > 3, "{slices} slices");
        let d = demand(&p, 1, 2_000, None).unwrap();
        assert_eq!(answer.chosen, optimise_with(&d, 12, &[1_500.0]).unwrap());
        let terms: Vec<u32> = answer.terms.iter().map(|o| o.term_months).collect();
        assert_eq!(terms, vec![12, 36]);
        assert!(
            answer.chosen.curve.iter().any(|c| c.amount == 1_500.0),
            "the plan's amount is on the curve"
        );
    }

    /// The worker's run: the page's own answer (the plan travels as its
    /// file), a message's round trip, and a plan that cannot run refused at
    /// once with the page's own words.
    #[test]
    fn a_worker_s_commitment_run_is_the_page_s_and_reads_back_from_its_message() {
        use headroom::app::pool::{CommitmentJob, CommitmentReply};
        let p = plan(36, 12);
        let job = CommitmentJob::new(7, &p, 1, 2_000, 12);
        let Ok(mut run) = job.start() else {
            panic!("the job should start")
        };
        assert_eq!(run.progress(), (0, 2_000));
        // A clock that moves 1 ms per reading: many slices.
        let t = Cell::new(0.0);
        let now = || {
            t.set(t.get() + 1.0);
            t.get()
        };
        let reply = loop {
            if let Some(r) = run.slice(&now, 8.0) {
                break r;
            }
        };
        assert_eq!(reply.id, 7);
        let mut own = Choosing::new(&p, 1, 2_000, 12).unwrap();
        let own = own.slice(&|| 0.0, 1.0).unwrap();
        assert_eq!(reply.choice, own);
        let text = serde_json::to_string(&reply).unwrap();
        assert_eq!(
            serde_json::from_str::<CommitmentReply>(&text).unwrap(),
            reply
        );

        let mut none = p.clone();
        none.pricing = None;
        let job = CommitmentJob::new(8, &none, 1, 2_000, 12);
        let Err(why) = job.start() else {
            panic!("a plan without a commitment cannot run")
        };
        let page = Choosing::new(&none, 1, 2_000, 12).err().unwrap();
        assert_eq!(why, page[0].to_string());
        let refused = job.refused(why);
        assert_eq!((refused.id, refused.choice), (8, Err(page[0].to_string())));
    }

    #[test]
    fn why_no_amount_can_be_chosen_reads_as_a_sentence() {
        assert_eq!(
            panel::problem("the commitment starts in month 60, after the horizon (month 48)"),
            "The commitment starts in month 60, after the horizon (month 48)."
        );
        assert_eq!(panel::problem("done already."), "Done already.");
        assert_eq!(panel::problem("  "), "No amount can be chosen.");
        assert_eq!(panel::problem("écart"), "Écart.");
    }

    #[test]
    fn terms_follow_the_horizon_and_the_plan() {
        assert_eq!(panel::terms(&plan(24, 12)), vec![(12, true), (36, false)]);
        assert_eq!(
            panel::first_term(&plan(24, 36)),
            12,
            "not the plan's own: the horizon cuts it short"
        );
        assert_eq!(
            panel::first_term(&plan(36, 24)),
            12,
            "a term not offered: the first that fits"
        );
        assert_eq!(panel::first_term(&plan(36, 36)), 36);
        assert!(panel::term_note(&plan(24, 36), 12)
            .unwrap()
            .starts_with("This plan's 36-month term runs past its 24-month horizon (to month 36)"));
        assert_eq!(panel::term_note(&plan(36, 36), 36), None);
    }

    #[test]
    fn cards_chart_and_edits_read_the_answer() {
        let mut p = plan(36, 12);
        let mut run = Choosing::new(&p, 1, 500, 12).unwrap();
        // A clock that stands still: the whole run in one slice.
        let c = run.slice(&|| 0.0, 1.0).unwrap().unwrap();
        let best = c.chosen.best;
        let cards = panel::cards(&p, &c);
        let find = |label: &str| {
            cards
                .iter()
                .find(|c| c.0 == label)
                .unwrap_or_else(|| panic!("{label}: {cards:?}"))
        };
        assert_eq!(
            find("Best amount").1,
            headroom::formats::numbers::money(best.amount, "USD")
        );
        assert_eq!(find("Best amount").2, "a month, for 12 months");
        assert_eq!(
            find("Saving").1,
            headroom::formats::numbers::money(best.saving, "USD")
        );
        assert!(find("This plan's amount").2.contains("more than the best"));
        assert!(find("With a 36-month term").1.starts_with("saves $"));
        let spec = panel::curve_spec(&p, &c);
        let headroom::app::chart::Plot::Curve { amounts, markers } = &spec.plot else {
            panic!("not a curve")
        };
        assert_eq!(amounts.len(), c.chosen.curve.len());
        assert_eq!(markers[0].1, best.amount);
        assert_eq!(markers[1].1, 1_500.0);
        assert_eq!(spec.table().1.len(), amounts.len());
        let i = amounts.iter().position(|a| *a == best.amount).unwrap();
        assert!(spec.readout(i).starts_with(&format!(
            "Commit {} a month: mean total",
            headroom::formats::numbers::money(best.amount, "USD")
        )));
        // Use this amount: to the cent, with the term; now the plan's amount is the best.
        assert!(!panel::in_use(&p, &c.chosen));
        assert_eq!(panel::use_label(&p, &c.chosen), "Use this amount");
        panel::use_amount(&mut p, &c.chosen);
        assert!(panel::in_use(&p, &c.chosen));
        assert_eq!(panel::use_label(&p, &c.chosen), "This amount is in use");
        // The plan's term is another: the button says the term it sets too.
        let mut longer = p.clone();
        longer
            .pricing
            .as_mut()
            .unwrap()
            .commitment
            .as_mut()
            .unwrap()
            .term_months = 36;
        assert_eq!(
            panel::use_label(&longer, &c.chosen),
            "Use this amount for 12 months"
        );
        let k = p.pricing.as_ref().unwrap().commitment.as_ref().unwrap();
        assert_eq!(k.amount, (best.amount * 100.0).round() / 100.0);
        assert_eq!(k.term_months, 12);
    }

    #[test]
    fn a_commitment_added_to_any_preset_is_valid() {
        for preset in presets::PRESETS.iter() {
            let mut p = preset.plan().unwrap();
            panel::add(&mut p);
            assert_eq!(validate(&p), vec![], "{}", preset.name);
            let k = p.pricing.as_ref().unwrap().commitment.as_ref().unwrap();
            assert!(matches!(
                k.discount,
                Num::Range {
                    low: 0.4,
                    high: 0.6,
                    ..
                }
            ));
            assert!(!k.categories.is_empty());
        }
        // The three-tier preset's reserved program covers 0%: it gives up
        // compute, database and cache to the commitment.
        let mut p = presets::default_plan();
        panel::add(&mut p);
        let pricing = p.pricing.unwrap();
        assert_eq!(pricing.reserved.unwrap().categories, vec![]);
        use headroom::engine::Category::*;
        assert_eq!(
            pricing.commitment.unwrap().categories,
            vec![Compute, Database, Cache]
        );
    }
}

// ---------------------------------------------------------------- comparison

mod comparison_view {
    use headroom::app::compare::{chart, Comparing, Measure};
    use headroom::compare::compare;
    use headroom::presets;

    #[test]
    fn charts_overlay_every_plan_on_the_months_they_share() {
        let preset = |n: &str| presets::find(n).unwrap().plan().unwrap();
        let mut c = Comparing::of(preset("managed-services"), 1);
        assert!(c.add(preset("vps-to-cluster")));
        assert!(c.add(preset("three-tier")));
        assert!(c.add(preset("launch")));
        assert!(!c.add(preset("launch")), "four at most");
        let cmp = compare(&c.columns, 500).unwrap();
        let cost = chart(&cmp, Measure::MonthlyCost);
        // VPS to cluster's 6 months are the shortest horizon: every line has 7 values.
        assert!(
            cost.series.iter().all(|s| s.values.len() == 7),
            "{:?}",
            cost.series
                .iter()
                .map(|s| s.values.len())
                .collect::<Vec<_>>()
        );
        assert!(cost.title.contains("months 0-6 (the shortest horizon)"));
        let line = cost
            .series
            .iter()
            .find(|s| s.colour == 0)
            .expect("managed services: a line");
        assert_eq!(
            line.values,
            cmp.columns[0].forecast.months[..7]
                .iter()
                .map(|m| m.cost)
                .collect::<Vec<_>>()
        );
        // The VPS plan has ranges: a fan of its simulation, no plain line.
        assert!(cost.series.iter().all(|s| s.colour != 1));
        let band = cost
            .fans
            .iter()
            .find(|f| f.colour == 1)
            .expect("a band for the ranged plan");
        let sim = cmp.columns[1].simulation.as_ref().unwrap();
        assert_eq!(
            band.p10,
            sim.months[..7]
                .iter()
                .map(|m| m.cost.p10)
                .collect::<Vec<_>>()
        );
        assert_eq!(
            band.p50,
            sim.months[..7]
                .iter()
                .map(|m| m.cost.p50)
                .collect::<Vec<_>>()
        );
        // A dot at each tier change.
        let first = cmp.columns[1]
            .forecast
            .events
            .iter()
            .find(|e| matches!(e.kind, headroom::engine::EventKind::TierChange { .. }))
            .unwrap();
        assert!(cost.points[1].values[first.month as usize].is_finite());
        let (head, rows) = cost.table();
        assert_eq!(rows.len(), 7);
        assert!(head.iter().any(|h| h == "VPS to cluster P50"), "{head:?}");
        // From a link: scenario ids back to indices; read-only.
        let linked = Comparing::from_link(vec![
            (preset("launch"), "nope".into()),
            (preset("three-tier"), "aggressive".into()),
        ]);
        assert!(linked.from_link);
        assert_eq!(linked.columns[0].scenario, 0);
        assert_eq!(linked.columns[1].scenario, 2);
        assert_eq!(linked.linked()[1].1, "aggressive");
        let every = Comparing::every_scenario(preset("three-tier"));
        assert_eq!(
            every.columns.iter().map(|e| e.scenario).collect::<Vec<_>>(),
            [0, 1, 2]
        );
    }
}

#[test]
fn a_new_seed_alone_keeps_the_tornado() {
    use headroom::app::uncertainty::sensitivity_holds;
    use headroom::engine::simulate::sensitivity;
    let plan = uncertain_plan(12);
    let mut reseeded = plan.clone();
    reseeded.seed = Some(42);
    assert!(sensitivity_holds(&plan, &reseeded));
    assert!(sensitivity_holds(&plan, &plan));
    // What the rule rests on: the sweep's figures do not move with the seed.
    assert_eq!(sensitivity(&plan, 1), sensitivity(&reseeded, 1));
    // Any other change asks for a new sweep, with or without a new seed.
    let mut edited = reseeded.clone();
    edited.initial_users = headroom::engine::Num::Fixed(edited.initial_users.median() + 1.0);
    assert!(!sensitivity_holds(&plan, &edited));
    edited.seed = plan.seed;
    assert!(!sensitivity_holds(&plan, &edited));
}

/// The page's problem list: a field's unreadable text first, then the
/// plan's errors at other fields (one line a field).
#[test]
fn problems_list_drafts_first_and_each_field_once() {
    use headroom::engine::PlanError;
    let id = Path::metric(1).key("id");
    let name = Path::field("name");
    let errors = vec![
        PlanError::new(id.clone(), "the plan's own message"),
        PlanError::new(name.clone(), "must not be blank, got \"  \""),
    ];
    let drafts = [(&id, "enter an id, e.g. peak_concurrent")];
    let list = tab_session::problems(drafts, &errors);
    assert_eq!(
        list,
        vec![
            (id, "enter an id, e.g. peak_concurrent".to_string()),
            (name, "must not be blank, got \"  \"".to_string()),
        ]
    );
    assert!(tab_session::problems([], &[]).is_empty());
}

/// "Copy link" copies a plan only as it is on screen and valid: otherwise
/// it says why, naming the first problem and how many more there are.
#[test]
fn no_link_is_copied_while_the_plan_has_problems() {
    assert_eq!(tab_session::no_link_because(&[]), None);
    let one = [(
        Path::field("name"),
        "must not be blank, got \"   \"".to_string(),
    )];
    let why = tab_session::no_link_because(&one).unwrap();
    assert!(
        why.starts_with("No link copied: the plan has a problem to fix first (name: must not be blank, got \"   \")."),
        "{why}"
    );
    let three = [
        one[0].clone(),
        (Path::metric(1).key("id"), "enter an id".to_string()),
        (
            Path::field("horizon_months"),
            "must be from 1 to 120".to_string(),
        ),
    ];
    let why = tab_session::no_link_because(&three).unwrap();
    assert!(
        why.contains(
            "has 3 problems to fix first (name: must not be blank, got \"   \"; and 2 more)"
        ),
        "{why}"
    );
}

/// The simulation's status line: pending typing wins over progress, progress
/// over the last run, and the last run names what reproduces it.
#[test]
fn simulation_status_line() {
    use headroom::app::uncertainty::status;
    let last = Some((10_000, 7));
    assert_eq!(
        status(true, Some((1, 2)), last).as_deref(),
        Some("Simulating…")
    );
    assert_eq!(
        status(false, Some((2_500, 10_000)), last).as_deref(),
        Some("Simulating… 2,500 of 10,000 paths")
    );
    assert_eq!(
        status(false, None, last).as_deref(),
        Some("10,000 paths, seed 7; anyone opening this plan gets the same figures.")
    );
    assert_eq!(status(false, None, None), None);
}

/// The toolbar's save state names why a plan is not saved (a link, a newer
/// save in another tab) before any time, and says when saving stopped.
#[test]
fn the_save_state_line() {
    use headroom::app::session::{saved_state, Origin};
    assert_eq!(
        saved_state(Origin::Link, Some((9, 5)), false),
        "Not saved: opened from a link"
    );
    assert_eq!(
        saved_state(Origin::Superseded, Some((9, 5)), true),
        "Not saved: a newer version is saved in another tab"
    );
    assert_eq!(saved_state(Origin::Saved, None, false), "Not saved yet");
    assert_eq!(
        saved_state(Origin::Saved, Some((9, 5)), false),
        "Saved in this browser at 09:05"
    );
    assert_eq!(
        saved_state(Origin::Saved, Some((17, 40)), true),
        "Last saved at 17:40; newer edits are not saved"
    );
}

/// Dragging the day-of-load bars: the hour under the pointer and its value
/// in twentieths of the bars' top (the top above the box, 0 below it), and
/// no hour past either side.
#[test]
fn the_day_of_load_bars_read_the_pointer() {
    use headroom::app::day::{profile_at, profile_top};
    assert_eq!(profile_at(0.5, 0.25, 1.0), Some((12, 0.75)));
    assert_eq!(profile_at(0.0, 0.0, 1.0), Some((0, 1.0)));
    assert_eq!(profile_at(0.999, 0.5, 1.0), Some((23, 0.5)));
    assert_eq!(profile_at(0.2, -0.5, 1.0), Some((4, 1.0)));
    assert_eq!(profile_at(0.2, 1.5, 1.0), Some((4, 0.0)));
    assert_eq!(profile_at(0.2, 0.33, 2.0), Some((4, 1.35)));
    assert_eq!(profile_at(-0.01, 0.5, 1.0), None);
    assert_eq!(profile_at(1.0, 0.5, 1.0), None);
    let mut plan = headroom::presets::blank_plan();
    plan.daily_profile = None;
    assert_eq!(profile_top(&plan), 1.0);
    plan.daily_profile = Some(vec![0.2; 24]);
    assert_eq!(profile_top(&plan), 1.0);
    let mut peaked = vec![0.5; 24];
    peaked[18] = 2.5;
    plan.daily_profile = Some(peaked);
    assert_eq!(profile_top(&plan), 2.5);
}
