//! The printable handout and the plain-text plan: what they contain, that every string from a
//! user or a file is escaped, that the red flags always print, and that the drawing marks the
//! patient's areas.

use sciatica_explorer::export::handout::{HandoutOptions, handout_html};
use sciatica_explorer::export::session::{Plan, PlannedExercise};
use sciatica_explorer::geometry::{BodyMap, PALETTE, PiriformisVariant};
use sciatica_explorer::knowledge::KnowledgeBase;
use sciatica_explorer::lookup::{self, AreaRef, SelectedArea, Selection};
use sciatica_explorer::report::plan_text;

const HOSTILE: &str = r#"<script>alert("x")</script> "quotes" 'single' A & B"#;

fn kb() -> KnowledgeBase {
    KnowledgeBase::builtin().expect("built-in data loads")
}

fn map() -> &'static BodyMap {
    BodyMap::shared().expect("built-in drawing loads")
}

fn areas(kb: &KnowledgeBase, specs: &[(&str, Option<u8>)]) -> Vec<SelectedArea> {
    specs
        .iter()
        .map(|(id, intensity)| SelectedArea {
            area: AreaRef::parse(kb, id).unwrap_or_else(|e| panic!("{id}: {e}")),
            intensity: *intensity,
            numb: false,
        })
        .collect()
}

fn options() -> HandoutOptions {
    HandoutOptions { date: "2026-03-14".to_string(), variant: PiriformisVariant::Below }
}

/// Three exercises, the first with the clinician's own dose and a note for the patient.
fn plan() -> Plan {
    Plan {
        patient: "J.D. #4471".to_string(),
        notes: "Walk 10 minutes twice a day.\nReview in two weeks.".to_string(),
        exercises: vec![
            PlannedExercise {
                id: "figure_four_supine".to_string(),
                dosage: Some("Hold 45 s, twice, mornings and evenings".to_string()),
                note: "Left side only for now".to_string(),
            },
            PlannedExercise { id: "sciatic_nerve_glide_supine".to_string(), ..Default::default() },
            PlannedExercise { id: "cat_cow".to_string(), ..Default::default() },
        ],
        created: None,
        ..Plan::default()
    }
}

fn two_areas(kb: &KnowledgeBase) -> Vec<SelectedArea> {
    areas(kb, &[("left.buttock", Some(7)), ("saddle", None)])
}

fn selected_fill() -> String {
    // How `to_svg` fills a selected pain area.
    format!("fill=\"{}\" fill-opacity=", PALETTE.area_selected.hex())
}

#[test]
fn every_chosen_exercise_prints_with_its_steps_dose_and_sources() {
    let kb = kb();
    let plan = plan();
    let html = handout_html(&kb, map(), &two_areas(&kb), &plan, &options());
    let escape = sciatica_explorer::export::html_escape;
    let mut last = 0;
    for planned in &plan.exercises {
        let exercise = kb.exercise(&planned.id).expect("exercise in the built-in data");
        let at = html.find(&escape(&exercise.name)).unwrap_or_else(|| panic!("{} missing", exercise.name));
        assert!(at > last, "{} is out of plan order", exercise.name);
        last = at;
        for step in &exercise.steps {
            assert!(html.contains(&escape(step)), "step of {} missing: {step}", exercise.name);
        }
        for caution in exercise.cautions.iter() {
            assert!(html.contains(&escape(caution)), "caution of {} missing: {caution}", exercise.name);
        }
        for cite in &exercise.cites {
            let source = kb.source(&cite.id).expect("cited source exists");
            assert!(
                html.contains(&escape(&source.short_citation())),
                "source {} of {} missing",
                cite.id,
                exercise.name
            );
            assert!(html.contains(&escape(&source.title)), "title of {} missing", cite.id);
        }
    }
    // The clinician's dose replaces the articles' doses; the others keep theirs.
    assert!(html.contains("Your dose"));
    assert!(html.contains("Hold 45 s, twice, mornings and evenings"));
    assert!(html.contains("Left side only for now"));
    let glide = kb.exercise("sciatic_nerve_glide_supine").expect("glide");
    for dose in &glide.dosage {
        assert!(html.contains(&escape(&sciatica_explorer::report::dosage_text(dose))), "article dose missing");
    }
    assert!(html.contains("J.D. #4471"), "patient label");
    assert!(html.contains("2026-03-14"), "date");
    assert!(html.contains("Left buttock") && html.contains("7/10"), "area with intensity");
    assert!(html.contains("Saddle area"), "midline area");
    // Notes keep their line breaks.
    assert!(html.contains("Walk 10 minutes twice a day.\nReview in two weeks."));
    assert!(html.contains("white-space: pre-wrap"));
}

