//! The body-map schematic as data: shapes in model coordinates, hit-testing and transforms.
