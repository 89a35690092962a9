//! The simulation's workers (`app::pool::wanted`: one per core but the page's;
//! `?workers=N` in the address sets the number, 0 for none), started once
//! on the first run and reused. A run's paths are split between the ready
//! workers by index and its months by window (`app::pool`), so its figures
//! are those of one run on one thread. The page passes each round's parts
//! from worker to owner (their buffers moved, not copied, and never read
//! here) and gathers the owners' figures. A newer run takes over after the
//! chunk in hand. If workers cannot start, runs stay on the page.

mod worker;

use crate::app::commitment::Choice;
use crate::app::pool::{
    Block, CommitmentJob, CommitmentReply, Partial, SensitivityJob, SensitivityReply, CHUNK,
};
use crate::engine::simulate::Sensitivity;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What the page is told of a run: its owners' figures, or that its
/// workers failed (the page then runs it itself).
pub struct Run {
    pub id: u64,
    pub deliver: Rc<dyn Fn(Partial)>,
    /// The paths run so far by all the run's workers (between rounds).
    pub progress: Rc<dyn Fn(usize)>,
    pub failed: Rc<dyn Fn()>,
}

struct Slot {
    worker: web_sys::Worker,
    ready: bool,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

#[derive(Default)]
struct Pool {
    slots: Vec<Slot>,
    started: bool,
    run: Option<Run>,
    /// The slot of each of the current run's workers (by block).
    route: Vec<usize>,
    /// The paths each of the current run's blocks has run, as last told.
    paths: Vec<usize>,
    /// The sensitivity asked for last, until its answer.
    asked: Option<Ask>,
    /// The commitment run asked for last, until its answer.
    committing: Option<Commit>,
    /// Stopped workers, kept: their handlers may be running right now
    /// (one worker's error stops them all), and a closure must not be
    /// dropped while it runs.
    stopped: Vec<Slot>,
    /// Fails the pool if the workers say nothing for [`PATIENCE_MS`] while
    /// they start, run or owe an answer (a worker hung, or killed by the
    /// browser without an error event).
    watchdog: Option<gloo::timers::callback::Timeout>,
    status: Option<Status>,
}

/// The longest silence of busy workers before the page stops waiting for
/// them: far above a round of the largest run on a slow machine.
const PATIENCE_MS: u32 = 30_000;

/// (Re)arms the watchdog while the workers owe the page something.
fn watch() {
    let (busy, status) = POOL.with_borrow(|p| {
        let starting = p.slots.iter().any(|s| !s.ready);
        let owed = p.run.is_some() || p.asked.is_some() || p.committing.is_some();
        (starting || owed, p.status)
    });
    let dog = status.filter(|_| busy).map(|status| {
        gloo::timers::callback::Timeout::new(PATIENCE_MS, move || {
            let secs = PATIENCE_MS / 1000;
            failed(status, format!("they gave no answer for {secs} s"));
        })
    });
    // The old one is cancelled as it is dropped.
    let old = POOL.with_borrow_mut(|p| std::mem::replace(&mut p.watchdog, dog));
    drop(old);
}

/// A sensitivity run on a worker: its answer, or that the workers failed
/// (the page then runs it itself).
pub struct Ask {
    pub id: u64,
    pub deliver: Rc<dyn Fn(Option<Sensitivity>)>,
    pub failed: Rc<dyn Fn()>,
}

/// A commitment run on a worker: its progress and answer, or that the
/// workers failed (the page then runs it itself).
pub struct Commit {
    pub id: u64,
    pub progress: Rc<dyn Fn((usize, usize))>,
    pub deliver: Rc<dyn Fn(Result<Choice, String>)>,
    pub failed: Rc<dyn Fn()>,
}

thread_local! {
    static POOL: RefCell<Pool> = RefCell::default();
}

/// Whether runs go to workers: how many are ready, and why there are none
/// when they cannot start (shown once, under the simulation's settings).
#[derive(Clone, Copy)]
pub struct Status {
    pub ready: RwSignal<usize>,
    pub unavailable: RwSignal<Option<String>>,
    /// Why `?workers=N` could not be followed as written.
    pub address: RwSignal<Option<String>>,
}

impl Status {
    pub fn new() -> Status {
        Status {
            ready: RwSignal::new(0),
            unavailable: RwSignal::new(None),
            address: RwSignal::new(None),
        }
    }
}

/// Workers wanted, and why not as the address asked (`app::pool::wanted`).
fn wanted() -> (usize, Option<String>) {
    let search = window().location().search().unwrap_or_default();
    let cores = window().navigator().hardware_concurrency() as usize;
    crate::app::pool::wanted(&search, cores)
}

/// The app's own module and wasm, as the page loaded them (Trunk's preload
/// links): the workers load the same files.
fn module_urls() -> Option<(String, String)> {
    let href = |selector: &str| {
        let el = document().query_selector(selector).ok()??;
        Some(el.dyn_into::<web_sys::HtmlLinkElement>().ok()?.href())
    };
    Some((
        href("link[rel=modulepreload]")?,
        href("link[rel=preload][as=fetch]")?,
    ))
}

/// Starts the workers, once. Until they are ready, runs stay on the page.
pub fn ensure_started(status: Status) {
    if POOL.with_borrow(|p| p.started) {
        return;
    }
    POOL.with_borrow_mut(|p| {
        p.started = true;
        p.status = Some(status);
    });
    let (n, address) = wanted();
    status.address.set(address);
    if n == 0 {
        return;
    }
    let urls = module_urls();
    let base = document().base_uri().ok().flatten().unwrap_or_default();
    let script = web_sys::Url::new_with_base("static/sim-worker.js", &base).map(|u| u.href());
    let (Some((js, wasm)), Ok(script)) = (urls, script) else {
        return unavailable(status, "the app's files could not be found".into());
    };
    let options = web_sys::WorkerOptions::new();
    options.set_type(web_sys::WorkerType::Module);
    for i in 0..n {
        let worker = match web_sys::Worker::new_with_options(&script, &options) {
            Ok(w) => w,
            Err(_) => return unavailable(status, "the browser refused to start one".into()),
        };
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                message(status, i, e.data())
            });
        // A script that fails to load gives a plain event, an error inside
        // it an ErrorEvent with a message.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            let why = field(&e, "message").as_string();
            let why = why.unwrap_or_else(|| "its script did not load".into());
            failed(status, format!("a worker failed: {why}"));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        POOL.with_borrow_mut(|p| {
            p.slots.push(Slot {
                worker: worker.clone(),
                ready: false,
                _on_message: on_message,
                _on_error: on_error,
            })
        });
        // The page's compiled module: a worker instantiates it at once,
        // with the code the page already optimized (no second compile).
        let load = [
            ("js", js.as_str().into()),
            ("wasm", wasm.as_str().into()),
            ("module", wasm_bindgen::module()),
        ];
        let _ = worker.post_message(&message_of("load", &load));
    }
    watch();
}

