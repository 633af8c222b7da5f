//! The fields of a resume, read from its text by the conventions Chinese and English
//! resumes follow: section headings (工作经历, Education…), labelled fields (姓名：, 手机：,
//! Email:), date ranges (2019.07 – 至今, Mar 2021 – Present) and the words that name
//! degrees, schools and employers. Every field keeps the byte span of the text it came
//! from, so HR can see it beside the original and correct it.
//!
//! What is read is what a careful reader would record; nothing here guesses a field it
//! has no text for. Sensitive facts (ID numbers, age, gender, marital status, photos) are
//! found so they can be hidden and kept out of screening, never to be used.

mod contact;
mod dates;
mod education;
mod lexicon;
mod lines;
mod name;
mod sections;
mod sensitive;
mod skills;
mod work;

use chrono::NaiveDate;
use kaoguan_domain::EducationLevel;
use serde::{Deserialize, Serialize};

pub use dates::YearMonth;
pub use sensitive::{redact, Sensitive, SensitiveKind};
pub use work::WorkEntry;

/// Where in the text a value came from: byte offsets, `start..end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    /// The text the span covers, or "" when it does not fit the text (a corrected field
    /// keeps its span from before the correction).
    pub fn of<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// A value and where it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Field<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// What a resume says, field by field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Resume {
    pub name: Option<Field<String>>,
    /// A Chinese mobile as its 11 digits; any other number as `+` and digits.
    pub phone: Option<Field<String>>,
    /// Lower case.
    pub email: Option<Field<String>>,
    /// The highest level of education the resume names.
    pub education_level: Option<Field<EducationLevel>>,
    /// School, major and graduation year of that highest level.
    pub school: Option<Field<String>>,
    pub major: Option<Field<String>>,
    pub graduation_year: Option<Field<i32>>,
    /// Jobs and internships, in the resume's order.
    pub work: Vec<WorkEntry>,
    /// Full-time work (internships excluded), overlapping periods counted once, up to the
    /// date the resume was read; one decimal.
    pub years_experience: f64,
    pub skills: Vec<Field<String>>,
    /// Facts screening must not use, found so they can be hidden.
    pub sensitive: Vec<Sensitive>,
}

impl Resume {
    /// The employers of full-time jobs (internships and part-time work left out), in the resume's order.
    pub fn employers(&self) -> Vec<&str> {
        self.work
            .iter()
            .filter(|w| !w.internship && !w.part_time)
            .filter_map(|w| w.employer.as_ref().map(|e| e.value.as_str()))
            .collect()
    }
}

/// Reads a resume's fields from its text. `has_image` says the file held an image (a
/// photo); `today` ends jobs held "至今 / present".
pub fn parse(text: &str, has_image: bool, today: NaiveDate) -> Resume {
    let lines = lines::lines(text);
    let sections = sections::split(&lines);
    let contact::Contacts { name, phone, email } = contact::read(text, &lines, &sections);
    let education = education::read(text, &lines, &sections);
    let (work, years_experience) = work::read(text, &lines, &sections, YearMonth::of(today));
    let skills = skills::read(&lines, &sections);
    let sensitive = sensitive::find(text, &lines, &sections, has_image);
    Resume {
        name,
        phone,
        email,
        education_level: education.level,
        school: education.school,
        major: education.major,
        graduation_year: education.graduation_year,
        work,
        years_experience,
        skills,
        sensitive,
    }
}
