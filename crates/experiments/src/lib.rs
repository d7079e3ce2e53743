//! The book's experiments (part “实验：用数据检验结论”): a tiny multilayer
//! perceptron written out by hand ([`mlp`]), the data it learns ([`data`]),
//! and small, seeded, deterministic runs of it that check the notebook's
//! empirical claims, one module per chapter (`vanishing_gradients.md` →
//! [`vanishing_gradients`], …). Each experiment has a `run()` that returns
//! plain numbers; the chapter's example program plots them, and the tests
//! assert the conclusions the chapter draws from them. The measurements of
//! `cost.md` are here too ([`cost`]): their file format, and the list of the
//! kernels that are timed.
//!
//! This crate sits on top of the library `activations`: the MLP's forward and
//! backward passes call the library's functions and their derivatives. The
//! library knows nothing of it.

pub mod claims;
pub mod convergence;
pub mod cost;
pub mod data;
pub mod digits;
pub mod dying_relu;
pub mod gradient_check;
pub mod low_precision;
pub mod mlp;
pub mod random;
pub mod stats;
pub mod vanishing_gradients;
pub mod zero_centred;
