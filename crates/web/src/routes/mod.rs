pub mod api;
pub mod assets;
pub mod pages;
