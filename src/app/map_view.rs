//! The body map's own state: the pan and zoom of each view, the eased glide that frames what a
//! trace lights, and what the pointer is over. The map panel keeps and changes it itself (as
//! egui's demos keep each panel's state); only the toolbar's "Reset zoom" reaches it from
//! outside, as an action.

use egui::{Rect, Vec2};

use crate::knowledge::View;
use crate::pathway::{Highlight, Item};

/// Pan and zoom of one view, relative to fitting the view in its rectangle.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Navigation {
    pub zoom: f32,
    pub pan: egui::Vec2,
}

impl Default for Navigation {
    fn default() -> Self {
        Navigation { zoom: 1.0, pan: egui::Vec2::ZERO }
    }
}

/// Zoom limits relative to the fitted view.
pub const MIN_ZOOM: f32 = 0.5;
pub const MAX_ZOOM: f32 = 8.0;

/// How long framing a trace takes, in seconds.
pub const FRAME_SECONDS: f64 = 0.3;
/// The closest framing zooms in: a root stays in sight of the spine and pelvis around it.
pub const FRAME_MAX_ZOOM: f32 = 3.0;

/// An eased move from one pan and zoom to another.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Glide {
    from: Navigation,
    to: Navigation,
    /// When it started (egui's input time, seconds).
    start: f64,
}

/// The body map panel's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapView {
    /// Back view, front view.
    navigation: [Navigation; 2],
    /// Each view's glide towards what is framed, while it runs.
    glides: [Option<Glide>; 2],
    /// The highlight each view last framed: a new one (a trace, a teach step) is framed once,
    /// and the user's own pan and zoom are left alone after that.
    framed: [Highlight; 2],
    /// Frame without easing (screenshots, where frames come faster than time passes).
    pub jump: bool,
    /// What the pointer is over: a pain area, a nerve or a root.
    pub hovered: Option<Item>,
    /// Ignore the pointer for hover effects (screenshots: the pointer is wherever the display
    /// left it).
    pub ignore_pointer: bool,
}

impl MapView {
    /// The pan and zoom of `view`.
    pub fn navigation(&self, view: View) -> Navigation {
        self.navigation[view_index(view)]
    }

