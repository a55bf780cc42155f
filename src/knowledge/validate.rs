//! Cross-record validation: unique ids, references that resolve, weights in range, and a citation
//! on every claim-bearing record. Every problem is reported, each with its file, line and field.

use std::collections::{HashMap, HashSet};

use super::ParsedPack;
use super::load::{DataError, FieldSpans, Located, Site, SourceText};
use super::model::*;

/// Collects errors, placing each in the text its record came from (a built-in file or a clinic
/// pack's file: records of one kind can come from both).
pub(super) struct Checker<'a> {
    pub texts: &'a [SourceText],
    pub errors: &'a mut Vec<DataError>,
}

/// The path of `field` inside its record: `links[2].weight` for `area[sacrum].links[2].weight`.
fn path_in_record(field: &str) -> &str {
    match field.find(']') {
        Some(end) => field[end + 1..].trim_start_matches('.'),
        None => "",
    }
}

impl Checker<'_> {
    /// Reports `message` at `field` where the record writes it, else at the first mention of
    /// `needle` in the record, else at the record's start (see [`SourceText::locate`]).
    pub fn at(&mut self, site: Site<'_>, needle: &str, field: String, message: String) {
        match self.texts.get(site.text) {
            Some(text) => {
                let offset = text.locate(site, path_in_record(&field), needle);
                self.errors.push(text.error_at(offset, field, message));
            }
            // Unreachable while records are parsed from the pack's own texts; still an error, not
            // a panic, should that ever break.
            None => self.errors.push(DataError { file: String::new(), line: 0, column: 0, field, message }),
        }
    }

    /// The value of `field` as the record writes it (`1e-300`), if it does.
    pub fn written(&self, site: Site<'_>, field: &str) -> Option<&str> {
        let text = self.texts.get(site.text)?;
        let span = FieldSpans::of_record(&text.text, site.span).exact(path_in_record(field))?;
        text.slice(&span).map(str::trim)
    }

    /// Reports a weight or prior outside `MIN_WEIGHT..=1`, shown as written: `1e-300` is not "0".
    fn weight(&mut self, site: Site<'_>, needle: &str, field: String, what: &str, value: f32) {
        if weight_ok(value) {
            return;
        }
        let shown = self.written(site, &field).map_or_else(|| format!("{value:e}"), str::to_string);
        let message = format!("{what} {shown} must be between {MIN_WEIGHT} and 1");
        self.at(site, needle, field, message);
    }
}

/// Ids of one kind, with where the first of each was defined.
fn ids<T>(records: &[Located<T>], id: impl Fn(&T) -> &str) -> HashSet<String> {
    records.iter().map(|r| id(&r.value).to_string()).collect()
}

fn unique<T>(check: &mut Checker<'_>, kind: &str, records: &[Located<T>], id: impl Fn(&T) -> &str) {
    let mut seen = HashSet::new();
    for record in records {
        let id = id(&record.value);
        if id.trim().is_empty() {
            check.at(record.site(), "", format!("{kind}[?].id"), "id must not be empty".into());
        } else if !seen.insert(id.to_string()) {
            check.at(record.site(), id, format!("{kind}[{id}].id"), format!("duplicate {kind} id `{id}`"));
        }
    }
}

/// The smallest weight or prior: below it a link is noise (and `1e-300` would read as 0).
pub const MIN_WEIGHT: f32 = 0.01;

fn weight_ok(weight: f32) -> bool {
    weight.is_finite() && (MIN_WEIGHT..=1.0).contains(&weight)
}

/// Checks a citation list: non-empty when `required`, every id a known source.
fn cites(
    check: &mut Checker<'_>,
    site: Site<'_>,
    field: &str,
    cites: &[Citation],
    sources: &HashSet<String>,
    required: bool,
) {
    if required && cites.is_empty() {
        check.at(site, "", format!("{field}.cites"), "must cite at least one source".into());
    }
    for (i, cite) in cites.iter().enumerate() {
        if !sources.contains(&*cite.id) {
            check.at(site, &cite.id, format!("{field}.cites[{i}]"), format!("unknown source `{}`", cite.id));
        }
    }
}