#[test]
fn every_red_flag_prints_even_with_an_empty_plan() {
    let kb = kb();
    let escape = sciatica_explorer::export::html_escape;
    for (areas, plan) in [(two_areas(&kb), plan()), (Vec::new(), Plan::default())] {
        let html = handout_html(&kb, map(), &areas, &plan, &options());
        assert!(html.contains("When to seek care"));
        for flag in &kb.red_flags {
            assert!(html.contains(&escape(&flag.text)), "red flag {} missing", flag.id);
            assert!(html.contains(&escape(&flag.advice)), "advice of {} missing", flag.id);
        }
        // Emergency signs are listed before the others.
        let first_soon = kb.red_flags.iter().filter(|f| f.urgency == sciatica_explorer::knowledge::Urgency::Soon);
        let last_emergency =
            kb.red_flags.iter().filter(|f| f.urgency == sciatica_explorer::knowledge::Urgency::Emergency);
        let care = html.find("When to seek care").expect("section");
        let pos = |text: &str| html[care..].find(&escape(text)).expect("flag in the section");
        let latest_emergency = last_emergency.map(|f| pos(&f.text)).max().expect("emergency flags");
        let earliest_soon = first_soon.map(|f| pos(&f.text)).min().expect("soon flags");
        assert!(latest_emergency < earliest_soon, "emergency first");
    }
}

#[test]
fn the_flags_the_areas_raise_are_marked_at_the_top() {
    let kb = kb();
    let areas = two_areas(&kb);
    let html = handout_html(&kb, map(), &areas, &plan(), &options());
    let raised = lookup::lookup(&kb, &Selection { areas: areas.clone() }).red_flags;
    assert!(raised.iter().any(|f| &*f.id == "saddle_numbness"), "the saddle raises its flag");
    let top = html.find("Raised by the areas you marked").expect("the raised flags are called out");
    let exercises = html.find("Your exercises").expect("exercise section");
    assert!(top < exercises, "the raised flags come before the exercises");
    for flag in &raised {
        let text = sciatica_explorer::export::html_escape(&flag.text);
        assert!(html[..exercises].contains(&text), "{} not at the top", flag.id);
    }
    // Nothing is marked as raised when no area is marked.
    let calm = handout_html(&kb, map(), &[], &plan(), &options());
    assert!(!calm.contains("Raised by the areas you marked"));
}

#[test]
fn hostile_strings_come_out_escaped() {
    let kb = kb();
    let mut plan = plan();
    plan.patient = HOSTILE.to_string();
    plan.notes = format!("{HOSTILE}\nsecond line");
    plan.exercises[0].note = HOSTILE.to_string();
    plan.exercises[0].dosage = Some(HOSTILE.to_string());
    plan.exercises[1].dosage = Some(format!("  {HOSTILE}"));
    plan.exercises.push(PlannedExercise {
        id: HOSTILE.to_string(),
        dosage: Some(HOSTILE.to_string()),
        note: HOSTILE.to_string(),
    });
    let html = handout_html(&kb, map(), &two_areas(&kb), &plan, &options());
    assert!(!html.to_lowercase().contains("<script"), "a script tag got through");
    assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(html.contains("&amp;"));
    assert!(html.contains("&quot;quotes&quot;"));
    assert!(html.contains("&#39;single&#39;"));
    assert!(!html.contains("A & B"), "a bare ampersand from user text");
    assert!(!html.contains("'single'"), "single quotes unescaped");
    // A hostile date (from a caller) is escaped too.
    let options = HandoutOptions { date: HOSTILE.to_string(), ..options() };
    let html = handout_html(&kb, map(), &[], &plan, &options);
    assert!(!html.to_lowercase().contains("<script"));
}

