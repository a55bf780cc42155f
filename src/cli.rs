//! The command line: `areas`, `lookup`, `exercises`, `validate`, `handout`, `history`, `figures`;
//! with no subcommand, the window.
//!
//! Every subcommand prints to the given writers and returns an exit code, so tests can run it in
//! process as well as through the binary.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

// The window's options and exit codes belong to the app; the command line only parses them.
pub use crate::app::args::{EXIT_FAILURE, EXIT_OK, EXIT_USAGE, LayerToggle, WindowArgs};
use crate::knowledge::{DataError, ExerciseKind, KnowledgeBase, PackReport, Position};
use crate::lookup::{self, ExerciseFilter, Selection};

/// Sciatica Explorer: where it hurts → plausible nerve sources and matching exercises.
#[derive(Debug, Parser)]
#[command(name = "sciatica-explorer", version, about, long_about = None)]
pub struct Cli {
    /// Add or amend content with a clinic pack in DIR (same format as data/; files may be a subset).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub window: WindowArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List every pain area id and its label.
    Areas {
        #[arg(long)]
        json: bool,
    },
    /// Rank plausible sources and exercises for pain areas, e.g. `lookup left.buttock left.lateral_foot@7+numb`.
    Lookup {
        /// Pain areas as `AREA[@INTENSITY][+numb]`: intensity 0–10; `+numb` marks numbness or tingling.
        #[arg(required = true, value_name = "AREA[@INTENSITY][+numb]")]
        areas: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// List exercises and advice, optionally filtered.
    Exercises {
        #[arg(long)]
        json: bool,
        /// Only those targeting this id (muscle, nerve, root, cause or area, e.g. `piriformis`).
        #[arg(long)]
        target: Option<String>,
        /// Only this body position.
        #[arg(long, value_parser = parse_position)]
        position: Option<Position>,
        /// Only those using this equipment (`none` for no equipment).
        #[arg(long)]
        equipment: Option<String>,
        /// Only this kind (stretch, nerve_glide, strengthening, release, mobility, posture, advice).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<ExerciseKind>,
        /// Only those that can be done in bed.
        #[arg(long)]
        in_bed: bool,
        /// Words to search for in names and steps.
        #[arg(long)]
        search: Option<String>,
    },
    /// Check a clinic pack over the built-in data (default: the built-in data alone), and the
    /// drawing against it; lists every error and exits 1 if any, else says what the pack adds and
    /// amends. A pack may not weaken a built-in red flag or caution.
    Validate {
        /// The clinic pack directory (files may be a subset of data/); or give it with --data (not both).
        dir: Option<PathBuf>,
    },
    /// Write the printable patient handout (HTML) of a saved session, e.g. `handout visit.json -o visit.html`.
    Handout {
        /// The session file saved from the window.
        #[arg(value_name = "SESSION.json")]
        session: PathBuf,
        /// Where to write the page (replaced atomically); without it the page goes to standard output.
        #[arg(short, long, value_name = "FILE.html")]
        output: Option<PathBuf>,
        /// The visit to print: its number (1 = the first) or its date (YYYY-MM-DD); default the latest.
        #[arg(long, value_name = "N|DATE")]
        visit: Option<String>,
    },
    /// The patient's visits over time: a timeline, what changed between consecutive visits and
    /// whether the pain is moving up towards the back (centralising) or down the leg.
    History {
        /// The session file saved from the window.
        #[arg(value_name = "SESSION.json")]
        session: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Write each exercise's key poses (start, middle, end) as SVG pictures into DIR, e.g.
    /// `figures -o figures/` or `figures --id cat_cow -o figures/`: every key pose as SVG, and a
    /// PNG contact sheet of them all (`contact-sheet.png`).
    Figures {
        /// Only this exercise (its id, as `exercises` lists them).
        #[arg(long, value_name = "ID")]
        id: Option<String>,
        /// The directory to write the pictures to (made if missing; files replaced atomically).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
    /// The hidden packaging subcommands `man` and `completions` (see [`crate::install`]).
    #[command(flatten)]
    Install(crate::install::InstallCommand),
    /// Regenerate the drawing `assets/body_map.toml` from its generator (src/geometry/art), or
    /// with --check exit 1 if the file is not its output. A developer tool, hidden from help.
    #[command(hide = true)]
    GenerateArt {
        /// Compare instead of writing.
        #[arg(long)]
        check: bool,
        /// The file (default: assets/body_map.toml of the source tree the binary was built from).
        path: Option<PathBuf>,
    },
}

fn parse_enum<T: serde::de::DeserializeOwned>(text: &str, what: &str, all: &[&str]) -> Result<T, String> {
    let quoted = serde_json::Value::String(text.trim().to_lowercase().replace('-', "_"));
    serde_json::from_value(quoted).map_err(|_| format!("unknown {what} `{text}`; one of: {}", all.join(", ")))
}

fn parse_position(text: &str) -> Result<Position, String> {
    parse_enum(
        text,
        "position",
        &["supine", "prone", "seated", "standing", "kneeling", "quadruped", "side_lying", "any"],
    )
}

fn parse_kind(text: &str) -> Result<ExerciseKind, String> {
    parse_enum(text, "kind", &["stretch", "nerve_glide", "strengthening", "release", "mobility", "posture", "advice"])
}

/// Loads the built-in pack, overlaid with the clinic pack named by `--data` if any.
pub fn load_knowledge(data: Option<&std::path::Path>) -> Result<KnowledgeBase, Vec<DataError>> {
    load_knowledge_report(data).map(|(kb, _)| kb)
}

/// [`load_knowledge`], with what the clinic pack changed (nothing without one).
fn load_knowledge_report(data: Option<&std::path::Path>) -> Result<(KnowledgeBase, PackReport), Vec<DataError>> {
    match data {
        Some(dir) => KnowledgeBase::with_pack_report(dir),
        None => KnowledgeBase::builtin().map(|kb| (kb, PackReport::default())),
    }
}

fn report_errors(err: &mut dyn Write, errors: &[DataError]) {
    print_errors(err, errors);
    let _ = writeln!(err, "{} error{} in the data pack", errors.len(), if errors.len() == 1 { "" } else { "s" });
}

/// One `error:` line per error, at most [`crate::export::MAX_REPORTED_ERRORS`] of them, then
/// "… and N more errors". A list that already ends with such a line (a session's) is shown whole.
pub fn print_errors(err: &mut dyn Write, errors: &[impl std::fmt::Display]) {
    let cap = crate::export::MAX_REPORTED_ERRORS;
    let shown = if errors.len() > cap + 1 { cap } else { errors.len() };
    for e in &errors[..shown] {
        let _ = writeln!(err, "error: {e}");
    }
    if shown < errors.len() {
        let _ = writeln!(err, "error: {}", crate::export::more_errors(errors.len() - shown));
    }
}

/// Runs a subcommand as the binary does: everything printed goes through [`TerminalOutput`]
/// (control characters escaped), and a failed write to `out` (a full disk) is reported on `err`
/// with exit code 1. A closed pipe (`| head`) is not a failure: the reader has what it wanted,
/// so the code stays as it was and nothing is said.
pub fn run(data: Option<&std::path::Path>, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut out = TerminalOutput::new(out);
    let mut err = TerminalOutput::new(err);
    let code = run_command(data, command, &mut out, &mut err);
    let _ = out.flush();
    let code = match out.take_error() {
        Some(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            let _ = writeln!(err, "error: cannot write to standard output: {e}");
            if code == 0 { 1 } else { code }
        }
        _ => code,
    };
    let _ = err.flush();
    code
}

/// A writer for the terminal (or whatever standard output is): control characters in the text
/// are escaped (see [`crate::report::escape_controls`]), and the first write error is kept for
/// the caller to check once at the end, while later writes are dropped. Every write reports
/// success, so no command needs its own error path for output.
pub struct TerminalOutput<'a> {
    inner: &'a mut dyn Write,
    /// The end of a character split between two writes.
    pending: Vec<u8>,
    error: Option<std::io::Error>,
}

impl<'a> TerminalOutput<'a> {
    /// Wraps `inner` (standard output or standard error).
    pub fn new(inner: &'a mut dyn Write) -> Self {
        TerminalOutput { inner, pending: Vec::new(), error: None }
    }

    /// The first write or flush error, if any.
    pub fn take_error(&mut self) -> Option<std::io::Error> {
        self.error.take()
    }

    fn emit(&mut self, bytes: &[u8]) {
        if self.error.is_some() || bytes.is_empty() {
            return;
        }
        let text = String::from_utf8_lossy(bytes);
        if let Err(e) = self.inner.write_all(crate::report::escape_controls(&text).as_bytes()) {
            self.error = Some(e);
        }
    }
}

impl Write for TerminalOutput<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let complete = match std::str::from_utf8(&self.pending) {
            // A character cut at the end waits for its other bytes.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            _ => self.pending.len(),
        };
        let ready: Vec<u8> = self.pending.drain(..complete).collect();
        self.emit(&ready);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let rest = std::mem::take(&mut self.pending);
        self.emit(&rest);
        if self.error.is_none()
            && let Err(e) = self.inner.flush()
        {
            self.error = Some(e);
        }
        Ok(())
    }
}

