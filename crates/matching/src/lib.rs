//! Name matching for sanctions screening (placeholder crate root; the text layer is below).

pub mod text;
