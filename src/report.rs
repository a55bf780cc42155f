//! Plain-text renderings of look-up results and exercises, for the terminal and the clipboard.

use std::fmt::Write as _;

use crate::knowledge::{Exercise, KnowledgeBase, Urgency};
use crate::lookup::{Group, LookupResult, NoteKind, RaisedBy, SelectedArea, Selection, short_citations};
use crate::session::{Answer, Plan, RedFlagAnswer};
use crate::text::lower_first;

/// Text made safe for a terminal: every control character but line feed and tab (an escape that
/// starts a terminal command, a carriage return that overwrites the line, a C1 control) is shown
/// as `\u001b`. The same form is a valid escape inside a JSON string, so JSON output stays
/// valid. Packs and arguments are the user's text, and the CLI prints all its output through this.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// "emergency" / "see a clinician soon".
pub fn urgency_label(urgency: Urgency) -> &'static str {
    urgency.label()
}

/// The lead-in of a checklist urgency: what to do if any sign of that urgency applies.
pub fn checklist_heading(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Emergency => "Get emergency care today if any of these applies:",
        Urgency::Soon => "See a clinician soon if any of these applies:",
    }
}

/// A bar of up to ten blocks for an evidence weight in 0..=1: a picture, not a number.
pub fn fit_bar(score: f32) -> String {
    let blocks = (score.clamp(0.0, 1.0) * 10.0).round() as usize;
    format!("{}{}", "█".repeat(blocks), "░".repeat(10 - blocks))
}

/// "Left buttock (pain 7/10, numb or tingling)".
pub fn area_text(area: &crate::lookup::AreaSummary) -> String {
    let mut what = Vec::new();
    if let Some(i) = area.intensity {
        what.push(format!("pain {i}/10"));
    }
    if area.numb {
        what.push("numb or tingling".to_string());
    }
    if what.is_empty() { area.label.clone() } else { format!("{} ({})", area.label, what.join(", ")) }
}
/// The look-up of one visit: its marked areas, and its red-flag answers (a "yes" raises its flag
/// as an area would). What the handout, the plain-text plan and `history` read a visit with.
pub fn visit_lookup(kb: &KnowledgeBase, areas: &[SelectedArea], answers: &[RedFlagAnswer]) -> LookupResult {
    crate::lookup::lookup_with_answers(kb, &Selection { areas: areas.to_vec() }, answers)
}

/// What raised the flags of `result`, for a heading: "the areas you marked", "what you said
/// when asked", or both (`patient`: addressed to the patient; else "the marked areas", "the
/// answers given"). The areas' words when nothing is raised.
pub fn raised_by_words(result: &LookupResult, patient: bool) -> &'static str {
    let by_answer = result.red_flags.iter().any(|f| f.raised_by.by_answer());
    let by_areas = result.red_flags.iter().any(|f| f.raised_by != RaisedBy::Answer);
    let raised_by = match (by_areas, by_answer) {
        (true, true) => RaisedBy::AreasAndAnswer,
        (false, true) => RaisedBy::Answer,
        _ => RaisedBy::Areas,
    };
    raised_by_text(raised_by, patient)
}

/// [`raised_by_words`] for one flag's raiser.
pub fn raised_by_text(raised_by: RaisedBy, patient: bool) -> &'static str {
    match (raised_by, patient) {
        (RaisedBy::Areas, true) => "the areas you marked",
        (RaisedBy::Answer, true) => "what you said when asked",
        (RaisedBy::AreasAndAnswer, true) => "the areas you marked and what you said when asked",
        (RaisedBy::Areas, false) => "the marked areas",
        (RaisedBy::Answer, false) => "the answers given",
        (RaisedBy::AreasAndAnswer, false) => "the marked areas and the answers given",
    }
}

/// The red flags `result` raises, most urgent first, each with its advice, why it was raised and
/// its sources: the same lines wherever a person reads them (`lookup`, `history`).
pub fn red_flag_lines(kb: &KnowledgeBase, result: &LookupResult) -> String {
    let mut s = String::new();
    for flag in &result.red_flags {
        let _ = writeln!(s, "  ! [{}] {}", urgency_label(flag.urgency), flag.text);
        let _ = writeln!(s, "    {} (raised because: {})", flag.advice, flag.because);
        let _ = writeln!(s, "    sources: {}", short_citations(kb, &flag.sources));
    }
    s
}

