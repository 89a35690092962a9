//! Summary cards of the selected scenario.

use crate::app::cards;
use crate::ui::store::Shown;
use leptos::prelude::*;

#[component]
pub fn Cards(shown: Memo<Option<Shown>>, scenario: Memo<usize>) -> impl IntoView {
    let cards = Memo::new(move |_| {
        let s = scenario.get();
        shown.with(|x| {
            let x = x.as_ref()?;
            cards::summary(&x.plan, &x.forecast, s)
        })
    });
    view! { <dl class="cards">{move || super::card_list(cards.get().unwrap_or_default())}</dl> }
}