fn refs(check: &mut Checker<'_>, site: Site<'_>, field: String, what: &str, ids: &[String], known: &HashSet<String>) {
    for (i, id) in ids.iter().enumerate() {
        if !known.contains(id) {
            check.at(site, id, format!("{field}[{i}]"), format!("unknown {what} `{id}`"));
        }
    }
}

fn non_empty(check: &mut Checker<'_>, site: Site<'_>, field: String, value: &str) {
    if value.trim().is_empty() {
        check.at(site, "", field, "must not be empty".into());
    }
}

/// The ids that cross-references are checked against, one set per kind.
struct Known {
    sources: HashSet<String>,
    roots: HashSet<String>,
    nerves: HashSet<String>,
    muscles: HashSet<String>,
    causes: HashSet<String>,
    areas: HashSet<String>,
    /// Causes of kind `entrapment`.
    entrapments: HashSet<String>,
}

impl Known {
    fn of(pack: &ParsedPack) -> Known {
        Known {
            sources: ids(&pack.sources, |s| &s.id),
            roots: ids(&pack.roots, |r| &r.id),
            nerves: ids(&pack.nerves, |n| &n.id),
            muscles: ids(&pack.muscles, |m| &m.id),
            causes: ids(&pack.causes, |c| &c.id),
            areas: ids(&pack.areas, |a| &a.id),
            entrapments: pack
                .causes
                .iter()
                .filter(|c| c.value.kind == CauseKind::Entrapment)
                .map(|c| c.value.id.clone())
                .collect(),
        }
    }
}

/// Every problem of a parsed pack, one function per data file.
pub(super) fn validate(pack: &ParsedPack) -> Vec<DataError> {
    let mut errors = Vec::new();
    let known = Known::of(pack);
    let c = &mut Checker { texts: &pack.texts, errors: &mut errors };
    check_sources(c, pack);
    check_candidate_namespace(c, pack);
    check_roots(c, pack, &known);
    check_nerves(c, pack, &known);
    check_muscles(c, pack, &known);
    check_causes(c, pack, &known);
    check_exam_tests(c, pack, &known);
    check_red_flags(c, pack, &known);
    check_exercises(c, pack, &known);
    check_areas(c, pack, &known);
    check_notes(c, pack, &known);
    errors
}

/// `sources.toml`.
fn check_sources(c: &mut Checker<'_>, pack: &ParsedPack) {
    unique(c, "source", &pack.sources, |s| &s.id);
    for r in &pack.sources {
        let s = &r.value;
        non_empty(c, r.site(), format!("source[{}].title", s.id), &s.title);
        non_empty(c, r.site(), format!("source[{}].author", s.id), &s.author);
    }
}

/// Candidate ids share one namespace in look-up results, so they must not collide across kinds.
fn check_candidate_namespace(c: &mut Checker<'_>, pack: &ParsedPack) {
    let mut owner: HashMap<String, &str> = HashMap::new();
    let records = pack
        .roots
        .iter()
        .map(|r| ("root", &r.value.id, r.site()))
        .chain(pack.nerves.iter().map(|r| ("nerve", &r.value.id, r.site())))
        .chain(pack.muscles.iter().map(|r| ("muscle", &r.value.id, r.site())))
        .chain(pack.causes.iter().map(|r| ("cause", &r.value.id, r.site())));
    for (kind, id, site) in records {
        match owner.get(id.as_str()) {
            Some(first) if *first != kind => {
                c.at(site, id, format!("{kind}[{id}].id"), format!("id `{id}` is already used by a {first}"));
            }
            _ => {}
        }
        owner.entry(id.to_string()).or_insert(kind);
    }
}