/// Runs a subcommand; returns the process exit code.
pub fn run_command(data: Option<&std::path::Path>, command: &Command, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    if let Command::Install(command) = command {
        return crate::install::run(command, out, err);
    }
    if let Command::GenerateArt { check, path } = command {
        return crate::geometry::art::run(*check, path.as_deref(), err);
    }
    if let Command::Validate { dir } = command {
        // One pack is checked: two different ones would leave the user guessing which it was.
        if let (Some(given), Some(data)) = (dir.as_deref(), data)
            && given != data
        {
            let _ = writeln!(
                err,
                "error: `validate {}` and `--data {}` name two different packs; validate checks one: give it as `validate DIR` or as `--data DIR validate`",
                given.display(),
                data.display()
            );
            return EXIT_USAGE;
        }
        let dir = dir.as_deref().or(data);
        return match load_knowledge_report(dir) {
            Ok((kb, report)) => {
                // A pack's exercise figures are checked against the content they draw.
                if let Err(errors) = crate::figures::FigureSet::load(&kb, dir) {
                    report_errors(err, &errors);
                    return 1;
                }
                // The handout and the window draw the pack: what the drawing cannot show is an
                // error here too, not only when a clinician first opens it.
                if let Err(errors) = crate::geometry::BodyMap::for_knowledge(&kb) {
                    for e in &errors {
                        let _ = writeln!(err, "error: {e}");
                    }
                    let _ = writeln!(err, "the body map does not fit this data pack");
                    return 1;
                }
                let counts = kb.counts_in_words();
                // With a pack, what it changes comes first: that is what its author wants to check.
                let _ = match dir {
                    Some(dir) => writeln!(out, "ok: {} — {report}; with the built-in data: {counts}", dir.display()),
                    None => writeln!(out, "ok: built-in data — {counts}"),
                };
                0
            }
            Err(errors) => {
                report_errors(err, &errors);
                1
            }
        };
    }
    let kb = match load_knowledge(data) {
        Ok(kb) => kb,
        Err(errors) => {
            report_errors(err, &errors);
            return EXIT_USAGE;
        }
    };
    match command {
        Command::Areas { json } => print_areas(&kb, *json, out),
        Command::Lookup { areas, json } => match Selection::parse_args(&kb, areas) {
            Ok(selection) => {
                let result = lookup::lookup(&kb, &selection);
                if *json {
                    print_json(out, &result)
                } else {
                    let _ = out.write_all(crate::report::lookup_text(&kb, &result).as_bytes());
                    0
                }
            }
            Err(e) => {
                let _ = writeln!(err, "error: {e}");
                // The list of ids helps with an unknown id, not with a bad intensity.
                if !e.suggestions.is_empty() {
                    let _ = writeln!(err, "run `sciatica-explorer areas` to list every area id");
                }
                EXIT_USAGE
            }
        },
        Command::Exercises { json, target, position, equipment, kind, in_bed, search } => {
            // A sided area (`left.buttock`) targets the exercises of its base area, as in `lookup`.
            let target = target.as_deref().map(|t| sided_area_base(&kb, t).unwrap_or_else(|| t.to_string()));
            if let Err(message) = check_filter_ids(&kb, target.as_deref(), equipment.as_deref()) {
                let _ = writeln!(err, "error: {message}");
                return EXIT_USAGE;
            }
            let filter = ExerciseFilter {
                target,
                kind: *kind,
                position: *position,
                equipment: equipment.clone(),
                search: search.clone().unwrap_or_default(),
                in_bed: *in_bed,
            };
            let list = lookup::filter_exercises(&kb, &filter);
            if *json {
                print_json(out, &list)
            } else {
                let _ = out.write_all(crate::report::exercises_text(&kb, &list).as_bytes());
                0
            }
        }
        Command::Handout { session, output, visit } => {
            handout(&kb, data, session, output.as_deref(), visit.as_deref(), out, err)
        }
        Command::History { session, json } => history(&kb, session, *json, out, err),
        Command::Figures { id, output } => figures(&kb, data, id.as_deref(), output, out, err),
        Command::Validate { .. } | Command::Install(_) | Command::GenerateArt { .. } => 0,
    }
}

