//! Product search that understands how villagers type: Chinese characters (枇杷), full pinyin without
//! tones (`pipalu`), pinyin initials (`ppl`), or a mix (`枇pa`). The work is split between this module,
//! which writes what the index holds and turns a query into an expression, and the database, which
//! finds and ranks: SQLite's FTS5 (migration 0005), or PostgreSQL's text search over the same runs
//! (its migration 0012).
//!
//! The index keeps a name four ways: its characters one by one (a phrase query then finds any
//! substring), its endings (`古法红糖 法红糖 红糖 糖`), its pinyin written from every syllable on
//! (`pipalu palu lu`, so a prefix query finds any run of syllables), and its initials the same way
//! (`ppl pl l`). Results that match a whole ending come first: a Chinese name ends with what the
//! thing is, so `hongtang` puts 古法红糖 (brown sugar) before 红糖姜茶 (ginger tea with sugar).

use pinyin::ToPinyin;

/// What the search index holds for one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexed {
    /// The characters and words, space-separated.
    pub hanzi: String,
    /// The written form from each syllable on.
    pub endings: String,
    /// The pinyin from each syllable on.
    pub pinyin: String,
    /// The initials from each syllable on.
    pub initials: String,
}

/// One unit of a text: a Chinese character with its toneless pinyin, or a run of letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Syllable {
    /// As written (one character, or a lower-cased word).
    written: String,
    /// Toneless pinyin, or the word itself.
    spoken: String,
}

