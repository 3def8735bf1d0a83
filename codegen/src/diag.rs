//! Diagnostics: one problem in one spec file, and the collector of many.
//!
//! Stages push every problem they find into [`Diagnostics`] and the pipeline stops
//! at a barrier between stages, so a maintainer sees all problems of a run at once.

use std::fmt;

use crate::spec::Pos;

/// One problem, located in a spec file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The spec file, as given to the generator (e.g. `specs/smartsheet.yaml`).
    pub file: String,
    /// Where in the file (1-based; line 0 when the whole file is meant).
    pub pos: Pos,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The source line the position points into, when known.
    pub source_line: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        if self.pos.line == 0 {
            writeln!(f, "  --> {}", self.file)?;
        } else {
            writeln!(
                f,
                "  --> {}:{}:{}",
                self.file, self.pos.line, self.pos.column
            )?;
        }
        if let Some(line) = &self.source_line {
            let num = self.pos.line.to_string();
            let pad = " ".repeat(num.len());
            let caret_at = usize::try_from(self.pos.column.saturating_sub(1)).unwrap_or(0);
            // Tabs keep their width so the caret lines up under the same character.
            let lead: String = line
                .chars()
                .take(caret_at)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{num} | {line}")?;
            writeln!(f, "{pad} | {lead}^")?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// A spec file's text, used to attach source lines to diagnostics.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path shown in diagnostics.
    pub name: String,
    /// The file's text.
    pub text: String,
}

impl Source {
    /// Line `n` (1-based) of the file, if it has one.
    pub fn line(&self, n: u64) -> Option<&str> {
        let index = usize::try_from(n.checked_sub(1)?).ok()?;
        self.text.lines().nth(index)
    }

    /// A diagnostic at `pos` in this file.
    pub fn error(&self, pos: Pos, message: impl Into<String>) -> Diagnostic {
        let source_line = usize::try_from(pos.line)
            .ok()
            .filter(|l| *l > 0)
            .and_then(|l| self.text.lines().nth(l - 1))
            .map(|l| l.trim_end().to_owned());
        Diagnostic {
            file: self.name.clone(),
            pos,
            message: message.into(),
            help: None,
            source_line,
        }
    }
}

impl Diagnostic {
    /// Adds how to fix it.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// All problems found in a run, in the order files and positions were visited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Records one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Number of problems.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Takes the problems of `other` that are not already here (the same
    /// problem found twice, e.g. in a file both sides of a diff share).
    pub fn merge(&mut self, other: Diagnostics) {
        for d in other.0 {
            if !self.0.contains(&d) {
                self.0.push(d);
            }
        }
    }
    /// Takes all problems of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    /// The barrier between stages: `Err` with everything collected so far, if anything.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl Diagnostics {
    /// Every diagnostic, then a count ending in `outcome` (what the command
    /// did not do because of them, e.g. "nothing was compared").
    pub fn report(&self, outcome: &str) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&format!("{d}\n"));
        }
        let n = self.0.len();
        out.push_str(&format!(
            "{n} error{} in the specs; {outcome}",
            if n == 1 { "" } else { "s" }
        ));
        out
    }
}

/// As `gen` reports them: nothing is written when a spec has an error.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.report("nothing was written"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_count_says_what_was_not_done() {
        let src = Source {
            name: "specs/x.yaml".to_owned(),
            text: "name: x\n".to_owned(),
        };
        let mut d = Diagnostics::default();
        d.push(src.error(Pos { line: 1, column: 1 }, "first"));
        d.push(src.error(Pos { line: 1, column: 7 }, "second"));
        let compared = d.report("nothing was compared");
        assert!(
            compared.contains("first") && compared.contains("second"),
            "{compared}"
        );
        assert!(
            compared.ends_with("\n2 errors in the specs; nothing was compared"),
            "{compared}"
        );
        assert_eq!(d.to_string(), d.report("nothing was written"));

        let mut both = d.clone();
        let mut other = Diagnostics::default();
        other.push(src.error(Pos { line: 1, column: 7 }, "second"));
        other.push(src.error(Pos { line: 1, column: 2 }, "third"));
        both.merge(other);
        assert_eq!(both.len(), 3, "the shared problem once: {both}");
    }
}