/// The base area id of a sided area id (`left.buttock` -> `buttock`), or `None` when `target`
/// is not one.
fn sided_area_base(kb: &KnowledgeBase, target: &str) -> Option<String> {
    if !target.contains('.') {
        return None;
    }
    crate::knowledge::AreaRef::parse(kb, target).ok().map(|area| area.base)
}

/// An unknown `--target` or `--equipment` is a typo, not a filter that matches nothing: it is
/// refused with the closest ids, as an unknown `--kind` is.
fn check_filter_ids(kb: &KnowledgeBase, target: Option<&str>, equipment: Option<&str>) -> Result<(), String> {
    if let Some(target) = target {
        let ids: std::collections::BTreeSet<String> = kb
            .muscles
            .iter()
            .map(|r| r.id.clone())
            .chain(kb.nerves.iter().map(|r| r.id.clone()))
            .chain(kb.roots.iter().map(|r| r.id.clone()))
            .chain(kb.causes.iter().map(|r| r.id.clone()))
            .chain(kb.areas.iter().map(|r| r.id.clone()))
            .chain(crate::knowledge::all_area_refs(kb).iter().map(crate::knowledge::AreaRef::key))
            .chain(kb.exercises.iter().flat_map(|e| {
                let t = &e.targets;
                [&t.muscles, &t.nerves, &t.roots, &t.causes, &t.areas].into_iter().flatten().cloned()
            }))
            .collect();
        if !ids.contains(target) {
            let suggestions = lookup::closest(target, ids.into_iter(), 3);
            return Err(format!(
                "unknown target `{target}`; did you mean {}? (a muscle, nerve, root, cause or area id)",
                suggestions.join(", ")
            ));
        }
    }
    if let Some(equipment) = equipment {
        let mut all: std::collections::BTreeSet<String> =
            kb.exercises.iter().flat_map(|e| e.equipment.iter().cloned()).collect();
        all.insert("none".to_string());
        if !all.contains(equipment) {
            let suggestions = lookup::closest(equipment, all.iter().cloned(), 3);
            let all: Vec<String> = all.into_iter().collect();
            return Err(format!(
                "unknown equipment `{equipment}`; did you mean {}? One of: {}",
                suggestions.join(", "),
                all.join(", ")
            ));
        }
    }
    Ok(())
}