#[test]
fn the_page_loads_nothing_and_runs_nothing() {
    let kb = kb();
    let html = handout_html(&kb, map(), &two_areas(&kb), &plan(), &options());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<title>"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("default-src 'none'; style-src 'unsafe-inline'; img-src data:"));
    let lower = html.to_lowercase();
    for forbidden in
        ["<script", "<link", "<iframe", "<img", "src=", "@import", "javascript:", "onload=", "onclick=", "<?xml"]
    {
        assert!(!lower.contains(forbidden), "the page contains {forbidden}");
    }
    // The only URL is the SVG namespace, which is a name, not a fetch.
    let urls = lower.matches("http://").count() + lower.matches("https://").count();
    let namespaces = lower.matches("http://www.w3.org/2000/svg").count();
    assert_eq!(urls, namespaces, "an external reference");
    assert!(html.len() < 400 * 1024, "the page is {} KB", html.len() / 1024);
}

/// One printed page: its words in reading order, and how far left and right its words reach.
struct PrintedPage {
    text: String,
    left: f32,
    right: f32,
    width: f32,
}

/// Prints the page to PDF on `paper` ("A4", "letter") with headless Chromium, as a clinician's
/// browser would, and reads the pages back with poppler's `pdftotext`. `.ci/run` installs both.
fn print_to_pdf(html: &str, paper: &str) -> Vec<PrintedPage> {
    use std::process::{Command, Stdio};
    const INSTALL: &str = "install them (Debian: apt-get install chromium poppler-utils), .ci/run does this";
    let dir = crate::common::TempDir::new(&format!("print-{paper}"));
    // The page says `size: auto`, which is the browser's paper; choose it as a user would.
    let html = html.replacen("</head>", &format!("<style>@page {{ size: {paper}; }}</style>\n</head>"), 1);
    let (page, pdf) = (dir.file("handout.html"), dir.file("handout.pdf"));
    if let Err(e) = std::fs::write(&page, html) {
        panic!("cannot write {}: {e}", page.display());
    }
    let mut child = match Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", dir.file("profile").display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => panic!("this test prints with Chromium and reads the PDF with pdftotext ({e}): {INSTALL}"),
    };
    let started = std::time::Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => {
                assert!(status.success(), "chromium failed ({status}) printing the handout");
                break;
            }
            Ok(None) if started.elapsed() < std::time::Duration::from_secs(120) => {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            other => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("chromium did not print the handout within 120 s: {other:?}");
            }
        }
    }
    let output = match Command::new("pdftotext").arg("-bbox-layout").arg(&pdf).arg("-").output() {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => panic!("this test reads the printed PDF with pdftotext ({e}): {INSTALL}"),
    };
    let attribute = |tag: &str, name: &str| -> f32 {
        let Some(at) = tag.find(&format!("{name}=\"")) else { panic!("no {name} in {tag}") };
        let value = &tag[at + name.len() + 2..];
        value[..value.find('"').unwrap_or(0)].parse().unwrap_or_else(|e| panic!("{name} in {tag}: {e}"))
    };
    let unescape = |w: &str| {
        w.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    output
        .split("<page ")
        .skip(1)
        .map(|page| {
            let width = attribute(&page[..page.find('>').unwrap_or(0)], "width");
            let (mut words, mut left, mut right) = (Vec::new(), f32::INFINITY, 0.0f32);
            for word in page.split("<word ").skip(1) {
                let (tag, rest) = word.split_at(word.find('>').unwrap_or(0));
                left = left.min(attribute(tag, "xMin"));
                right = right.max(attribute(tag, "xMax"));
                words.push(unescape(&rest[1..rest.find("</word>").unwrap_or(1)]));
            }
            PrintedPage { text: words.join(" "), left, right, width }
        })
        .collect()
}

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_printed_handout_keeps_each_exercise_whole_and_the_red_flag_on_page_one() {
    let kb = kb();
    // Every exercise, so the plan runs over many pages and page breaks fall among the cards.
    let plan = Plan {
        patient: "J.D. #4471".to_string(),
        exercises: kb
            .exercises
            .iter()
            .map(|e| PlannedExercise { id: e.id.to_string(), ..Default::default() })
            .collect(),
        ..Plan::default()
    };
    let html = handout_html(&kb, map(), &two_areas(&kb), &plan, &options());
    for paper in ["A4", "letter"] {
        let pages = print_to_pdf(&html, paper);
        assert!(pages.len() >= 5, "{paper}: only {} pages", pages.len());
        // The content fits inside the 14 mm margins (about 39.7 pt) on both papers.
        let margin = 14.0 / 25.4 * 72.0 - 1.0;
        for (n, page) in pages.iter().enumerate() {
            assert!(
                page.left >= margin && page.right <= page.width - margin,
                "{paper} page {}: words from {} to {} pt on a {} pt page",
                n + 1,
                page.left,
                page.right,
                page.width
            );
        }
        // The saddle's emergency box, from its first line to its last, is on the first page.
        let first = &pages[0].text;
        assert!(
            first.contains("A red flag applies") && first.contains("Why this is shown: Saddle area marked"),
            "{paper}: {first}"
        );
        // Each exercise card prints on one page: what follows its name on the page where the name
        // is runs to the card's last line, its sources.
        let mut split = Vec::new();
        for exercise in &kb.exercises {
            assert!(!exercise.cites.is_empty(), "{} cites nothing", exercise.id);
            let name = normalized(&exercise.name);
            let Some((page, at)) = pages.iter().enumerate().find_map(|(n, p)| p.text.find(&name).map(|at| (n, at)))
            else {
                panic!("{paper}: {name} not printed")
            };
            let rest = &pages[page].text[at..];
            let last_step = exercise.steps.last().map(|s| normalized(s)).unwrap_or_default();
            let first_words: String = last_step.split(' ').take(6).collect::<Vec<_>>().join(" ");
            if !rest.contains(&first_words) || !rest.contains("Sources:") {
                split.push(format!("{} (page {})", exercise.name, page + 1));
            }
        }
        assert!(split.is_empty(), "{paper}: cards split across pages: {split:?}");
    }
}