    /// Zooms `view` by `factor` about `anchor` (relative to the view rect's centre), within
    /// [`MIN_ZOOM`]..=[`MAX_ZOOM`], then pans it by `pan`.
    pub fn navigate(&mut self, view: View, factor: f32, anchor: egui::Vec2, pan: egui::Vec2) {
        // The user's hand wins over a glide under way.
        self.glides[view_index(view)] = None;
        let nav = &mut self.navigation[view_index(view)];
        let zoom = (nav.zoom * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let applied = zoom / nav.zoom;
        // Keep the point under the anchor fixed while zooming.
        nav.pan = anchor - (anchor - nav.pan) * applied + pan;
        nav.zoom = zoom;
    }

    /// Both views back to fitting their rectangles.
    pub fn reset_navigation(&mut self) {
        self.navigation = Default::default();
        self.glides = Default::default();
    }

    /// Whether `highlight` is new to `view`, so it is to be framed.
    pub fn needs_framing(&self, view: View, highlight: &Highlight) -> bool {
        self.framed[view_index(view)] != *highlight
    }

    /// Frames `highlight` in `view`: glides from the pan and zoom of the moment to `to`, starting
    /// at `now` (seconds), or goes there at once when `animate` is off or [`MapView::jump`] is set.
    pub fn frame(&mut self, view: View, highlight: &Highlight, to: Navigation, now: f64, animate: bool) {
        let i = view_index(view);
        self.framed[i] = highlight.clone();
        if animate && !self.jump && self.navigation[i] != to {
            self.glides[i] = Some(Glide { from: self.navigation[i], to, start: now });
        } else {
            self.glides[i] = None;
            self.navigation[i] = to;
        }
    }

    /// Moves `view` along its glide to where it is at `now`; returns whether the glide runs on
    /// (the caller asks for another frame then, and only then).
    pub fn advance(&mut self, view: View, now: f64) -> bool {
        let i = view_index(view);
        let Some(glide) = self.glides[i] else { return false };
        let t = ((now - glide.start) / FRAME_SECONDS).clamp(0.0, 1.0) as f32;
        if t >= 1.0 {
            self.navigation[i] = glide.to;
            self.glides[i] = None;
            return false;
        }
        let eased = smoothstep(t);
        self.navigation[i] = Navigation {
            zoom: glide.from.zoom + (glide.to.zoom - glide.from.zoom) * eased,
            pan: glide.from.pan + (glide.to.pan - glide.from.pan) * eased,
        };
        true
    }
}

/// Eases in and out: 0 at 0, 1 at 1, flat at both ends.
fn smoothstep(t: f32) -> f32 {
    t * t * (3.0 - 2.0 * t)
}

/// The pan and zoom that show `target` (model units) as large as fits, up to
/// [`FRAME_MAX_ZOOM`], centred in `screen`, where the view fits `figure` at zoom 1 (see
/// `body_map::screen_from_model`). Where the zoomed view can show the whole figure across (or
/// down), it is not moved that way: framing never pans empty card into sight. `None` frames the
/// whole figure.
pub fn framing(figure: Rect, screen: Rect, target: Option<Rect>) -> Navigation {
    let Some(target) = target.filter(|t| t.is_positive()) else { return Navigation::default() };
    let fit = crate::geometry::display::fit(figure, screen);
    let scale = fit.scaling;
    let zoom = (screen.width() / (target.width() * scale))
        .min(screen.height() / (target.height() * scale))
        .clamp(1.0, FRAME_MAX_ZOOM);
    if !zoom.is_finite() {
        return Navigation::default();
    }
    // The model-space size seen at this zoom, and where its centre may go without showing
    // beyond the figure.
    let seen = screen.size() / (scale * zoom);
    let axis = |centre: f32, min: f32, max: f32, seen: f32| {
        if seen >= max - min { (min + max) / 2.0 } else { centre.clamp(min + seen / 2.0, max - seen / 2.0) }
    };
    let centre = egui::pos2(
        axis(target.center().x, figure.left(), figure.right(), seen.x),
        axis(target.center().y, figure.top(), figure.bottom(), seen.y),
    );
    // screen(p) = c + pan + zoom (fit(p) - c): the centre lands on the screen's centre.
    let pan: Vec2 = -(fit.mul_pos(centre) - screen.center()) * zoom;
    Navigation { zoom, pan }
}

fn view_index(view: View) -> usize {
    match view {
        View::Posterior => 0,
        View::Anterior => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_the_anchor_still_and_stays_within_limits() {
        let mut map = MapView::default();
        let anchor = egui::vec2(100.0, -40.0);
        map.navigate(View::Posterior, 2.0, anchor, egui::Vec2::ZERO);
        let nav = map.navigation(View::Posterior);
        assert_eq!(nav.zoom, 2.0);
        // The model point under the anchor, `(anchor - pan) / zoom`, is where it was (at zoom 1).
        assert_eq!((anchor - nav.pan) / nav.zoom, anchor);
        assert_eq!(map.navigation(View::Anterior), Navigation::default(), "the other view is untouched");
        map.navigate(View::Posterior, 1000.0, anchor, egui::Vec2::ZERO);
        assert_eq!(map.navigation(View::Posterior).zoom, MAX_ZOOM);
        map.navigate(View::Posterior, 1e-6, anchor, egui::Vec2::ZERO);
        assert_eq!(map.navigation(View::Posterior).zoom, MIN_ZOOM);
        map.reset_navigation();
        assert_eq!(map.navigation(View::Posterior), Navigation::default());
    }

    fn lit() -> Highlight {
        Highlight { nerves: ["sural".to_string()].into(), ..Highlight::default() }
    }

    #[test]
    fn framing_glides_eased_then_stops_and_the_hand_takes_over() {
        let mut map = MapView::default();
        assert!(map.needs_framing(View::Posterior, &lit()));
        assert!(!map.needs_framing(View::Posterior, &Highlight::default()), "nothing new at rest");
        let to = Navigation { zoom: 3.0, pan: egui::vec2(-300.0, 90.0) };
        map.frame(View::Posterior, &lit(), to, 10.0, true);
        assert!(!map.needs_framing(View::Posterior, &lit()), "framed once");
        assert!(map.advance(View::Posterior, 10.0 + FRAME_SECONDS * 0.25), "under way");
        let early = map.navigation(View::Posterior);
        assert!(early.zoom > 1.0 && early.zoom < 1.0 + 2.0 * 0.25, "eased in: {early:?}");
        assert!(map.advance(View::Posterior, 10.0 + FRAME_SECONDS * 0.5));
        assert!((map.navigation(View::Posterior).zoom - 2.0).abs() < 1e-4, "half way at half time");
        assert!(!map.advance(View::Posterior, 10.0 + FRAME_SECONDS), "done on time");
        assert_eq!(map.navigation(View::Posterior), to);
        assert!(!map.advance(View::Posterior, 11.0), "and stays done");
        assert_eq!(map.navigation(View::Anterior), Navigation::default(), "the other view is untouched");

        // A drag mid-glide stops it where it is.
        map.frame(View::Posterior, &Highlight::default(), Navigation::default(), 20.0, true);
        assert!(map.advance(View::Posterior, 20.1));
        map.navigate(View::Posterior, 1.0, egui::Vec2::ZERO, egui::vec2(5.0, 0.0));
        let dragged = map.navigation(View::Posterior);
        assert!(!map.advance(View::Posterior, 25.0));
        assert_eq!(map.navigation(View::Posterior), dragged);

        // Without animation (or with `jump`), framing goes there at once.
        map.frame(View::Posterior, &lit(), to, 30.0, false);
        assert_eq!(map.navigation(View::Posterior), to);
        assert!(!map.advance(View::Posterior, 30.0));
        map.jump = true;
        map.frame(View::Anterior, &lit(), to, 30.0, true);
        assert_eq!(map.navigation(View::Anterior), to);
        // Reset view stops a glide and fits the views again.
        map.jump = false;
        map.frame(View::Posterior, &Highlight::default(), Navigation::default(), 40.0, true);
        map.reset_navigation();
        assert!(!map.advance(View::Posterior, 40.1));
        assert_eq!(map.navigation(View::Posterior), Navigation::default());
    }

    #[test]
    fn framing_centres_the_target_zoomed_to_fit_within_limits() {
        let figure = Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(1000.0, 1500.0));
        let screen = Rect::from_min_size(egui::pos2(100.0, 50.0), egui::vec2(400.0, 600.0));
        let show = |nav: Navigation, p: egui::Pos2| {
            let c = screen.center().to_vec2();
            let fit = crate::geometry::display::fit(figure, screen);
            let s = fit.mul_pos(p);
            c.to_pos2() + nav.pan + (s - c.to_pos2()) * nav.zoom
        };
        // A foot-sized box low on the left: zoomed in, centred (within the figure's edge).
        let foot = Rect::from_min_size(egui::pos2(200.0, 1000.0), egui::vec2(400.0, 400.0));
        let nav = framing(figure, screen, Some(foot));
        assert!((nav.zoom - 2.5).abs() < 1e-3, "{nav:?}");
        assert!(show(nav, foot.center()).distance(screen.center()) < 1e-2);
        // A tiny box zooms no closer than the limit.
        let dot = Rect::from_center_size(egui::pos2(500.0, 400.0), egui::vec2(4.0, 4.0));
        assert_eq!(framing(figure, screen, Some(dot)).zoom, FRAME_MAX_ZOOM);
        // A box at the figure's corner is not centred past the figure's edge.
        let corner = Rect::from_min_size(egui::pos2(0.0, 0.0), egui::vec2(100.0, 100.0));
        let nav = framing(figure, screen, Some(corner));
        assert!(show(nav, figure.left_top()).distance(screen.left_top()) < 1e-2, "{nav:?}");
        // The whole figure (or nothing) is the fitted view.
        assert_eq!(framing(figure, screen, Some(figure)), Navigation::default());
        assert_eq!(framing(figure, screen, None), Navigation::default());
    }
}
