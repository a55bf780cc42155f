//! Uniform scale + translation between model coordinates (the body map's units, y down) and
//! screen points. Kept uniform so circles stay circles and the anatomy keeps its proportions.

use egui::emath::{Pos2, Rect, Vec2, pos2, vec2};

/// Maps model coordinates to screen points: `screen = model * scale + translation`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenFromModel {
    /// Screen points per model unit (> 0).
    pub scale: f32,
    /// Screen position of the model origin.
    pub translation: Vec2,
}

/// Maps screen points back to model coordinates: `model = screen * scale + translation`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelFromScreen {
    /// Model units per screen point (> 0).
    pub scale: f32,
    /// Model position of the screen origin.
    pub translation: Vec2,
}

impl Default for ScreenFromModel {
    fn default() -> Self {
        Self::IDENTITY
    }
}

impl ScreenFromModel {
    /// The identity transform.
    pub const IDENTITY: Self = Self { scale: 1.0, translation: Vec2::ZERO };

    /// The largest uniform scale that shows all of `model` inside `screen`, centred; the aspect
    /// ratio is kept (the spare room goes to the margins). A degenerate rect gives scale 1.
    pub fn fit(model: Rect, screen: Rect) -> Self {
        let sx = screen.width() / model.width();
        let sy = screen.height() / model.height();
        let mut scale = sx.min(sy);
        if !scale.is_finite() || scale <= 0.0 {
            scale = 1.0;
        }
        let translation = screen.center().to_vec2() - model.center().to_vec2() * scale;
        Self { scale, translation }
    }

    /// Model point → screen point.
    pub fn apply(&self, p: Pos2) -> Pos2 {
        pos2(p.x * self.scale + self.translation.x, p.y * self.scale + self.translation.y)
    }

    /// Model vector (a length or offset) → screen vector.
    pub fn apply_vec(&self, v: Vec2) -> Vec2 {
        v * self.scale
    }

    /// Model length → screen length.
    pub fn apply_len(&self, len: f32) -> f32 {
        len * self.scale
    }

    /// Model rect → screen rect.
    pub fn apply_rect(&self, r: Rect) -> Rect {
        Rect::from_min_max(self.apply(r.min), self.apply(r.max))
    }

    /// The inverse mapping, screen → model.
    pub fn inverse(&self) -> ModelFromScreen {
        let inv = 1.0 / self.scale;
        ModelFromScreen { scale: inv, translation: -self.translation * inv }
    }

    /// Zooms by `factor` (> 1 zooms in) keeping the screen point `anchor` fixed, as under the
    /// mouse pointer. The resulting scale is clamped to `[min_scale, max_scale]`.
    pub fn zoomed_about(&self, anchor: Pos2, factor: f32, min_scale: f32, max_scale: f32) -> Self {
        let model_anchor = self.inverse().apply(anchor);
        let factor = if factor.is_finite() && factor > 0.0 { factor } else { 1.0 };
        let scale = (self.scale * factor).clamp(min_scale, max_scale.max(min_scale));
        let translation = anchor.to_vec2() - model_anchor.to_vec2() * scale;
        Self { scale, translation }
    }

    /// Moves the drawing by a screen-space `delta` (a drag).
    pub fn panned(&self, delta: Vec2) -> Self {
        Self { scale: self.scale, translation: self.translation + delta }
    }

    /// Composes: first `self`, then a uniform screen-space scale (e.g. points to pixels).
    pub fn then_scale(&self, factor: f32) -> Self {
        Self { scale: self.scale * factor, translation: self.translation * factor }
    }
}

impl ModelFromScreen {
    /// Screen point → model point.
    pub fn apply(&self, p: Pos2) -> Pos2 {
        pos2(p.x * self.scale + self.translation.x, p.y * self.scale + self.translation.y)
    }

    /// Screen length (e.g. a hit tolerance in points) → model length.
    pub fn apply_len(&self, len: f32) -> f32 {
        len * self.scale
    }

    /// Screen vector → model vector.
    pub fn apply_vec(&self, v: Vec2) -> Vec2 {
        vec2(v.x * self.scale, v.y * self.scale)
    }

    /// The inverse mapping, model → screen.
    pub fn inverse(&self) -> ScreenFromModel {
        let inv = 1.0 / self.scale;
        ScreenFromModel { scale: inv, translation: -self.translation * inv }
    }
}