/// The body-map drawings of the page (the exercises' pictures come later).
fn body_maps(html: &str) -> &str {
    let start = html.find("<div class=\"maps\">").expect("the drawing's box");
    let end = html[start..].find("<div class=\"where\">").map_or(html.len(), |end| start + end);
    &html[start..end]
}

#[test]
fn the_drawing_marks_the_selected_areas() {
    let kb = kb();
    let none = handout_html(&kb, map(), &[], &plan(), &options());
    assert_eq!(body_maps(&none).matches("<svg").count(), 1, "the back view alone without areas");
    assert_eq!(none.matches(&selected_fill()).count(), 0, "nothing marked");

    let back_only = handout_html(&kb, map(), &areas(&kb, &[("left.buttock", Some(7))]), &plan(), &options());
    assert_eq!(body_maps(&back_only).matches("<svg").count(), 1, "a buttock is drawn on the back view only");
    assert_eq!(back_only.matches(&selected_fill()).count(), 1, "the buttock is filled");

    let both = handout_html(
        &kb,
        map(),
        &areas(&kb, &[("left.buttock", Some(7)), ("left.anterior_thigh", Some(3))]),
        &plan(),
        &options(),
    );
    assert_eq!(body_maps(&both).matches("<svg").count(), 2, "a front area adds the front view");
    assert!(both.matches(&selected_fill()).count() >= 2);
    assert!(both.contains("viewBox=") && both.contains("width: 100%"), "the drawing scales");

    // Two inline drawings must not share element ids (their clip paths would mix).
    let mut ids: Vec<&str> = both.split(" id=\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids in the page");
}