/// `roots.toml`.
fn check_roots(c: &mut Checker<'_>, pack: &ParsedPack, known: &Known) {
    unique(c, "root", &pack.roots, |r| &r.id);
    for r in &pack.roots {
        let v = &r.value;
        let f = format!("root[{}]", v.id);
        non_empty(c, r.site(), format!("{f}.skin_area"), &v.skin_area);
        non_empty(c, r.site(), format!("{f}.key_sensory_point"), &v.key_sensory_point);
        cites(c, r.site(), &f, &v.cites, &known.sources, true);
    }
}

/// `nerves.toml`.
fn check_nerves(c: &mut Checker<'_>, pack: &ParsedPack, known: &Known) {
    unique(c, "nerve", &pack.nerves, |n| &n.id);
    let parents: HashMap<&str, &str> =
        pack.nerves.iter().filter_map(|n| n.value.parent.as_deref().map(|p| (n.value.id.as_str(), p))).collect();
    for r in &pack.nerves {
        let v = &r.value;
        let f = format!("nerve[{}]", v.id);
        refs(c, r.site(), format!("{f}.roots"), "root", &v.roots, &known.roots);
        if v.roots.is_empty() {
            c.at(r.site(), "", format!("{f}.roots"), "must list at least one root".into());
        }
        for (i, account) in v.root_accounts.iter().enumerate() {
            refs(c, r.site(), format!("{f}.root_accounts[{i}].roots"), "root", &account.roots, &known.roots);
            cites(c, r.site(), &format!("{f}.root_accounts[{i}]"), &account.cites, &known.sources, true);
        }
        if let Some(parent) = &v.parent {
            if !known.nerves.contains(parent) {
                c.at(r.site(), parent, format!("{f}.parent"), format!("unknown nerve `{parent}`"));
            }
            // Walk up; a chain longer than the nerve count is a cycle.
            let mut at = v.id.as_str();
            for _ in 0..=pack.nerves.len() {
                match parents.get(at) {
                    Some(p) => at = p,
                    None => break,
                }
                if at == v.id {
                    c.at(r.site(), parent, format!("{f}.parent"), "parent chain forms a cycle".into());
                    break;
                }
            }
        }
        refs(c, r.site(), format!("{f}.supplies"), "muscle", &v.supplies, &known.muscles);
        cites(c, r.site(), &f, &v.cites, &known.sources, true);
    }
    check_sciatic_trunk(c, pack);
}

/// `muscles.toml`.
fn check_muscles(c: &mut Checker<'_>, pack: &ParsedPack, known: &Known) {
    unique(c, "muscle", &pack.muscles, |m| &m.id);
    for r in &pack.muscles {
        let v = &r.value;
        let f = format!("muscle[{}]", v.id);
        if let Some(nerve) = &v.nerve
            && !known.nerves.contains(nerve)
        {
            c.at(r.site(), nerve, format!("{f}.nerve"), format!("unknown nerve `{nerve}`"));
        }
        cites(c, r.site(), &f, &v.cites, &known.sources, true);
    }
}

/// `causes.toml`.
fn check_causes(c: &mut Checker<'_>, pack: &ParsedPack, known: &Known) {
    unique(c, "cause", &pack.causes, |x| &x.id);
    for r in &pack.causes {
        let v = &r.value;
        let f = format!("cause[{}]", v.id);
        c.weight(r.site(), "", format!("{f}.prior"), "prior", v.prior);
        refs(c, r.site(), format!("{f}.muscles"), "muscle", &v.muscles, &known.muscles);
        for (i, link) in v.acts_on.iter().enumerate() {
            if !known.roots.contains(&link.target) && !known.nerves.contains(&link.target) {
                c.at(
                    r.site(),
                    &link.target,
                    format!("{f}.acts_on[{i}].target"),
                    format!("unknown root or nerve `{}`", link.target),
                );
            }
            c.weight(r.site(), &link.target, format!("{f}.acts_on[{i}].weight"), "weight", link.weight);
        }
        let conditions = v.needs.iter().map(|n| (format!("{f}.needs"), n));
        let against = v.against.iter().enumerate().map(|(i, n)| (format!("{f}.against[{i}]"), n));
        for (field, condition) in conditions.chain(against) {
            refs(c, r.site(), format!("{field}.areas"), "area", &condition.areas, &known.areas);
            if condition.areas.is_empty() && condition.regions.is_empty() {
                c.at(r.site(), "", field.clone(), "must name at least one area or region".into());
            }
            if !(condition.factor.is_finite() && condition.factor > 0.0 && condition.factor < 1.0) {
                c.at(
                    r.site(),
                    "factor",
                    format!("{field}.factor"),
                    format!("factor {} must be in (0, 1)", condition.factor),
                );
            }
            non_empty(c, r.site(), format!("{field}.why"), &condition.why);
        }
        cites(c, r.site(), &f, &v.cites, &known.sources, true);
    }
}