/// The signs answered "unsure" at a visit, most urgent first, one line each: an unsettled answer
/// raises nothing, but the clinician must see that it is still open (ask again, or examine).
pub fn unsure_lines(kb: &KnowledgeBase, answers: &[RedFlagAnswer]) -> String {
    let mut s = String::new();
    let mut unsure: Vec<&crate::knowledge::RedFlag> = answers
        .iter()
        .filter(|a| a.answer == Answer::Unsure)
        .filter_map(|a| kb.red_flags.iter().find(|f| *f.id == *a.id))
        .collect();
    unsure.sort_by_key(|f| f.urgency);
    for flag in unsure {
        let _ = writeln!(
            s,
            "  ? [{}] {}: the patient was unsure; ask again or examine",
            urgency_label(flag.urgency),
            flag.text
        );
    }
    s
}

/// A look-up result as readable text: emergency and raised flags first, the red-flag checklist,
/// candidates in their groups, how to tell close ones apart, notes and exercises. Sources appear
/// as short citations, scores as bands.
pub fn lookup_text(kb: &KnowledgeBase, result: &LookupResult) -> String {
    let cite = |ids: &[std::sync::Arc<str>]| short_citations(kb, ids);
    let mut s = String::new();
    let areas: Vec<String> = result.areas.iter().map(area_text).collect();
    let _ = writeln!(s, "Marked areas: {}", if areas.is_empty() { "none".to_string() } else { areas.join(", ") });
    if !result.red_flags.is_empty() {
        let _ = writeln!(s, "\nRED FLAGS RAISED BY {}", raised_by_words(result, false).to_uppercase());
        s.push_str(&red_flag_lines(kb, result));
    }
    if result.exercises_withheld.is_some() {
        let _ = writeln!(s, "\n  {WITHHELD}");
    }
    let _ = writeln!(s, "\nASK ABOUT THESE SIGNS");
    for urgency in [Urgency::Emergency, Urgency::Soon] {
        let _ = writeln!(s, "  {}", checklist_heading(urgency));
        for item in result.checklist.iter().filter(|i| i.urgency == urgency) {
            let raised = if item.raised { " (raised above)" } else { "" };
            let _ = writeln!(s, "  - {}{raised}", item.text);
            if let Some(note) = &item.grading_note {
                let _ = writeln!(s, "    ({note})");
            }
        }
    }
    if !result.candidates.is_empty() {
        let _ = writeln!(s, "\nPOSSIBLE SOURCES (best fit first in each group; the groups are not rivals)");
    }
    for group in Group::ALL {
        let members: Vec<_> = result.group(group).collect();
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n  {}", group.title());
        for (rank, c) in members.iter().take(6).enumerate() {
            let _ = writeln!(s, "  {:>2}. {:<52} {} {}", rank + 1, c.name, fit_bar(c.score), c.band.label());
            for reason in c.why.iter().filter(|r| !r.against).take(3) {
                let _ = writeln!(s, "      + {} [{}]", reason.text, cite(&reason.sources));
            }
            for reason in c.why.iter().filter(|r| r.against) {
                let _ = writeln!(s, "      - against: {}", reason.text);
            }
        }
        if members.len() > 6 {
            let _ = writeln!(s, "      … {} more (use --json for all)", members.len() - 6);
        }
    }
    if !result.distinguish.is_empty() {
        let _ = writeln!(s, "\nHOW A CLINICIAN TELLS THEM APART");
        for d in &result.distinguish {
            let _ = writeln!(s, "  {} or {}?", d.names[0], lower_first(&d.names[1]));
            for check in &d.checks {
                let _ = writeln!(s, "  - {}: {} {}", check.name, check.how, check.finding);
                if let Some(accuracy) = &check.accuracy {
                    let _ = writeln!(s, "    {accuracy}");
                }
                let _ = writeln!(s, "    [{}]", cite(&check.sources));
            }
        }
    }
    let _ = writeln!(s, "\nNOTES");
    for note in &result.notes {
        let _ = writeln!(s, "  - {} [{}]", note.text, cite(&note.sources));
    }
    if result.exercises_withheld.is_none() {
        let _ = writeln!(s, "\nEXERCISES THAT FIT (best fit first)");
        for e in result.exercises.iter().take(10) {
            let _ = writeln!(s, "  * {:<46} {} {}  {}", e.name, fit_bar(e.score), e.band.label(), e.why.join("; "));
            if let Some(exercise) = kb.exercise(&e.id) {
                for dose in &exercise.dosage {
                    let _ = writeln!(s, "      dose ({}): {}", source_name(kb, &dose.source), dosage_text(dose));
                }
            }
            let _ = writeln!(s, "      sources: {}", cite(&e.sources));
        }
        if result.exercises.len() > 10 {
            let _ = writeln!(s, "  … {} more (use --json for all)", result.exercises.len() - 10);
        }
    }
    s
}

