//! The body map's own state: the pan and zoom of each view and what the pointer is over. The
//! map panel keeps and changes it itself (as egui's demos keep each panel's state); only the
//! toolbar's "Reset zoom" reaches it from outside, as an action.

use crate::knowledge::View;
use crate::pathway::Item;

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

/// The body map panel's state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapView {
    /// Back view, front view.
    navigation: [Navigation; 2],
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
    }
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
}