#[test]
fn an_exercise_unknown_to_the_knowledge_base_is_listed_not_fatal() {
    let kb = kb();
    let mut plan = plan();
    plan.exercises.insert(1, PlannedExercise { id: "clinic_only_exercise".to_string(), ..Default::default() });
    let html = handout_html(&kb, map(), &[], &plan, &options());
    assert!(html.contains("clinic_only_exercise"));
    assert!(html.contains("not in this app's content"));
    let text = plan_text(&kb, &[], &plan, "2026-03-14");
    assert!(text.contains("clinic_only_exercise") && text.contains("not in this app's content"));
}

#[test]
fn the_plain_text_plan_has_the_exercises_doses_and_raised_flags() {
    let kb = kb();
    let areas = two_areas(&kb);
    let plan = plan();
    let text = plan_text(&kb, &areas, &plan, "2026-03-14");
    assert!(text.contains("J.D. #4471") && text.contains("2026-03-14"));
    assert!(text.contains("Left buttock (pain 7/10)"), "{text}");
    for planned in &plan.exercises {
        let exercise = kb.exercise(&planned.id).expect("exercise");
        assert!(text.contains(&*exercise.name), "{} missing", exercise.name);
        assert!(text.contains(&exercise.steps[0]), "first step of {} missing", exercise.name);
        for cite in &exercise.cites {
            let short = kb.source(&cite.id).expect("cited source exists").short_citation();
            assert!(text.contains(&short), "source {short} missing");
            assert!(!text.contains(&*cite.id), "raw source id {} in the plan", cite.id);
        }
    }
    assert!(text.contains("Your dose: Hold 45 s, twice, mornings and evenings"));
    assert!(text.contains("Note for you: Left side only for now"));
    let glide = kb.exercise("sciatic_nerve_glide_supine").expect("glide");
    for dose in &glide.dosage {
        assert!(text.contains(&sciatica_explorer::report::dosage_text(dose)));
    }
    let raised = lookup::lookup(&kb, &Selection { areas: areas.clone() }).red_flags;
    assert!(!raised.is_empty());
    let block = text.find("RAISED BY THE AREAS YOU MARKED").expect("raised flags");
    assert!(block < text.find("EXERCISES").expect("exercises"), "raised flags first");
    for flag in &raised {
        assert!(text.contains(&*flag.text) && text.contains(&*flag.advice), "{} missing", flag.id);
    }
    assert!(text.contains("WHEN TO SEEK CARE"));
    assert!(text.contains("Review in two weeks."));
    // Nothing raised, nothing called out.
    let calm = plan_text(&kb, &[], &Plan::default(), "2026-03-14");
    assert!(!calm.contains("RAISED BY") && calm.contains("WHEN TO SEEK CARE"));
}