/// Said wherever exercise suggestions are withheld because an emergency red flag applies.
pub const WITHHELD: &str = "Exercise suggestions are held back: a red flag above needs a clinician first. \
                            Get care before starting or continuing any exercise.";

/// Said before a clinician's plan while an emergency red flag applies.
pub const PLAN_ON_HOLD: &str = "A red flag above needs a clinician first: get care before you start or continue \
                                the exercises below.";

pub use crate::lookup::source_name;

/// "hold 30–60 s · 1–2 reps · each side".
pub fn dosage_text(dose: &crate::knowledge::Dosage) -> String {
    let mut parts = Vec::new();
    if let Some(h) = &dose.hold {
        parts.push(format!("hold {h}"));
    }
    if let Some(r) = &dose.reps {
        parts.push(format!("{r} reps"));
    }
    if let Some(x) = &dose.sets {
        parts.push(format!("{x} sets"));
    }
    if let Some(x) = &dose.rounds {
        parts.push(format!("{x} rounds"));
    }
    if let Some(x) = &dose.frequency {
        parts.push(x.clone());
    }
    if dose.per_side {
        parts.push("each side".to_string());
    }
    if parts.is_empty() { "as comfortable".to_string() } else { parts.join(" · ") }
}

/// An equipment id in plain words (`foam_roller` -> "foam roller", `tens` -> "TENS unit"); an
/// id not known here (a clinic pack's own) reads with its underscores as spaces.
pub fn equipment_name(id: &str) -> String {
    match id {
        "band" => "resistance band".to_string(),
        "mat" => "exercise mat".to_string(),
        "kinesiotape" => "kinesiology tape".to_string(),
        "tens" => "TENS unit".to_string(),
        "step" => "step or stair".to_string(),
        other => other.replace('_', " "),
    }
}

/// A list of exercises as text, one block each.
pub fn exercises_text(kb: &KnowledgeBase, list: &[&Exercise]) -> String {
    let mut s = String::new();
    for e in list {
        let equipment = if e.equipment.is_empty() {
            "no equipment".to_string()
        } else {
            e.equipment.iter().map(|id| equipment_name(id)).collect::<Vec<_>>().join(", ")
        };
        let _ = writeln!(s, "{}  [{}]", e.name, e.id);
        let _ = writeln!(
            s,
            "  {} · {} · {equipment}{}",
            e.kind.label(),
            e.position.label(),
            if e.in_bed { " · can be done in bed" } else { "" }
        );
        for dose in &e.dosage {
            let _ = writeln!(s, "  dose ({}): {}", source_name(kb, &dose.source), dosage_text(dose));
        }
        let _ = writeln!(s, "  sources: {}", short_citations(kb, &crate::text::cite_ids(&e.cites)));
    }
    let _ = writeln!(s, "{} exercise{}", list.len(), if list.len() == 1 { "" } else { "s" });
    s
}

/// From the second visit on: what changed since the last visit, and where the pain is heading
/// over the visits so far (see [`crate::progress`]).
fn change_since_last_visit(s: &mut String, kb: &KnowledgeBase, areas: &[SelectedArea], plan: &Plan, date: &str) {
    use crate::progress;
    let visits = plan.visits_so_far(areas, date);
    let [.., last_visit, this_visit] = visits.as_slice() else { return };
    let _ = writeln!(s, "\nCHANGE SINCE YOUR LAST VISIT ({})", progress::day_month(&last_visit.date, &this_visit.date));
    for line in progress::change_lines(kb, last_visit, this_visit) {
        let _ = writeln!(s, "  {line}");
    }
    let verdict = progress::verdict(kb, &progress::summaries(kb, None, &visits));
    let _ = writeln!(s, "  {}", verdict.sentence);
}