/// `handout SESSION.json [-o FILE.html]`: a bad session is bad input (exit 2); a drawing that
/// does not load or a file that cannot be written is a failure (exit 1).
fn handout(
    kb: &KnowledgeBase,
    data: Option<&std::path::Path>,
    session: &std::path::Path,
    output: Option<&std::path::Path>,
    visit: Option<&str>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    use crate::export::{self, handout};
    if let Some(path) = output
        && let Err(message) = check_handout_output(session, path)
    {
        let _ = writeln!(err, "error: {message}");
        return EXIT_USAGE;
    }
    // An exercise the loaded content does not know is listed as such, not refused: the
    // clinician's plan is printed whole.
    let mut saved = match export::session::open_with(kb, session, export::session::UnknownExercises::Keep) {
        Ok(saved) => saved,
        Err(errors) => {
            print_errors(err, &errors);
            return EXIT_USAGE;
        }
    };
    let today = crate::text::today();
    if let Some(visit) = visit {
        let dates: Vec<String> = saved.visits(&today).into_iter().map(|v| v.date).collect();
        match choose_visit(&dates, visit) {
            Ok(index) => {
                saved.plan.edit_visit(&mut saved.areas, index, &today);
            }
            Err(message) => {
                let _ = writeln!(err, "error: {}: {message}", session.display());
                return EXIT_USAGE;
            }
        }
    }
    let map = match crate::geometry::BodyMap::for_knowledge(kb) {
        Ok(map) => map,
        Err(errors) => {
            print_errors(err, &errors);
            let _ = writeln!(err, "the body map does not fit this data pack");
            return 1;
        }
    };
    // Dated with its visit (today's, for a visit never dated), the usual course of the nerve.
    let options = handout::HandoutOptions {
        date: saved.plan.visit_date.clone().unwrap_or(today),
        ..handout::HandoutOptions::default()
    };
    // The pack's figures over the built-in ones; a bad figure is bad input, as in `figures`.
    let figures = match crate::figures::FigureSet::load(kb, data) {
        Ok(set) => set,
        Err(errors) => {
            report_errors(err, &errors);
            return EXIT_USAGE;
        }
    };
    let html = handout::handout_html_with_figures(kb, &map, &saved.areas, &saved.plan, &options, &figures);
    let Some(path) = output else {
        return match out.write_all(html.as_bytes()) {
            Ok(()) => 0,
            Err(e) => {
                let _ = writeln!(err, "error: cannot write the handout to standard output: {e}");
                1
            }
        };
    };
    match export::write_atomic(path, html.as_bytes()) {
        Ok(()) => {
            let (n, m) = (saved.plan.exercises.len(), saved.areas.len());
            let _ = writeln!(
                out,
                "wrote {} ({n} exercise{}, {m} area{})",
                path.display(),
                if n == 1 { "" } else { "s" },
                if m == 1 { "" } else { "s" }
            );
            0
        }
        Err(e) => {
            let _ = writeln!(err, "error: cannot write {}: {e}", path.display());
            1
        }
    }
}