/// Splits `text` into syllables, dropping spaces and punctuation.
fn syllables(text: &str) -> Vec<Syllable> {
    let mut out: Vec<Syllable> = Vec::new();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<Syllable>| {
        if !word.is_empty() {
            out.push(Syllable {
                written: word.clone(),
                spoken: word.clone(),
            });
            word.clear();
        }
    };
    for c in text.chars() {
        if let Some(sound) = c.to_pinyin() {
            flush(&mut word, &mut out);
            out.push(Syllable {
                written: c.to_string(),
                spoken: sound.plain().to_owned(),
            });
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            flush(&mut word, &mut out);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// What the index holds for `text`.
pub fn index(text: &str) -> Indexed {
    let parts = syllables(text);
    let from_each = |piece: fn(&Syllable) -> String| {
        (0..parts.len())
            .map(|start| parts[start..].iter().map(piece).collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    };
    Indexed {
        hanzi: parts
            .iter()
            .map(|s| s.written.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        endings: from_each(|s| s.written.clone()),
        pinyin: from_each(|s| s.spoken.clone()),
        initials: from_each(|s| {
            s.spoken
                .chars()
                .next()
                .map(String::from)
                .unwrap_or_default()
        }),
    }
}

/// What a user typed, as the index reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    /// Only Chinese characters: names and descriptions holding them in this order.
    Characters(Vec<String>),
    /// Anything with letters: the characters turned to pinyin, and the whole a prefix of some
    /// syllable run, in full pinyin or in initials.
    Sounds(String),
}

/// A search written for one database: every product that matches, and among them those whose
/// name ends with what was typed (ranked first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchQuery {
    /// Every product that matches.
    pub matches: String,
    /// Those whose name ends with what was typed.
    pub ends_with: String,
}

/// What `typed` asks for, or `None` when it holds nothing to search for. Only letters, digits and
/// Chinese characters survive, so only syntax the renderings below write reaches a database.
pub fn parse(typed: &str) -> Option<Search> {
    let parts = syllables(typed);
    if parts.is_empty() {
        return None;
    }
    if parts.iter().all(|s| s.written != s.spoken) {
        return Some(Search::Characters(
            parts.into_iter().map(|s| s.written).collect(),
        ));
    }
    Some(Search::Sounds(
        parts.iter().map(|s| s.spoken.as_str()).collect(),
    ))
}

impl Search {
    /// SQLite's FTS5 expressions over the columns of `product_search` (migration 0005).
    pub fn fts5(&self) -> SearchQuery {
        match self {
            Self::Characters(written) => SearchQuery {
                matches: format!("{{name_hanzi more_hanzi}} : \"{}\"", written.join(" ")),
                ends_with: format!("name_endings : \"{}\"", written.concat()),
            },
            Self::Sounds(sounds) => SearchQuery {
                matches: format!("{{name_pinyin name_initials more_pinyin}} : {sounds}*"),
                ends_with: format!("{{name_pinyin name_initials}} : {sounds}"),
            },
        }
    }

    /// PostgreSQL's `tsquery` texts over the documents of `product_search`: characters as a
    /// phrase (`characters`), sounds as a prefix (`sounds`), and the endings as one whole lexeme
    /// (`endings`, or the name's pinyin and initials, weights A and B of `sounds`).
    pub fn tsquery(&self) -> SearchQuery {
        match self {
            Self::Characters(written) => SearchQuery {
                matches: written
                    .iter()
                    .map(|c| format!("'{c}'"))
                    .collect::<Vec<_>>()
                    .join(" <-> "),
                ends_with: format!("'{}'", written.concat()),
            },
            Self::Sounds(sounds) => SearchQuery {
                matches: format!("'{sounds}':*"),
                ends_with: format!("'{sounds}':AB"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_indexed_as_characters_pinyin_runs_and_initial_runs() {
        let indexed = index("枇杷露");
        assert_eq!(indexed.hanzi, "枇 杷 露");
        assert_eq!(indexed.endings, "枇杷露 杷露 露");
        assert_eq!(indexed.pinyin, "pipalu palu lu");
        assert_eq!(indexed.initials, "ppl pl l");
    }

    #[test]
    fn punctuation_goes_and_latin_words_stay_whole() {
        let indexed = index("“调记” 枇杷露 500ml");
        assert_eq!(indexed.hanzi, "调 记 枇 杷 露 500ml");
        assert!(
            indexed.pinyin.starts_with("diaojipipalu500ml "),
            "{}",
            indexed.pinyin
        );
        assert!(
            indexed.initials.starts_with("djppl5 "),
            "{}",
            indexed.initials
        );
    }

    #[test]
    fn queries_of_characters_are_phrases_and_the_rest_are_pinyin_prefixes() {
        let fts_query = |typed: &str| parse(typed).map(|search| search.fts5());
        let hanzi = fts_query("红糖").unwrap();
        assert_eq!(hanzi.matches, r#"{name_hanzi more_hanzi} : "红 糖""#);
        assert_eq!(hanzi.ends_with, r#"name_endings : "红糖""#);
        let pinyin = fts_query(" HongTang ").unwrap();
        assert_eq!(
            pinyin.matches,
            "{name_pinyin name_initials more_pinyin} : hongtang*"
        );
        assert_eq!(pinyin.ends_with, "{name_pinyin name_initials} : hongtang");
        assert_eq!(
            fts_query("ppl").unwrap().matches,
            "{name_pinyin name_initials more_pinyin} : ppl*"
        );
        assert_eq!(
            fts_query("枇pa").unwrap().matches,
            "{name_pinyin name_initials more_pinyin} : pipa*"
        );
        assert_eq!(fts_query(r#"  ，。!*""#), None);
    }

    #[test]
    fn queries_for_postgres_are_phrases_and_prefixes_of_the_same_runs() {
        let hanzi = parse("红糖").unwrap().tsquery();
        assert_eq!(hanzi.matches, "'红' <-> '糖'");
        assert_eq!(hanzi.ends_with, "'红糖'");
        let pinyin = parse(" HongTang ").unwrap().tsquery();
        assert_eq!(pinyin.matches, "'hongtang':*");
        assert_eq!(pinyin.ends_with, "'hongtang':AB");
        assert_eq!(parse("枇pa").unwrap().tsquery().matches, "'pipa':*");
    }

    #[test]
    fn nothing_typed_can_reach_tsquery_syntax() {
        for typed in [r#"a' | b"#, "x:* & !y", "(a) <-> b", r#"糖' | 'x"#] {
            let query = parse(typed).unwrap().tsquery();
            for expression in [query.matches, query.ends_with] {
                let quoted: Vec<&str> = expression.split('\'').collect();
                assert!(
                    quoted
                        .iter()
                        .skip(1)
                        .step_by(2)
                        .all(|lexeme| lexeme.chars().all(char::is_alphanumeric)),
                    "{typed:?} -> {expression:?}"
                );
            }
        }
    }

    #[test]
    fn nothing_typed_can_reach_fts5_syntax() {
        for typed in [
            r#"a" OR b"#,
            "name_hanzi:x",
            "x* NOT y",
            "(a) {b}",
            "a^b-c",
            r#"糖" OR "x"#,
        ] {
            let query = parse(typed).unwrap().fts5();
            for expression in [query.matches, query.ends_with] {
                let body = expression.split(" : ").nth(1).unwrap();
                let inner = body.trim_end_matches('*').trim_matches('"');
                assert!(
                    inner.chars().all(|c| c.is_alphanumeric() || c == ' '),
                    "{typed:?} -> {expression:?}"
                );
            }
        }
    }
}