fn unavailable(status: Status, why: String) {
    status.ready.set(0);
    if status.unavailable.get_untracked().is_none() {
        status.unavailable.set(Some(why));
    }
}

/// A worker failed: every worker stops, and a run in progress goes back to
/// the page.
fn failed(status: Status, why: String) {
    let run = POOL.with_borrow_mut(|p| {
        let slots: Vec<Slot> = p.slots.drain(..).collect();
        for s in &slots {
            s.worker.set_onmessage(None);
            s.worker.set_onerror(None);
            s.worker.terminate();
        }
        p.stopped.extend(slots);
        (p.run.take(), p.asked.take(), p.committing.take())
    });
    watch();
    unavailable(status, why);
    if let Some(run) = run.0 {
        (run.failed)();
    }
    if let Some(ask) = run.1 {
        (ask.failed)();
    }
    if let Some(commit) = run.2 {
        (commit.failed)();
    }
}

fn field(data: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(data, &name.into()).unwrap_or(JsValue::UNDEFINED)
}

fn message(status: Status, i: usize, data: JsValue) {
    heard(status, i, data);
    watch();
}

fn heard(status: Status, i: usize, data: JsValue) {
    match field(&data, "kind").as_string().as_deref() {
        Some("ready") => {
            let ready = POOL.with_borrow_mut(|p| {
                if let Some(s) = p.slots.get_mut(i) {
                    s.ready = true;
                }
                p.slots.iter().filter(|s| s.ready).count()
            });
            if ready == POOL.with_borrow(|p| p.slots.len()) {
                // For scripts/report.sh: the workers' startup time.
                crate::ui::mark("headroom:workers-ready");
            }
            status.ready.set(ready);
        }
        Some("part") => forward(&data),
        Some("progress") => progressed(i, &data),
        Some("sensitivity") => {
            match serde_wasm_bindgen::from_value::<SensitivityReply>(field(&data, "reply")) {
                Ok(reply) => answered(reply),
                Err(e) => failed(status, format!("a worker's reply could not be read ({e})")),
            }
        }
        Some("commit") => {
            match serde_wasm_bindgen::from_value::<CommitmentReply>(field(&data, "reply")) {
                Ok(reply) => committed(reply),
                Err(e) => failed(status, format!("a worker's reply could not be read ({e})")),
            }
        }
        Some("commit-progress") => commit_progressed(&data),
        Some("partial") => match serde_wasm_bindgen::from_value::<Partial>(field(&data, "partial"))
        {
            Ok(partial) => arrived(partial),
            Err(e) => failed(status, format!("a worker's reply could not be read ({e})")),
        },
        _ => {
            let why = field(&data, "why").as_string().unwrap_or_default();
            failed(status, format!("a worker failed: {why}"));
        }
    }
}

