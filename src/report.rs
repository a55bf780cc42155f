//! Plain-text renderings of look-up results and exercises, for the terminal and the clipboard.

use std::fmt::Write as _;

use crate::export::session::Plan;
use crate::knowledge::{Exercise, KnowledgeBase, Urgency};
use crate::lookup::{LookupResult, SelectedArea, Selection};

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
    match urgency {
        Urgency::Emergency => "EMERGENCY — same day",
        Urgency::Soon => "see a clinician soon",
    }
}

/// A look-up result as readable text: flags first, then candidates, notes and exercises.
pub fn lookup_text(kb: &KnowledgeBase, result: &LookupResult) -> String {
    let mut s = String::new();
    let areas: Vec<String> = result
        .areas
        .iter()
        .map(|a| match a.intensity {
            Some(i) => format!("{} ({i}/10)", a.label),
            None => a.label.clone(),
        })
        .collect();
    let _ = writeln!(s, "Pain areas: {}", areas.join(", "));
    if !result.red_flags.is_empty() {
        let _ = writeln!(s, "\nRED FLAGS");
        for flag in &result.red_flags {
            let _ = writeln!(s, "  ! [{}] {}", urgency_label(flag.urgency), flag.text);
            let _ = writeln!(s, "    {} (raised by: {})", flag.advice, flag.because);
            let _ = writeln!(s, "    sources: {}", flag.sources.join(", "));
        }
    }
    let _ = writeln!(s, "\nPlausible sources (most likely first)");
    for (rank, c) in result.candidates.iter().take(12).enumerate() {
        let bar = "█".repeat((c.score * 20.0).round() as usize);
        let _ = writeln!(s, "  {:>2}. {:<44} {:<10} {:.2} {bar}", rank + 1, c.name, c.kind.as_str(), c.score);
        for reason in c.why.iter().take(3) {
            let _ = writeln!(s, "      · {} [{}]", reason.text, reason.sources.join(", "));
        }
    }
    if result.candidates.len() > 12 {
        let _ = writeln!(s, "  … {} more (use --json for all)", result.candidates.len() - 12);
    }
    let _ = writeln!(s, "\nNotes");
    for note in &result.notes {
        let _ = writeln!(s, "  - {} [{}]", note.text, note.sources.join(", "));
    }
    let _ = writeln!(s, "\nExercises that fit");
    for e in result.exercises.iter().take(10) {
        let _ = writeln!(s, "  * {:<46} {:.2}  {}", e.name, e.score, e.why.join("; "));
        if let Some(exercise) = kb.exercise(&e.id) {
            for dose in &exercise.dosage {
                let _ = writeln!(s, "      dose ({}): {}", dose.source, dosage_text(dose));
            }
        }
        let _ = writeln!(s, "      sources: {}", e.sources.join(", "));
    }
    if result.exercises.len() > 10 {
        let _ = writeln!(s, "  … {} more (use --json for all)", result.exercises.len() - 10);
    }
    s
}

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

/// A list of exercises as text, one block each.
pub fn exercises_text(list: &[&Exercise]) -> String {
    let mut s = String::new();
    for e in list {
        let equipment = if e.equipment.is_empty() { "no equipment".to_string() } else { e.equipment.join(", ") };
        let _ = writeln!(s, "{}  [{}]", e.name, e.id);
        let _ = writeln!(s, "  {:?} · {:?} · {equipment}{}", e.kind, e.position, if e.in_bed { " · can be done in bed" } else { "" });
        for dose in &e.dosage {
            let _ = writeln!(s, "  dose ({}): {}", dose.source, dosage_text(dose));
        }
        let ids: Vec<&str> = e.cites.iter().map(|c| &*c.id).collect();
        let _ = writeln!(s, "  sources: {}", ids.join(", "));
    }
    let _ = writeln!(s, "{} exercise{}", list.len(), if list.len() == 1 { "" } else { "s" });
    s
}

/// A patient's plan as plain text for the clipboard: the patient, the date, the marked areas,
/// each chosen exercise (steps, dose, cautions, sources), the clinician's notes, the red flags
/// the areas raise and when to seek care. The same content as the printed handout.
pub fn plan_text(kb: &KnowledgeBase, areas: &[SelectedArea], plan: &Plan, date: &str) -> String {
    let result = crate::lookup::lookup(kb, &Selection { areas: areas.to_vec() });
    let mut s = String::new();
    let _ = writeln!(s, "YOUR SCIATICA EXERCISE PLAN");
    if !plan.patient.trim().is_empty() {
        let _ = writeln!(s, "Patient: {}", plan.patient.trim());
    }
    let _ = writeln!(s, "Date: {date}");
    let marked: Vec<String> = result
        .areas
        .iter()
        .map(|a| match a.intensity {
            Some(i) => format!("{} — {i}/10", a.label),
            None => a.label.clone(),
        })
        .collect();
    let _ = writeln!(s, "Pain areas: {}", if marked.is_empty() { "none marked".to_string() } else { marked.join(", ") });

    // Raised flags before the exercises: a patient who reads only the top still sees them.
    if !result.red_flags.is_empty() {
        let _ = writeln!(s, "\nRAISED BY THE AREAS YOU MARKED");
        for flag in &result.red_flags {
            let _ = writeln!(s, "  ! [{}] {}", urgency_label(flag.urgency), flag.text);
            let _ = writeln!(s, "    {}", flag.advice);
        }
        if let Some(note) = result.notes.iter().find(|n| n.id == "seek_care_first") {
            let _ = writeln!(s, "  {}", note.text);
        }
    }

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
                    let _ = writeln!(s, "   Dose ({}): {}", dose.source, dosage_text(dose));
                }
            }
        }
        if !planned.note.trim().is_empty() {
            let _ = writeln!(s, "   Note for you: {}", planned.note.trim());
        }
        for caution in e.cautions.iter() {
            let _ = writeln!(s, "   Take care: {caution}");
        }
        let sources: Vec<String> = crate::lookup::cite_ids(&e.cites)
            .iter()
            .map(|id| match kb.source(id) {
                Some(source) => format!("{id} ({})", source.title),
                None => id.to_string(),
            })
            .collect();
        let _ = writeln!(s, "   Sources: {}", sources.join("; "));
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
    let _ = writeln!(s, "  If any of these signs appears, do not wait for your next visit:");
    for urgency in [Urgency::Emergency, Urgency::Soon] {
        for flag in kb.red_flags.iter().filter(|f| f.urgency == urgency) {
            let _ = writeln!(s, "  - [{}] {}", urgency_label(urgency), flag.text);
        }
    }
    if let Some(note) = result.notes.iter().find(|n| n.id == "education") {
        let _ = writeln!(s, "\n{}", note.text);
    }
    s
}
