//! Plan links (formats::link): round trips, length, every way a link gets
//! damaged, and fixtures of released links that must decode forever.

#[path = "support/plan_strategy.rs"]
mod plan_strategy;
mod support;

use headroom::engine::{Num, Plan, Quantity};
use headroom::formats::link::{self, LinkError, MAX_JSON_BYTES, MAX_LINK_CHARS};
use headroom::formats::plan_json;
use headroom::presets::{self, PRESETS};
use proptest::prelude::*;
use std::path::Path;

fn preset(name: &str) -> Plan {
    presets::find(name).unwrap().plan().unwrap()
}

#[test]
fn every_preset_round_trips() {
    for p in PRESETS.iter() {
        let plan = p.plan().unwrap();
        let l = link::encode(&plan);
        assert!(l.starts_with("p2."), "{l}");
        assert_eq!(link::decode(&l), Ok(plan.clone()), "{}", p.name);
        assert_eq!(
            link::decode(&format!("#{l}")),
            Ok(plan),
            "with the # of a URL fragment"
        );
    }
}

/// Five edits a planner might make to the default plan.
fn five_edits() -> Plan {
    let mut plan = preset("three-tier");
    plan.name = "Three tiers, our numbers".into();
    plan.initial_users = Num::Fixed(12_500.0);
    plan.tiers[2].components[0].unit_cost = Num::Fixed(550.0);
    plan.tiers[1]
        .limits
        .insert("peak_concurrent".into(), Num::Fixed(12_000.0));
    plan.policy.monthly_budget = Some(Num::Fixed(40_000.0));
    plan
}

/// A plan of its own: 5 tiers of 10 components each.
fn custom_plan() -> Plan {
    let mut plan = presets::blank_plan();
    plan.name = "Custom platform".into();
    plan.tiers.clear();
    for t in 0..5 {
        plan.add_tier();
        let tier = plan.tiers.last_mut().unwrap();
        tier.label = format!("Tier {} ({}K users)", t + 1, 10usize.pow(t as u32));
        for c in 0..10 {
            tier.components.push(headroom::engine::Component {
                name: format!("Component {c} of tier {}", t + 1),
                category: headroom::engine::Category::Compute,
                unit: "instance".into(),
                unit_cost: Num::Fixed(25.0 * (c + 1) as f64 * (t + 1) as f64),
                quantity: Quantity::Fixed(Num::Fixed((c % 4 + 1) as f64)),
            });
        }
    }
    plan
}

#[test]
fn links_stay_short() {
    let default = link::encode(&preset("three-tier"));
    let edited = link::encode(&five_edits());
    let custom = link::encode(&custom_plan());
    // Printed for the closing note (cargo test -- --nocapture links_stay_short).
    println!(
        "link lengths: default plan {}, with 5 edits {}, custom 5x10 plan {}",
        default.len(),
        edited.len(),
        custom.len()
    );
    assert!(
        default.len() < 100,
        "the default plan is a preset with no changes: {}",
        default.len()
    );
    assert!(edited.len() < 400, "{}", edited.len());
    assert!(custom.len() < 2000, "{}", custom.len());
    assert_eq!(link::decode(&edited), Ok(five_edits()));
    assert_eq!(link::decode(&custom), Ok(custom_plan()));
}