/// The index of the visit `which` names among visits dated `dates`: its number (1 = the first)
/// or its date (`YYYY-MM-DD`, which must be one visit's).
fn choose_visit(dates: &[String], which: &str) -> Result<usize, String> {
    use crate::progress::VisitNotFound;
    let count = match dates.len() {
        1 => "1 visit".to_string(),
        n => format!("{n} visits"),
    };
    crate::progress::find_visit(dates, which).map_err(|e| match e {
        VisitNotFound::NoSuchNumber(n) => format!("there is no visit {n}: the file holds {count}, numbered from 1"),
        VisitNotFound::NoneOn(day) => format!("no visit on {day}; the visits are on {}", dates.join(", ")),
        VisitNotFound::SeveralOn(day, several) => format!(
            "{} visits on {day}: give the number of the one to print ({several})",
            several.split(" or ").count()
        ),
        other => other.to_string(),
    })
}

/// `history SESSION.json [--json]`: the timeline, the changes between consecutive visits and the
/// verdict. A bad session is bad input (exit 2).
fn history(kb: &KnowledgeBase, session: &std::path::Path, json: bool, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    use crate::progress;
    // The plan does not matter here: an exercise of a clinic pack not loaded is no reason to refuse.
    let saved = match crate::export::session::open_with(kb, session, crate::export::session::UnknownExercises::Keep) {
        Ok(saved) => saved,
        Err(errors) => {
            print_errors(err, &errors);
            return EXIT_USAGE;
        }
    };
    let visits = saved.visits(&crate::text::today());
    // Extents need the drawing; without it (a pack the drawing does not fit) they are left out.
    let sizes = crate::geometry::BodyMap::for_knowledge(kb).ok().map(|map| progress::AreaSizes::from_map(&map));
    let summaries = progress::summaries(kb, sizes.as_ref(), &visits);
    let verdict = progress::verdict(kb, &summaries);
    let changes: Vec<(usize, Vec<progress::AreaChange>)> =
        visits.windows(2).enumerate().map(|(i, pair)| (i + 1, progress::compare(kb, &pair[0], &pair[1]))).collect();
    if json {
        let value = serde_json::json!({
            "patient": saved.plan.patient,
            "visits": summaries.iter().enumerate().map(|(i, s)| {
                let mut v = serde_json::to_value(s).unwrap_or_default();
                if let Some(object) = v.as_object_mut() {
                    object.insert("number".to_string(), (i + 1).into());
                }
                v
            }).collect::<Vec<_>>(),
            "changes": changes.iter().map(|(from, areas)| serde_json::json!({
                "from": from,
                "to": from + 1,
                "from_date": visits[from - 1].date,
                "to_date": visits[*from].date,
                "areas": areas,
            })).collect::<Vec<_>>(),
            "verdict": verdict,
            "latest_red_flags": visits.last().map(|visit| {
                crate::report::visit_lookup(kb, &visit.areas, &visit.red_flags).red_flags
            }).unwrap_or_default(),
            "latest_unsure": visits.last().map(|visit| {
                visit.red_flags.iter().filter(|a| a.answer == crate::session::Answer::Unsure)
                    .map(|a| a.id.clone()).collect::<Vec<_>>()
            }).unwrap_or_default(),
        });
        return print_json(out, &value);
    }
    // An emergency comes before everything else: the latest visit's red flags head the history.
    let latest = visits.last().map(|visit| {
        let result = crate::report::visit_lookup(kb, &visit.areas, &visit.red_flags);
        (visit.date.as_str(), result)
    });
    if let Some((date, result)) = latest.as_ref().filter(|(_, result)| !result.red_flags.is_empty()) {
        let _ = writeln!(
            out,
            "RED FLAGS RAISED BY {} AT THE LATEST VISIT ({})\n{}",
            crate::report::raised_by_words(result, false).to_uppercase(),
            crate::progress::day_month(date, ""),
            crate::report::red_flag_lines(kb, result)
        );
    }
    // An answer the patient was unsure of raises nothing, but it is not settled: said next.
    if let Some(visit) = visits.last() {
        let unsure = crate::report::unsure_lines(kb, &visit.red_flags);
        if !unsure.is_empty() {
            let date = crate::progress::day_month(&visit.date, "");
            let _ = writeln!(out, "SIGNS NOT SETTLED AT THE LATEST VISIT ({date})\n{unsure}");
        }
    }
    let _ = writeln!(out, "{}", history_text(kb, &saved.plan.patient, &visits, &summaries, &verdict));
    0
}

