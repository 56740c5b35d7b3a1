//! Rate limits (work in progress).
fn main() {}