#[test]
fn damaged_links_say_what_happened() {
    let good = link::encode(&five_edits());
    // Cut short.
    let cut = &good[..good.len() * 2 / 3];
    assert!(
        matches!(link::decode(cut), Err(LinkError::Damaged(_))),
        "{:?}",
        link::decode(cut)
    );
    // Spaces where a chat tool broke the line.
    let spaced = format!("{} {}", &good[..20], &good[20..]);
    assert!(matches!(link::decode(&spaced), Err(LinkError::Damaged(m)) if m.contains("spaces")));
    // Characters no link holds.
    assert!(matches!(
        link::decode("p1.abc$def"),
        Err(LinkError::Damaged(_))
    ));
    assert!(matches!(link::decode("p1."), Err(LinkError::Damaged(_))));
    assert_eq!(link::decode("hello"), Err(LinkError::NotALink));
    assert_eq!(link::decode(""), Err(LinkError::NotALink));
    assert_eq!(link::decode("p0.abc"), Err(LinkError::NotALink));
    assert_eq!(link::decode("p3.abcdef"), Err(LinkError::Newer(3)));
    // Four bytes or fewer cannot hold a deflate stream and its 4-byte check.
    assert!(matches!(
        link::decode("p2.abcdef"),
        Err(LinkError::Damaged(_))
    ));
    let long = "p1.".to_string() + &"A".repeat(MAX_LINK_CHARS);
    assert!(matches!(link::decode(&long), Err(LinkError::TooLong(_))));
    for e in [
        LinkError::NotALink,
        LinkError::Newer(2),
        LinkError::TooBig,
        LinkError::Damaged("x"),
        LinkError::DamagedComparison("x"),
        LinkError::OtherKind { comparison: true },
    ] {
        assert!(e.to_string().len() > 40, "a message says what to do: {e}");
    }
}

#[test]
fn mangled_but_recoverable_links_still_open() {
    let good = link::encode(&five_edits());
    // Percent-encoded once and twice (mail and chat tools do this).
    let once = good.replace('.', "%2E").replace('-', "%2D");
    let twice = once.replace('%', "%25");
    assert_eq!(link::decode(&once), Ok(five_edits()));
    assert_eq!(link::decode(&twice), Ok(five_edits()));
    // The standard base64 alphabet in place of the URL-safe one.
    let standard = good.replace('-', "+").replace('_', "/");
    assert_eq!(link::decode(&standard), Ok(five_edits()));
}

/// A format 1 link: raw deflate, base64url.
fn pack(json: &[u8]) -> String {
    use base64::Engine;
    let packed = miniz_oxide::deflate::compress_to_vec(json, 10);
    format!(
        "p1.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    )
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), written out here
/// from its definition so the tests do not lean on the library's own.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    crc ^ 0xFFFF_FFFF
}

