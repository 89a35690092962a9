//! A simulation worker's side: `static/sim-worker.js` loads the app's own
//! wasm in a Web Worker (no second download) and calls these functions;
//! the work itself is `app::pool::Worker`. Everything crosses as JS values
//! (serde-wasm-bindgen): number buffers as byte arrays, which the script
//! hands over without a copy.

use crate::app::pool::{Block, CommitmentJob, Committing, Part, Partial, SensitivityJob, Worker};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    static WORKER: RefCell<Worker> = RefCell::default();
    static COMMITTING: RefCell<Option<Committing>> = RefCell::default();
}

/// A value as JS: 64-bit numbers as BigInts (a seed may pass 2^53).
pub(super) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let to_js = serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
    value.serialize(&to_js).map_err(JsValue::from)
}

/// Starts a block of a run, dropping any older one.
#[wasm_bindgen]
pub fn worker_start(block: JsValue) -> Result<(), JsValue> {
    let block: Block = serde_wasm_bindgen::from_value(block)?;
    WORKER
        .with_borrow_mut(|w| w.start(block))
        .map_err(|e| JsValue::from_str(&e))
}

/// Every round of the block has run.
#[wasm_bindgen]
pub fn worker_finished() -> bool {
    WORKER.with_borrow(Worker::finished)
}

/// Runs up to `paths` more paths; at the end of a round, its parts for
/// the other workers as `[owner, part]` pairs, and the figures of rounds
/// it completes here, as `[parts, partials]`.
#[wasm_bindgen]
pub fn worker_run(paths: usize) -> Result<js_sys::Array, JsValue> {
    let (parts, partials) = WORKER.with_borrow_mut(|w| w.run(paths));
    let out = js_sys::Array::new();
    for part in parts {
        let pair = js_sys::Array::of2(&(part.to as f64).into(), &to_js(&part)?);
        out.push(&pair);
    }
    Ok(js_sys::Array::of2(&out, &figures(partials)?.into()))
}

fn figures(partials: Vec<Partial>) -> Result<js_sys::Array, JsValue> {
    let out = js_sys::Array::new();
    for p in partials {
        out.push(&to_js(&p)?);
    }
    Ok(out)
}

/// The run in hand and the paths of its block run so far, as `[run,
/// paths]` (null when no run is in hand).
#[wasm_bindgen]
pub fn worker_progress() -> JsValue {
    match WORKER.with_borrow(Worker::progress) {
        Some((run, done)) => js_sys::Array::of2(&(run as f64).into(), &(done as f64).into()).into(),
        None => JsValue::NULL,
    }
}

/// Takes in a part of this worker's months; the figures of each round
/// it completes.
#[wasm_bindgen]
pub fn worker_receive(part: JsValue) -> Result<js_sys::Array, JsValue> {
    let part: Part = serde_wasm_bindgen::from_value(part)?;
    figures(WORKER.with_borrow_mut(|w| w.receive(part)))
}

/// A sensitivity run (the tornado), between the chunks of a simulation.
#[wasm_bindgen]
pub fn worker_sensitivity(job: JsValue) -> Result<JsValue, JsValue> {
    let job: SensitivityJob = serde_wasm_bindgen::from_value(job)?;
    to_js(&job.run())
}

/// Starts a commitment run, dropping any older one: null, or its reply at
/// once when it cannot run.
#[wasm_bindgen]
pub fn worker_commit_start(job: JsValue) -> Result<JsValue, JsValue> {
    let job: CommitmentJob = serde_wasm_bindgen::from_value(job)?;
    match job.start() {
        Ok(run) => {
            COMMITTING.set(Some(run));
            Ok(JsValue::NULL)
        }
        Err(why) => {
            COMMITTING.set(None);
            to_js(&job.refused(why))
        }
    }
}

/// About `budget` ms more of the commitment run in hand: its reply once it
/// is done, else null.
#[wasm_bindgen]
pub fn worker_commit_slice(budget: f64) -> Result<JsValue, JsValue> {
    let now = clock();
    let reply = COMMITTING.with_borrow_mut(|c| c.as_mut()?.slice(&now, budget));
    match reply {
        Some(reply) => {
            COMMITTING.set(None);
            to_js(&reply)
        }
        None => Ok(JsValue::NULL),
    }
}

/// Drops the commitment run in hand (its paths' demand can be tens of MB).
#[wasm_bindgen]
pub fn worker_commit_stop() {
    COMMITTING.set(None);
}

/// The commitment run in hand as `[id, paths run, paths in all]`, or null.
#[wasm_bindgen]
pub fn worker_commit_progress() -> JsValue {
    let now = COMMITTING.with_borrow(|c| c.as_ref().map(|c| (c.id, c.progress())));
    match now {
        Some((id, (done, all))) => js_sys::Array::of3(
            &(id as f64).into(),
            &(done as f64).into(),
            &(all as f64).into(),
        )
        .into(),
        None => JsValue::NULL,
    }
}

/// The worker's clock in ms (a worker has no `window`).
fn clock() -> impl Fn() -> f64 {
    use wasm_bindgen::JsCast;
    let perf = js_sys::Reflect::get(&js_sys::global(), &"performance".into())
        .ok()
        .and_then(|p| p.dyn_into::<web_sys::Performance>().ok());
    move || perf.as_ref().map_or_else(js_sys::Date::now, |p| p.now())
}