/// `exam_tests.toml`.
fn check_exam_tests(c: &mut Checker<'_>, pack: &ParsedPack, known: &Known) {
    unique(c, "exam_test", &pack.exam_tests, |x| &x.id);
    for r in &pack.exam_tests {
        let v = &r.value;
        let f = format!("exam_test[{}]", v.id);
        non_empty(c, r.site(), format!("{f}.name"), &v.name);
        non_empty(c, r.site(), format!("{f}.how"), &v.how);
        non_empty(c, r.site(), format!("{f}.finding"), &v.finding);
        if v.points_to.is_empty() {
            c.at(r.site(), "", format!("{f}.points_to"), "must name at least one root, nerve or cause".into());
        }
        for (i, id) in v.points_to.iter().enumerate() {
            if !known.roots.contains(id) && !known.nerves.contains(id) && !known.causes.contains(id) {
                c.at(r.site(), id, format!("{f}.points_to[{i}]"), format!("unknown root, nerve or cause `{id}`"));
            }
        }
        cites(c, r.site(), &f, &v.cites, &known.sources, true);
    }
}

/// `red_flags.toml`.
fn check_red_flags(c: &mut Checker<'_>, pack: &ParsedPack, known: &Known) {
    unique(c, "red_flag", &pack.red_flags, |x| &x.id);
    for r in &pack.red_flags {
        let v = &r.value;
        let f = format!("red_flag[{}]", v.id);
        non_empty(c, r.site(), format!("{f}.text"), &v.text);
        non_empty(c, r.site(), format!("{f}.advice"), &v.advice);
        if let Trigger::Areas { areas: list } = &v.trigger {
            refs(c, r.site(), format!("{f}.trigger.areas"), "area", list, &known.areas);
            if list.is_empty() {
                c.at(r.site(), "", format!("{f}.trigger.areas"), "must list at least one area".into());
            }
        }
        cites(c, r.site(), &f, &v.cites, &known.sources, true);
    }
}

/// `exercises.toml`.
fn check_exercises(c: &mut Checker<'_>, pack: &ParsedPack, known: &Known) {
    unique(c, "exercise", &pack.exercises, |x| &x.id);
    for r in &pack.exercises {
        let v = &r.value;
        let f = format!("exercise[{}]", v.id);
        non_empty(c, r.site(), format!("{f}.name"), &v.name);
        if v.steps.iter().all(|s| s.trim().is_empty()) {
            c.at(r.site(), "", format!("{f}.steps"), "must have at least one step".into());
        }
        let t = &v.targets;
        refs(c, r.site(), format!("{f}.targets.muscles"), "muscle", &t.muscles, &known.muscles);
        refs(c, r.site(), format!("{f}.targets.nerves"), "nerve", &t.nerves, &known.nerves);
        refs(c, r.site(), format!("{f}.targets.roots"), "root", &t.roots, &known.roots);
        refs(c, r.site(), format!("{f}.targets.causes"), "cause", &t.causes, &known.causes);
        refs(c, r.site(), format!("{f}.targets.areas"), "area", &t.areas, &known.areas);
        let cited: HashSet<&str> = v.cites.iter().map(|c| &*c.id).collect();
        for (i, dose) in v.dosage.iter().enumerate() {
            if !cited.contains(dose.source.as_str()) {
                c.at(
                    r.site(),
                    &dose.source,
                    format!("{f}.dosage[{i}].source"),
                    format!("dosage source `{}` is not among the exercise's cites", dose.source),
                );
            }
        }
        cites(c, r.site(), &f, &v.cites, &known.sources, true);
    }
}

