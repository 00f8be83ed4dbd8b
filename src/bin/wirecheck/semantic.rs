//! `--semantic-model DIR`: load the model folder into the detector, or say
//! how to get a build that can.

use std::path::Path;

use anyhow::Result;
use wirecheck::DetectorBuilder;

/// Called first in `main`, while the process has one thread: the semantic
/// stage runs its batches in parallel on wirecheck's own worker threads,
/// so candle's element-wise kernels are kept to the calling thread (its
/// own thread pool would contend with them: 20% slower on 2 cores). A
/// `CANDLE_NUM_THREADS` set by the user is left alone.
pub fn prepare() {
    #[cfg(feature = "semantic")]
    if std::env::var_os("CANDLE_NUM_THREADS").is_none() {
        std::env::set_var("CANDLE_NUM_THREADS", "1");
    }
}

/// The builder with the semantic stage on when `dir` is given.
#[cfg(feature = "semantic")]
pub fn attach(builder: DetectorBuilder, dir: Option<&Path>) -> Result<DetectorBuilder> {
    use std::sync::Arc;
    use wirecheck::semantic::SemanticModel;
    Ok(match dir {
        Some(dir) => builder.semantic_model(Arc::new(SemanticModel::load(dir)?)),
        None => builder,
    })
}

/// The builder as it is; a semantic model cannot be used by this build.
#[cfg(not(feature = "semantic"))]
pub fn attach(builder: DetectorBuilder, dir: Option<&Path>) -> Result<DetectorBuilder> {
    match dir {
        Some(_) => anyhow::bail!(
            "--semantic-model needs the `semantic` feature, and this wirecheck was built without it: \
             cargo install wirecheck --features semantic (or cargo build --release --features semantic)"
        ),
        None => Ok(builder),
    }
}