/// An owner's figures: to the page if their run is current.
fn arrived(partial: Partial) {
    let current = POOL.with_borrow(|p| {
        (p.run.as_ref())
            .filter(|r| r.id == partial.run)
            .map(|r| r.deliver.clone())
    });
    if let Some(deliver) = current {
        deliver(partial);
    }
}

/// Worker `slot` has run some paths of its block: the run's total to the
/// page, if the run is current.
fn progressed(slot: usize, data: &JsValue) {
    let run = field(data, "run").as_f64();
    let paths = field(data, "paths").as_f64().unwrap_or(0.0) as usize;
    let told = POOL.with_borrow_mut(|p| {
        let current = (p.run.as_ref()).filter(|r| Some(r.id as f64) == run)?;
        let tell = current.progress.clone();
        let block = p.route.iter().position(|&s| s == slot)?;
        let mine = p.paths.get_mut(block)?;
        *mine = paths.max(*mine);
        Some((tell, p.paths.iter().sum()))
    });
    if let Some((tell, total)) = told {
        tell(total);
    }
}

/// A sensitivity answer: to the page if it is the one asked for last.
fn answered(reply: SensitivityReply) {
    let ask = POOL.with_borrow_mut(|p| p.asked.take_if(|a| a.id == reply.id));
    if let Some(ask) = ask {
        (ask.deliver)(reply.sensitivity);
    }
}

/// A commitment answer: to the page if it is the one asked for last.
fn committed(reply: CommitmentReply) {
    let commit = POOL.with_borrow_mut(|p| p.committing.take_if(|c| c.id == reply.id));
    if let Some(commit) = commit {
        (commit.deliver)(reply.choice);
    }
}

/// The commitment run's paths so far, if it is the one asked for last.
fn commit_progressed(data: &JsValue) {
    let number = |name: &str| field(data, name).as_f64().unwrap_or(0.0);
    let tell = POOL.with_borrow(|p| {
        (p.committing.as_ref())
            .filter(|c| c.id as f64 == number("id"))
            .map(|c| c.progress.clone())
    });
    if let Some(tell) = tell {
        tell((number("done") as usize, number("all") as usize));
    }
}

/// Asks the last ready worker for the commitment run `job`, in place of
/// any older one; false if none is ready.
pub fn commitment(commit: Commit, job: &CommitmentJob) -> bool {
    ask_last_ready("commit", worker::to_js(job), |p| {
        p.committing = Some(commit)
    })
}

/// No commitment run is wanted: the workers drop theirs.
pub fn stop_commitment() {
    let n = POOL.with_borrow_mut(|p| match p.committing.take() {
        Some(_) => p.slots.len(),
        None => 0,
    });
    watch();
    for i in 0..n {
        post(i, "commit-stop", &[]);
    }
}