/// `areas.toml`.
fn check_areas(c: &mut Checker<'_>, pack: &ParsedPack, known: &Known) {
    unique(c, "area", &pack.areas, |x| &x.id);
    for r in &pack.areas {
        let v = &r.value;
        let f = format!("area[{}]", v.id);
        if v.id.contains('.') {
            c.at(r.site(), &v.id, format!("{f}.id"), "a base id has no side prefix and no `.`".into());
        }
        non_empty(c, r.site(), format!("{f}.label"), &v.label);
        let allowed: Vec<String> = v.region.levels().iter().map(|l| format!("`{}`", l.as_str())).collect();
        match v.level_given {
            Some(level) if !v.region.levels().contains(&level) => c.at(
                r.site(),
                level.as_str(),
                format!("{f}.level"),
                format!(
                    "an area of region `{}` lies at level {} (the level says how far down the leg it is), not `{}`",
                    v.region.as_str(),
                    allowed.join(" or "),
                    level.as_str()
                ),
            ),
            None if v.region.levels().len() > 1 => c.at(
                r.site(),
                "",
                format!("{f}.level"),
                format!(
                    "an area of region `{}` needs `level = ...`, {} (how far down the leg it is, for following pain over visits)",
                    v.region.as_str(),
                    allowed.join(" or ")
                ),
            ),
            _ => {}
        }
        if v.views.is_empty() {
            c.at(r.site(), "", format!("{f}.views"), "must show in at least one view".into());
        }
        if v.links.is_empty() {
            c.at(r.site(), "", format!("{f}.links"), "must link to at least one source of pain".into());
        }
        let mut seen = HashSet::new();
        for (i, link) in v.links.iter().enumerate() {
            let lf = format!("{f}.links[{i}]");
            let resolves = match link.kind {
                LinkKind::Root => known.roots.contains(&link.target),
                LinkKind::Nerve => known.nerves.contains(&link.target),
                LinkKind::Muscle => known.muscles.contains(&link.target),
                LinkKind::Entrapment => known.entrapments.contains(&link.target),
                LinkKind::Cause => known.causes.contains(&link.target) && !known.entrapments.contains(&link.target),
            };
            if !resolves {
                let hint = if link.kind == LinkKind::Cause && known.entrapments.contains(&link.target) {
                    " (it is an entrapment: use kind = \"entrapment\")"
                } else if link.kind == LinkKind::Entrapment && known.causes.contains(&link.target) {
                    " (it is not an entrapment: use kind = \"cause\")"
                } else {
                    ""
                };
                c.at(
                    r.site(),
                    &link.target,
                    format!("{lf}.target"),
                    format!("unknown {} `{}`{hint}", link.kind.as_str(), link.target),
                );
            }
            c.weight(r.site(), &link.target, format!("{lf}.weight"), "weight", link.weight);
            if !seen.insert((link.kind, link.target.as_str())) {
                c.at(r.site(), &link.target, format!("{lf}.target"), format!("`{}` is linked twice", link.target));
            }
            cites(c, r.site(), &lf, &link.cites, &known.sources, true);
        }
    }
}