/// The history as text: the timeline, the changes, the verdict.
fn history_text(
    kb: &KnowledgeBase,
    patient: &str,
    visits: &[crate::session::Visit],
    summaries: &[crate::progress::VisitSummary],
    verdict: &crate::progress::Verdict,
) -> String {
    use crate::progress::{change_lines, day_month, share_words};
    use std::fmt::Write as _;
    let mut s = String::new();
    if !patient.trim().is_empty() {
        let _ = writeln!(s, "Patient: {}", patient.trim());
    }
    let _ = writeln!(s, "{} visit{}", visits.len(), if visits.len() == 1 { "" } else { "s" });
    let _ = writeln!(s, "\nTIMELINE");
    for (i, summary) in summaries.iter().enumerate() {
        let mut parts = Vec::new();
        parts.push(summary.worst.map_or("pain not rated".to_string(), |w| format!("worst pain {w}/10")));
        if let Some(mean) = summary.mean {
            parts.push(format!("average {mean:.1}/10"));
        }
        parts.push(format!("{} area{}", summary.areas, if summary.areas == 1 { "" } else { "s" }));
        match summary.extent {
            Some(extent) if extent > 0.0 => parts.push(format!("{} of the leg", share_words(extent))),
            Some(_) => parts.push("nothing on the leg".to_string()),
            None => {}
        }
        parts.push(match summary.level {
            Some(level) => format!("down to the {} ({})", level.label(), summary.level_areas.join(", ")),
            None => "no symptoms marked".to_string(),
        });
        let _ = writeln!(s, "  {:>2}. {:<12} {}", i + 1, day_month(&summary.date, ""), parts.join("; "));
    }
    if visits.len() > 1 {
        let _ = writeln!(s, "\nCHANGES");
        for (i, pair) in visits.windows(2).enumerate() {
            let _ = writeln!(
                s,
                "  {} ({}) to {} ({})",
                i + 1,
                day_month(&pair[0].date, ""),
                i + 2,
                day_month(&pair[1].date, "")
            );
            for line in change_lines(kb, &pair[0], &pair[1]) {
                let _ = writeln!(s, "    {line}");
            }
        }
    }
    let _ = writeln!(s, "\nOVER ALL VISITS");
    let _ = write!(s, "  {}", verdict.sentence);
    s
}