/// A format 2 link: raw deflate, then its CRC-32 big-endian, base64url.
fn pack2(json: &[u8]) -> String {
    use base64::Engine;
    let mut packed = miniz_oxide::deflate::compress_to_vec(json, 10);
    let check = crc32(&packed);
    packed.extend_from_slice(&check.to_be_bytes());
    format!(
        "p2.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    )
}

#[test]
fn the_test_crc_is_the_standard_one() {
    // The published check value of CRC-32 for the ASCII digits 1 to 9.
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
}

#[test]
fn format_2_is_deflate_then_its_crc() {
    let json = br#"{"preset":"three-tier","base":"6b6f0a78","patch":{}}"#;
    let preset_link = pack2(json);
    assert_eq!(link::decode(&preset_link), Ok(preset("three-tier")));
    // The same bytes with a wrong check are refused.
    use base64::Engine;
    let mut packed = miniz_oxide::deflate::compress_to_vec(json, 10);
    let wrong = crc32(&packed) ^ 1;
    packed.extend_from_slice(&wrong.to_be_bytes());
    let bad = format!(
        "p2.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(packed)
    );
    assert!(
        matches!(link::decode(&bad), Err(LinkError::Damaged(_))),
        "{:?}",
        link::decode(&bad)
    );
}

#[test]
fn bytes_after_the_contents_are_refused() {
    use base64::Engine;
    let json = br#"{"preset":"three-tier","base":"6b6f0a78","patch":{}}"#;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let mut packed = miniz_oxide::deflate::compress_to_vec(json, 10);
    assert_eq!(link::decode(&pack(json)), Ok(preset("three-tier")));
    packed.extend_from_slice(b"more");
    // Format 1 has no check: the appended bytes alone tell the damage.
    let one = format!("p1.{}", b64(&packed));
    // Format 2's check is right here (it covers the appended bytes).
    let mut with_check = packed.clone();
    with_check.extend_from_slice(&crc32(&packed).to_be_bytes());
    let two = format!("p2.{}", b64(&with_check));
    for link_text in [one, two] {
        assert!(
            matches!(link::decode(&link_text), Err(LinkError::Damaged(m)) if m.contains("goes on after")),
            "{link_text}: {:?}",
            link::decode(&link_text)
        );
    }
}

#[test]
fn contents_that_give_a_field_twice_are_refused() {
    // A reader of JSON keeps the last of two: the link would open as the
    // second preset, or a plan with the second of two names.
    // The fingerprint of the three-tier preset (as in the test above).
    let base = "6b6f0a78";
    for json in [
        format!(r#"{{"preset":"launch","preset":"three-tier","base":"{base}","patch":{{}}}}"#),
        format!(r#"{{"preset":"three-tier","base":"{base}","patch":{{"name":"A","name":"B"}}}}"#),
    ] {
        let text = pack2(json.as_bytes());
        assert!(
            matches!(link::decode(&text), Err(LinkError::Damaged(m)) if m.contains("twice")),
            "{json}: {:?}",
            link::decode(&text)
        );
    }
    // Once each, the same contents open.
    let once = format!(r#"{{"preset":"three-tier","base":"{base}","patch":{{"name":"B"}}}}"#);
    assert_eq!(
        link::decode(&pack2(once.as_bytes())).map(|p| p.name),
        Ok("B".to_string())
    );
}

#[test]
fn decompression_bombs_are_refused() {
    // 8 MB of spaces deflates to a few KB.
    for bomb in [
        pack(&vec![b' '; 4 * MAX_JSON_BYTES]),
        pack2(&vec![b' '; 4 * MAX_JSON_BYTES]),
    ] {
        assert!(bomb.len() < MAX_LINK_CHARS);
        assert_eq!(link::decode(&bomb), Err(LinkError::TooBig));
    }
}

#[test]
fn links_to_unknown_presets_or_invalid_plans_load_nothing() {
    // In format 2 and in format 1.
    for pack_as in [pack2 as fn(&[u8]) -> String, pack] {
        let unknown = pack_as(br#"{"preset":"four-tier","base":"00000000","patch":{}}"#);
        assert_eq!(
            link::decode(&unknown),
            Err(LinkError::UnknownPreset("four-tier".into()))
        );
        let invalid = pack_as(
            br#"{"plan":{"schema":1,"name":"x","initial_users":-5,"tiers":[{"id":"t","label":"T"}]}}"#,
        );
        match link::decode(&invalid) {
            Err(LinkError::Invalid(errors)) => assert_eq!(errors[0].path, "initial_users"),
            other => panic!("{other:?}"),
        }
    }
    // A link built on another version of a preset is refused, not misread.
    let changed = pack(br#"{"preset":"three-tier","base":"00000000","patch":{}}"#);
    assert_eq!(
        link::decode(&changed),
        Err(LinkError::UnknownPreset("three-tier".into()))
    );
    let good = link::encode(&preset("three-tier"));
    assert!(link::decode(&good).is_ok());
    let not_plan = pack(br#"[1,2,3]"#);
    assert!(matches!(
        link::decode(&not_plan),
        Err(LinkError::Damaged(_))
    ));
    // A key the link format does not write was added on the way.
    let extra = pack2(br#"{"preset":"three-tier","base":"00000000","patch":{},"extra":5}"#);
    assert_eq!(
        link::decode(&extra),
        Err(LinkError::Damaged("its contents are not a plan"))
    );
}

/// The released links (`NAME.link`, in name order) with the plans they must open.
fn fixtures() -> Vec<(String, String, Plan)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/links");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "link") {
            let text = std::fs::read_to_string(&path).unwrap();
            let expected =
                plan_json::load(&std::fs::read_to_string(path.with_extension("json")).unwrap())
                    .unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, text.trim().to_string(), expected));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Links as released: each `NAME.link` must decode to `NAME.json` forever.
#[test]
fn released_link_fixtures_still_decode() {
    let all = fixtures();
    for (name, text, expected) in &all {
        assert_eq!(link::decode(text), Ok(expected.clone()), "{name}");
    }
    for format in ["p1.", "p2."] {
        let n = all.iter().filter(|f| f.1.starts_with(format)).count();
        assert!(n >= 3, "fixtures of format {format}: {n}");
    }
}

/// Every link made from `good` by changing one character to one of a
/// handful of base64url characters, or by deleting one: (position, text).
fn one_character_changes(good: &str) -> Vec<(usize, String)> {
    const SUBSTITUTES: [char; 8] = ['A', 'Q', 'g', 'w', '-', '_', '0', '9'];
    let chars: Vec<char> = good.chars().collect();
    let mut out = Vec::new();
    for at in 0..chars.len() {
        for &c in SUBSTITUTES.iter().filter(|&&c| c != chars[at]) {
            let mut changed = chars.clone();
            changed[at] = c;
            out.push((at, changed.into_iter().collect()));
        }
        let mut cut = chars.clone();
        cut.remove(at);
        out.push((at, cut.into_iter().collect()));
    }
    out
}

/// Format 2's check: no one-character change to a released format 2 link,
/// at any position, opens a plan; a change in the `p2.` tag is not a link.
#[test]
fn one_changed_or_missing_character_never_opens_a_format_2_link() {
    let mut tried = 0;
    for (name, good, expected) in fixtures().iter().filter(|f| f.1.starts_with("p2.")) {
        for (at, text) in one_character_changes(good) {
            match link::decode(&text) {
                Err(LinkError::Damaged(_)) => {}
                Err(e) if at < 3 => assert!(
                    matches!(
                        e,
                        LinkError::NotALink | LinkError::Newer(_) | LinkError::OtherKind { .. }
                    ),
                    "{name} at {at}: {e:?}"
                ),
                Ok(plan) => assert_eq!(&plan, expected, "{name}: {text} opened another plan"),
                Err(e) => panic!("{name} at {at}: {text} gives {e:?}, not Damaged"),
            }
            tried += 1;
        }
    }
    assert!(tried > 10_000, "{tried}");
}

/// What format 2 fixes: format 1 has no check, so some one-character
/// change to a released format 1 link opens a valid but different plan.
#[test]
fn format_1_had_no_check() {
    let misread = fixtures()
        .iter()
        .filter(|f| f.1.starts_with("p1."))
        .flat_map(|(_, good, expected)| {
            one_character_changes(good)
                .into_iter()
                .filter(move |(_, text)| link::decode(text).is_ok_and(|p| &p != expected))
        })
        .count();
    assert!(misread > 0);
}

#[test]
fn a_link_pasted_with_spaces_or_an_encoded_hash_still_opens() {
    let good = link::encode(&five_edits());
    for text in [
        format!("%23{good}"),
        format!("%2523{good}"),
        format!("%20{good}%20"),
        format!("%20%23{good}%20"),
        format!("  #{good}\n"),
        format!("\t%23{good} "),
        format!("#%20{good}"),
    ] {
        assert_eq!(link::decode(&text), Ok(five_edits()), "{text}");
    }
    // Inside the link, a space is damage, however it arrives.
    for text in [
        format!("{}%20{}", &good[..20], &good[20..]),
        format!("%23{} {}", &good[..20], &good[20..]),
    ] {
        assert!(
            matches!(link::decode(&text), Err(LinkError::Damaged(m)) if m.contains("spaces")),
            "{text}: {:?}",
            link::decode(&text)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, .. ProptestConfig::default() })]

    #[test]
    fn generated_plans_round_trip(v in plan_strategy::valid_plan()) {
        let plan = support::decode(&v);
        prop_assert_eq!(link::decode(&link::encode(&plan)), Ok(plan));
    }

    #[test]
    fn any_text_decodes_without_panic(s in ".{0,300}") {
        let _ = link::decode(&s);
        let _ = link::decode(&format!("p1.{s}"));
        let _ = link::decode(&format!("p2.{s}"));
    }

    #[test]
    fn damaged_links_never_panic_and_never_load_another_plan(at in 3usize..400, by in 0u8..64, cut in proptest::bool::ANY) {
        let good = link::encode(&five_edits());
        let mut bytes = good.into_bytes();
        let at = at % bytes.len();
        if cut { bytes.truncate(at) } else {
            const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
            bytes[at] = ALPHABET[by as usize];
        }
        let text = String::from_utf8(bytes).unwrap();
        if let Ok(plan) = link::decode(&text) {
            prop_assert_eq!(plan, five_edits());
        }
    }
}

#[test]
fn every_number_comes_back_to_the_last_bit_through_a_file_and_a_link() {
    // Numbers a planner's arithmetic makes: 17 significant digits, tiny and
    // huge. serde_json reads such text to the nearest double only with its
    // float_roundtrip feature; without it 0.09350000000000001 came back one
    // unit in the last place off, and a worker's figures left the page's.
    let awkward = [
        0.1 + 0.2,
        1.0 / 3.0,
        0.0935 * 1.1,
        0.09350000000000001,
        123_456.789_012_345_67,
        2.225_073_858_507_201_4e-308,
        9.007_199_254_740_993e15,
        1e-300,
    ];
    for x in awkward {
        let mut plan = preset("three-tier");
        plan.tiers[0].components[0].unit_cost = Num::Fixed(x);
        let back = plan_json::decode(&plan_json::encode(&plan)).unwrap();
        assert_eq!(
            back.tiers[0].components[0].unit_cost,
            Num::Fixed(x),
            "file, {x:e}"
        );
        let back = link::decode(&link::encode(&plan)).unwrap();
        assert_eq!(
            back.tiers[0].components[0].unit_cost,
            Num::Fixed(x),
            "link, {x:e}"
        );
    }
}

/// Issue 14: a link carries a plan's start and actuals, and 36 months of
/// history (users, as a spreadsheet gives them) add under 400 characters.
#[test]
fn a_link_carries_actuals_and_36_months_stay_short() {
    let plain = preset("three-tier");
    let mut with = plain.clone();
    with.start = Some(headroom::engine::calendar::CalendarMonth::parse("2026-11").unwrap());
    with.actuals = (-35..=0)
        .map(|m: i32| headroom::engine::Actual {
            month: m,
            users: Some((800.0 * 1.12f64.powi(m + 35) * (1.0 + 0.03 * f64::from(m).sin())).round()),
            cost: None,
            metrics: Default::default(),
        })
        .collect();
    let (a, b) = (link::encode(&plain), link::encode(&with));
    assert!(
        b.len() - a.len() < 400,
        "{} more characters",
        b.len() - a.len()
    );
    assert_eq!(link::decode(&b).unwrap(), with);
}

/// A plan as an old link might carry it, not validated: `metrics` and the
/// first tier's `limits` as JSON, every component's `quantity`, `actuals`.
fn old_plan(metrics: &str, limits: &str, quantity: &str, actuals: &str) -> Plan {
    let json = format!(
        r#"{{"schema":1,"name":"Old ids","horizon_months":12,"initial_users":1000,
        "scenarios":[{{"id":"s","label":"S","growth":{{"kind":"compound","segments":[{{"from":1,"rate":0.2}}]}}}}],
        "metrics":[{metrics}],
        "tiers":[
          {{"id":"small","label":"Small","limits":{{{limits}}},"components":[
            {{"name":"Node","category":"compute","unit":"node","unit_cost":100,"quantity":{quantity}}}]}},
          {{"id":"big","label":"Big","components":[
            {{"name":"Node","category":"compute","unit":"node","unit_cost":90,"quantity":{quantity}}}]}}],
        "actuals":[{actuals}]}}"#
    );
    plan_json::decode(&json).unwrap()
}

/// A link shared before metric ids had to be names (a space, a dot, a
/// reserved column name) still opens: its ids are made names, with every
/// reference (another driver's source, tier limits, components, actuals)
/// renamed along, so the figures are those of the plan renamed by hand.
#[test]
fn an_old_link_with_ids_that_are_not_names_still_opens() {
    use headroom::engine::forecast;
    let plan_with = |peak: &str, cost: &str| {
        old_plan(
            &format!(
                r#"{{"id":"{peak}","label":"Peak","unit":"users","from":"users","factor":0.1}},
                {{"id":"{cost}","label":"Spend driver","unit":"req","from":"{peak}","factor":30}}"#
            ),
            &format!(r#""{peak}":150"#),
            &format!(r#"{{"metric":"{cost}","per":1000}}"#),
            &format!(r#"{{"month":0,"users":1000,"metrics":{{"{peak}":101}}}}"#),
        )
    };
    let old = plan_with("peak rps", "cost");
    assert!(
        !headroom::engine::validate(&old).is_empty(),
        "not valid as it is"
    );
    let renamed = plan_with("peak_rps", "cost_driver");
    let opened = link::decode(&link::encode(&old)).unwrap();
    assert_eq!(opened, renamed);
    assert!(forecast(&renamed).is_ok());
    assert_eq!(forecast(&opened), forecast(&renamed));
    // A plan file with such an id is refused at the id instead.
    let file = plan_json::encode(&old);
    let errors = plan_json::load(&file).unwrap_err();
    assert!(
        errors.iter().any(|e| e.path == "metrics[0].id"),
        "{errors:?}"
    );
}

/// Making an old link's ids names never makes another reference point at
/// a driver it did not name: the new id is one the plan uses nowhere (in
/// any case), and a driver once called `users` leaves the user count's
/// references (`from: "users"`, a `users` limit) alone.
#[test]
fn an_old_links_new_ids_capture_no_other_reference() {
    let plan = |metrics: &str, limits: &str| old_plan(metrics, limits, "1", "");
    // A limit on "A_B", a driver nobody defines, stays unknown: the driver
    // "a b" becomes "a_b-2", not "a_b".
    let old = plan(
        r#"{"id":"a b","label":"AB","unit":"","from":"users","factor":0.1}"#,
        r#""a b":150,"A_B":7"#,
    );
    match link::decode(&link::encode(&old)) {
        Err(LinkError::Invalid(errors)) => {
            assert!(
                errors
                    .iter()
                    .any(|e| e.message.contains("unknown metric \"A_B\"")),
                "{errors:?}"
            )
        }
        other => panic!("{other:?}"),
    }
    let without = plan(
        r#"{"id":"a b","label":"AB","unit":"","from":"users","factor":0.1}"#,
        r#""a b":150"#,
    );
    let opened = link::decode(&link::encode(&without)).unwrap();
    assert_eq!(opened.metrics[0].id, "a_b");
    // A driver once called "users", drawn from the user count, with a limit
    // on the user count.
    let old = plan(
        r#"{"id":"users","label":"U","unit":"","from":"users","factor":0.5}"#,
        r#""users":1500"#,
    );
    let opened = link::decode(&link::encode(&old)).unwrap();
    assert_eq!(opened.metrics[0].id, "users_driver");
    assert_eq!(opened.metrics[0].from, "users");
    assert!(opened.tiers[0].limits.contains_key("users"));
}