/// Exactly one nerve is the sciatic trunk (`sciatic = true`, no parent): the pathway stories and
/// teach mode start from it, and every other sciatic nerve is one of its branches.
fn check_sciatic_trunk(c: &mut Checker<'_>, pack: &ParsedPack) {
    let mut trunks = pack.nerves.iter().filter(|r| r.value.sciatic && r.value.parent.is_none());
    match trunks.next() {
        Some(first) => {
            for r in trunks {
                let id = &r.value.id;
                c.at(
                    r.site(),
                    "sciatic",
                    format!("nerve[{id}].sciatic"),
                    format!(
                        "a second sciatic nerve without a parent (`{}` is the sciatic nerve): a branch with `sciatic = true` names its `parent`",
                        first.value.id
                    ),
                );
            }
        }
        None => {
            if let Some(r) = pack.nerves.first() {
                let message = "no nerve is the sciatic nerve itself (`sciatic = true` and no `parent`): the pathway stories start from it";
                c.at(r.site(), "", format!("nerve[{}].sciatic", r.value.id), message.into());
            }
        }
    }
}

/// `notes.toml`: every note of [`NoteId::ALL`] once, and no other; the overlap note names two
/// roots and the plexus step has a title (no other note has either).
fn check_notes(c: &mut Checker<'_>, pack: &ParsedPack, known: &Known) {
    unique(c, "note", &pack.notes, |n| &n.id);
    for r in &pack.notes {
        let v = &r.value;
        let f = format!("note[{}]", v.id);
        let Some(note) = NoteId::of(&v.id) else {
            let names: Vec<&str> = NoteId::ALL.iter().map(|n| n.as_str()).collect();
            c.at(
                r.site(),
                &v.id,
                format!("{f}.id"),
                format!(
                    "unknown note `{}`; the notes are {} (the app decides where each is shown)",
                    v.id,
                    names.join(", ")
                ),
            );
            continue;
        };
        non_empty(c, r.site(), format!("{f}.text"), &v.text);
        refs(c, r.site(), format!("{f}.roots"), "root", &v.roots, &known.roots);
        match (note, v.roots.len()) {
            (NoteId::RootOverlap, 2) => {}
            (NoteId::RootOverlap, _) => {
                c.at(r.site(), "", format!("{f}.roots"), "must name the two roots whose overlap it explains".into());
            }
            (_, 0) => {}
            (_, _) => c.at(r.site(), "", format!("{f}.roots"), "only the `l5_s1_overlap` note names roots".into()),
        }
        match (note, &v.title) {
            (NoteId::SacralPlexus, Some(title)) => non_empty(c, r.site(), format!("{f}.title"), title),
            (NoteId::SacralPlexus, None) => {
                c.at(r.site(), "", format!("{f}.title"), "the pathway step needs a `title`".into());
            }
            (_, None) => {}
            (_, Some(_)) => {
                c.at(r.site(), "", format!("{f}.title"), "only the `sacral_plexus` note has a title".into())
            }
        }
        cites(c, r.site(), &f, &v.cites, &known.sources, true);
    }
    let missing: Vec<&str> =
        NoteId::ALL.iter().map(|n| n.as_str()).filter(|id| !pack.notes.iter().any(|r| r.value.id == *id)).collect();
    if !missing.is_empty() {
        // A file-level error: the note is absent, so there is no line to point at.
        let file = notes_file_name(pack);
        c.errors.push(DataError {
            file,
            line: 0,
            column: 0,
            field: "note".into(),
            message: format!(
                "missing note{} {}: the app shows {} and takes {} wording from here",
                if missing.len() == 1 { "" } else { "s" },
                missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
                if missing.len() == 1 { "it" } else { "them" },
                if missing.len() == 1 { "its" } else { "their" },
            ),
        });
    }
}

/// The name of the pack's `notes.toml` as errors give it (the first text of that name).
fn notes_file_name(pack: &ParsedPack) -> String {
    let file = super::RecordKind::Note.file();
    pack.texts
        .iter()
        .map(|t| t.name.as_str())
        .find(|name| std::path::Path::new(name).file_name().is_some_and(|n| n == file))
        .unwrap_or(file)
        .to_string()
}
