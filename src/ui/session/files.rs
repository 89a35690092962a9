//! Files: export as JSON or CSV, import a plan file, and a stored record
//! exported as it is.

use super::*;

/// Offers `text` as a file download.
pub fn download(name: &str, mime: &str, text: &str) -> Result<(), wasm_bindgen::JsValue> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let a: web_sys::HtmlAnchorElement = document().create_element("a")?.dyn_into()?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    web_sys::Url::revoke_object_url(&url)
}

/// A file name from the plan's name: "Three-tier platform" gives "three-tier-platform".
pub fn file_stem(plan: &Plan) -> String {
    let stem: String = plan
        .name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let stem = stem
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if stem.is_empty() {
        "plan".to_string()
    } else {
        stem
    }
}

pub fn export_json(store: Store, session: Session) {
    let (name, text) = store
        .plan
        .with_untracked(|p| (format!("{}.json", file_stem(p)), plan_json::encode(p)));
    if download(&name, "application/json", &text).is_err() {
        session.tell(Tone::Problem, "The browser refused the download.", None);
    }
}

pub fn export_csv(store: Store, session: Session) {
    let shown = store.outcome.with_untracked(|o| o.shown.clone());
    let Some(shown) = shown else {
        session.tell(
            Tone::Problem,
            "There is no valid forecast to export yet: fix the plan's problems first.",
            None,
        );
        return;
    };
    let name = format!("{}-forecast.csv", file_stem(&shown.plan));
    if download(
        &name,
        "text/csv",
        &csv::forecast(&shown.plan, &shown.forecast),
    )
    .is_err()
    {
        session.tell(Tone::Problem, "The browser refused the download.", None);
    }
}

/// Reads a plan file; replaces the plan only if it is valid.
pub fn import_file(store: Store, session: Session, file: web_sys::File) {
    let name = file.name();
    let refused = move |errors: Vec<crate::engine::PlanError>| {
        let list: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        session.tell(
            Tone::Problem,
            format!(
                "{name} was not imported; the plan on screen is unchanged. {}: {}",
                crate::formats::numbers::plural(list.len(), "problem"),
                list.join("; ")
            ),
            None,
        );
    };
    // As the command line reads a plan file: a size limit before reading,
    // and its bytes (not text the browser decoded) for UTF-8 faults.
    if let Some(e) = plan_json::size_fault(file.size() as usize) {
        return refused(vec![e]);
    }
    leptos::task::spawn_local(async move {
        let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => {
                session.tell(
                    Tone::Problem,
                    format!("Could not read {}.", file.name()),
                    None,
                );
                return;
            }
        };
        match plan_json::load_bytes(&bytes) {
            Ok(plan) => {
                // A large plan's file is read in one task, its figures come
                // in the next and its fields in the one after: no task long.
                if crate::ui::store::is_large(&plan) {
                    crate::ui::next_task().await;
                }
                // An import is a new saved plan; the one on screen stays in the list.
                new_plan(store, session, plan);
                session.tell(
                    Tone::Info,
                    format!("Imported {} as a new plan.", file.name()),
                    None,
                );
            }
            Err(errors) => refused(errors),
        }
    });
}

/// Offers a stored record, as it is, as a file (to keep or to open in a
/// newer Headroom).
pub fn export_record(session: Session, entry: &Entry) {
    let Some(text) = s_get(&entry.key) else {
        return;
    };
    let name = format!("headroom-saved-{}.json", entry.id);
    if download(&name, "application/json", &text).is_err() {
        session.tell(Tone::Problem, "The browser refused the download.", None);
    }
}
