//! The built-in drawing, built ahead of time: `assets/body_map.prebuilt` holds what
//! [`BodyMap::from_toml_str`] makes of `assets/body_map.toml` for the built-in knowledge's
//! [`Vocabulary`], so a window's start decodes it instead of building it again (parsing, curve
//! flattening, clipping the skin maps to the silhouette, triangulating: about 74 M instructions
//! on the loader's thread while the main thread opens the GL context, on a two-core machine).
//!
//! The file is used only when it was written from today's drawing and builder (the fingerprint
//! `build.rs` takes of their files) for the vocabulary in use; otherwise, for a clinic pack whose
//! ids differ, or should it fail to decode, the drawing is built from its source as before, with
//! its errors located in `assets/body_map.toml`. The test
//! `the_prebuilt_drawing_is_what_the_builder_makes_of_the_drawing_today` fails when the file is
//! stale; `SCIATICA_WRITE_PREBUILT=1 cargo test --lib prebuilt` writes it again.

use super::{BodyMap, Vocabulary};

/// Where the prebuilt drawing is kept, from the crate's root.
#[cfg(test)]
const PREBUILT_FILE: &str = "assets/body_map.prebuilt";

/// The prebuilt drawing as committed: the source fingerprint, the vocabulary it was built for,
/// then the map, each in postcard's encoding.
static PREBUILT: &[u8] = include_bytes!("../../assets/body_map.prebuilt");

/// The fingerprint of the drawing's sources, from `build.rs`: FNV-1a over the drawing and the
/// builder's files, as 16 hexadecimal digits.
const SOURCE_HASH: &str = env!("SCIATICA_DRAWING_SOURCE_HASH");

/// The built-in drawing as built for `vocabulary`, when the prebuilt file was written from
/// today's sources for that vocabulary; `None` sends the caller to the builder.
pub(super) fn load(vocabulary: &Vocabulary) -> Option<BodyMap> {
    decode(PREBUILT, vocabulary)
}

fn decode(bytes: &[u8], vocabulary: &Vocabulary) -> Option<BodyMap> {
    let (hash, rest) = postcard::take_from_bytes::<&str>(bytes).ok()?;
    if hash != SOURCE_HASH {
        return None;
    }
    let (built_for, rest) = postcard::take_from_bytes::<Vocabulary>(rest).ok()?;
    if built_for != *vocabulary {
        return None;
    }
    postcard::from_bytes::<BodyMap>(rest).ok()
}

/// The prebuilt file's bytes for `map`, built from today's sources for `vocabulary`.
#[cfg(test)]
fn encode(vocabulary: &Vocabulary, map: &BodyMap) -> Result<Vec<u8>, postcard::Error> {
    let mut bytes = postcard::to_allocvec(SOURCE_HASH)?;
    bytes.extend(postcard::to_allocvec(vocabulary)?);
    bytes.extend(postcard::to_allocvec(map)?);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::model::{BUILTIN_NAME, BUILTIN_TOML};
    use crate::knowledge::KnowledgeBase;

    fn built() -> (Vocabulary, BodyMap) {
        let kb = KnowledgeBase::builtin().expect("the built-in knowledge loads");
        let vocabulary = Vocabulary::from_knowledge(&kb);
        let map = BodyMap::from_toml_str(BUILTIN_NAME, BUILTIN_TOML, &vocabulary).expect("the built-in drawing builds");
        (vocabulary, map)
    }

    #[test]
    fn the_prebuilt_drawing_is_what_the_builder_makes_of_the_drawing_today() {
        let (vocabulary, map) = built();
        if std::env::var_os("SCIATICA_WRITE_PREBUILT").is_some() {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(PREBUILT_FILE);
            std::fs::write(&path, encode(&vocabulary, &map).expect("the drawing encodes")).expect("write the file");
            eprintln!("wrote {}; build and test again to check it", path.display());
        }
        let stale = "assets/body_map.prebuilt is stale: write it again with \
                     `SCIATICA_WRITE_PREBUILT=1 cargo test --lib prebuilt`, then test again";
        let loaded = load(&vocabulary).expect(stale);
        // Field by field first, so a failure names the part that differs.
        assert_eq!(loaded.tolerance, map.tolerance, "{stale}");
        assert_eq!(loaded.roots, map.roots, "{stale}");
        for (prebuilt, fresh) in [(&loaded.posterior, &map.posterior), (&loaded.anterior, &map.anterior)] {
            assert!(prebuilt.outline == fresh.outline, "outline: {stale}");
            assert!(prebuilt.bones == fresh.bones, "bones: {stale}");
            assert!(prebuilt.muscles == fresh.muscles, "muscles: {stale}");
            assert!(prebuilt.nerves == fresh.nerves, "nerves: {stale}");
            assert!(prebuilt.dermatomes == fresh.dermatomes, "dermatomes: {stale}");
            assert!(prebuilt.cutaneous == fresh.cutaneous, "cutaneous: {stale}");
            assert!(prebuilt.areas == fresh.areas, "areas: {stale}");
        }
        assert!(loaded == map, "{stale}");
        // The window's loader and every other caller take it.
        assert!(BodyMap::builtin().is_ok_and(|builtin| builtin == map));
    }

    #[test]
    fn a_pack_whose_ids_differ_or_a_damaged_file_gets_the_drawing_built_from_its_source() {
        let (vocabulary, map) = built();
        let bytes = encode(&vocabulary, &map).expect("the drawing encodes");
        assert!(decode(&bytes, &vocabulary).is_some_and(|decoded| decoded == map));
        // A clinic pack whose nerve is not sciatic, or that has one nerve fewer: the prebuilt
        // drawing was built for other ids.
        let mut other = vocabulary.clone();
        let first_nerve = other.nerves.keys().next().cloned().expect("nerves");
        other.nerves.insert(first_nerve.clone(), !vocabulary.nerves[&first_nerve]);
        assert!(decode(&bytes, &other).is_none());
        other.nerves.remove(&first_nerve);
        assert!(decode(&bytes, &other).is_none());
        // Built from another drawing or builder.
        let mut foreign = postcard::to_allocvec("0000000000000000").expect("encodes");
        foreign.extend(&bytes[postcard::to_allocvec(SOURCE_HASH).expect("encodes").len()..]);
        assert!(decode(&foreign, &vocabulary).is_none());
        // Cut short or empty.
        assert!(decode(&bytes[..bytes.len() / 2], &vocabulary).is_none());
        assert!(decode(&[], &vocabulary).is_none());
    }
}