/// Asks the last ready worker (the first of a run's to finish its share
/// of the paths) for a sensitivity run; false if none is ready.
pub fn sensitivity(ask: Ask, job: &SensitivityJob) -> bool {
    ask_last_ready("sensitivity", worker::to_js(job), |p| p.asked = Some(ask))
}

/// Posts `job` as a message of `kind` to the last ready worker, after
/// `owed` notes what the pool now waits for; false if none is ready.
fn ask_last_ready(kind: &str, job: Result<JsValue, JsValue>, owed: impl FnOnce(&mut Pool)) -> bool {
    let slot = POOL.with_borrow(|p| p.slots.iter().rposition(|s| s.ready));
    let (Some(i), Ok(job)) = (slot, job) else {
        return false;
    };
    POOL.with_borrow_mut(owed);
    post(i, kind, &[("job", job)]);
    watch();
    true
}

/// A worker's part of a round, passed on to the worker that owns its
/// months with its buffers moved (the page never reads it).
fn forward(data: &JsValue) {
    let to = field(data, "to").as_f64().unwrap_or(-1.0);
    let moved = field(data, "buffers");
    POOL.with_borrow(|p| {
        let slot = p.route.get(to as usize).filter(|_| to >= 0.0);
        if let Some(s) = slot.and_then(|&i| p.slots.get(i)) {
            let _ = s.worker.post_message_with_transfer(data, &moved);
        }
    });
}

/// A message of `kind` with `fields`.
fn message_of(kind: &str, fields: &[(&str, JsValue)]) -> js_sys::Object {
    let msg = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&msg, &"kind".into(), &kind.into());
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&msg, &(*name).into(), value);
    }
    msg
}

/// Sends worker `i` a message of `kind` with `fields`.
fn post(i: usize, kind: &str, fields: &[(&str, JsValue)]) {
    let msg = message_of(kind, fields);
    POOL.with_borrow(|p| {
        if let Some(s) = p.slots.get(i) {
            let _ = s.worker.post_message(&msg);
        }
    });
}

/// Whether workers have been started and are not all ready yet.
pub fn starting() -> bool {
    POOL.with_borrow(|p| p.slots.iter().any(|s| !s.ready))
}

/// The number of workers ready for a run (0: run it on the page).
pub fn ready() -> usize {
    POOL.with_borrow(|p| p.slots.iter().filter(|s| s.ready).count())
}

/// Starts `run` on ready workers, one block each (at most as many blocks
/// as [`ready`] gave). False if too few are ready now.
pub fn run(run: Run, blocks: Vec<Block>) -> bool {
    let mut slots: Vec<usize> = POOL.with_borrow(|p| {
        (p.slots.iter().enumerate())
            .filter(|(_, s)| s.ready)
            .map(|(i, _)| i)
            .collect()
    });
    if slots.len() < blocks.len() || blocks.is_empty() {
        return false;
    }
    slots.truncate(blocks.len());
    let Ok(messages) = blocks
        .iter()
        .map(worker::to_js)
        .collect::<Result<Vec<_>, _>>()
    else {
        return false;
    };
    POOL.with_borrow_mut(|p| {
        p.run = Some(run);
        p.paths = vec![0; slots.len()];
        p.route = slots.clone();
    });
    for (i, block) in slots.into_iter().zip(messages) {
        let fields = [("block", block), ("chunk", (CHUNK as f64).into())];
        post(i, "start", &fields);
    }
    watch();
    true
}

/// Run `id` has its final figures: the workers owe it nothing more.
pub fn done(id: u64) {
    POOL.with_borrow_mut(|p| {
        p.run.take_if(|r| r.id == id);
    });
    watch();
}

/// No run is current: the workers stop after their chunk in hand, and
/// chunks still on their way are dropped.
pub fn cancel() {
    let n = POOL.with_borrow_mut(|p| {
        p.run = None;
        p.slots.len()
    });
    watch();
    for i in 0..n {
        post(i, "stop", &[]);
    }
}