/// A patient's plan as plain text for the clipboard: the patient, the date, the marked areas,
/// what changed since the last visit (from the second visit on), each chosen exercise (steps,
/// dose, cautions, sources), the clinician's notes, the red flags the areas raise and when to
/// seek care. The same content as the printed handout.
pub fn plan_text(kb: &KnowledgeBase, areas: &[SelectedArea], plan: &Plan, date: &str) -> String {
    let result = visit_lookup(kb, areas, &plan.red_flags);
    let mut s = String::new();
    let _ = writeln!(s, "YOUR SCIATICA EXERCISE PLAN");
    if !plan.patient.trim().is_empty() {
        let _ = writeln!(s, "Patient: {}", plan.patient.trim());
    }
    let _ = writeln!(s, "Date: {date}");
    let marked: Vec<String> = result.areas.iter().map(area_text).collect();
    let _ =
        writeln!(s, "Pain areas: {}", if marked.is_empty() { "none marked".to_string() } else { marked.join(", ") });

    // Raised flags before the exercises: a patient who reads only the top still sees them.
    if !result.red_flags.is_empty() {
        let _ = writeln!(s, "\nRAISED BY {}", raised_by_words(&result, true).to_uppercase());
        for flag in &result.red_flags {
            let _ = writeln!(s, "  ! [{}] {}", urgency_label(flag.urgency), flag.text);
            let _ = writeln!(s, "    {}", flag.advice);
        }
        if let Some(note) = result.note(NoteKind::SeekCareFirst) {
            let _ = writeln!(s, "  {}", note.text);
        }
    }
    if result.exercises_withheld.is_some() && !plan.exercises.is_empty() {
        let _ = writeln!(s, "\n  {PLAN_ON_HOLD}");
    }
    change_since_last_visit(&mut s, kb, areas, plan, date);

    let _ = writeln!(s, "\nEXERCISES");
    if plan.exercises.is_empty() {
        let _ = writeln!(s, "  None chosen at this visit.");
    }
    for (n, planned) in plan.exercises.iter().enumerate() {
        let your_dose = planned.dosage.as_deref().map(str::trim).filter(|d| !d.is_empty());
        let Some(e) = kb.exercise(&planned.id) else {
            let _ = writeln!(s, "\n{}. {} (not in this app's content; ask your clinician)", n + 1, planned.id);
            if let Some(dose) = your_dose {
                let _ = writeln!(s, "   Your dose: {dose}");
            }
            if !planned.note.trim().is_empty() {
                let _ = writeln!(s, "   Note for you: {}", planned.note.trim());
            }
            continue;
        };
        let _ = writeln!(s, "\n{}. {}", n + 1, e.name);
        let _ = writeln!(s, "   {}", e.summary);
        for (i, step) in e.steps.iter().enumerate() {
            let _ = writeln!(s, "   {}) {step}", i + 1);
        }
        match your_dose {
            Some(dose) => {
                let _ = writeln!(s, "   Your dose: {dose}");
            }
            None if e.dosage.is_empty() => {
                let _ = writeln!(s, "   Dose: as comfortable");
            }
            None => {
                for dose in &e.dosage {
                    let _ = writeln!(s, "   Dose ({}): {}", source_name(kb, &dose.source), dosage_text(dose));
                }
            }
        }
        if !planned.note.trim().is_empty() {
            let _ = writeln!(s, "   Note for you: {}", planned.note.trim());
        }
        for caution in e.cautions.iter() {
            let _ = writeln!(s, "   Take care: {caution}");
        }
        let _ = writeln!(s, "   Sources: {}", short_citations(kb, &crate::text::cite_ids(&e.cites)));
    }

    if !plan.notes.trim().is_empty() {
        let _ = writeln!(s, "\nNOTES FROM YOUR CLINICIAN");
        for line in plan.notes.trim_end().lines() {
            let _ = writeln!(s, "  {line}");
        }
    }

    // Every sign, not only the raised ones: most (fever, bladder, a history of cancer) cannot be
    // marked on a body map, so the patient has to know them all.
    let _ = writeln!(s, "\nWHEN TO SEEK CARE");
    let _ = writeln!(s, "  If any of these signs appears, do not wait for your next visit.");
    for urgency in [Urgency::Emergency, Urgency::Soon] {
        let _ = writeln!(s, "  {}", checklist_heading(urgency));
        for item in result.checklist.iter().filter(|i| i.urgency == urgency) {
            let _ = writeln!(s, "  - {}", item.text);
        }
    }
    if let Some(note) = result.note(NoteKind::Education) {
        let _ = writeln!(s, "\n{}", note.text);
    }
    s
}