#[test]
fn control_characters_never_reach_the_page() {
    let kb = kb();
    let mut plan = plan();
    plan.notes = "before\0after \u{1b}[31mred\u{7f}\u{9b}\nline two\ttab".to_string();
    plan.patient = "J\0D".to_string();
    plan.exercises[0].note = "left\u{1}side".to_string();
    let html = handout_html(&kb, map(), &two_areas(&kb), &plan, &options());
    let bad: Vec<char> = html.chars().filter(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')).collect();
    assert!(bad.is_empty(), "control characters in the page: {bad:?}");
    assert!(html.contains("beforeafter [31mred\nline two\ttab"), "the text around them is kept");
    assert!(html.contains("JD"));
    assert_eq!(sciatica_explorer::export::html_escape("a'b\0"), "a&#39;b");
}

#[test]
fn an_exercise_the_content_does_not_know_is_named_with_its_id() {
    let kb = kb();
    let mut plan = plan();
    plan.exercises.push(PlannedExercise {
        id: "clinic_sling".to_string(),
        dosage: Some("daily".into()),
        note: "as shown".into(),
    });
    let html = handout_html(&kb, map(), &[], &plan, &options());
    assert!(html.contains("An exercise not in the current content (id clinic_sling)"), "not listed as such");
    assert!(html.contains("daily") && html.contains("as shown"), "the clinician's words are kept");
}

#[test]
fn numbness_is_printed_beside_the_area() {
    let kb = kb();
    let mut marked = areas(&kb, &[("left.lateral_foot", Some(4)), ("left.buttock", None)]);
    marked[0].numb = true;
    let html = handout_html(&kb, map(), &marked, &plan(), &options());
    let foot = html.find("Left outer foot").expect("the foot is listed");
    let numb = html[foot..].find("numb or tingling").expect("its numbness is printed");
    let buttock = html.find("Left buttock").expect("the buttock is listed");
    assert!(foot + numb < buttock, "numbness is printed beside the foot, not the buttock");
}

/// Every CSS rule that sets a text colour: the colour and the background it sits on (the rule's
/// own `background`, else the white page).
fn css_text_pairs(html: &str) -> Vec<(String, String, String)> {
    let style = html.split("<style>").nth(1).and_then(|s| s.split("</style>").next()).unwrap_or("");
    let value = |decls: &str, property: &str| {
        decls.split(';').find_map(|d| {
            let (name, v) = d.split_once(':')?;
            (name.trim() == property).then(|| v.trim().to_string())
        })
    };
    let mut pairs = Vec::new();
    for rule in style.split('}') {
        let Some((selector, decls)) = rule.rsplit_once('{') else { continue };
        let selector = selector.rsplit(['{', '}']).next().unwrap_or(selector).trim().to_string();
        if let Some(color) = value(decls, "color").filter(|c| c.starts_with('#')) {
            let background = value(decls, "background").filter(|b| b.starts_with('#'));
            pairs.push((selector, color, background.unwrap_or_else(|| "#fff".to_string())));
        }
    }
    pairs
}

#[test]
fn every_text_colour_of_the_handout_meets_wcag_aa() {
    use sciatica_explorer::geometry::palette::{Rgba, WCAG_AA_TEXT, contrast_ratio};
    let kb = kb();
    let html = handout_html(&kb, map(), &two_areas(&kb), &plan(), &options());
    let pairs = css_text_pairs(&html);
    assert!(pairs.len() >= 10, "the style block's text colours are found: {pairs:?}");
    for (selector, text, background) in pairs {
        let (Some(t), Some(b)) = (Rgba::from_hex(&text), Rgba::from_hex(&background)) else {
            panic!("{selector}: unreadable colour {text} on {background}");
        };
        let ratio = contrast_ratio(t, b);
        assert!(ratio >= WCAG_AA_TEXT, "{selector}: {text} on {background} is {ratio:.2}:1");
    }
}

/// The cards of the page, in order: each `<article class="exercise">` with its contents.
fn exercise_cards(html: &str) -> Vec<&str> {
    html.split("<article class=\"exercise\">")
        .skip(1)
        .map(|rest| rest.split("</article>").next().unwrap_or(rest))
        .collect()
}

/// Every value of an attribute `name="…"` in `text`.
fn attribute_values<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let key = format!(" {name}=\"");
    text.match_indices(&key)
        .filter_map(|(at, _)| {
            let rest = &text[at + key.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

#[test]
fn an_exercise_with_a_figure_prints_its_key_poses_and_advice_prints_none() {
    use sciatica_explorer::figures::{FIGURE_STYLE, FigureSet};
    let kb = kb();
    let figures = FigureSet::builtin(&kb).expect("built-in figures load");
    let plan = Plan {
        exercises: ["figure_four_supine", "see_physical_therapist", "cat_cow"]
            .iter()
            .map(|id| PlannedExercise { id: id.to_string(), ..Default::default() })
            .collect(),
        ..Plan::default()
    };
    let advice = figures.get("see_physical_therapist").expect("the advice has a figure record");
    assert!(advice.no_figure().is_some(), "see_physical_therapist is marked no_figure");

    let html = handout_html(&kb, map(), &two_areas(&kb), &plan, &options());
    let cards = exercise_cards(&html);
    assert_eq!(cards.len(), 3);
    for (card, planned) in cards.iter().zip(&plan.exercises) {
        let figure = figures.get(&planned.id).expect("every built-in exercise has a figure record");
        let poses = if figure.no_figure().is_some() { 0 } else { figure.pictures(&FIGURE_STYLE).len() };
        assert_eq!(card.matches("<svg").count(), poses, "pictures in the card of {}", planned.id);
        if poses == 0 {
            assert!(!card.contains("class=\"poses\""), "{} has an empty row of poses", planned.id);
            continue;
        }
        assert!(poses >= 2, "{} has {poses} key poses", planned.id);
        // Start to end, captioned, before the steps; the tinted part hatched for grey print.
        let captions: Vec<&str> = card
            .match_indices("<figcaption>")
            .map(|(at, _)| &card[at + 12..])
            .map(|rest| rest.split("</figcaption>").next().unwrap_or(rest))
            .collect();
        assert_eq!(captions.len(), poses, "{}", planned.id);
        assert!(captions[0].starts_with("Start"), "{captions:?}");
        assert!(captions[poses - 1].starts_with("End"), "{captions:?}");
        let (row, steps) = (card.find("class=\"poses\""), card.find("<ol class=\"steps\">"));
        assert!(row < steps && row.is_some(), "the poses of {} are not above the steps", planned.id);
        assert!(card.contains("-tint-hatch)\""), "the tint of {} is not hatched", planned.id);
    }

    // Ids are global in an HTML page: no two inline drawings may share one, and every reference
    // resolves to an id on the page.
    let ids = attribute_values(&html, "id");
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    for reference in html.match_indices("url(#").map(|(at, _)| &html[at + 5..]) {
        let id = reference.split(')').next().unwrap_or(reference);
        assert!(unique.contains(id), "url(#{id}) refers to no id on the page");
    }
}

#[test]
fn the_key_poses_can_come_from_another_figure_set() {
    use sciatica_explorer::export::handout::handout_html_with_figures;
    use sciatica_explorer::figures::FigureSet;
    let kb = kb();
    // No figures at all (a pack whose figures are not loaded): the cards print, without pictures.
    let html = handout_html_with_figures(&kb, map(), &two_areas(&kb), &plan(), &options(), &FigureSet::default());
    let cards = exercise_cards(&html);
    assert_eq!(cards.len(), plan().exercises.len());
    assert!(cards.iter().all(|card| !card.contains("<svg")), "a picture without a figure set");
}

#[test]
fn a_packs_pose_names_and_hold_come_out_escaped() {
    use sciatica_explorer::export::handout::handout_html_with_figures;
    use sciatica_explorer::figures::FigureSet;
    use sciatica_explorer::knowledge::BUILTIN_FIGURES;
    use sciatica_explorer::knowledge::load::SourceText;
    let kb = kb();
    // A pack's copy of the figures, the figure four's last pose renamed and its hold reworded.
    let pack = BUILTIN_FIGURES.replacen("name = \"knee pushed away\"", &format!("name = '''{HOSTILE}'''"), 1).replacen(
        "hold = \"30 s\"",
        &format!("hold = '''{HOSTILE}'''"),
        1,
    );
    assert_ne!(pack, BUILTIN_FIGURES);
    let texts = vec![
        SourceText { name: "data/figures.toml".to_string(), text: BUILTIN_FIGURES.to_string() },
        SourceText { name: "pack/figures.toml".to_string(), text: pack },
    ];
    let figures = FigureSet::from_texts(&kb, texts).expect("the pack's figures load");
    let html = handout_html_with_figures(&kb, map(), &two_areas(&kb), &plan(), &options(), &figures);
    let escaped = sciatica_explorer::export::html_escape(HOSTILE);
    let card = exercise_cards(&html)[0];
    assert!(card.contains(&format!("<figcaption>End: {escaped}</figcaption>")), "the pack's pose name is not shown");
    assert!(card.contains(&format!("hold {escaped}")), "the pack's hold is not shown");
    assert!(!html.to_lowercase().contains("<script"), "a raw script tag");
}

#[test]
fn the_cli_handout_draws_a_clinic_packs_figures() {
    let pack = crate::common::TempPack::empty("handout-figures");
    pack.write(
        "figures.toml",
        &sciatica_explorer::knowledge::BUILTIN_FIGURES.replacen(
            "name = \"knee pushed away\"",
            "name = \"knee pushed away by the pack\"",
            1,
        ),
    );
    pack.write("S.json", r#"{ "format_version": 1, "areas": [], "exercises": [{ "id": "figure_four_supine" }] }"#);
    let session = pack.dir.join("S.json");
    // The handout of S.json with the pack as it stands.
    let handout = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_sciatica-explorer"))
            .arg("--data")
            .arg(&pack.dir)
            .arg("handout")
            .arg(&session)
            .output()
            .expect("run the binary")
    };
    let output = handout();
    let html = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(html.contains("<figcaption>End: knee pushed away by the pack</figcaption>"), "the pack's pose");

    // A bad figure in the pack is reported with its file, as `figures` does, and prints nothing.
    pack.write("figures.toml", "[[figure]]\nid = \"figure_four_supine\"\nbad = 1\n");
    let output = handout();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("figures.toml:3"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn a_ten_exercise_handout_with_its_pictures_stays_small() {
    use sciatica_explorer::figures::{FIGURE_STYLE, FigureSet};
    let kb = kb();
    let figures = FigureSet::builtin(&kb).expect("built-in figures load");
    // The ten exercises with the most key poses: a full plan, every card with 3–4 pictures.
    let mut drawn: Vec<(usize, String)> = figures
        .figures
        .iter()
        .filter(|f| f.no_figure().is_none())
        .map(|f| (f.pictures(&FIGURE_STYLE).len(), f.record.id.clone()))
        .collect();
    drawn.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let plan = Plan {
        exercises: drawn
            .iter()
            .take(10)
            .map(|(_, id)| PlannedExercise { id: id.clone(), ..Default::default() })
            .collect(),
        ..plan()
    };
    let poses: usize = drawn.iter().take(10).map(|(n, _)| n).sum();
    assert!(poses >= 30, "{poses} poses");
    let html = handout_html(&kb, map(), &two_areas(&kb), &plan, &options());
    let pictures: usize = exercise_cards(&html)
        .iter()
        .map(|card| {
            let start = card.find("<div class=\"poses\">").unwrap_or(card.len());
            let end = card[start..].find("</div>").map_or(card.len(), |e| start + e);
            end - start
        })
        .sum();
    // About 12 KB a pose before the pictures were made compact; now a few.
    assert!(pictures / poses < 4 * 1024, "{} bytes a pose", pictures / poses);
    assert!(html.len() < 260 * 1024, "the page is {} KB", html.len() / 1024);
    // Still hatched for black-and-white print, through one pattern for the page.
    assert_eq!(html.matches("<pattern id=\"fig-tint-hatch\"").count(), 1);
    assert!(html.matches("fill=\"url(#fig-tint-hatch)\"").count() >= 10);
}