/// `figures [--id ID] -o DIR`: each pose as SVG and a PNG contact sheet of them all
/// ([`CONTACT_SHEET`]). An unknown id is bad input (exit 2, with the closest ids); an
/// exercise without a figure yet, or a file that cannot be written, is a failure (exit 1).
fn figures(
    kb: &KnowledgeBase,
    data: Option<&std::path::Path>,
    id: Option<&str>,
    output: &std::path::Path,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let set = match crate::figures::FigureSet::load(kb, data) {
        Ok(set) => set,
        Err(errors) => {
            report_errors(err, &errors);
            return EXIT_USAGE;
        }
    };
    let chosen: Vec<&crate::figures::Figure> = match id {
        Some(id) => {
            if kb.exercise(id).is_none() {
                let suggestions = lookup::closest(id, kb.exercises.iter().map(|e| e.id.to_string()), 3);
                let _ = writeln!(err, "error: unknown exercise `{id}`; did you mean {}?", suggestions.join(", "));
                let _ = writeln!(err, "run `sciatica-explorer exercises` to list every exercise");
                return EXIT_USAGE;
            }
            match set.get(id) {
                Some(figure) => vec![figure],
                None => {
                    let _ = writeln!(err, "error: the exercise `{id}` has no figure yet");
                    return 1;
                }
            }
        }
        None => set.figures.iter().collect(),
    };
    if let Err(e) = std::fs::create_dir_all(output) {
        let _ = writeln!(err, "error: cannot make the directory {}: {e}", output.display());
        return 1;
    }
    let (mut written, mut drawn, mut without) = (0, 0, Vec::new());
    let mut figures_drawn = Vec::new();
    for figure in chosen {
        let record = &figure.record;
        if let Some(reason) = figure.no_figure() {
            without.push(format!("{} ({reason})", record.id));
            continue;
        }
        figures_drawn.push(figure);
        let name = kb.exercise(&record.id).map_or(record.id.as_str(), |e| &*e.name);
        let pictures = figure.pictures(&crate::figures::FIGURE_STYLE);
        let total = pictures.len();
        for (n, picture) in pictures.iter().enumerate() {
            let slug: String = picture
                .name
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
                .collect();
            let path = output.join(format!("{}-{}-{slug}.svg", record.id, n + 1));
            let title = format!("{name}: {} ({} of {total})", picture.name, n + 1);
            if let Err(e) = crate::export::write_atomic(&path, picture.to_svg(&title, Some(480.0)).as_bytes()) {
                let _ = writeln!(err, "error: cannot write {}: {e}", path.display());
                return 1;
            }
            written += 1;
        }
        drawn += 1;
    }
    // Every pose of the chosen figures on one page, to look them over at a glance.
    let mut sheet = None;
    if drawn > 0 {
        let path = output.join(CONTACT_SHEET);
        let png = crate::figures::sheet::contact_sheet_png(
            kb,
            &figures_drawn,
            crate::figures::sheet::SHEET_WIDTH.round() as u32,
        );
        match png.and_then(|bytes| {
            crate::export::write_atomic(&path, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
        }) {
            Ok(()) => sheet = Some(path),
            Err(e) => {
                let _ = writeln!(err, "error: the contact sheet: {e}");
                return 1;
            }
        }
    }
    let _ = writeln!(
        out,
        "wrote {written} picture{} of {drawn} exercise{} to {}",
        if written == 1 { "" } else { "s" },
        if drawn == 1 { "" } else { "s" },
        output.display()
    );
    if let Some(path) = sheet {
        let _ = writeln!(out, "wrote the contact sheet of every pose to {}", path.display());
    }
    for line in without {
        let _ = writeln!(out, "no figure on purpose: {line}");
    }
    0
}

/// The file name of the contact sheet `figures` writes beside the pictures.
pub const CONTACT_SHEET: &str = "contact-sheet.png";

/// The handout must not replace its own session (`handout S.json -o S.json`, also through a link)
/// nor any other session file: a file that starts with `{` is JSON, not a page this command made.
fn check_handout_output(session: &std::path::Path, output: &std::path::Path) -> Result<(), String> {
    if crate::export::same_file(session, output) {
        return Err(format!(
            "the output {} is the session file itself; write the handout to another file, e.g. `-o handout.html`",
            output.display()
        ));
    }
    if looks_like_json(output) {
        return Err(format!(
            "{} holds JSON (a session file?); a handout never replaces it: choose another output file",
            output.display()
        ));
    }
    Ok(())
}

/// Whether `path` is a regular file whose first non-blank character (after any byte-order mark)
/// is `{`. Only the first kilobyte is read.
fn looks_like_json(path: &std::path::Path) -> bool {
    use std::io::Read as _;
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else { return false };
    if file.take(1024).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = head.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&head);
    head.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

fn print_json<T: serde::Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> i32 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => {
            let _ = writeln!(out, "{text}");
            0
        }
        Err(_) => 1,
    }
}

fn print_areas(kb: &KnowledgeBase, json: bool, out: &mut dyn Write) -> i32 {
    let refs = lookup::all_area_refs(kb);
    if json {
        let list: Vec<serde_json::Value> = refs
            .iter()
            .map(|r| {
                let def = kb.area(&r.base);
                serde_json::json!({
                    "id": r.key(),
                    "base": r.base,
                    "side": r.side,
                    "label": r.label(kb),
                    "views": def.map(|d| d.views.clone()).unwrap_or_default(),
                    "region": def.map(|d| d.region),
                })
            })
            .collect();
        return print_json(out, &list);
    }
    let width = refs.iter().map(|r| r.key().len()).max().unwrap_or(0);
    for r in &refs {
        let _ = writeln!(out, "{:width$}  {}", r.key(), r.label(kb));
    }
    0
}
